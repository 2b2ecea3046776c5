//! A microtext corpus file as a map: each argumentative unit a claim, its relation to its
//! target a support, attack or undercut.
//!
//! Owns the mapping from [`MicroText`] to the model; the XML itself is `microtext`'s.

use serde_json::{Map, Value, json};

use super::map::{Titles, argument, statement};
use super::microtext::{Function, MicroText, StructureError};
use crate::model::{ArgumentGraph, ElementId, Relation, RelationKind, Section};

/// Builds the map of `file`: units as statements (an undercut unit as an argument, since
/// an undercut attacks an inference), tagged `#opponent` for the opponent's role, with the
/// line and column of their first `edu` element as data.
pub fn to_graph(file: &MicroText, name: &str) -> Result<ArgumentGraph, StructureError> {
    let structure = file.structure()?;
    let n = structure.len();
    // A unit whose own relation to its target is undercut speaks as an argument.
    let mut undercut = vec![false; n];
    for t in &structure.target {
        if let Some((p, Function::Undercut)) = *t
            && structure.target[p].is_some()
        {
            undercut[p] = true;
        }
    }
    let mut graph = ArgumentGraph::with_capacity(n, n);
    graph.sections.push(Section {
        title: format!("Microtext {}", file.id),
        level: 1,
        parent: None,
        tags: Default::default(),
        data: Map::from_iter([("source".to_string(), Value::String(name.to_string()))]),
        location: Default::default(),
    });
    let central = structure.central_claim();
    let mut titles = Titles::default();
    let mut ids = Vec::with_capacity(n);
    #[expect(clippy::needless_range_loop, reason = "u indexes five parallel lists")]
    for u in 0..n {
        let text = &structure.texts[u];
        let (line, column) = structure.edus[u]
            .first()
            .and_then(|e| file.edus.iter().position(|(id, _)| id == e))
            .and_then(|k| file.edu_positions.get(k))
            .copied()
            .unwrap_or((0, 0));
        let mut data = Map::new();
        data.insert("unit".into(), json!(structure.ids[u]));
        data.insert("line".into(), json!(line));
        data.insert("column".into(), json!(column));
        let role = if structure.opponent[u] {
            "opponent"
        } else {
            "proponent"
        };
        data.insert("role".into(), json!(role));
        if Some(u) == central {
            data.insert("central".into(), json!(true));
        }
        let title = titles.for_text(text, "Unit");
        let id: ElementId = if undercut[u] {
            let mut a = argument(title, text, data, line);
            a.section = Some(0);
            if structure.opponent[u] {
                a.tags.insert("opponent".into());
            }
            // Titles are unique by construction.
            graph
                .add_argument(a)
                .map_err(|e| StructureError(e.to_string()))?
                .into()
        } else {
            let mut s = statement(title, text, data, line);
            s.section = Some(0);
            if structure.opponent[u] {
                s.tags.insert("opponent".into());
            }
            graph
                .add_statement(s)
                .map_err(|e| StructureError(e.to_string()))?
                .into()
        };
        ids.push(id);
    }
    for (u, t) in structure.target.iter().enumerate() {
        let Some((p, function)) = *t else { continue };
        let kind = match function {
            Function::Support => RelationKind::Support,
            Function::Rebut => RelationKind::Attack,
            Function::Undercut if undercut[p] => RelationKind::Undercut,
            Function::Undercut => RelationKind::Attack,
        };
        graph.add_relation(
            ids[u],
            ids[p],
            Relation {
                kind,
                location: None,
            },
        );
    }
    Ok(graph)
}
