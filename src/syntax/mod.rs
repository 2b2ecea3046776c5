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
pub use parser::{MAX_SOURCE_BYTES, Parsed, js_truthy, parse};
pub use span::{LineCol, LineIndex, Span};

/// Decodes raw bytes as UTF-8, or reports where the first invalid byte is; a UTF-16
/// byte-order mark is reported as such, with how to convert the file.
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    let utf16 = match bytes {
        [0xff, 0xfe, ..] => Some("UTF-16 little-endian (byte-order mark FF FE)"),
        [0xfe, 0xff, ..] => Some("UTF-16 big-endian (byte-order mark FE FF)"),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        return Err(Diagnostic::error(
            "not-utf8",
            Span::new(0, 2),
            format!("the file is {encoding}, not UTF-8"),
        )
        .with_hint(
            "save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 FILE > NEW`; cruxmap reads \
             Argdown only in UTF-8",
        ));
    }
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
        .with_hint("save the file as UTF-8; cruxmap reads only UTF-8 text")
    })?;
    // A byte-order mark is not part of the text.
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_input_is_named_with_a_hint_to_convert_it() {
        let le = decode(b"\xff\xfe[\0A\0]\0").unwrap_err();
        assert_eq!(
            le.message,
            "the file is UTF-16 little-endian (byte-order mark FF FE), not UTF-8"
        );
        assert!(le.hint.unwrap().contains("iconv -f UTF-16"));
        let be = decode(b"\xfe\xff\0[\0A\0]").unwrap_err();
        assert!(be.message.contains("UTF-16 big-endian"));
        assert_eq!(decode(b"\xef\xbb\xbf[A]").unwrap(), "[A]");
    }
}
