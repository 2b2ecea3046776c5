//! `ArgumentGraph`: statements and arguments in a petgraph `StableDiGraph`, found by title
//! through `IndexMap`s that keep source order.
//!
//! Owns graph plumbing and the invariants between the maps and the graph; it knows nothing
//! of files, formats or terminals.

use foldhash::fast::RandomState;
use indexmap::IndexMap;
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde_json::{Map, Value};

use super::types::*;

/// A node of the petgraph graph.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Statement(Statement),
    Argument(Argument),
}

/// An edge of the petgraph graph.
#[derive(Clone, Debug, PartialEq)]
pub enum Edge {
    /// A relation the author wrote.
    Relation(Relation),
    /// A premise statement points to the argument it is a premise of.
    Premise,
    /// An argument points to its main conclusion.
    Conclusion,
    /// A relation between arguments implied by premise–conclusion structures, as Argdown
    /// draws it: the source argument's conclusion is the target argument's premise
    /// (support), or stands in an attack or contradiction with it.
    Derived(RelationKind),
}

/// An error when changing an [`ArgumentGraph`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// A statement with this title exists already.
    #[error("a statement titled `{0}` exists already")]
    DuplicateStatement(String),
    /// An argument with this title exists already.
    #[error("an argument titled `{0}` exists already")]
    DuplicateArgument(String),
}

/// A relation as seen from outside: its two ends and what it says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RelationRef<'a> {
    /// Where the relation starts (the reason).
    pub from: ElementId,
    /// Where it points (the claim or argument reasoned about).
    pub to: ElementId,
    /// The relation.
    pub relation: &'a Relation,
}

/// An argument map: statements, arguments, the relations between them, and sections.
#[derive(Clone, Debug, Default)]
pub struct ArgumentGraph {
    graph: StableDiGraph<Node, Edge>,
    // foldhash: fast (these maps are hit once per occurrence, which shows in load time) and
    // randomly seeded, so crafted titles cannot force collisions. Order comes from IndexMap.
    statements: IndexMap<String, NodeIndex, RandomState>,
    arguments: IndexMap<String, NodeIndex, RandomState>,
    /// Sections in source order; statements and arguments point here by index.
    pub sections: Vec<Section>,
    /// How relations between statements are read.
    pub mode: Mode,
    /// Front matter data (Argdown's YAML between `===` lines).
    pub front_matter: Map<String, Value>,
    /// Name of the source the map was read from (a path or `<stdin>`), for provenance.
    pub source_name: Option<String>,
}

impl ArgumentGraph {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `elements` statements and arguments and `relations`
    /// edges, so that loading a large map does not copy its node storage as it grows.
    pub fn with_capacity(elements: usize, relations: usize) -> Self {
        Self {
            graph: StableDiGraph::with_capacity(elements, relations),
            statements: IndexMap::with_capacity_and_hasher(elements, RandomState::default()),
            ..Self::default()
        }
    }

    /// Number of statements.
    pub fn statement_count(&self) -> usize {
        self.statements.len()
    }

    /// Number of arguments.
    pub fn argument_count(&self) -> usize {
        self.arguments.len()
    }

    /// Whether the map has no statements and no arguments.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty() && self.arguments.is_empty()
    }

    /// Adds a statement; fails if its title is taken.
    pub fn add_statement(&mut self, statement: Statement) -> Result<StatementId, ModelError> {
        if self.statements.contains_key(&statement.title) {
            return Err(ModelError::DuplicateStatement(statement.title));
        }
        let title = statement.title.clone();
        let node = self.graph.add_node(Node::Statement(statement));
        self.statements.insert(title, node);
        Ok(StatementId(node))
    }

    /// Adds an argument; fails if its title is taken.
    pub fn add_argument(&mut self, argument: Argument) -> Result<ArgumentId, ModelError> {
        if self.arguments.contains_key(&argument.title) {
            return Err(ModelError::DuplicateArgument(argument.title));
        }
        let title = argument.title.clone();
        let node = self.graph.add_node(Node::Argument(argument));
        self.arguments.insert(title, node);
        Ok(ArgumentId(node))
    }

    /// Removes an argument with its relations and structure edges.
    pub fn remove_argument(&mut self, id: ArgumentId) -> Option<Argument> {
        let title = self.argument(id).title.clone();
        self.arguments.shift_remove(&title);
        match self.graph.remove_node(id.0) {
            Some(Node::Argument(argument)) => Some(argument),
            _ => None,
        }
    }

    /// Adds a relation written by the author.
    pub fn add_relation(&mut self, from: ElementId, to: ElementId, relation: Relation) {
        self.graph
            .add_edge(from.node(), to.node(), Edge::Relation(relation));
    }

    /// Sets the premise–conclusion structure of `argument` and adds the premise and
    /// conclusion edges it implies.
    pub fn set_pcs(&mut self, argument: ArgumentId, pcs: Vec<PcsStep>) {
        let stale: Vec<_> = self
            .graph
            .edges_directed(argument.0, Direction::Incoming)
            .chain(self.graph.edges_directed(argument.0, Direction::Outgoing))
            .filter(|e| matches!(e.weight(), Edge::Premise | Edge::Conclusion))
            .map(|e| e.id())
            .collect();
        for edge in stale {
            self.graph.remove_edge(edge);
        }
        for step in &pcs {
            if let PcsStep::Statement {
                statement, role, ..
            } = step
            {
                match role {
                    MemberRole::Premise => {
                        self.graph.add_edge(statement.0, argument.0, Edge::Premise);
                    }
                    MemberRole::MainConclusion => {
                        self.graph
                            .add_edge(argument.0, statement.0, Edge::Conclusion);
                    }
                    _ => {}
                }
            }
        }
        self.argument_mut(argument).pcs = pcs;
    }

    /// The statement titled `title`.
    pub fn statement_id(&self, title: &str) -> Option<StatementId> {
        self.statements.get(title).copied().map(StatementId)
    }

    /// The argument titled `title`.
    pub fn argument_id(&self, title: &str) -> Option<ArgumentId> {
        self.arguments.get(title).copied().map(ArgumentId)
    }

    /// The statement behind `id`.
    pub fn statement(&self, id: StatementId) -> &Statement {
        match &self.graph[id.0] {
            Node::Statement(s) => s,
            // StatementIds are only minted for statement nodes and nodes are never removed.
            Node::Argument(_) => unreachable!("statement id points at an argument"),
        }
    }

    /// The statement behind `id`, mutably.
    pub fn statement_mut(&mut self, id: StatementId) -> &mut Statement {
        match &mut self.graph[id.0] {
            Node::Statement(s) => s,
            Node::Argument(_) => unreachable!("statement id points at an argument"),
        }
    }

    /// The argument behind `id`.
    pub fn argument(&self, id: ArgumentId) -> &Argument {
        match &self.graph[id.0] {
            Node::Argument(a) => a,
            // ArgumentIds are only minted for argument nodes and nodes are never removed.
            Node::Statement(_) => unreachable!("argument id points at a statement"),
        }
    }

    /// The argument behind `id`, mutably.
    pub fn argument_mut(&mut self, id: ArgumentId) -> &mut Argument {
        match &mut self.graph[id.0] {
            Node::Argument(a) => a,
            Node::Statement(_) => unreachable!("argument id points at a statement"),
        }
    }

    /// Statements in source order.
    pub fn statements(&self) -> impl ExactSizeIterator<Item = (StatementId, &Statement)> {
        self.statements
            .values()
            .map(|&n| (StatementId(n), self.statement(StatementId(n))))
    }

    /// Arguments in source order.
    pub fn arguments(&self) -> impl ExactSizeIterator<Item = (ArgumentId, &Argument)> {
        self.arguments
            .values()
            .map(|&n| (ArgumentId(n), self.argument(ArgumentId(n))))
    }

    /// Title of a statement or argument.
    pub fn title(&self, id: ElementId) -> &str {
        match id {
            ElementId::Statement(s) => &self.statement(s).title,
            ElementId::Argument(a) => &self.argument(a).title,
        }
    }

    /// Text of a statement or description of an argument.
    pub fn text(&self, id: ElementId) -> &str {
        match id {
            ElementId::Statement(s) => self.statement(s).text(),
            ElementId::Argument(a) => self.argument(a).text(),
        }
    }

    /// Tags of a statement or argument.
    pub fn tags(&self, id: ElementId) -> &indexmap::IndexSet<String> {
        match id {
            ElementId::Statement(s) => &self.statement(s).tags,
            ElementId::Argument(a) => &self.argument(a).tags,
        }
    }

    /// Section of a statement or argument.
    pub fn section(&self, id: ElementId) -> Option<SectionId> {
        match id {
            ElementId::Statement(s) => self.statement(s).section,
            ElementId::Argument(a) => self.argument(a).section,
        }
    }

    /// `section` and the sections enclosing it, innermost first; stops at a parent link that
    /// would loop (possible only in hand-edited JSON).
    pub fn section_ancestry(&self, section: Option<SectionId>) -> Vec<SectionId> {
        let mut out = Vec::new();
        let mut at = section.filter(|&s| s < self.sections.len());
        while let Some(s) = at {
            if out.contains(&s) {
                break;
            }
            out.push(s);
            at = self.sections[s].parent.filter(|&p| p < self.sections.len());
        }
        out
    }

    /// The relation an edge carries, if it is an author-written one.
    fn relation_ref<'a>(
        &'a self,
        e: petgraph::stable_graph::EdgeReference<'a, Edge>,
    ) -> Option<RelationRef<'a>> {
        match e.weight() {
            Edge::Relation(relation) => Some(RelationRef {
                from: self.element_id(e.source()),
                to: self.element_id(e.target()),
                relation,
            }),
            _ => None,
        }
    }

    fn element_id(&self, node: NodeIndex) -> ElementId {
        match &self.graph[node] {
            Node::Statement(_) => ElementId::Statement(StatementId(node)),
            Node::Argument(_) => ElementId::Argument(ArgumentId(node)),
        }
    }

    /// Author-written relations, in the order they were added.
    ///
    /// The graph only grows (nodes and relations are never removed), so edge index order
    /// is insertion order.
    pub fn relations(&self) -> impl Iterator<Item = RelationRef<'_>> {
        (&self.graph)
            .edge_references()
            .filter_map(|e| self.relation_ref(e))
    }

    /// Author-written relations that start or end at `id`: outgoing first, then incoming.
    pub fn relations_of(&self, id: ElementId) -> impl Iterator<Item = RelationRef<'_>> {
        let node = id.node();
        self.graph
            .edges_directed(node, Direction::Outgoing)
            .chain(
                self.graph
                    .edges_directed(node, Direction::Incoming)
                    .filter(move |e| e.source() != node),
            )
            .filter_map(|e| self.relation_ref(e))
    }

    /// Number of author-written relations.
    pub fn relation_count(&self) -> usize {
        self.graph
            .edge_weights()
            .filter(|e| matches!(e, Edge::Relation(_)))
            .count()
    }

    /// Every edge, author-written or implied, with its ends, in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = (ElementId, ElementId, &Edge)> {
        (&self.graph).edge_references().map(|e| {
            (
                self.element_id(e.source()),
                self.element_id(e.target()),
                e.weight(),
            )
        })
    }

    /// Edges ending at `id`.
    pub fn incoming(&self, id: ElementId) -> impl Iterator<Item = (ElementId, &Edge)> {
        self.graph
            .edges_directed(id.node(), Direction::Incoming)
            .map(|e| (self.element_id(e.source()), e.weight()))
    }

    /// Edges starting at `id`.
    pub fn outgoing(&self, id: ElementId) -> impl Iterator<Item = (ElementId, &Edge)> {
        self.graph
            .edges_directed(id.node(), Direction::Outgoing)
            .map(|e| (self.element_id(e.target()), e.weight()))
    }

    /// Arguments whose structure has `statement` as a premise.
    pub fn arguments_using_premise(&self, statement: StatementId) -> Vec<ArgumentId> {
        let mut out: Vec<_> = self
            .outgoing(statement.into())
            .filter_map(|(to, e)| match (to, e) {
                (ElementId::Argument(a), Edge::Premise) => Some(a),
                _ => None,
            })
            .collect();
        out.sort_by_key(|a| self.arguments.get_index_of(&self.argument(*a).title));
        out.dedup();
        out
    }

    /// Arguments whose main conclusion is `statement`.
    pub fn arguments_concluding(&self, statement: StatementId) -> Vec<ArgumentId> {
        let mut out: Vec<_> = self
            .incoming(statement.into())
            .filter_map(|(from, e)| match (from, e) {
                (ElementId::Argument(a), Edge::Conclusion) => Some(a),
                _ => None,
            })
            .collect();
        out.sort_by_key(|a| self.arguments.get_index_of(&self.argument(*a).title));
        out.dedup();
        out
    }

    /// Position of an element in source order (statements first, then arguments), for
    /// sorting output deterministically without looking at petgraph indices.
    pub fn order_key(&self, id: ElementId) -> (u8, usize) {
        match id {
            ElementId::Statement(s) => (
                0,
                self.statements
                    .get_index_of(&self.statement(s).title)
                    .unwrap_or(usize::MAX),
            ),
            ElementId::Argument(a) => (
                1,
                self.arguments
                    .get_index_of(&self.argument(a).title)
                    .unwrap_or(usize::MAX),
            ),
        }
    }

    /// Replaces every derived edge by those implied by the current structures: for each
    /// argument `b` with premise `p`, and each argument `a` concluding `c`, `a` supports `b`
    /// if `c` is `p`, and `a` stands in relation `r` to `b` if `c` has relation `r` to `p`.
    pub fn derive_relations(&mut self) {
        let stale: Vec<_> = (&self.graph)
            .edge_references()
            .filter(|e| matches!(e.weight(), Edge::Derived(_)))
            .map(|e| e.id())
            .collect();
        for e in stale {
            self.graph.remove_edge(e);
        }
        let mut derived = Vec::new();
        for (b, argument) in self.arguments() {
            for premise in argument.premises() {
                for a in self.arguments_concluding(premise) {
                    if a != b {
                        derived.push((a, b, RelationKind::Support));
                    }
                }
                for (from, edge) in self.incoming(premise.into()) {
                    let (ElementId::Statement(c), Edge::Relation(rel)) = (from, edge) else {
                        continue;
                    };
                    if rel.kind.is_positive() {
                        continue;
                    }
                    for a in self.arguments_concluding(c) {
                        if a != b {
                            derived.push((a, b, rel.kind));
                        }
                    }
                }
            }
        }
        derived.dedup();
        for (a, b, kind) in derived {
            self.graph.add_edge(a.0, b.0, Edge::Derived(kind));
        }
    }
}

impl PartialEq for ArgumentGraph {
    /// Two maps are equal when they hold the same statements, arguments, sections and
    /// relations in the same order, whatever petgraph indices they sit at.
    fn eq(&self, other: &Self) -> bool {
        let relations = |g: &ArgumentGraph| {
            g.relations()
                .map(|r| (g.order_key(r.from), g.order_key(r.to), r.relation.clone()))
                .collect::<Vec<_>>()
        };
        let pcs_titles = |g: &ArgumentGraph| {
            g.arguments()
                .map(|(_, a)| {
                    a.pcs
                        .iter()
                        .map(|s| match s {
                            PcsStep::Statement {
                                number,
                                statement,
                                role,
                            } => (
                                Some(g.statement(*statement).title.clone()),
                                *number,
                                Some(*role),
                            ),
                            PcsStep::Inference { text, .. } => (Some(text.clone()), 0, None),
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        self.mode == other.mode
            && self.front_matter == other.front_matter
            && self.source_name == other.source_name
            && self.sections == other.sections
            && self
                .statements()
                .map(|(_, s)| s)
                .eq(other.statements().map(|(_, s)| s))
            && self
                .arguments()
                .map(|(_, a)| {
                    (
                        &a.title,
                        a.is_untitled,
                        &a.members,
                        &a.tags,
                        a.section,
                        &a.data,
                    )
                })
                .eq(other.arguments().map(|(_, a)| {
                    (
                        &a.title,
                        a.is_untitled,
                        &a.members,
                        &a.tags,
                        a.section,
                        &a.data,
                    )
                }))
            && pcs_titles(self) == pcs_titles(other)
            && relations(self) == relations(other)
    }
}
