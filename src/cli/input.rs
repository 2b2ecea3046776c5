//! Reading inputs (files or `-` for standard input) and writing outputs atomically.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Failure, diagnostics, error};
use crate::syntax::{self, MAX_SOURCE_BYTES};

/// A source text and the name to show for it.
pub(crate) struct Source {
    pub name: String,
    pub text: String,
    /// Where the pieces of `text` came from, when it was put together from `@include`s.
    pub included: Option<syntax::include::Expanded>,
}

/// Replaces the `@include(file)`s of an Argdown source read from `path` by those files.
pub(crate) fn expand_includes(source: Source, path: &Path) -> Result<Source, Failure> {
    if !syntax::include::has_includes(&source.text) {
        return Ok(source);
    }
    // Standard input has no folder of its own: includes are relative to the current one.
    let main = if path == Path::new("-") {
        Path::new("<stdin>")
    } else {
        path
    };
    let mut read = |p: &Path| -> std::io::Result<String> {
        let bytes = std::fs::read(p)?;
        if bytes.len() > MAX_SOURCE_BYTES {
            return Err(std::io::Error::other("file too large"));
        }
        String::from_utf8(bytes).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            )
        })
    };
    match syntax::include::expand_includes(main, &source.text, &mut read) {
        Ok(expanded) if expanded.text.len() > MAX_SOURCE_BYTES => Err(error(format!(
            "{}: with its includes the map is larger than {MAX_SOURCE_BYTES} bytes",
            source.name
        ))),
        Ok(expanded) => {
            for cycle in &expanded.cycles {
                eprintln!(
                    "cruxmap: warning: {}: include cycle {cycle}; the repeated include is skipped, as Argdown does",
                    source.name
                );
            }
            Ok(Source {
                name: source.name,
                text: expanded.text.clone(),
                included: Some(expanded),
            })
        }
        Err(err) => Err(error(format!(
            "{}: {err}\n  hint: include paths are relative to the file that includes them",
            source.name
        ))),
    }
}

/// Prints diagnostics about `source`, each against the file it points into.
pub(crate) fn print_diagnostics(source: &Source, diags: &[syntax::Diagnostic]) {
    let Some(expanded) = &source.included else {
        diagnostics::print(&source.name, &source.text, diags);
        return;
    };
    let mut batch: Vec<syntax::Diagnostic> = Vec::new();
    let mut batch_file = 0;
    let flush = |file: usize, batch: &mut Vec<syntax::Diagnostic>| {
        if batch.is_empty() {
            return;
        }
        let name = if file == 0 {
            source.name.clone()
        } else {
            expanded.files[file].0.display().to_string()
        };
        diagnostics::print(&name, &expanded.files[file].1, batch);
        batch.clear();
    };
    for diag in diags {
        let (file, start) = expanded.origin(diag.span.start as usize);
        let (end_file, end) = expanded.origin(diag.span.end as usize);
        let end = if end_file == file {
            end.max(start)
        } else {
            start
        };
        if file != batch_file {
            flush(batch_file, &mut batch);
            batch_file = file;
        }
        let mut mapped = diag.clone();
        mapped.span = syntax::Span::new(start, end);
        mapped
            .labels
            .retain(|l| expanded.origin(l.span.start as usize).0 == file);
        for label in &mut mapped.labels {
            let (_, s) = expanded.origin(label.span.start as usize);
            let (_, e) = expanded.origin(label.span.end as usize);
            label.span = syntax::Span::new(s, e.max(s));
        }
        batch.push(mapped);
    }
    flush(batch_file, &mut batch);
}

/// Reads `path` (or standard input for `-`) as UTF-8 text, reporting problems.
pub(crate) fn read_source(path: &Path) -> Result<Source, Failure> {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_SOURCE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(error(format!(
                    "{name} is a directory; give an .argdown file"
                )));
            }
            Ok(meta) if meta.len() > MAX_SOURCE_BYTES as u64 => {
                return Err(error(format!(
                    "{name} is {} bytes; cruxmap reads at most {MAX_SOURCE_BYTES} bytes",
                    meta.len()
                )));
            }
            _ => {}
        }
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    if let Err(err) = result {
        return Err(error(format!("cannot read {name}: {err}")));
    }
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(error(format!(
            "{name} is larger than {MAX_SOURCE_BYTES} bytes, the most cruxmap reads"
        )));
    }
    match syntax::decode(&bytes) {
        Ok(text) => Ok(Source {
            name,
            text: text.to_string(),
            included: None,
        }),
        Err(diag) => {
            // Show the line with the bad byte, decoded lossily.
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let at = diag.span.start as usize;
            let lossy_at = String::from_utf8_lossy(&bytes[..at]).len();
            let mut diag = diag;
            diag.span = syntax::Span::new(lossy_at, lossy_at + 1);
            diagnostics::print(&name, &lossy, std::slice::from_ref(&diag));
            Err(Failure::bad_input())
        }
    }
}

/// Writes `contents` to `path` through a temporary file and a rename, so a failed run never
/// leaves a half-written file; `None` or `-` writes to standard output.
pub(crate) fn write_output(path: Option<&Path>, contents: &str) -> Result<(), Failure> {
    write_output_with(path, |w| w.write_all(contents.as_bytes()))
}

/// Like [`write_output`], with the contents streamed by `write` into a buffered writer.
pub(crate) fn write_output_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let path = match path {
        Some(p) if p != Path::new("-") => p,
        _ => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            return match write(&mut out).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`cruxmap export ... | head`) is not an error.
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(err) => Err(error(format!("cannot write to standard output: {err}"))),
            };
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let result = tempfile::NamedTempFile::new_in(&dir).and_then(|tmp| {
        let mut out = std::io::BufWriter::new(tmp);
        write(&mut out)?;
        let tmp = out.into_inner().map_err(|e| e.into_error())?;
        // A temporary file is private (0600); the output gets the usual permissions.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        // The rename is what makes the write all-or-nothing for readers; no fsync, which
        // would cost more than the whole export on small maps.
        tmp.persist(path).map(|_| ()).map_err(|e| e.error)
    });
    result.map_err(|err| error(format!("cannot write {}: {err}", path.display())))
}
