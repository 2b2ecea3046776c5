//! Applying a JSON diff to a map's content: what a diff compares (claims by name with their
//! words, tags and section; relations by names and kind), so that
//! `apply(content(old), to_json(diff(old, new))) == content(new)` can be checked.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::{Side, section_path};
use crate::analysis::Dialectic;
use crate::model::ArgumentGraph;

/// What a diff sees of one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimContent {
    /// Its words, separated by single spaces.
    pub text: String,
    /// Its tags.
    pub tags: BTreeSet<String>,
    /// Its heading path.
    pub section: String,
}

/// What a diff sees of a map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    /// Claims by `[Title]`/`<Title>`.
    pub claims: BTreeMap<String, ClaimContent>,
    /// Relations as (from, to, kind).
    pub relations: BTreeSet<(String, String, String)>,
}

/// A diff that does not apply to a content.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("the diff does not apply: {0}")]
pub struct PatchError(pub String);

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The content of a map.
pub fn content(graph: &ArgumentGraph) -> Content {
    let side = Side {
        graph,
        view: Dialectic::new(graph),
    };
    let mut out = Content::default();
    for c in 0..side.view.len() as u32 {
        let id = side.view.element(c);
        out.claims.insert(
            side.name(c),
            ClaimContent {
                text: words(graph.text(id)),
                tags: graph.tags(id).iter().cloned().collect(),
                section: section_path(graph, id),
            },
        );
    }
    for (a, b, kind) in side.links() {
        out.relations
            .insert((side.name(a), side.name(b), kind.to_string()));
    }
    out
}

fn string(v: &Value, key: &str) -> Result<String, PatchError> {
    v[key]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| PatchError(format!("`{key}` missing in {v}")))
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Applies a diff in JSON form ([`super::to_json`]) to `old`.
pub fn apply(old: &Content, diff: &Value) -> Result<Content, PatchError> {
    let empty = Vec::new();
    let claims = diff["claims"].as_array().unwrap_or(&empty);
    let mut rename: HashMap<String, String> = HashMap::new();
    let mut removed = BTreeSet::new();
    let mut changed: HashMap<String, &Value> = HashMap::new();
    for c in claims {
        match c["change"].as_str() {
            Some("removed") => {
                let shown = string(c, "old")?;
                if c["name_in_old"].is_string() {
                    // Relations name it as shown; the old content by its own name.
                    let raw = string(c, "name_in_old")?;
                    rename.insert(raw.clone(), shown);
                    removed.insert(raw);
                } else {
                    removed.insert(shown);
                }
            }
            Some("changed") => {
                let (o, n) = (string(c, "old")?, string(c, "new")?);
                rename.insert(o.clone(), n);
                changed.insert(o, c);
            }
            _ => {}
        }
    }
    for r in diff["renumbered"].as_array().unwrap_or(&empty) {
        rename.insert(string(r, "old")?, string(r, "new")?);
    }
    let mut out = Content::default();
    for (name, claim) in &old.claims {
        if removed.contains(name) {
            continue;
        }
        let mut claim = claim.clone();
        if let Some(c) = changed.get(name) {
            if let Some(edits) = c["reworded"].as_array() {
                let kept: Vec<&str> = edits
                    .iter()
                    .filter(|e| e["op"] != "deleted")
                    .filter_map(|e| e["text"].as_str())
                    .collect();
                claim.text = words(&kept.join(" "));
            }
            for t in strings(c, "tags_removed") {
                claim.tags.remove(&t);
            }
            claim.tags.extend(strings(c, "tags_added"));
            if c["moved"].is_object() {
                claim.section = string(&c["moved"], "new")?;
            }
        }
        let name = rename.get(name).cloned().unwrap_or_else(|| name.clone());
        if out.claims.insert(name.clone(), claim).is_some() {
            return Err(PatchError(format!("two claims would be named {name}")));
        }
    }
    for c in claims.iter().filter(|c| c["change"] == "added") {
        let name = string(c, "new")?;
        let claim = ClaimContent {
            text: words(&string(c, "text")?),
            tags: strings(c, "tags_added").into_iter().collect(),
            section: string(c, "section")?,
        };
        if out.claims.insert(name.clone(), claim).is_some() {
            return Err(PatchError(format!("added claim {name} exists already")));
        }
    }
    let rn = |n: &String| rename.get(n).cloned().unwrap_or_else(|| n.clone());
    out.relations = old
        .relations
        .iter()
        .map(|(a, b, k)| (rn(a), rn(b), k.clone()))
        .collect();
    for r in diff["relations"].as_array().unwrap_or(&empty) {
        let (from, to, kind) = (string(r, "from")?, string(r, "to")?, string(r, "type")?);
        let take = |out: &mut Content, rel: (String, String, String)| {
            if out.relations.remove(&rel) {
                Ok(())
            } else {
                Err(PatchError(format!(
                    "no relation {} {} {} to remove",
                    rel.0, rel.2, rel.1
                )))
            }
        };
        match r["change"].as_str() {
            Some("added") => {
                out.relations.insert((from, to, kind));
            }
            Some("removed") => take(&mut out, (from, to, kind))?,
            Some("retyped") => {
                take(&mut out, (from.clone(), to.clone(), string(r, "old_type")?))?;
                out.relations.insert((from, to, kind));
            }
            Some("repointed") => {
                take(&mut out, (from.clone(), string(r, "old_to")?, kind.clone()))?;
                out.relations.insert((from, to, kind));
            }
            other => return Err(PatchError(format!("unknown relation change {other:?}"))),
        }
    }
    Ok(out)
}
