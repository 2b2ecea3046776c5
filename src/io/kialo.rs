//! Kialo's discussion export (the text file Kialo writes): a `Discussion Title:` line, then
//! claims numbered `1.`, `1.1.`, `1.1.2.`…, each below the thesis marked `Pro:` or `Con:`,
//! with text running on over following lines. A claim `-> See 1.2.3.` is a link: the claim
//! numbered 1.2.3 is also a reason here, so one statement gets several relations.
//! Kialo escapes Markdown characters with a backslash; reading removes those backslashes.
//!
//! Owns the mapping from Kialo text to the model; read only.

use foldhash::HashMap;
use serde_json::{Map, Value, json};

use super::map::{Titles, statement};
use crate::model::{ArgumentGraph, Relation, RelationKind, StatementId};

/// A Kialo export that cannot be read, at a line.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[error("line {line}: {message}")]
pub struct KialoError {
    /// Line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

impl KialoError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.hint
    }
}

fn fail(line: usize, message: impl Into<String>, hint: &'static str) -> KialoError {
    KialoError {
        line,
        message: message.into(),
        hint,
    }
}

/// Whether `text` looks like a Kialo export.
pub fn is_kialo(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("Discussion Title:")
}

/// One numbered claim as written.
struct Claim {
    number: String,
    /// The number of its parent (`None` for a thesis).
    parent: Option<String>,
    kind: Option<RelationKind>,
    lines: Vec<String>,
    line: usize,
}

/// `1.2.3. rest` → (`1.2.3.`, `rest`).
fn numbered(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut parts = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || bytes.get(i) != Some(&b'.') {
            break;
        }
        i += 1;
        parts += 1;
    }
    // After the last `n.` comes a space or the end.
    let end = line[..i].rfind('.').map_or(0, |p| p + 1);
    if parts == 0 || end == 0 || !matches!(bytes.get(end), None | Some(b' ')) {
        return None;
    }
    Some((&line[..end], line[end..].trim_start()))
}

/// Removes Kialo's backslash escapes: `\x` is `x`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(next) = chars.next()
        {
            out.push(next);
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a Kialo discussion export.
pub fn read(text: &str) -> Result<ArgumentGraph, KialoError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut title = None;
    let mut claims: Vec<Claim> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    // Children seen so far, by parent number ("" for theses).
    let mut children: HashMap<String, usize> = HashMap::default();
    for (k, raw) in text.lines().enumerate() {
        let line_no = k + 1;
        let line = raw.trim_end();
        if title.is_none() && claims.is_empty() {
            if let Some(t) = line.trim_start().strip_prefix("Discussion Title:") {
                title = Some(unescape(t.trim()));
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
        }
        if let Some((number, rest)) = numbered(line) {
            if index.contains_key(number) {
                return Err(fail(
                    line_no,
                    format!("claim {number} is numbered twice"),
                    "give each claim its own number",
                ));
            }
            let head = &number[..number.len() - 1];
            let parent = head.rfind('.').map(|p| head[..=p].to_string());
            let position: usize = head[head.rfind('.').map_or(0, |p| p + 1)..]
                .parse()
                .unwrap_or(0);
            let key = parent.clone().unwrap_or_default();
            if let Some(p) = &parent
                && !index.contains_key(p)
            {
                return Err(fail(
                    line_no,
                    format!("claim {number} comes before its parent {p}"),
                    "number claims in the order Kialo exports them: each below its parent",
                ));
            }
            let expected = children.get(&key).copied().unwrap_or(0) + 1;
            if position != expected {
                return Err(fail(
                    line_no,
                    format!(
                        "claim {number} should be numbered {}{expected}.",
                        parent.as_deref().unwrap_or("")
                    ),
                    "Kialo numbers the claims below a parent 1., 2., 3. without gaps",
                ));
            }
            children.insert(key, expected);
            let (kind, rest) = match (parent.is_some(), rest.split_once(':')) {
                (true, Some(("Pro", rest))) => (Some(RelationKind::Support), rest.trim_start()),
                (true, Some(("Con", rest))) => (Some(RelationKind::Attack), rest.trim_start()),
                (true, _) => {
                    return Err(fail(
                        line_no,
                        format!("claim {number} is marked neither `Pro:` nor `Con:`"),
                        "write `Pro:` or `Con:` after the number of every claim below the thesis",
                    ));
                }
                (false, _) => (None, rest),
            };
            index.insert(number.to_string(), claims.len());
            claims.push(Claim {
                number: number.to_string(),
                parent,
                kind,
                lines: vec![rest.to_string()],
                line: line_no,
            });
        } else if let Some(last) = claims.last_mut() {
            last.lines.push(line.trim().to_string());
        } else if !line.trim().is_empty() {
            return Err(fail(
                line_no,
                "text before the first numbered claim",
                "a Kialo export starts with `Discussion Title:` and then claim `1.`",
            ));
        }
    }
    if claims.is_empty() {
        return Err(fail(
            1,
            "no numbered claims",
            "a Kialo export lists its claims as `1.`, `1.1. Pro: …`",
        ));
    }
    // Texts: lines joined, blank lines at the end dropped; links resolved.
    let texts: Vec<String> = claims
        .iter()
        .map(|c| {
            let mut lines: Vec<&str> = c.lines.iter().map(String::as_str).collect();
            while lines.last().is_some_and(|l| l.is_empty()) {
                lines.pop();
            }
            lines.join("\n")
        })
        .collect();
    let link = |k: usize| -> Option<&str> {
        let t = texts[k].trim();
        let target = t.strip_prefix("-> See ")?.trim();
        Some(target)
    };
    // Each claim's statement: its own, or (for a link) the one it points to.
    let mut resolved: Vec<Option<usize>> = vec![None; claims.len()];
    for k in 0..claims.len() {
        let mut at = k;
        let mut hops = 0;
        while let Some(target) = link(at) {
            let target = if target.ends_with('.') {
                target.to_string()
            } else {
                format!("{target}.")
            };
            at = *index.get(&target).ok_or_else(|| {
                fail(
                    claims[k].line,
                    format!(
                        "claim {} links to {target}, which the file does not have",
                        claims[k].number
                    ),
                    "a `-> See` link names the number of another claim in the file",
                )
            })?;
            hops += 1;
            if hops > claims.len() {
                return Err(fail(
                    claims[k].line,
                    format!("claim {} links in a circle", claims[k].number),
                    "a `-> See` link must end at a claim with text",
                ));
            }
        }
        resolved[k] = Some(at);
    }
    let mut graph = ArgumentGraph::with_capacity(claims.len(), claims.len());
    if let Some(t) = title {
        graph.front_matter.insert("title".into(), Value::String(t));
    }
    let mut titles = Titles::default();
    let mut ids: Vec<Option<StatementId>> = vec![None; claims.len()];
    for (k, c) in claims.iter().enumerate() {
        if link(k).is_some() {
            continue;
        }
        let text = unescape(&texts[k]);
        let mut data = Map::new();
        data.insert("kialo".into(), json!(c.number));
        let s = statement(titles.for_text(&text, "Claim"), &text, data, c.line as u32);
        // Titles are unique by construction.
        let id = graph
            .add_statement(s)
            .map_err(|e| fail(c.line, e.to_string(), "report this as a bug"))?;
        ids[k] = Some(id);
    }
    for (k, c) in claims.iter().enumerate() {
        let (Some(parent), Some(kind)) = (&c.parent, c.kind) else {
            continue;
        };
        let from = resolved[k].and_then(|r| ids[r]);
        let to = resolved[index[parent]].and_then(|r| ids[r]);
        if let (Some(from), Some(to)) = (from, to) {
            if from == to {
                return Err(fail(
                    c.line,
                    format!("claim {} links to the claim it is a reason for", c.number),
                    "a claim cannot be a reason for itself",
                ));
            }
            graph.add_relation(
                from.into(),
                to.into(),
                Relation {
                    kind,
                    location: None,
                },
            );
        }
    }
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_only_at_the_start_of_a_claim() {
        assert_eq!(numbered("1.2.3. Pro: x"), Some(("1.2.3.", "Pro: x")));
        assert_eq!(numbered("1."), Some(("1.", "")));
        assert_eq!(numbered("3.5 percent"), None);
        assert_eq!(numbered("Pro: x"), None);
    }

    #[test]
    fn malformed_exports_name_the_line() {
        let err = |t: &str| read(t).unwrap_err().to_string();
        assert_eq!(
            err("Discussion Title: t\n\n1. a\n1.2. Pro: b"),
            "line 4: claim 1.2. should be numbered 1.1."
        );
        assert_eq!(
            err("Discussion Title: t\n\n1. a\n1.1. Pro: b\n1.1. Con: c"),
            "line 5: claim 1.1. is numbered twice"
        );
        assert_eq!(
            err("Discussion Title: t\n\n1. a\n1.1. Pro: -> See 1.4."),
            "line 4: claim 1.1. links to 1.4., which the file does not have"
        );
        assert_eq!(
            err("Discussion Title: t\n\n1. a\n1.1. b"),
            "line 4: claim 1.1. is marked neither `Pro:` nor `Con:`"
        );
    }
}
