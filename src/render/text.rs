//! Text helpers shared by renderers: word wrapping and escaping for markup targets.
//!
//! Claim text is data, never markup: everything drawn goes through these escapes.

/// The text to draw in a claim's box: its text without the run of `#tags` that ends it.
///
/// Argdown keeps tags in a claim's text, and so does cruxmap, so no word written inside a
/// sentence is lost; tags written after the claim are labels, which the box shows by its
/// colour and the legend, so repeating them as text only crowds the box. A text that is
/// nothing but tags is kept whole.
pub fn box_text(text: &str) -> &str {
    let mut end = text.len();
    loop {
        let head = text[..end].trim_end();
        let cut = if head.ends_with(')') {
            // `#(multi word tag)`
            head.rfind("#(").filter(|&p| !head[p..].contains('\n'))
        } else {
            head.rfind(char::is_whitespace)
                .map_or(Some(0), |p| Some(p + 1))
                .filter(|&p| head[p..].starts_with('#') && head.len() > p + 1)
        };
        match cut {
            Some(p) if p == 0 || head[..p].ends_with(char::is_whitespace) => {
                if head[..p].trim_end().is_empty() {
                    return text.trim_end();
                }
                end = p;
            }
            _ => return head,
        }
    }
}

/// Wraps `text` into lines of at most `width` characters, breaking at spaces; a word longer
/// than `width` is split. Returns at most `max_lines` lines, the last ending in `…` if cut.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if line_len > 0 {
                lines.push(std::mem::take(&mut line));
                line_len = 0;
            }
            lines.push(word.drain(..width).collect());
        }
        if word.is_empty() {
            continue;
        }
        if line_len > 0 && line_len + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
            line_len = 0;
        }
        if line_len > 0 {
            line.push(' ');
            line_len += 1;
        }
        line.extend(word.iter());
        line_len += word.len();
    }
    if line_len > 0 {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(width.saturating_sub(1));
            *last = chars.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

/// Escapes text for XML and HTML (element content and quoted attributes), dropping
/// control characters that XML 1.0 forbids.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a Graphviz HTML-like label: as [`escape_xml`], plus `\` doubled (Graphviz
/// expands `\N`, `\G`, `\E` … in the text of HTML labels too, and reads `\\` as one `\`)
/// and `[` `]` as character references (a label holding only `]` after a line break drew
/// nothing).
pub fn escape_dot_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_xml(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` without control characters (tab and line breaks become spaces), as drawn.
pub fn drop_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect::<String>()
        .into()
}

/// Quotes text as a DOT string: `"` and `\` escaped, line breaks as `\n`, control
/// characters dropped, and `&` as `&amp;` (Graphviz reads entities such as `&amp;` in every
/// string, so a literal `&amp;` in claim text would lose its `amp;`).
pub fn quote_dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Quotes text as a DOT string for an attribute that Graphviz unescapes twice, such as
/// `tooltip`: each `\` is written four times, so `\N` stays `\N` instead of becoming the
/// node's name.
pub fn quote_dot_twice(text: &str) -> String {
    quote_dot(&text.replace('\\', "\\\\"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_text_drops_only_the_tags_that_end_the_text() {
        assert_eq!(
            box_text("Trees cool streets. #urban #(heat risk)"),
            "Trees cool streets."
        );
        assert_eq!(
            box_text("A tag #in-the-middle of its text #end"),
            "A tag #in-the-middle of its text"
        );
        assert_eq!(box_text("#only #tags"), "#only #tags");
        assert_eq!(box_text("no tags here"), "no tags here");
        assert_eq!(box_text("price is 5#"), "price is 5#");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("aa bb cc", 5, 10), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3, 10), ["abc", "def", "gh"]);
        assert_eq!(wrap("a b c d e f", 1, 2), ["a", "…"]);
        assert!(wrap("", 5, 3).is_empty());
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(escape_xml("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(quote_dot("say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"");
        assert_eq!(quote_dot_twice("\\N"), "\"\\\\\\\\N\"");
        assert_eq!(escape_dot_html("]\\G<"), "&#93;\\\\G&lt;");
        assert_eq!(drop_controls("a\x1bb\tc"), "ab c");
    }
}
