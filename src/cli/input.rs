//! Reading inputs (files or `-` for standard input) and writing outputs: regular files
//! atomically (a temporary file and a rename), devices, FIFOs and standard output in place.
//! Does not parse or render anything.

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

/// Writes `contents` to `path` (see [`write_output_with`]); `None` or `-` writes to
/// standard output.
pub(crate) fn write_output(path: Option<&Path>, contents: &str) -> Result<(), Failure> {
    write_output_with(path, |w| w.write_all(contents.as_bytes()))
}

/// Where an output goes once the path has been looked at.
#[derive(Debug, PartialEq)]
enum Target {
    /// A regular file, or a path with nothing there yet: written to a temporary file in the
    /// same folder and renamed over it, so readers see the old file or the whole new one.
    Replace(PathBuf),
    /// A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe): opened and
    /// written in place. Renaming over it would replace the device with a regular file.
    Through(PathBuf),
}

/// The most symbolic links followed from an output path, as the kernel's own limit.
const MAX_SYMLINKS: usize = 40;

/// Decides how to write `path`: follows symbolic links to their final target (a dangling
/// link names the file to create), then writes in place anything that is not a regular file,
/// and anything under `/dev` or `/proc` (`/dev/stdout` redirected to a file is written where
/// the shell opened it, not replaced).
fn output_target(path: &Path) -> std::io::Result<Target> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )),
        Ok(meta) if meta.is_file() => {
            let real = std::fs::canonicalize(path)?;
            if real.starts_with("/dev") || real.starts_with("/proc") {
                Ok(Target::Through(path.to_path_buf()))
            } else {
                Ok(Target::Replace(real))
            }
        }
        Ok(_) => Ok(Target::Through(path.to_path_buf())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => dangling_target(path),
        Err(err) => Err(err),
    }
}

/// The file to create for a path that does not exist: the path itself, or the final target
/// of a chain of symbolic links that ends nowhere.
fn dangling_target(path: &Path) -> std::io::Result<Target> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&path)?;
                // A relative link is relative to the folder holding it.
                path = match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(Target::Replace(path)),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// The prefix of the temporary file that becomes `path`: hidden, named after the output and
/// recognisably cruxmap's (`.map.svg.cruxmap-tmp-XXXXXX`), so one left by a killed run is
/// easy to find and remove.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    format!(".{name}.cruxmap-tmp-")
}

/// Writes the output that `write` streams into a buffered writer.
///
/// - `None`, `-` or `/dev/stdout`: standard output; a closed pipe is not an error.
/// - A regular file, or a path where nothing exists yet: a temporary file in the same folder
///   (see [`temp_prefix`]), renamed over the path once complete, so a failed run leaves the
///   old file as it was. On an error the temporary file is removed.
/// - A symbolic link: its target, by the same rules.
/// - A device, FIFO or socket: written in place, and its write errors (`/dev/full`) reported.
pub(crate) fn write_output_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    // `/dev/stdout` is standard output itself: opening it anew would start at offset 0 of
    // a file the shell opened for appending (`>>`).
    let path = match path {
        Some(p) if p != Path::new("-") && p != Path::new("/dev/stdout") => p,
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
    let result = output_target(path).and_then(|target| match target {
        Target::Through(device) => write_through(&device, write),
        Target::Replace(file) => write_replacing(&file, write),
    });
    result.map_err(|err| error(format!("cannot write {}: {err}", path.display())))
}

/// Writes to a device or FIFO in place.
fn write_through(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)?;
    out.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// Writes a regular file through a temporary file in its folder and a rename.
fn write_replacing(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Dropped on any error below, which deletes the temporary file.
    let tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .tempfile_in(&dir)?;
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
}

/// Refuses an output path that names one of the `inputs` (the same file, through any link),
/// unless `force`: writing a map over its own source is almost always a slip of `-o`.
pub(crate) fn refuse_overwriting_input(
    output: Option<&Path>,
    inputs: &[&Path],
    force: bool,
) -> Result<(), Failure> {
    let Some(output) = output else {
        return Ok(());
    };
    if force || output == Path::new("-") {
        return Ok(());
    }
    let Ok(out_meta) = std::fs::metadata(output) else {
        return Ok(()); // nothing there yet, so it is no input
    };
    if !out_meta.is_file() {
        return Ok(()); // devices and FIFOs are written through, never replaced
    }
    for input in inputs {
        if *input == Path::new("-") {
            continue;
        }
        if let Ok(in_meta) = std::fs::metadata(input)
            && same_file(&out_meta, &in_meta)
        {
            return Err(error(format!(
                "-o {} would overwrite the input {}\n  hint: write elsewhere, or add --force to replace it",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_path_is_replaced_and_a_device_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("map.svg");
        assert_eq!(output_target(&file).unwrap(), Target::Replace(file.clone()));
        std::fs::write(&file, "old").unwrap();
        let real = std::fs::canonicalize(&file).unwrap();
        assert_eq!(output_target(&file).unwrap(), Target::Replace(real));
        #[cfg(unix)]
        assert_eq!(
            output_target(Path::new("/dev/null")).unwrap(),
            Target::Through(PathBuf::from("/dev/null"))
        );
        assert!(output_target(dir.path()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_to_its_target_even_when_dangling() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.svg");
        std::os::unix::fs::symlink("real.svg", &link).unwrap();
        assert_eq!(
            output_target(&link).unwrap(),
            Target::Replace(dir.path().join("real.svg"))
        );
        std::fs::write(dir.path().join("real.svg"), "old").unwrap();
        let real = std::fs::canonicalize(dir.path().join("real.svg")).unwrap();
        assert_eq!(output_target(&link).unwrap(), Target::Replace(real));
        let loop_link = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &loop_link).unwrap();
        assert!(output_target(&loop_link).is_err());
    }

    #[test]
    fn a_write_that_fails_midway_keeps_the_old_file_and_removes_the_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("map.json");
        std::fs::write(&file, "old").unwrap();
        let result = write_output_with(Some(&file), |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["map.json"]);
    }

    #[test]
    fn temporary_files_are_hidden_and_named_after_the_output() {
        assert_eq!(
            temp_prefix(Path::new("out/map.svg")),
            ".map.svg.cruxmap-tmp-"
        );
    }
}
