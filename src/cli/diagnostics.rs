//! Rendering diagnostics for people (miette, with the source line and a caret) and for
//! machines (one JSON object per diagnostic).

use std::io::IsTerminal;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::visible::{has_hidden, visible};
use crate::syntax::{Diagnostic, LineIndex, Severity};

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// At most this many diagnostics are rendered per file; `--format json` lists all.
const MAX_RENDERED: usize = 100;

/// Source text for miette that finds context lines through a [`LineIndex`], so rendering a
/// diagnostic costs the same near the end of a 50 MB file as at its start (miette's own
/// `str` source scans from the beginning every time).
struct IndexedSource {
    name: String,
    text: Arc<str>,
    lines: Arc<LineIndex>,
    /// The real number of the text's first line (0 unless the text is an [`Excerpt`]).
    first_line: usize,
    /// For an excerpt: where the primary span starts in it, and its real byte column, which
    /// the header shows.
    primary_column: Option<(usize, usize)>,
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset().min(self.text.len());
        let end = (start + span.len()).min(self.text.len());
        let first = self.lines.line_of(start).saturating_sub(before);
        let last = (self.lines.line_of(end.saturating_sub(1).max(start)) + after)
            .min(self.lines.line_count() - 1);
        // As miette's own sources do: with no lines before, the contents start at the span
        // itself, and the column says where in its line that is.
        let line_start = self.lines.line_start(first).unwrap_or(0);
        let (from, column) = if before == 0 {
            match self.primary_column {
                Some((at, column)) if at == start => (start, column),
                _ => (start, start - line_start),
            }
        } else {
            (line_start, 0)
        };
        let to = self
            .lines
            .line_start(last + 1)
            .map_or(self.text.len(), |s| s.saturating_sub(1));
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[from..to.max(from)],
            (from, to.max(from) - from).into(),
            first + self.first_line,
            column,
            last - first + 1,
        )))
    }
}

/// Lines longer than this many bytes are shown as a window around the span, with `…` for
/// what is left out: miette pads the caret line with a format width, which panics past
/// column 65,535, and a 100 KB line helps no reader anyway.
const MAX_SHOWN_LINE: usize = 200;
/// Bytes of a long line shown before the span.
const SHOWN_BEFORE_SPAN: usize = 60;
/// Lines of a multi-line span shown at most.
const MAX_SPAN_LINES: usize = 10;

/// `start..end` of `line`, without its line break (`\n` or `\r\n`).
fn line_range(source: &str, lines: &LineIndex, line: usize) -> (usize, usize) {
    let start = lines.line_start(line).unwrap_or(source.len());
    let mut end = lines
        .line_start(line + 1)
        .map_or(source.len(), |s| s.saturating_sub(1))
        .max(start);
    if end > start && source.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    (start, end)
}

/// Whether the lines of `start..end`, or the line before or after, cannot be shown as they
/// are: too long, or holding control characters that must not reach the terminal.
fn needs_excerpt(source: &str, lines: &LineIndex, start: usize, end: usize) -> bool {
    let first = lines.line_of(start).saturating_sub(1);
    let last = lines.line_of(end.saturating_sub(1).max(start)) + 1;
    let last = last
        .min(lines.line_count() - 1)
        .min(first + MAX_SPAN_LINES + 2);
    (first..=last).any(|line| {
        let (a, b) = line_range(source, lines, line);
        b - a > MAX_SHOWN_LINE || has_hidden(&source[a..b])
    })
}

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The lines around a diagnostic, each long line cut to a window around the span and control
/// characters made visible, so the printer gets short, inert lines; spans are mapped into it
/// with [`Excerpt::place`].
struct Excerpt<'a> {
    source: &'a str,
    text: String,
    /// The real 0-based number of the first line shown.
    first_line: usize,
    /// Where the primary span starts in `text`, and its real byte column.
    primary_column: (usize, usize),
    shown: Vec<ShownLine>,
}

/// One line of an [`Excerpt`].
struct ShownLine {
    /// The whole real line, `start..end` without its line break.
    line: (usize, usize),
    /// The real bytes shown.
    from: usize,
    to: usize,
    /// Where `from` is in the excerpt.
    at: usize,
}

impl<'a> Excerpt<'a> {
    fn new(source: &'a str, lines: &LineIndex, (start, len): (usize, usize)) -> Self {
        let span_line = lines.line_of(start);
        let end_line = lines
            .line_of((start + len).saturating_sub(1).max(start))
            .min(span_line + MAX_SPAN_LINES);
        let first_line = span_line.saturating_sub(1);
        let last_line = (end_line + 1).min(lines.line_count() - 1);
        let mut text = String::new();
        let mut shown = Vec::new();
        for line in first_line..=last_line {
            let (a, b) = line_range(source, lines, line);
            // The window starts a little before the span on its line, else at the line start.
            let from = if line == span_line && b - a > MAX_SHOWN_LINE {
                floor_boundary(source, start.saturating_sub(SHOWN_BEFORE_SPAN).max(a))
            } else {
                a
            };
            let to = floor_boundary(source, (from + MAX_SHOWN_LINE).min(b));
            if from > a {
                text.push('…');
            }
            shown.push(ShownLine {
                line: (a, b),
                from,
                to,
                at: text.len(),
            });
            text.push_str(&visible(&source[from..to]));
            if to < b {
                text.push('…');
            }
            text.push('\n');
        }
        let line_start = lines.line_start(span_line).unwrap_or(0);
        let mut excerpt = Excerpt {
            source,
            text,
            first_line,
            primary_column: (0, start - line_start),
            shown,
        };
        excerpt.primary_column.0 = excerpt.place(start, start).map_or(0, |(at, _)| at);
        excerpt
    }

    /// Where the real span `start..end` is in the excerpt (as offset and length), cut to
    /// what is shown; `None` if its start is on a line not shown.
    fn place(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let map = |at: usize| {
            self.shown
                .iter()
                .find(|line| line.line.0 <= at && at <= line.line.1)
                .map(|line| {
                    let at = floor_boundary(self.source, at.clamp(line.from, line.to));
                    let shown = &self.source[line.from..at];
                    line.at + visible(shown).len()
                })
        };
        let a = map(start)?;
        let b = map(end).unwrap_or(a).max(a);
        Some((a, b - a))
    }
}

/// Prints `diagnostics` about `source` (named `name`) to standard error.
pub(crate) fn print(name: &str, source: &str, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let shared: Arc<str> = Arc::from(source);
    let shown_name = visible(name);
    let theme = if use_color() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let lines = Arc::new(LineIndex::new(source));
    let mut out = String::new();
    for diag in diagnostics.iter().take(MAX_RENDERED) {
        let at = lines.line_col(source, diag.span.start as usize);
        let severity = match diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let clamp = |start: u32, end: u32| {
            let start = (start as usize).min(source.len());
            let end = (end as usize).clamp(start, source.len());
            (start, end - start)
        };
        let primary = clamp(diag.span.start, diag.span.end);
        let long = |(start, len): (usize, usize)| needs_excerpt(source, &lines, start, start + len);
        let excerpt = (long(primary)
            || diag
                .labels
                .iter()
                .any(|l| long(clamp(l.span.start, l.span.end))))
        .then(|| Excerpt::new(source, &lines, primary));
        let place = |(start, len): (usize, usize)| match &excerpt {
            Some(e) => e.place(start, start + len),
            None => Some((start, len)),
        };
        // The header already says file:line:column; the caret needs no text.
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            None,
            place(primary).unwrap_or((0, 0)),
        )];
        // Labels outside an excerpt are left out; their lines are not in it.
        labels.extend(diag.labels.iter().filter_map(|l| {
            let span = place(clamp(l.span.start, l.span.end))?;
            Some(LabeledSpan::new_with_span(
                Some(visible(&l.message).into_owned()),
                span,
            ))
        }));
        let mut report = MietteDiagnostic::new(visible(&diag.message))
            .with_code(diag.code)
            .with_severity(severity)
            .with_labels(labels);
        if let Some(hint) = &diag.hint {
            report = report.with_help(visible(hint));
        }
        let source_code = match excerpt {
            Some(e) => IndexedSource {
                name: shown_name.to_string(),
                lines: Arc::new(LineIndex::new(&e.text)),
                text: Arc::from(e.text),
                first_line: e.first_line,
                primary_column: Some(e.primary_column),
            },
            None => IndexedSource {
                name: shown_name.to_string(),
                text: Arc::clone(&shared),
                lines: Arc::clone(&lines),
                first_line: 0,
                primary_column: None,
            },
        };
        let report = miette::Report::new(report).with_source_code(source_code);
        out.clear();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out = format!(
                "{shown_name}:{}:{}: {}\n",
                at.line,
                at.column,
                visible(&diag.message)
            );
        }
        eprintln!("{out}");
    }
    if diagnostics.len() > MAX_RENDERED {
        eprintln!(
            "{shown_name}: {} more diagnostics not shown (use `cruxmap check --format json` to list all)",
            diagnostics.len() - MAX_RENDERED
        );
    }
}

/// One diagnostic as a JSON object with file, line and column.
pub(crate) fn to_json(
    name: &str,
    source: &str,
    lines: &LineIndex,
    diag: &Diagnostic,
) -> serde_json::Value {
    let at = lines.line_col(source, diag.span.start as usize);
    serde_json::json!({
        "file": name,
        "line": at.line,
        "column": at.column,
        "severity": diag.severity,
        "code": diag.code,
        "message": diag.message,
        "hint": diag.hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_cuts_long_lines_around_the_span_and_maps_spans_into_it() {
        let long = "é".repeat(1_000);
        let source = format!("short\n{long}ERR{long}\nnext\n");
        let lines = LineIndex::new(&source);
        let start = 6 + long.len();
        assert!(needs_excerpt(&source, &lines, start, start + 3));
        assert!(needs_excerpt(&source, &lines, 0, 1));
        assert!(!needs_excerpt(
            "a\nb\nc\nd",
            &LineIndex::new("a\nb\nc\nd"),
            6,
            7
        ));
        let excerpt = Excerpt::new(&source, &lines, (start, 3));
        assert_eq!(excerpt.first_line, 0);
        let shown: Vec<&str> = excerpt.text.lines().collect();
        assert_eq!(shown[0], "short");
        assert!(shown[1].starts_with('…') && shown[1].ends_with('…'));
        assert!(shown[1].len() < MAX_SHOWN_LINE + 10);
        assert_eq!(shown[2], "next");
        let (at, len) = excerpt.place(start, start + 3).unwrap();
        assert_eq!(&excerpt.text[at..at + len], "ERR");
        assert_eq!(excerpt.primary_column, (at, long.len()));
        // A span on a line that is not shown has no place.
        let far = format!("{}x\n", "a\n".repeat(10));
        let far = format!("{source}{far}");
        assert_eq!(excerpt.place(far.len() - 2, far.len() - 1), None);
    }
}
