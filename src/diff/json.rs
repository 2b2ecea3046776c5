//! The JSON form of a diff (schema in `docs/diff.md`): complete enough to apply the diff
//! to the old map's content ([`super::apply`]).

use serde_json::{Value, json};

use super::{GraphDiff, RelationDiff};

/// The diff as a JSON document.
pub fn to_json(d: &GraphDiff) -> Value {
    let claims: Vec<Value> = d
        .claims
        .iter()
        .map(|c| {
            let change = match (&c.old, &c.new) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            let mut item = json!({
                "change": change,
                "old": c.old,
                "new": c.new,
                "renamed": c.renamed,
                "reworded": c.reworded,
                "tags_removed": c.tags_removed,
                "tags_added": c.tags_added,
                "moved": c.moved.as_ref().map(|(a, b)| json!({"old": a, "new": b})),
            });
            if let Some(raw) = &c.name_in_old {
                item["name_in_old"] = json!(raw);
            }
            if change == "added" {
                item["text"] = json!(c.text);
                item["section"] = json!(c.section);
            }
            item
        })
        .collect();
    let relations: Vec<Value> = d
        .relations
        .iter()
        .map(|r| match r {
            RelationDiff::Added { from, to, kind } => {
                json!({"change": "added", "from": from, "to": to, "type": kind})
            }
            RelationDiff::Removed { from, to, kind } => {
                json!({"change": "removed", "from": from, "to": to, "type": kind})
            }
            RelationDiff::Retyped { from, to, old, new } => json!(
                {"change": "retyped", "from": from, "to": to, "old_type": old, "type": new}
            ),
            RelationDiff::Repointed {
                from,
                old_to,
                new_to,
                kind,
            } => json!(
                {"change": "repointed", "from": from, "old_to": old_to, "to": new_to, "type": kind}
            ),
        })
        .collect();
    json!({
        "cruxmap_diff": 1,
        "equal": d.is_empty(),
        "claims": claims,
        "relations": relations,
        "renumbered": d.renumbered.iter().map(|(a, b)| json!({"old": a, "new": b})).collect::<Vec<_>>(),
        "labels": d.labels.iter().map(|l| json!(
            {"claim": l.claim, "old": l.old.name(), "new": l.new.name()}
        )).collect::<Vec<_>>(),
        "rests_on": d.rests_on.iter().map(|r| json!(
            {"claim": r.claim, "gained": r.gained, "lost": r.lost}
        )).collect::<Vec<_>>(),
        "cruxes": d.cruxes.iter().map(|c| json!(
            {"conclusion": c.conclusion, "appeared": c.appeared, "disappeared": c.disappeared}
        )).collect::<Vec<_>>(),
    })
}
