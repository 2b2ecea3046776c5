//! Helpers for what sits inside an element: `{..}` YAML data, and white space collapsing.
//!
//! Owns these two conversions only; tokens are the lexer's job, structure the parser's.

use serde_json::Value;

use super::{Diagnostic, Span};

/// Parses YAML that must be a mapping; reports a diagnostic at `span` otherwise.
pub(crate) fn parse_yaml_map(yaml: &str, span: Span, diags: &mut Vec<Diagnostic>) -> Option<Value> {
    // Block data: `{` and `}` on lines of their own around block YAML.
    let block = yaml
        .strip_prefix('{')
        .and_then(|y| y.strip_suffix('}'))
        .filter(|inner| inner.starts_with(['\n', '\r']) || inner.trim_start().contains(":\n"));
    if let Some(inner) = block
        && let Ok(value @ Value::Object(_)) = serde_norway::from_str::<Value>(&dedent(inner))
    {
        return Some(value);
    }
    let parsed = serde_norway::from_str::<Value>(yaml).or_else(|err| {
        // Argdown's YAML reader takes `{key:[a, b]}` (no space after the colon) in flow
        // maps; give the colon its space and try once more.
        let spaced = space_flow_colons(yaml);
        if spaced == yaml {
            Err(err)
        } else {
            serde_norway::from_str::<Value>(&spaced).map_err(|_| err)
        }
    });
    match parsed {
        Ok(value @ Value::Object(_)) => Some(value),
        Ok(Value::Null) => Some(Value::Object(Default::default())),
        Ok(_) => {
            diags.push(
                Diagnostic::error("bad-data", span, "data must be a mapping of keys to values")
                    .with_hint("write data as `{key: value, other: value}`"),
            );
            None
        }
        Err(err) => {
            let message = err.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            diags.push(
                Diagnostic::error("bad-yaml", span, format!("invalid YAML data: {message}"))
                    .with_hint("quote values that contain `:`, `#`, `{` or `}`"),
            );
            None
        }
    }
}

/// Adds a space after every `:` outside quotes that is directly followed by `[`, `{` or a
/// quote.
fn space_flow_colons(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 8);
    let mut quote = None;
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ':' && matches!(chars.peek(), Some('[' | '{' | '"' | '\'')) => {
                out.push(' ');
            }
            None => {}
        }
    }
    out
}

/// Removes the common leading white space of the non-blank lines of `text`.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collapses every run of white space into one space and trims the ends.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let (is_space, len) = char_at(s, i);
        if is_space {
            i += len;
            continue;
        }
        // A word runs to the next white space.
        let start = i;
        i += len;
        while i < bytes.len() {
            let (is_space, len) = char_at(s, i);
            if is_space {
                break;
            }
            i += len;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..i]);
    }
    out
}

/// [`collapse_whitespace`] that hands `s` back (without trailing spaces) when there is
/// nothing else to collapse, the common case, instead of copying it.
pub(crate) fn collapse_whitespace_owned(mut s: String) -> String {
    s.truncate(s.trim_end_matches(' ').len());
    let bytes = s.as_bytes();
    let mut prev = b' ';
    let mut ascii = true;
    for &b in bytes {
        if (b == b' ' && prev == b' ') || (b'\t'..=b'\r').contains(&b) {
            return collapse_whitespace(&s);
        }
        ascii &= b.is_ascii();
        prev = b;
    }
    if !ascii && s.chars().any(|c| !c.is_ascii() && c.is_whitespace()) {
        return collapse_whitespace(&s);
    }
    s
}

/// Whether the character at byte `i` (a character boundary) of `s` is white space (as
/// `char::is_whitespace` says), and its length in bytes. ASCII is decided byte by byte.
#[inline]
fn char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
    } else {
        s[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Both collapsing paths agree with the obvious definition on any text, including
        /// Unicode white space (U+0085, U+00A0, U+2028, U+3000) and look-alikes.
        #[test]
        fn collapsing_white_space_matches_split_and_join(
            s in "[ a\\t\\n\\r\u{0b}\u{0c}\u{85}\u{a0}\u{2028}\u{3000}\u{2014}\u{e9}]{0,24}"
        ) {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(&collapse_whitespace(&s), &expected);
            proptest::prop_assert_eq!(&collapse_whitespace_owned(s.clone()), &expected);
        }
    }

    #[test]
    fn broken_yaml_is_an_error_at_the_data_block() {
        let mut diags = Vec::new();
        assert!(parse_yaml_map("{a: [1, 2}", Span::new(0, 10), &mut diags).is_none());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].is_error());
    }

    #[test]
    fn a_flow_map_without_a_space_after_the_colon_is_read() {
        let mut diags = Vec::new();
        let value = parse_yaml_map("{statements:[s1, s2], n: 2}", Span::new(0, 1), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(value.unwrap()["statements"][1], "s2");
    }
}
