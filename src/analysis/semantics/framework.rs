//! The bipolar framework evaluated by the semantics: direct attacks, deductive support,
//! and the claims joined by cycles of support (which always share a label).
//!
//! Built from a map's [`Dialectic`] or from a bare attack graph (an ICCMA instance).

use std::collections::HashSet;

use crate::analysis::view::{Claim, Dialectic, Link};

/// Many short lists of numbers in two flat arrays (one allocation each, not one per list).
#[derive(Clone, Debug, Default)]
pub(crate) struct Lists {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// `n` lists from `(list, item)` pairs, each list sorted with repeats removed.
    pub(crate) fn from_pairs(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for (a, _) in pairs.clone() {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; offsets[n] as usize];
        for (a, b) in pairs {
            items[fill[a as usize] as usize] = b;
            fill[a as usize] += 1;
        }
        // Sort and deduplicate each list in place, compacting as we go.
        let mut write = 0usize;
        let mut start = 0usize;
        for i in 0..n {
            let end = offsets[i + 1] as usize;
            items[start..end].sort_unstable();
            let mut last = None;
            for k in start..end {
                let v = items[k];
                if last != Some(v) {
                    items[write] = v;
                    write += 1;
                    last = Some(v);
                }
            }
            start = end;
            offsets[i + 1] = write as u32;
        }
        items.truncate(write);
        Lists { offsets, items }
    }

    /// Number of lists.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
}

impl std::ops::Index<usize> for Lists {
    type Output = [u32];
    fn index(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// How support relations bear on acceptance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SupportReading {
    /// Accepting a reason commits one to what it supports: an accepted objection to a
    /// conclusion counts against its reasons (supported and mediated attacks).
    #[default]
    Deductive,
    /// A claim needs each of its reasons: an accepted objection to a reason counts
    /// against what it supports (secondary and extended attacks).
    Necessary,
    /// Support does not bear on acceptance: attacks alone decide (plain Dung).
    Ignored,
}

/// Direct attacks and deductive support over claims `0..n`, grouped into units: the
/// strongly connected components of support.
#[derive(Clone, Debug)]
pub struct Framework {
    n: usize,
    attacks: Lists,
    attackers: Lists,
    supports: Lists,
    /// Unit of each claim.
    pub(crate) unit: Vec<u32>,
    /// Members of each unit.
    pub(crate) members: Lists,
    /// Units in an order where every unit comes after the units it supports.
    pub(crate) sinks_first: Vec<u32>,
    /// Per unit: units attacking a member (repeats removed), units attacked by a member,
    /// units a member supports (outside the unit), units supporting a member.
    pub(crate) unit_attackers: Lists,
    pub(crate) unit_attacks: Lists,
    pub(crate) unit_supports: Lists,
    pub(crate) unit_supporters: Lists,
}

impl Framework {
    /// The framework of a map under the default, deductive reading of support: attacks,
    /// undercuts and contradictions as attacks; support relations and argument →
    /// conclusion as deductive support; an argument supports (needs) each of its premises.
    ///
    /// # Complexity
    /// O(claims + relations).
    pub fn from_map(view: &Dialectic) -> Self {
        Framework::from_map_with(view, SupportReading::Deductive)
    }

    /// The framework of a map under a chosen reading of support.
    ///
    /// # Complexity
    /// O(claims + relations).
    pub fn from_map_with(view: &Dialectic, reading: SupportReading) -> Self {
        let n = view.len();
        let mut attacks = Vec::new();
        let mut supports = Vec::new();
        for c in 0..n as Claim {
            for &(t, _) in view.attacked_by(c) {
                attacks.push((c, t));
            }
            for &(t, link) in view.supported_by(c) {
                // Deductively, an argument commits to each premise; a necessary support
                // is a deductive one read backwards.
                let deductive = match link {
                    Link::Premise => (t, c),
                    _ => (c, t),
                };
                match reading {
                    SupportReading::Deductive => supports.push(deductive),
                    SupportReading::Necessary => supports.push((deductive.1, deductive.0)),
                    SupportReading::Ignored => {}
                }
            }
        }
        Framework::new(n, &attacks, &supports)
    }

    /// A framework of `n` claims with the given attacks and deductive supports.
    ///
    /// # Complexity
    /// O(n + attacks + supports).
    pub fn new(n: usize, attacks: &[(Claim, Claim)], supports: &[(Claim, Claim)]) -> Self {
        let lists = |edges: &[(Claim, Claim)], reverse: bool| {
            Lists::from_pairs(
                n,
                edges
                    .iter()
                    .map(move |&(a, b)| if reverse { (b, a) } else { (a, b) }),
            )
        };
        let mut framework = Framework {
            n,
            attacks: lists(attacks, false),
            attackers: lists(attacks, true),
            supports: lists(supports, false),
            unit: Vec::new(),
            members: Lists::default(),
            sinks_first: Vec::new(),
            unit_attackers: Lists::default(),
            unit_attacks: Lists::default(),
            unit_supports: Lists::default(),
            unit_supporters: Lists::default(),
        };
        framework.find_units();
        framework
    }

    /// Groups claims into strongly connected components of support (Tarjan's algorithm,
    /// with an explicit stack so that long chains cannot overflow the call stack).
    fn find_units(&mut self) {
        let n = self.n;
        const UNSEEN: u32 = u32::MAX;
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut unit = vec![UNSEEN; n];
        let mut units = 0u32;
        let mut next = 0u32;
        let mut calls: Vec<(Claim, usize)> = Vec::new();
        for root in 0..n as Claim {
            if index[root as usize] != UNSEEN {
                continue;
            }
            calls.push((root, 0));
            index[root as usize] = next;
            low[root as usize] = next;
            next += 1;
            stack.push(root);
            on_stack[root as usize] = true;
            while let Some(&mut (v, ref mut i)) = calls.last_mut() {
                let vi = v as usize;
                if let Some(&w) = self.supports[vi].get(*i) {
                    *i += 1;
                    let wi = w as usize;
                    if index[wi] == UNSEEN {
                        index[wi] = next;
                        low[wi] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[wi] = true;
                        calls.push((w, 0));
                    } else if on_stack[wi] {
                        low[vi] = low[vi].min(index[wi]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent as usize] = low[parent as usize].min(low[vi]);
                }
                if low[vi] == index[vi] {
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        unit[w as usize] = units;
                        if w == v {
                            break;
                        }
                    }
                    units += 1;
                }
            }
        }
        // Tarjan emits a component only after every component it reaches: sinks first.
        let units = units as usize;
        let members = Lists::from_pairs(units, (0..n as u32).map(|c| (unit[c as usize], c)));
        let attacks = &self.attacks;
        let supports = &self.supports;
        let unit_of = &unit;
        let attack_pairs = (0..n).flat_map(move |c| {
            attacks[c]
                .iter()
                .map(move |&t| (unit_of[c], unit_of[t as usize]))
        });
        let support_pairs = (0..n).flat_map(move |c| {
            supports[c]
                .iter()
                .map(move |&t| (unit_of[c], unit_of[t as usize]))
                .filter(|(u, v)| u != v)
        });
        let unit_attacks = Lists::from_pairs(units, attack_pairs.clone());
        let unit_attackers = Lists::from_pairs(units, attack_pairs.map(|(a, b)| (b, a)));
        let unit_supports = Lists::from_pairs(units, support_pairs.clone());
        let unit_supporters = Lists::from_pairs(units, support_pairs.map(|(a, b)| (b, a)));
        self.sinks_first = (0..units as u32).collect();
        self.unit = unit;
        self.members = members;
        self.unit_attackers = unit_attackers;
        self.unit_attacks = unit_attacks;
        self.unit_supports = unit_supports;
        self.unit_supporters = unit_supporters;
    }

    /// Number of claims.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no claims.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Claims that attack `claim` directly.
    pub fn attackers_of(&self, claim: Claim) -> &[Claim] {
        &self.attackers[claim as usize]
    }

    /// Claims that `claim` attacks directly.
    pub fn attacked_by(&self, claim: Claim) -> &[Claim] {
        &self.attacks[claim as usize]
    }

    /// Claims that `claim` supports deductively (commits to).
    pub fn supports_of(&self, claim: Claim) -> &[Claim] {
        &self.supports[claim as usize]
    }

    /// The claims joined to `claim` by cycles of support (itself included), in order.
    pub fn unit_members(&self, claim: Claim) -> &[Claim] {
        &self.members[self.unit[claim as usize] as usize]
    }

    /// Number of direct attacks.
    pub fn attack_count(&self) -> usize {
        self.attacks.items.len()
    }

    /// The attacks of the equivalent Dung framework: `a` attacks `b` when something `a`
    /// supports (or `a` itself) attacks something `b` supports (or `b` itself). Sorted.
    ///
    /// Returns `None` if there would be more than `limit` of them (the closure can be
    /// quadratic in the map).
    ///
    /// # Complexity
    /// O(attacks · supporters² + result).
    pub fn complex_attacks(&self, limit: usize) -> Option<Vec<(Claim, Claim)>> {
        // Everything that supports `unit`, transitively, itself included, as claims.
        let reverse_closure = |start: u32| -> Vec<Claim> {
            let mut seen = HashSet::new();
            let mut todo = vec![start];
            seen.insert(start);
            while let Some(u) = todo.pop() {
                for &p in &self.unit_supporters[u as usize] {
                    if seen.insert(p) {
                        todo.push(p);
                    }
                }
            }
            let mut claims: Vec<Claim> = seen
                .into_iter()
                .flat_map(|u| self.members[u as usize].iter().copied())
                .collect();
            claims.sort_unstable();
            claims
        };
        let mut cache: Vec<Option<Vec<Claim>>> = vec![None; self.members.len()];
        let mut out = HashSet::new();
        for x in 0..self.n {
            for &y in &self.attacks[x] {
                let (ux, uy) = (self.unit[x], self.unit[y as usize]);
                for u in [ux, uy] {
                    if cache[u as usize].is_none() {
                        cache[u as usize] = Some(reverse_closure(u));
                    }
                }
                let (Some(from), Some(to)) = (&cache[ux as usize], &cache[uy as usize]) else {
                    continue;
                };
                for &a in from {
                    for &b in to {
                        out.insert((a, b));
                        if out.len() > limit {
                            return None;
                        }
                    }
                }
            }
        }
        let mut out: Vec<_> = out.into_iter().collect();
        out.sort_unstable();
        Some(out)
    }
}

/// The claims in a set of units.
pub(crate) fn claims_of_units(framework: &Framework, units: &[u32]) -> Vec<Claim> {
    let mut out: Vec<Claim> = units
        .iter()
        .flat_map(|&u| framework.members[u as usize].iter().copied())
        .collect();
    out.sort_unstable();
    out
}
