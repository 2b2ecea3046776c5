//! Text from a map shown on a terminal: control characters and bidirectional overrides
//! are written as visible escapes (`\x1b`, `\u{202e}`), so claim text can never clear the
//! screen, move the cursor, open an OSC 8 link or reorder what the reader sees.
//!
//! For text output only: JSON keeps the text intact (its own escaping makes it inert), and
//! markup formats have their own escapes in `render`. Owns no other formatting.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown as an escape: C0 controls except tab, DEL, C1 controls, and the
/// characters that change the direction of the text around them (Unicode TR9: embeddings
/// and overrides U+202A–202E, isolates U+2066–2069, the marks U+200E, U+200F, U+061C).
fn is_hidden(c: char, keep_newlines: bool) -> bool {
    match c {
        '\t' => false,
        '\n' => !keep_newlines,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' => true,
        _ => false,
    }
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_hidden(c, keep_newlines) {
            out.push(c);
        } else if c.is_ascii() {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// `text` on one line with every control character and direction override made visible,
/// line breaks included (a claim cannot forge a line of output).
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Like [`visible`], but keeps line breaks: for a whole block of text output whose lines
/// cruxmap made.
pub(crate) fn visible_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Whether [`visible`] would change `text`.
pub(crate) fn has_hidden(text: &str) -> bool {
    text.chars().any(|c| is_hidden(c, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_overrides_become_visible_escapes() {
        assert_eq!(
            visible("a\x1b[2Jb\u{202e}c\u{9b}d\x7f\r\n"),
            "a\\x1b[2Jb\\u{202e}c\\u{9b}d\\x7f\\x0d\\x0a"
        );
        assert_eq!(visible_lines("one\ttwo\nthree\x07"), "one\ttwo\nthree\\x07");
        assert_eq!(
            visible("\u{2066}\u{2069}\u{200f}"),
            "\\u{2066}\\u{2069}\\u{200f}"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "Érudit « citation » — 言語 \\x1b ✓";
        assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
        assert!(!has_hidden(text));
    }
}
