//! Rendering diagnostics for people (miette, with the source line and a caret) and for
//! machines (one JSON object per diagnostic).

use std::io::IsTerminal;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

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
            (start, start - line_start)
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
            first,
            column,
            last - first + 1,
        )))
    }
}

/// Prints `diagnostics` about `source` (named `name`) to standard error.
pub(crate) fn print(name: &str, source: &str, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let shared: Arc<str> = Arc::from(source);
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
        // The header already says file:line:column; the caret needs no text.
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            None,
            clamp(diag.span.start, diag.span.end),
        )];
        labels.extend(diag.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), clamp(l.span.start, l.span.end))
        }));
        let mut report = MietteDiagnostic::new(diag.message.clone())
            .with_code(diag.code)
            .with_severity(severity)
            .with_labels(labels);
        if let Some(hint) = &diag.hint {
            report = report.with_help(hint.clone());
        }
        let report = miette::Report::new(report).with_source_code(IndexedSource {
            name: name.to_string(),
            text: Arc::clone(&shared),
            lines: Arc::clone(&lines),
        });
        out.clear();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out = format!("{name}:{}:{}: {}\n", at.line, at.column, diag.message);
        }
        eprintln!("{out}");
    }
    if diagnostics.len() > MAX_RENDERED {
        eprintln!(
            "{name}: {} more diagnostics not shown (use `cruxmap check --format json` to list all)",
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
