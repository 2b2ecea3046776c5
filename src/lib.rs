//! cruxmap: build, query, diff and draw argument maps written in Argdown syntax.
//!
//! Data flows one way: [`syntax`] (text → syntax tree) → [`model`] (the [`ArgumentGraph`])
//! → [`analysis`] and [`diff`] (questions, comparisons) → [`io`] and [`render`] (formats
//! out) → `cli`.
#![warn(missing_docs)]

pub mod analysis;
pub mod cli;
pub mod diff;
pub mod extract;
pub mod generate;
pub mod io;
pub mod model;
pub mod render;
pub mod syntax;

pub use model::ArgumentGraph;

/// A map parsed and built from Argdown source, with every diagnostic found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The graph, as complete as the errors allow.
    pub graph: ArgumentGraph,
    /// Parse and model diagnostics, in source order.
    pub diagnostics: Vec<syntax::Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(syntax::Diagnostic::is_error)
    }
}

/// Parses Argdown `source` (named `name` for provenance) and builds its graph.
pub fn load(source: &str, name: Option<&str>) -> Loaded {
    let parsed = syntax::parse(source);
    let (graph, more) = model::build(&parsed.document, source, name);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(more);
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
    Loaded { graph, diagnostics }
}
