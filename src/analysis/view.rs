//! A dense, read-only view of a map's dialectical structure: who supports and who attacks
//! whom, over statements and arguments numbered `0..n` in source order.
//!
//! Every analysis walks this view instead of the petgraph graph: it is built once in linear
//! time, stores adjacency as flat arrays (fast on maps of millions of claims), and fixes one
//! reading of the model's edges. It knows nothing of queries, semantics or output.

use crate::model::{ArgumentGraph, Edge, ElementId, RelationKind};

/// Dense index of a statement or argument in a [`Dialectic`].
pub type Claim = u32;

/// How one claim is linked to the next in a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Link {
    /// A support or entailment relation the author wrote.
    Support,
    /// A premise of an argument (premise → argument).
    Premise,
    /// An argument's main conclusion (argument → conclusion).
    Conclusion,
    /// An attack, undercut, contradiction or contrariness the author wrote.
    Attack(RelationKind),
}

impl Link {
    /// The name of the link in JSON output: `support`, `premise`, `conclusion`, or
    /// Argdown's name of the attack kind.
    pub fn name(self) -> &'static str {
        match self {
            Link::Support => "support",
            Link::Premise => "premise",
            Link::Conclusion => "conclusion",
            Link::Attack(kind) => kind.argdown_name(),
        }
    }

    /// A short arrow for text output: `+>` support, `->` attack, `_>` undercut, `><`.
    pub fn arrow(self) -> &'static str {
        match self {
            Link::Support => "+>",
            Link::Premise => "premise of",
            Link::Conclusion => "concludes",
            Link::Attack(RelationKind::Undercut) => "_>",
            Link::Attack(RelationKind::Contradiction | RelationKind::Contrary) => "><",
            Link::Attack(_) => "->",
        }
    }
}

/// Adjacency lists in compressed sparse row form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Adjacency {
    offsets: Vec<u32>,
    targets: Vec<(Claim, Link)>,
}

impl Adjacency {
    /// Builds the lists of `n` claims from `(from, to, link)` triples, keeping input order
    /// within each list and dropping repeats.
    pub(crate) fn new(n: usize, edges: &[(Claim, Claim, Link)]) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for &(from, _, _) in edges {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![(0, Link::Support); edges.len()];
        for &(from, to, link) in edges {
            targets[fill[from as usize] as usize] = (to, link);
            fill[from as usize] += 1;
        }
        let mut adjacency = Adjacency { offsets, targets };
        adjacency.dedup();
        adjacency
    }

    /// Removes repeated targets within each list (two relations between the same claims),
    /// in linear time: `seen[t]` holds the last list that kept `t`.
    fn dedup(&mut self) {
        let n = self.offsets.len() - 1;
        let mut seen = vec![Claim::MAX; n];
        let mut out = Vec::with_capacity(self.targets.len());
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for i in 0..n {
            for &(to, link) in self.get(i as Claim) {
                if seen[to as usize] != i as Claim {
                    seen[to as usize] = i as Claim;
                    out.push((to, link));
                }
            }
            offsets.push(out.len() as u32);
        }
        self.targets = out;
        self.offsets = offsets;
    }

    /// The claims linked from `claim`, with how.
    pub(crate) fn get(&self, claim: Claim) -> &[(Claim, Link)] {
        let i = claim as usize;
        &self.targets[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The same links, pointing the other way.
    pub(crate) fn reversed(&self) -> Self {
        let n = self.offsets.len() - 1;
        let mut edges = Vec::with_capacity(self.targets.len());
        for from in 0..n as Claim {
            for &(to, link) in self.get(from) {
                edges.push((to, from, link));
            }
        }
        Adjacency::new(n, &edges)
    }

    /// Number of links.
    pub(crate) fn len(&self) -> usize {
        self.targets.len()
    }
}

/// Statements and arguments of one map, numbered in source order, with their support and
/// attack links.
///
/// Support here is the reading of "rests on": a support relation, a premise of an argument
/// (premise → argument) and an argument's main conclusion (argument → conclusion). Attack
/// covers attacks, undercuts, and contradictions and contrariness in both directions. The
/// argument-to-argument relations that Argdown derives from structures are left out: they
/// repeat chains already present through premises and conclusions.
#[derive(Clone, Debug)]
pub struct Dialectic {
    claims: Vec<ElementId>,
    /// Dense index of each petgraph node, `u32::MAX` where none.
    dense: Vec<Claim>,
    pub(crate) supports: Adjacency,
    pub(crate) supporters: Adjacency,
    pub(crate) attacks: Adjacency,
    pub(crate) attackers: Adjacency,
}

impl Dialectic {
    /// Builds the view of `graph`.
    ///
    /// # Complexity
    /// O(statements + arguments + relations).
    pub fn new(graph: &ArgumentGraph) -> Self {
        let claims: Vec<ElementId> = graph
            .statements()
            .map(|(id, _)| id.into())
            .chain(graph.arguments().map(|(id, _)| id.into()))
            .collect();
        let bound = claims
            .iter()
            .map(|c| c.node().index() + 1)
            .max()
            .unwrap_or(0);
        let mut dense = vec![Claim::MAX; bound];
        for (i, c) in claims.iter().enumerate() {
            dense[c.node().index()] = i as Claim;
        }
        let at = |id: ElementId| dense[id.node().index()];
        let mut support = Vec::new();
        let mut attack = Vec::new();
        for (from, to, edge) in graph.edges() {
            let (from, to) = (at(from), at(to));
            match edge {
                Edge::Relation(rel) => match rel.kind {
                    RelationKind::Support | RelationKind::Entails => {
                        support.push((from, to, Link::Support));
                    }
                    RelationKind::Attack | RelationKind::Undercut => {
                        attack.push((from, to, Link::Attack(rel.kind)));
                    }
                    RelationKind::Contradiction | RelationKind::Contrary => {
                        attack.push((from, to, Link::Attack(rel.kind)));
                        attack.push((to, from, Link::Attack(rel.kind)));
                    }
                },
                Edge::Premise => support.push((from, to, Link::Premise)),
                Edge::Conclusion => support.push((from, to, Link::Conclusion)),
                Edge::Derived(_) => {}
            }
        }
        let n = claims.len();
        let supports = Adjacency::new(n, &support);
        let attacks = Adjacency::new(n, &attack);
        Dialectic {
            supporters: supports.reversed(),
            attackers: attacks.reversed(),
            supports,
            attacks,
            claims,
            dense,
        }
    }

    /// Number of claims (statements and arguments).
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether the map has no claims.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The element behind a dense index.
    pub fn element(&self, claim: Claim) -> ElementId {
        self.claims[claim as usize]
    }

    /// The dense index of an element of the same graph.
    pub fn claim(&self, id: ElementId) -> Claim {
        self.dense[id.node().index()]
    }

    /// The claims `claim` supports directly, with how.
    pub fn supported_by(&self, claim: Claim) -> &[(Claim, Link)] {
        self.supports.get(claim)
    }

    /// The claims that support `claim` directly, with how.
    pub fn supporters_of(&self, claim: Claim) -> &[(Claim, Link)] {
        self.supporters.get(claim)
    }

    /// The claims `claim` attacks directly, with how.
    pub fn attacked_by(&self, claim: Claim) -> &[(Claim, Link)] {
        self.attacks.get(claim)
    }

    /// The claims that attack `claim` directly, with how.
    pub fn attackers_of(&self, claim: Claim) -> &[(Claim, Link)] {
        self.attackers.get(claim)
    }

    /// Number of support and attack links.
    pub fn link_count(&self) -> usize {
        self.supports.len() + self.attacks.len()
    }
}
