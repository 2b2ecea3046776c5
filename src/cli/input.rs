//! Reading inputs (files or `-` for standard input) and writing outputs atomically.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Failure, diagnostics, error};
use crate::syntax::{self, MAX_SOURCE_BYTES};

/// A source text and the name to show for it.
pub(crate) struct Source {
    pub name: String,
    pub text: String,
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
