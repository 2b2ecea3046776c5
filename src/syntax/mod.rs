//! Argdown syntax: source text in, a flat syntax tree with spans and diagnostics out.
//!
//! Knows nothing of graphs; `model` resolves titles and builds the argument graph.

mod ast;
mod diagnostic;
pub mod include;
mod inline;
mod lexer;
mod parser;
mod span;

pub use ast::{
    Document, Element, ElementIndex, ElementKind, Heading, HeadingIndex, Inference, Mention,
    PcsIndex, PcsItem, PcsSyntax, Placement, RelationParent, RelationSymbol, RelationSyntax,
    Spanned,
};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use lexer::{Lexed, Tok, Token, tokenize};
pub use parser::{MAX_SOURCE_BYTES, Parsed, parse};
pub use span::{LineCol, LineIndex, Span};

/// Decodes raw bytes as UTF-8, or reports where the first invalid byte is.
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        Diagnostic::error(
            "not-utf8",
            Span::new(at, at + err.error_len().unwrap_or(1)),
            format!(
                "the file is not valid UTF-8 (invalid byte 0x{:02x})",
                bytes[at]
            ),
        )
        .with_hint("save the file as UTF-8; cruxmap reads Argdown only in UTF-8")
    })?;
    // A byte-order mark is not part of the text.
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}
