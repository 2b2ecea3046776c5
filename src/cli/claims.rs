//! Naming claims on the command line and showing them: resolving `--for`/`--claim`
//! arguments with clear messages, and printing library errors that point into a query.

use super::visible::visible;
use super::{Failure, diagnostics};
use crate::analysis::resolve::{ResolveError, element_ref, resolve};
use crate::analysis::{Claim, Dialectic, Link};
use crate::model::ArgumentGraph;
use crate::syntax::{Diagnostic, Span};

/// Prints why a name found no single claim, with the candidates.
pub(crate) fn print_resolve_error(err: &ResolveError) {
    eprintln!("cruxmap: error: {}", visible(&err.to_string()));
    match err {
        ResolveError::Unknown { suggestions, .. } if !suggestions.is_empty() => {
            eprintln!("  similar titles: {}", visible(&suggestions.join(", ")));
        }
        ResolveError::Unknown { .. } => {
            eprintln!("  hint: name a claim by [Title], <Argument title> or words of its text");
        }
        ResolveError::Ambiguous { candidates, .. } => {
            eprintln!("  candidates:");
            for c in candidates.iter().take(20) {
                eprintln!("    {}", visible(c));
            }
            if candidates.len() > 20 {
                eprintln!("    … and {} more", candidates.len() - 20);
            }
            eprintln!("  hint: name one by its [Title], or pass --all to take them all");
        }
    }
}

/// Resolves every name, or prints why not.
pub(crate) fn resolve_all(
    graph: &ArgumentGraph,
    view: &Dialectic,
    names: &[String],
    all: bool,
) -> Result<Vec<Claim>, Failure> {
    let mut out = Vec::new();
    for name in names {
        match resolve(graph, view, name, all) {
            Ok(found) => out.extend(found),
            Err(err) => {
                print_resolve_error(&err);
                return Err(Failure::bad_input());
            }
        }
    }
    out.dedup();
    Ok(out)
}

/// Prints an error located in the text of a query, with a caret under the fault.
pub(crate) fn print_query_error(query: &str, span: Span, message: &str, hint: Option<String>) {
    let mut diag = Diagnostic::error("query", span, message);
    if let Some(hint) = hint {
        diag = diag.with_hint(hint);
    }
    diagnostics::print("query", query, &[diag]);
}

/// `[Title]` / `<Title>` of a claim.
pub(crate) fn name(graph: &ArgumentGraph, view: &Dialectic, claim: Claim) -> String {
    element_ref(graph, view.element(claim))
}

/// A chain as `[A] +> [B] -> [C]`.
pub(crate) fn chain_text(
    graph: &ArgumentGraph,
    view: &Dialectic,
    claims: &[Claim],
    links: &[Link],
) -> String {
    let mut out = name(graph, view, claims[0]);
    for (claim, link) in claims[1..].iter().zip(links) {
        out.push(' ');
        out.push_str(link.arrow());
        out.push(' ');
        out.push_str(&name(graph, view, *claim));
    }
    out
}

/// `text` on one line, cut to about `max` characters.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `--support`: how support bears on acceptance.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq)]
pub(crate) enum SupportArg {
    /// Accepting a reason commits one to what it supports
    Deductive,
    /// A claim needs each of its reasons
    Necessary,
    /// Support is ignored; attacks alone decide
    None,
}

impl SupportArg {
    pub(crate) fn reading(self) -> crate::analysis::semantics::SupportReading {
        use crate::analysis::semantics::SupportReading;
        match self {
            SupportArg::Deductive => SupportReading::Deductive,
            SupportArg::Necessary => SupportReading::Necessary,
            SupportArg::None => SupportReading::Ignored,
        }
    }
}
