//! `cruxmap serve`: a live preview of a map in the browser. Serves the interactive HTML map
//! on loopback, watches the file and its `@include`s, redraws on save (seeded with the
//! previous layout so boxes stay put) and tells the page over server-sent events.
//!
//! Serves exactly three routes (`/`, `/map.json`, `/events`); nothing from the disk.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use clap::Args;
use notify::{RecursiveMode, Watcher};
use serde_json::{Value, json};

use super::{EXIT_SUCCESS, Failure, error, input};
use crate::render::html::{self, HtmlOptions};
use crate::render::svg::Positions;
use crate::syntax::Severity;

/// Preview a map live in the browser, redrawn on every save
#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    /// The map: an .argdown file (its @includes are watched too)
    file: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 7281)]
    port: u16,
}

/// What the page shows: the last good drawing, and the error that stops a newer one.
#[derive(Default)]
struct Current {
    /// Bumped on every rebuild; the page fetches when it changes.
    version: u64,
    title: String,
    svg: String,
    data: Value,
    positions: Option<Positions>,
    /// `file:line:col: message` of the first error, if the file does not build.
    error: Option<String>,
    /// Files to watch: the map and what it includes.
    files: HashSet<PathBuf>,
}

type Shared = Arc<(Mutex<Current>, Condvar)>;

pub(crate) fn run_serve(args: ServeArgs) -> Result<u8, Failure> {
    let path = args.file.clone();
    if !path.is_file() {
        return Err(error(format!("{}: no such file", path.display())));
    }
    // Until the map first builds, the page shows an empty drawing under the error banner.
    let empty = Current {
        title: path.display().to_string(),
        svg: r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>"#.to_string(),
        data: json!({"title": path.display().to_string(), "sections": [], "claims": []}),
        ..Current::default()
    };
    let shared: Shared = Arc::new((Mutex::new(empty), Condvar::new()));
    rebuild(&shared, &path);
    // Loopback only: the preview is for this machine's browser.
    let server = tiny_http::Server::http(("127.0.0.1", args.port))
        .map_err(|e| error(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let server = Arc::new(server);
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    println!(
        "cruxmap: serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        path.display()
    );
    let _ = std::io::stdout().flush();

    let stopping = Arc::new(AtomicBool::new(false));
    {
        let server = Arc::clone(&server);
        let stopping = Arc::clone(&stopping);
        let shared = Arc::clone(&shared);
        ctrlc::set_handler(move || {
            stopping.store(true, Ordering::SeqCst);
            shared.1.notify_all();
            server.unblock();
        })
        .map_err(|e| error(format!("cannot handle Ctrl-C: {e}")))?;
    }
    let _watcher = watch(&shared, &path)?;

    for request in server.incoming_requests() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let shared = Arc::clone(&shared);
        let stopping = Arc::clone(&stopping);
        // Each request on its own thread: the event stream stays open.
        std::thread::spawn(move || respond(request, &shared, &stopping, port));
    }
    eprintln!("cruxmap: stopped");
    Ok(EXIT_SUCCESS)
}

/// Reads, builds and draws the map again; keeps the last good drawing on an error.
fn rebuild(shared: &Shared, path: &Path) {
    let previous = shared.0.lock().map(|c| c.positions.clone()).unwrap_or(None);
    let built = build(path, previous.as_ref());
    let (lock, wake) = &**shared;
    let Ok(mut current) = lock.lock() else {
        return;
    };
    match built {
        Ok(build) => {
            current.title = build.title;
            current.svg = build.svg;
            current.data = build.data;
            current.positions = Some(build.positions);
            current.error = None;
            current.files = build.files;
        }
        Err((message, files)) => {
            eprintln!("cruxmap: {message}");
            current.error = Some(message);
            current.files.extend(files);
        }
    }
    current.files.insert(path.to_path_buf());
    current.version += 1;
    wake.notify_all();
}

struct Build {
    title: String,
    svg: String,
    data: Value,
    positions: Positions,
    files: HashSet<PathBuf>,
}

/// Builds the drawing of the map at `path`, or the first error as `file:line:col: message`
/// (with the files read so far, to keep watching).
fn build(path: &Path, seed: Option<&Positions>) -> Result<Build, (String, HashSet<PathBuf>)> {
    let name = path.display().to_string();
    let mut files = HashSet::from([path.to_path_buf()]);
    let source =
        input::read_source(path).map_err(|_| (format!("{name}: cannot be read"), files.clone()))?;
    let source = input::expand_includes(source, path)
        .map_err(|_| (format!("{name}: an @include cannot be read"), files.clone()))?;
    if let Some(expanded) = &source.included {
        let folder = path.parent().unwrap_or(Path::new("."));
        for (file, _) in &expanded.files {
            files.insert(if file.is_absolute() {
                file.clone()
            } else {
                folder.join(file)
            });
        }
    }
    let loaded = crate::load(&source.text, Some(&source.name));
    if let Some(diag) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        let at = diag.span.start as usize;
        let (file, text, offset) = match &source.included {
            Some(expanded) => {
                let (f, offset) = expanded.origin(at);
                let file = if f == 0 {
                    name.clone()
                } else {
                    expanded.files[f].0.display().to_string()
                };
                (file, expanded.files[f].1.as_str(), offset)
            }
            None => (name.clone(), source.text.as_str(), at),
        };
        let (line, column) = line_column(text, offset);
        return Err((
            format!("{file}:{line}:{column}: error: {}", diag.message),
            files,
        ));
    }
    let options = HtmlOptions {
        live: true,
        ..HtmlOptions::default()
    };
    let (svg, positions) = html::drawing(&loaded.graph, &options, seed);
    Ok(Build {
        title: html::page_title(&loaded.graph),
        svg,
        data: html::data(&loaded.graph, &options),
        positions,
        files,
    })
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Watches the folders of the map and its includes (editors often save by replacing the
/// file, which a watch on the file itself would lose) and rebuilds when one of the files
/// changes.
fn watch(shared: &Shared, path: &Path) -> Result<notify::RecommendedWatcher, Failure> {
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| error(format!("cannot watch {}: {e}", path.display())))?;
    let mut folders: HashSet<PathBuf> = HashSet::new();
    let mut add = |watcher: &mut notify::RecommendedWatcher, file: &Path| {
        let folder = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if folders.insert(folder.clone()) {
            let _ = watcher.watch(&folder, RecursiveMode::NonRecursive);
        }
    };
    add(&mut watcher, path);
    let files = shared.0.lock().map(|c| c.files.clone()).unwrap_or_default();
    for file in &files {
        add(&mut watcher, file);
    }
    let shared = Arc::clone(shared);
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        while let Ok(event) = rx.recv() {
            let watched: HashSet<PathBuf> = shared
                .0
                .lock()
                .map(|c| c.files.iter().map(|f| canonical(f)).collect())
                .unwrap_or_default();
            let relevant = event.is_ok_and(|e| {
                e.paths
                    .iter()
                    .any(|p| watched.contains(&canonical(p)) || watched.contains(p))
            });
            if !relevant {
                continue;
            }
            // An editor's save is several events; let them settle, then build once.
            std::thread::sleep(Duration::from_millis(60));
            while rx.try_recv().is_ok() {}
            rebuild(&shared, &path);
        }
    });
    Ok(watcher)
}

/// Answers one request: the page, the current drawing as JSON, or the event stream.
fn respond(request: tiny_http::Request, shared: &Shared, stopping: &AtomicBool, port: u16) {
    // Pages from other sites must not read the map through a rebound host name.
    let host_ok = request.headers().iter().any(|h| {
        h.field.equiv("Host")
            && [format!("127.0.0.1:{port}"), format!("localhost:{port}")]
                .contains(&h.value.as_str().to_ascii_lowercase())
    });
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_string();
    if !host_ok {
        let _ =
            request.respond(tiny_http::Response::from_string("forbidden").with_status_code(403));
        return;
    }
    if *request.method() != tiny_http::Method::Get {
        let _ = request
            .respond(tiny_http::Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    match url.as_str() {
        "/" | "/index.html" => {
            let page = {
                let Ok(c) = shared.0.lock() else { return };
                html::assemble(&c.title, &c.svg, &html::script_json(&c.data), true)
            };
            let mut response = tiny_http::Response::from_string(page);
            response.add_header(header("Content-Type", "text/html; charset=utf-8"));
            response.add_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        "/map.json" => {
            let body = {
                let Ok(c) = shared.0.lock() else { return };
                json!({"version": c.version, "svg": c.svg, "data": c.data, "error": c.error})
                    .to_string()
            };
            let mut response = tiny_http::Response::from_string(body);
            response.add_header(header("Content-Type", "application/json"));
            response.add_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        "/events" => events(request, shared, stopping),
        _ => {
            let _ = request
                .respond(tiny_http::Response::from_string("not found").with_status_code(404));
        }
    }
}

/// A response header from constant ASCII.
fn header(name: &str, value: &str) -> tiny_http::Header {
    // Invariant: every caller passes constant ASCII, which `from_bytes` always accepts.
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| unreachable!("constant ASCII header"))
}

/// Streams server-sent events: one `data:` line with the version on every rebuild, and a
/// comment every 15 s to keep the connection open. Written straight to the socket and
/// flushed per event (a buffered response would hold them back).
fn events(request: tiny_http::Request, shared: &Shared, stopping: &AtomicBool) {
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    let (lock, wake) = &**shared;
    let Ok(mut current) = lock.lock() else { return };
    let mut sent = current.version;
    drop(current);
    if write!(out, "data: {sent}\n\n")
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Ok(guard) = lock.lock() else { return };
        let Ok((guard, _)) = wake.wait_timeout_while(guard, Duration::from_secs(15), |c| {
            c.version == sent && !stopping.load(Ordering::SeqCst)
        }) else {
            return;
        };
        current = guard;
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let message = if current.version == sent {
            ": ping\n\n".to_string()
        } else {
            sent = current.version;
            format!("data: {sent}\n\n")
        };
        drop(current);
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_from_one() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
