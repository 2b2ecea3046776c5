//! Parsing inside one element's text: tags, mentions, `{..}` data, and white space.
//!
//! Owns the inline grammar only; line structure is the parser's job.

use serde_json::Value;

use super::ast::{ElementKind, Mention, Spanned};
use super::{Diagnostic, Span};

/// What the inline grammar found in a text.
#[derive(Debug, Default)]
pub(crate) struct Inline {
    pub text: String,
    pub tags: Vec<Spanned<String>>,
    pub mentions: Vec<Mention>,
    pub data: Option<Spanned<Value>>,
}

/// Parses `raw`, which starts at byte `base` of the source, collecting diagnostics.
pub(crate) fn parse_inline(raw: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Inline {
    let mut out = Inline::default();
    let mut text = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let b = bytes[i];
        // A backslash makes the next character literal (`\#`, `\[`, `\{`).
        if b == b'\\' && i + 1 < raw.len() && bytes[i + 1].is_ascii_punctuation() {
            text.push(bytes[i + 1] as char);
            i += 2;
            continue;
        }
        let at_word_start = i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'(';
        if b == b'{' {
            match matching_brace(raw, i) {
                Some(end) => {
                    let span = Span::new(base + i, base + end + 1);
                    if let Some(value) = parse_yaml_map(&raw[i..=end], span, diags) {
                        if let Some(old) = out.data.take() {
                            diags.push(
                                Diagnostic::warning(
                                    "repeated-data",
                                    span,
                                    "this element has two data blocks; they are merged",
                                )
                                .with_label(old.span, "first data block"),
                            );
                            out.data = Some(Spanned {
                                value: merge(old.value, value),
                                span,
                            });
                        } else {
                            out.data = Some(Spanned { value, span });
                        }
                    }
                    i = end + 1;
                    continue;
                }
                None => {
                    diags.push(
                        Diagnostic::error(
                            "unclosed-data",
                            Span::new(base + i, base + raw.len()),
                            "data block `{` is never closed",
                        )
                        .with_hint("close the data with `}`, or escape a literal brace"),
                    );
                    break;
                }
            }
        }
        if b == b'#'
            && at_word_start
            && let Some((name, len)) = tag_at(&raw[i..])
        {
            out.tags.push(Spanned {
                value: name,
                span: Span::new(base + i, base + i + len),
            });
            i += len;
            continue;
        }
        if b == b'@' && i + 1 < raw.len() && (bytes[i + 1] == b'[' || bytes[i + 1] == b'<') {
            let (kind, close) = if bytes[i + 1] == b'[' {
                (ElementKind::Statement, ']')
            } else {
                (ElementKind::Argument, '>')
            };
            if let Some(rel) = raw[i + 2..].find(close) {
                let title = raw[i + 2..i + 2 + rel].to_string();
                let len = rel + 3;
                // The mention stays in the text: it is part of the sentence.
                text.push_str(&raw[i..i + len]);
                out.mentions.push(Mention {
                    kind,
                    title,
                    span: Span::new(base + i, base + i + len),
                });
                i += len;
                continue;
            }
        }
        if (b == b'[' || b == b'<')
            && let Some(len) = reference_at(&raw[i..])
        {
            let (what, hint) = if b == b'[' {
                (
                    "statement",
                    "write `@[Title]` to mention a statement inside text",
                )
            } else {
                (
                    "argument",
                    "write `@<Title>` to mention an argument inside text",
                )
            };
            diags.push(
                Diagnostic::error(
                    "reference-in-text",
                    Span::new(base + i, base + i + len),
                    format!("{what} reference `{}` inside text", &raw[i..i + len]),
                )
                .with_hint(hint),
            );
        }
        // Copy the run of plain text up to the next byte that may start syntax. Those bytes
        // are ASCII, so the run ends on a character boundary.
        let run = bytes[i + 1..]
            .iter()
            .position(|b| matches!(b, b'{' | b'#' | b'@' | b'[' | b'<' | b'\\'))
            .map_or(raw.len(), |p| i + 1 + p);
        let run = if b.is_ascii() {
            run
        } else {
            run.max(i + utf8_len(b))
        };
        text.push_str(&raw[i..run]);
        i = run;
    }
    out.text = collapse_whitespace_owned(text);
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Length of a `[Title]` or `<Title>` reference at the start of `s` (Argdown rejects these
/// inside text), but not of a Markdown link `[text](url)`.
fn reference_at(s: &str) -> Option<usize> {
    let close = if s.starts_with('[') { ']' } else { '>' };
    let inner_len = s[1..].find([close, '\n', '[', '<'])?;
    if !s[1..].get(inner_len..)?.starts_with(close) || inner_len == 0 {
        return None;
    }
    let len = inner_len + 2;
    (!s[len..].starts_with('(')).then_some(len)
}

/// Returns the tag name and the byte length of `#tag` or `#(multi word tag)` at the start of `s`.
pub(crate) fn tag_at(s: &str) -> Option<(String, usize)> {
    let rest = s.strip_prefix('#')?;
    if let Some(inner) = rest.strip_prefix('(') {
        let close = inner.find(')')?;
        let name = collapse_whitespace(&inner[..close]);
        return (!name.is_empty()).then_some((name, close + 3));
    }
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| (rest[..len].to_string(), len + 1))
}

/// Byte index of the `}` that closes the `{` at `open`, skipping quoted strings.
pub(crate) fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'\\' => i += 1,
                b'"' | b'\'' => quote = Some(b),
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

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

fn merge(old: Value, new: Value) -> Value {
    match (old, new) {
        (Value::Object(mut a), Value::Object(b)) => {
            a.extend(b);
            Value::Object(a)
        }
        (_, new) => new,
    }
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
fn collapse_whitespace_owned(mut s: String) -> String {
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
    fn tags_mentions_and_data_are_taken_out_of_the_text() {
        let mut diags = Vec::new();
        let inline = parse_inline(
            "Cats  purr #pets #(small animals) like @[Dogs] {source: \"a b\", n: 2}",
            10,
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(inline.text, "Cats purr like @[Dogs]");
        let tags: Vec<_> = inline.tags.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(tags, ["pets", "small animals"]);
        assert_eq!(inline.mentions[0].title, "Dogs");
        assert_eq!(inline.data.unwrap().value["source"], "a b");
    }

    #[test]
    fn broken_yaml_is_an_error_at_the_data_block() {
        let mut diags = Vec::new();
        parse_inline("text {a: [1, 2}", 0, &mut diags);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].is_error());
    }

    #[test]
    fn braces_inside_quotes_do_not_close_data() {
        assert_eq!(matching_brace("{a: \"}\"} rest", 0), Some(7));
    }
}
