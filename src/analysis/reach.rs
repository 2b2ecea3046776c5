//! Breadth-first reachability over one kind of link, remembering how each claim was reached
//! so that chains can be shown.
//!
//! Pure graph walking; no names, no output.

use std::collections::VecDeque;

use crate::analysis::view::{Adjacency, Claim, Link};

/// Marks "not reached" in [`Reach::parent`].
const UNREACHED: Claim = Claim::MAX;

/// Claims reached from a set of origins, with the step that reached each.
#[derive(Clone, Debug)]
pub struct Reach {
    /// For each claim: the claim it was reached from and by which link; origins point to
    /// themselves, unreached claims hold `Claim::MAX`.
    parent: Vec<(Claim, Link)>,
    /// For each reached claim: its steps from the nearest origin (0 for origins).
    steps: Vec<u32>,
    /// Claims reached (origins excluded), in order of discovery.
    pub order: Vec<Claim>,
}

impl Reach {
    /// Walks `links` from `origins`, at most `depth` steps (unbounded if `None`).
    ///
    /// # Complexity
    /// O(claims + links) for the one allocation, then O(claims and links visited).
    pub(crate) fn new(n: usize, links: &Adjacency, origins: &[Claim], depth: Option<u32>) -> Self {
        let mut reach = Reach {
            parent: vec![(UNREACHED, Link::Support); n],
            steps: vec![0; n],
            order: Vec::new(),
        };
        let mut queue = VecDeque::new();
        for &o in origins {
            if reach.parent[o as usize].0 == UNREACHED {
                reach.parent[o as usize] = (o, Link::Support);
                queue.push_back((o, 0u32));
            }
        }
        reach.extend(links, queue, depth);
        reach
    }

    /// Continues the walk from `queue` (claims already marked) over `links`.
    pub(crate) fn extend(
        &mut self,
        links: &Adjacency,
        mut queue: VecDeque<(Claim, u32)>,
        depth: Option<u32>,
    ) {
        while let Some((claim, d)) = queue.pop_front() {
            if depth.is_some_and(|max| d >= max) {
                continue;
            }
            for &(next, link) in links.get(claim) {
                if self.parent[next as usize].0 == UNREACHED {
                    self.parent[next as usize] = (claim, link);
                    self.steps[next as usize] = d + 1;
                    self.order.push(next);
                    queue.push_back((next, d + 1));
                }
            }
        }
    }

    /// Whether `claim` was reached (or is an origin).
    pub fn reached(&self, claim: Claim) -> bool {
        self.parent[claim as usize].0 != UNREACHED
    }

    /// The chain from an origin to `claim`, as claims and the links between them.
    pub fn chain(&self, claim: Claim) -> Option<(Vec<Claim>, Vec<Link>)> {
        self.chain_end(claim, usize::MAX)
            .map(|(claims, links, _)| (claims, links))
    }

    /// The last `max_claims` claims (at least 2) of the chain from an origin to `claim`, the
    /// links between them, and how many claims of the chain come before them.
    ///
    /// # Complexity
    /// O(`max_claims`), however long the chain: a query with a match on every claim of a
    /// chain of `n` would otherwise cost O(n²).
    pub fn chain_end(
        &self,
        claim: Claim,
        max_claims: usize,
    ) -> Option<(Vec<Claim>, Vec<Link>, usize)> {
        if !self.reached(claim) {
            return None;
        }
        let total = self.steps[claim as usize] as usize + 1;
        let shown = total.min(max_claims.max(2));
        let mut claims = vec![claim];
        let mut links = Vec::new();
        let mut at = claim;
        // Each step moves to the claim that reached `at`, which was reached strictly
        // earlier, so the walk ends at an origin within `n` steps.
        for _ in 1..shown.min(self.parent.len()) {
            let (from, link) = self.parent[at as usize];
            if from == at {
                break;
            }
            claims.push(from);
            links.push(link);
            at = from;
        }
        claims.reverse();
        links.reverse();
        let omitted = total - claims.len();
        Some((claims, links, omitted))
    }
}
