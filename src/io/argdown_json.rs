//! Export in the shape of Argdown 1.7.5's `argdown json`: `statements` and `arguments`
//! keyed by title, and `relations` as `{from, fromType, to, toType, relationType}`.
//!
//! Used to check cruxmap against Argdown and to feed tools built on Argdown's JSON. Owns
//! that mapping only.

use serde_json::{Map, Value, json};

use crate::model::*;

fn role_name(role: MemberRole) -> &'static str {
    match role {
        MemberRole::TopLevel => "top-level-statement",
        MemberRole::RelationTarget => "relation-statement",
        MemberRole::Premise => "premise",
        MemberRole::IntermediaryConclusion => "intermediary-conclusion",
        MemberRole::MainConclusion => "main-conclusion",
        MemberRole::ArgumentDescription => "argument-description",
    }
}

/// Argdown's `type` for a relation end: `equivalence-class`, `argument`, or `inference`
/// for an undercut of a reconstructed argument.
fn end_type(
    graph: &ArgumentGraph,
    id: ElementId,
    kind: RelationKind,
    is_target: bool,
) -> &'static str {
    match id {
        ElementId::Statement(_) => "equivalence-class",
        ElementId::Argument(a) => {
            if is_target && kind == RelationKind::Undercut && !graph.argument(a).pcs.is_empty() {
                "inference"
            } else {
                "argument"
            }
        }
    }
}

fn members(members: &[Member]) -> Value {
    Value::Array(
        members
            .iter()
            .map(|m| {
                let mut member = json!({
                    "type": "statement",
                    "role": role_name(m.role),
                    "startLine": m.location.line,
                    "startColumn": m.location.column,
                });
                // Argdown leaves `text` out for an occurrence that has none (a bare reference).
                if m.has_text {
                    member["text"] = m.text.clone().into();
                }
                member
            })
            .collect(),
    )
}

fn relation_json(graph: &ArgumentGraph, r: &RelationRef<'_>) -> Value {
    let kind = r.relation.kind;
    json!({
        "type": "relation",
        "relationType": kind.argdown_name(),
        "from": graph.title(r.from),
        "fromType": end_type(graph, r.from, kind, false),
        "to": graph.title(r.to),
        "toType": end_type(graph, r.to, kind, true),
    })
}

fn section_id(index: usize) -> String {
    format!("s{}", index + 1)
}

/// Writes `graph` as Argdown-compatible JSON.
pub fn write(graph: &ArgumentGraph) -> String {
    let relations: Vec<_> = graph.relations().collect();
    let mut statements = Map::new();
    for (id, s) in graph.statements() {
        let mut obj = Map::new();
        obj.insert("type".into(), "equivalence-class".into());
        obj.insert("title".into(), s.title.clone().into());
        obj.insert("text".into(), s.text().into());
        obj.insert("members".into(), members(&s.members));
        let own: Vec<_> = graph
            .relations_of(id.into())
            .map(|r| relation_json(graph, &r))
            .collect();
        obj.insert("relations".into(), Value::Array(own));
        if !s.tags.is_empty() {
            obj.insert("tags".into(), json!(s.tags));
        }
        if let Some(section) = s.section {
            obj.insert("section".into(), section_id(section).into());
        }
        if !s.data.is_empty() {
            obj.insert("data".into(), Value::Object(s.data.clone()));
        }
        statements.insert(s.title.clone(), Value::Object(obj));
    }
    let mut arguments = Map::new();
    for (id, a) in graph.arguments() {
        let mut obj = Map::new();
        obj.insert("type".into(), "argument".into());
        obj.insert("title".into(), a.title.clone().into());
        obj.insert("members".into(), members(&a.members));
        let pcs: Vec<_> = a
            .pcs
            .iter()
            .filter_map(|step| match step {
                PcsStep::Statement {
                    statement, role, ..
                } => Some(json!({
                    "type": "statement",
                    "title": graph.statement(*statement).title,
                    "role": role_name(*role),
                })),
                PcsStep::Inference { .. } => None,
            })
            .collect();
        obj.insert("pcs".into(), Value::Array(pcs));
        let own: Vec<_> = graph
            .relations_of(id.into())
            .map(|r| relation_json(graph, &r))
            .collect();
        obj.insert("relations".into(), Value::Array(own));
        if !a.tags.is_empty() {
            obj.insert("tags".into(), json!(a.tags));
        }
        if let Some(section) = a.section {
            obj.insert("section".into(), section_id(section).into());
        }
        if !a.data.is_empty() {
            obj.insert("data".into(), Value::Object(a.data.clone()));
        }
        arguments.insert(a.title.clone(), Value::Object(obj));
    }
    let sections: Vec<_> = graph
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "type": "section",
                "id": section_id(i),
                "title": s.title,
                "level": s.level,
                "parent": s.parent.map(section_id),
            })
        })
        .collect();
    let mut tags = Map::new();
    for (_, s) in graph.statements() {
        for t in &s.tags {
            tags.entry(t.clone()).or_insert_with(|| json!({"tag": t}));
        }
    }
    for (_, a) in graph.arguments() {
        for t in &a.tags {
            tags.entry(t.clone()).or_insert_with(|| json!({"tag": t}));
        }
    }
    let doc = json!({
        "arguments": arguments,
        "statements": statements,
        "relations": relations.iter().map(|r| relation_json(graph, r)).collect::<Vec<_>>(),
        "sections": sections,
        "tags": tags,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
