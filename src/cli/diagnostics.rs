//! Rendering diagnostics for people (miette, with the source line and a caret) and for
//! machines (one JSON object per diagnostic).

use std::io::IsTerminal;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::syntax::{Diagnostic, LineIndex, Severity};

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints `diagnostics` about `source` (named `name`) to standard error.
pub(crate) fn print(name: &str, source: &str, diagnostics: &[Diagnostic]) {
    let theme = if use_color() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let lines = LineIndex::new(source);
    let mut out = String::new();
    for diag in diagnostics {
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
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(format!("{}:{}:{}", name, at.line, at.column)),
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
        let report = miette::Report::new(report)
            .with_source_code(NamedSource::new(name, source.to_string()));
        out.clear();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out = format!("{name}:{}:{}: {}\n", at.line, at.column, diag.message);
        }
        eprintln!("{out}");
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
