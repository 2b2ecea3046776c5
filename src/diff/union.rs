//! The union of two versions of a map, for drawing a diff: the new map plus what the old
//! one had and the new one lost, each claim and relation marked added, removed or changed.

use std::collections::HashMap;

use super::{ClaimDiff, GraphDiff, RelationDiff, diff, heading_path};
use crate::analysis::resolve::element_ref;
use crate::model::{ArgumentGraph, ElementId, Relation, RelationKind};

/// How a drawn item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// Only in the new map.
    Added,
    /// Only in the old map.
    Removed,
    /// In both, changed.
    Changed,
}

/// The union of two maps with every change marked.
#[derive(Clone, Debug)]
pub struct Union {
    /// The new map plus removed claims (titles suffixed ` (removed)` where they would
    /// clash) and removed relations.
    pub graph: ArgumentGraph,
    /// Changed claims.
    pub claims: HashMap<ElementId, Change>,
    /// Changed relations, by their two ends.
    pub relations: HashMap<(ElementId, ElementId), Change>,
    /// The diff it was built from.
    pub diff: GraphDiff,
}

/// Builds the union of `old` and `new`.
///
/// # Complexity
/// That of [`diff`], plus a copy of the new map.
pub fn union(old: &ArgumentGraph, new: &ArgumentGraph) -> Union {
    let d = diff(old, new);
    let mut graph = new.clone();
    let mut by_new_name: HashMap<String, ElementId> = HashMap::new();
    for (id, _) in graph.statements() {
        by_new_name.insert(element_ref(&graph, id.into()), id.into());
    }
    for (id, _) in graph.arguments() {
        by_new_name.insert(element_ref(&graph, id.into()), id.into());
    }
    // Old names → union elements: matched claims keep their new element.
    let mut by_old_name: HashMap<String, ElementId> = HashMap::new();
    for c in &d.claims {
        if let (Some(o), Some(n)) = (&c.old, &c.new)
            && let Some(&id) = by_new_name.get(n)
        {
            by_old_name.insert(o.clone(), id);
        }
    }
    let mut claims = HashMap::new();
    for c in &d.claims {
        match c {
            ClaimDiff {
                old: None,
                new: Some(n),
                ..
            } => {
                if let Some(&id) = by_new_name.get(n) {
                    claims.insert(id, Change::Added);
                }
            }
            ClaimDiff {
                old: Some(o),
                new: None,
                name_in_old,
                ..
            } => {
                let raw = name_in_old.as_deref().unwrap_or(o);
                if let Some(id) = insert_removed(&mut graph, old, new, raw) {
                    by_old_name.insert(o.clone(), id);
                    claims.insert(id, Change::Removed);
                }
            }
            ClaimDiff { new: Some(n), .. } => {
                if let Some(&id) = by_new_name.get(n) {
                    claims.insert(id, Change::Changed);
                }
            }
            _ => {}
        }
    }
    // Old names of claims that did not change at all are their new names.
    let old_end = |name: &str, by_old_name: &HashMap<String, ElementId>| {
        by_old_name
            .get(name)
            .or_else(|| by_new_name.get(name))
            .copied()
    };
    let mut relations = HashMap::new();
    for r in &d.relations {
        match r {
            RelationDiff::Added { from, to, .. } => {
                if let (Some(&a), Some(&b)) = (by_new_name.get(from), by_new_name.get(to)) {
                    relations.insert((a, b), Change::Added);
                }
            }
            RelationDiff::Retyped { from, to, .. } => {
                if let (Some(&a), Some(&b)) = (by_new_name.get(from), by_new_name.get(to)) {
                    relations.insert((a, b), Change::Changed);
                }
            }
            RelationDiff::Removed { from, to, kind } => {
                if let (Some(a), Some(b)) = (old_end(from, &by_old_name), old_end(to, &by_old_name))
                    && let Some(kind) = RelationKind::from_argdown_name(kind)
                {
                    graph.add_relation(
                        a,
                        b,
                        Relation {
                            kind,
                            location: None,
                        },
                    );
                    relations.insert((a, b), Change::Removed);
                }
            }
            RelationDiff::Repointed {
                from,
                old_to,
                new_to,
                kind,
            } => {
                if let (Some(&a), Some(&b)) = (by_new_name.get(from), by_new_name.get(new_to)) {
                    relations.insert((a, b), Change::Changed);
                    if let (Some(c), Some(kind)) = (
                        old_end(old_to, &by_old_name),
                        RelationKind::from_argdown_name(kind),
                    ) {
                        graph.add_relation(
                            a,
                            c,
                            Relation {
                                kind,
                                location: None,
                            },
                        );
                        relations.insert((a, c), Change::Removed);
                    }
                }
            }
        }
    }
    Union {
        graph,
        claims,
        relations,
        diff: d,
    }
}

/// Copies the old claim named `name` into `graph`, in the new section with the same
/// heading path if there is one; returns its element.
fn insert_removed(
    graph: &mut ArgumentGraph,
    old: &ArgumentGraph,
    new: &ArgumentGraph,
    name: &str,
) -> Option<ElementId> {
    let section_of = |old_section: Option<usize>| {
        let path = heading_path(old, old_section);
        (0..new.sections.len()).find(|&s| !path.is_empty() && heading_path(new, Some(s)) == path)
    };
    let title = &name[1..name.len().saturating_sub(1)];
    if name.starts_with('[') {
        let mut statement = old.statement(old.statement_id(title)?).clone();
        statement.section = section_of(statement.section);
        while graph.statement_id(&statement.title).is_some() {
            statement.title.push_str(" (removed)");
        }
        graph.add_statement(statement).ok().map(ElementId::from)
    } else {
        let mut argument = old.argument(old.argument_id(title)?).clone();
        argument.section = section_of(argument.section);
        argument.pcs.clear();
        while graph.argument_id(&argument.title).is_some() {
            argument.title.push_str(" (removed)");
        }
        graph.add_argument(argument).ok().map(ElementId::from)
    }
}
