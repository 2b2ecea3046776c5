//! Writing a draft as Argdown: short readable titles, the tree as nested relations, every claim
//! with `{source, line, column, confidence}` data, and claim text escaped so it stays text.

use std::fmt::Write as _;

use super::decode::Kind;
use super::draft::Draft;

/// Words dropped from the start of a title: connectives say how a claim relates, not what
/// it says.
const LEADING: &[&str] = &[
    "but",
    "and",
    "so",
    "because",
    "since",
    "yet",
    "however",
    "still",
    "therefore",
    "thus",
    "hence",
    "also",
    "moreover",
    "furthermore",
    "besides",
    "admittedly",
    "indeed",
    "yes",
    "no",
    "well",
    "ok",
    "okay",
    "then",
    "of",
    "course",
    "after",
    "all",
    "though",
    "although",
    "while",
    "whereas",
    "as",
    "for",
    "first",
    "firstly",
    "second",
    "secondly",
    "finally",
    "nevertheless",
    "nonetheless",
    "granted",
    "sure",
    "clearly",
    "if",
    "even",
    "or",
    "that",
    "to",
    "be",
    "clear",
];

/// Words a title does not end with.
const TRAILING: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "that", "which", "is", "are", "be", "in", "on",
    "for", "with", "as", "by", "it", "its", "this", "these", "those", "but", "so", "at", "from",
    "than", "not", "very", "more", "will", "would", "can", "could", "should", "may", "might",
];

const TITLE_WORDS: usize = 6;

/// A short title for a claim: its first content words, without leading connectives.
pub fn title(text: &str) -> String {
    // Parenthetical remarks and leading numbering ("¶2", "3.") do not name a claim.
    let mut depth = 0usize;
    let mut words: Vec<&str> = Vec::new();
    for w in text.split_whitespace() {
        let opens = w.matches('(').count();
        let closes = w.matches(')').count();
        let inside = depth > 0 || w.starts_with('(');
        depth = (depth + opens).saturating_sub(closes);
        if inside {
            continue;
        }
        if words.is_empty() && !w.chars().any(char::is_alphabetic) || w.contains('\u{b6}') {
            continue;
        }
        words.push(w);
    }
    if words.is_empty() {
        words = text.split_whitespace().collect();
    }
    // Inner apostrophes and hyphens stay ("don't", "long-term"); at a word's ends they go, so
    // a title never starts with `-` (`<-…>` would read as an attack).
    let clean = |w: &str| -> String {
        let kept: String = w
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '\u{2019}'))
            .collect();
        kept.trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    let mut start = 0;
    while start < words.len().min(5)
        && LEADING.contains(&clean(words[start]).to_lowercase().as_str())
        && words.len() - start > 3
    {
        start += 1;
    }
    let mut picked: Vec<String> = Vec::new();
    for w in &words[start..] {
        // Addresses and long tokens make unreadable titles.
        if w.contains("://") || w.contains('/') || w.chars().count() > 24 {
            continue;
        }
        let c = clean(w);
        if !c.is_empty() {
            picked.push(c);
        }
        if picked.len() >= TITLE_WORDS
            || (picked.len() >= 3 && w.ends_with([',', ';', ':', '.', '?', '!']))
        {
            break;
        }
    }
    while picked.len() > 2
        && picked
            .last()
            .is_some_and(|w| TRAILING.contains(&w.to_lowercase().as_str()))
    {
        picked.pop();
    }
    let mut title = picked.join(" ");
    if let Some(first) = title.chars().next() {
        let upper: String = first.to_uppercase().collect();
        title.replace_range(..first.len_utf8(), &upper);
    }
    if title.is_empty() {
        title = "Claim".into();
    }
    title
}

/// Titles for all units, made unique (across drafts sharing `seen`) with a number where two
/// would be the same: in Argdown one title is one claim.
pub fn titles(draft: &Draft, seen: &mut foldhash::HashMap<String, usize>) -> Vec<String> {
    draft
        .units
        .iter()
        .map(|u| {
            let base = title(&u.text);
            let mut k = *seen.get(&base.to_lowercase()).unwrap_or(&0);
            let mut name = base.clone();
            while seen.contains_key(&name.to_lowercase()) {
                k += 1;
                name = format!("{base} {}", k + 1);
            }
            seen.insert(base.to_lowercase(), k);
            seen.insert(name.to_lowercase(), 0);
            name
        })
        .collect()
}

/// Escapes claim text for Argdown, as the Argdown writer does: a backslash before every
/// character that would start markup (a title, reference, tag, mention, data block, comment,
/// front matter or a leading relation symbol).
pub fn escape(text: &str) -> String {
    crate::io::argdown::escape_line(text)
}

/// A string as a double-quoted YAML (and JSON) scalar.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// Deepest nesting written before a claim's support moves to a block of its own.
const MAX_DEPTH: usize = 6;

/// Writes drafts, each with the name of the source it was extracted from, as one Argdown
/// document with a section per source.
pub fn write(drafts: &[(&str, &Draft)], trained_on: &str) -> String {
    let trained_on = clean_name(trained_on);
    let names: Vec<&str> = drafts.iter().map(|(s, _)| *s).collect();
    let header = format!(
        "// Draft map drafted by `cruxmap extract` from {}, with weights trained on\n\
         // {trained_on}. Each claim's data gives where it is in the source and how confident\n\
         // the parser is (0–1; what it means: docs/extraction.md, Confidence). Read it as a\n\
         // first draft to correct, not as a finished map.",
        clean_name(&names.join(", "))
    );
    write_with(drafts, &header, "Draft of")
}

fn write_with(drafts: &[(&str, &Draft)], header: &str, heading: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{header}");
    let mut seen = foldhash::HashMap::default();
    for (source, draft) in drafts {
        write_one(&mut out, draft, &clean_name(source), heading, &mut seen);
    }
    out
}

/// A gold file of the microtext corpus as an Argdown map: its units as claims (with the
/// line of their `edu` element and confidence 1), its relations, its roles.
pub fn from_microtext(
    file: &crate::io::microtext::MicroText,
    name: &str,
) -> Result<String, crate::io::microtext::StructureError> {
    use super::decode::Tree;
    let structure = file.structure()?;
    let position = |edus: &[String]| {
        edus.first()
            .and_then(|e| file.edus.iter().position(|(id, _)| id == e))
            .and_then(|k| file.edu_positions.get(k))
            .map_or((0, 0), |&(l, c)| (l as usize, c as usize))
    };
    let units = structure
        .texts
        .iter()
        .zip(&structure.edus)
        .map(|(text, edus)| {
            let (line, column) = position(edus);
            super::draft::Unit {
                text: text.clone(),
                span: super::segment::Span { start: 0, end: 0 },
                line,
                column,
                quoted: false,
                item: None,
                repeats: 0,
                kind: None,
                post: None,
            }
        })
        .collect();
    // The roles as annotated, not as the relations imply (the two agree in a valid file).
    let tree = Tree {
        opponent: structure.opponent.clone(),
        ..super::parser::gold_tree(&structure)
    };
    let draft = Draft {
        units,
        tree,
        repeated_sentences: 0,
        extra: Vec::new(),
    };
    let name = clean_name(name);
    let header = format!(
        "// {name}: a text of the argumentative microtext corpus (Peldszus & Stede 2015){}.\n\
         // Each claim's data gives the line of its unit in the XML file.",
        file.topic
            .as_deref()
            .map(|t| format!(", topic {t}"))
            .unwrap_or_default()
    );
    Ok(write_with(&[(&name, &draft)], &header, "Microtext"))
}

fn write_one(
    out: &mut String,
    draft: &Draft,
    source: &str,
    heading: &str,
    seen: &mut foldhash::HashMap<String, usize>,
) {
    let titles = titles(draft, seen);
    let n = draft.units.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut undercut = vec![false; n];
    for (u, t) in draft.tree.target.iter().enumerate() {
        if let Some((p, kind)) = *t {
            children[p].push(u);
            if kind == Kind::Undercut && draft.tree.target[p].is_some() {
                undercut[p] = true;
            }
        }
    }
    if draft.repeated_sentences > 0 {
        let _ = writeln!(
            out,
            "\n// {source}: {} repeated sentence(s) were left out; `repeats` counts them on the\n\
             // first copy.",
            draft.repeated_sentences
        );
    }
    let _ = writeln!(out, "\n# {heading} {}\n", escape(source));
    let name = |u: usize| {
        if undercut[u] {
            format!("<{}>", titles[u])
        } else {
            format!("[{}]", titles[u])
        }
    };
    let element = |u: usize| -> String {
        let unit = &draft.units[u];
        let mut tags = String::new();
        if draft.tree.opponent[u] {
            tags.push_str(" #opponent");
        }
        if unit.quoted {
            tags.push_str(" #quoted");
        }
        // In a thread, the source is the post's author (the file when the post names none).
        let who = unit
            .post
            .as_ref()
            .and_then(|p| p.author.as_deref())
            .unwrap_or(source);
        let mut data = format!(
            "source: {}, line: {}, column: {}, confidence: {:.2}, role: {}",
            quoted(&clean_name(who)),
            unit.line,
            unit.column,
            draft.tree.confidence[u],
            if draft.tree.opponent[u] {
                "opponent"
            } else {
                "proponent"
            },
        );
        if u == draft.tree.root {
            data.push_str(", central: true");
        }
        if let Some(post) = &unit.post {
            let _ = write!(data, ", post: {}", quoted(&clean_name(&post.id)));
            if post.author.is_some() {
                let _ = write!(data, ", file: {}", quoted(source));
            }
        }
        if let Some(kind) = unit.kind {
            let _ = write!(data, ", kind: {}", quoted(kind));
        }
        if let Some(item) = &unit.item {
            let _ = write!(data, ", item: {}", quoted(item));
        }
        if unit.repeats > 0 {
            let _ = write!(data, ", repeats: {}", unit.repeats);
        }
        format!("{}: {}{tags} {{{data}}}", name(u), escape(&unit.text))
    };
    let symbol = |u: usize| match draft.tree.target[u] {
        Some((p, Kind::Undercut)) if draft.tree.target[p].is_some() => "<_",
        Some((_, Kind::Rebut | Kind::Undercut)) => "<-",
        _ => "<+",
    };
    // Blocks: the central claim first, then claims whose support was too deep to nest, then
    // any claim not reached from the central claim (only in inputs that are not one tree).
    let mut written = vec![false; n];
    let mut blocks = if n > 0 {
        vec![draft.tree.root]
    } else {
        Vec::new()
    };
    let mut k = 0;
    let mut next_unwritten = 0;
    loop {
        if k == blocks.len() {
            while next_unwritten < n && written[next_unwritten] {
                next_unwritten += 1;
            }
            if next_unwritten == n {
                break;
            }
            blocks.push(next_unwritten);
        }
        let top = blocks[k];
        k += 1;
        if written[top] {
            continue;
        }
        written[top] = true;
        let _ = writeln!(out, "{}", element(top));
        let mut stack: Vec<(usize, usize)> = children[top].iter().rev().map(|&c| (c, 1)).collect();
        while let Some((u, depth)) = stack.pop() {
            let indent = "    ".repeat(depth);
            if written[u] || (depth >= MAX_DEPTH && !children[u].is_empty()) {
                let _ = writeln!(out, "{indent}{} {}", symbol(u), name(u));
                if !written[u] {
                    blocks.push(u);
                }
                continue;
            }
            written[u] = true;
            let _ = writeln!(out, "{indent}{} {}", symbol(u), element(u));
            stack.extend(children[u].iter().rev().map(|&c| (c, depth + 1)));
        }
        out.push('\n');
    }
    for &(from, to, kind) in &draft.extra {
        let symbol = if kind == Kind::Support { "<+" } else { "<-" };
        let _ = writeln!(out, "{}\n    {symbol} {}\n", name(to), name(from));
    }
}

/// A file name fit for a comment, a heading and a YAML string: no control characters.
fn clean_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_never_start_or_end_with_a_hyphen_or_apostrophe() {
        let t = title("-ll the story, I prefer");
        assert!(t.starts_with("Ll the story"), "{t}");
        assert_eq!(title("'tis long-term don't-"), "Tis long-term don't");
    }

    #[test]
    fn titles_skip_connectives_and_stop_at_a_clause() {
        assert_eq!(
            title("But still Germany produces way too much rubbish and too many"),
            "Germany produces way too much rubbish"
        );
        assert_eq!(
            title("Of course, it's annoying, really."),
            "It's annoying really"
        );
        assert_eq!(title("[x] <y> #z"), "X y z");
        assert_eq!(title("!!!"), "Claim");
        assert_eq!(
            title("\u{b6}2 (orig. para 2) \u{2014} Some expect progress in small steps"),
            "Some expect progress in small steps"
        );
    }

    #[test]
    fn escaping_keeps_markup_as_text() {
        assert_eq!(
            escape("a [b] <c> #d {e} @f // g /* h"),
            "a \\[b\\] \\<c\\> \\#d \\{e\\} \\@f \\/\\/ g \\/\\* h"
        );
        // Parentheses stay readable, except where `(1)` would number a premise.
        assert_eq!(escape("(1) a (b) #(c) ==="), "\\(1) a (b) \\#(c) \\===");
        assert_eq!(escape("x \\(y"), "x \\\\(y");
    }
}
