//! Semantics, support dominators and reachability checked against brute force on small
//! random frameworks and maps: every subset of claims is tried.

use cruxmap::analysis::dominators::Dominators;
use cruxmap::analysis::query::{QueryOptions, evaluate, parse};
use cruxmap::analysis::semantics::{
    Framework, Label, SatOptions, grounded_labelling, preferred_extensions, stable_extensions,
};
use cruxmap::analysis::{Claim, Dialectic, Link};
use proptest::prelude::*;

/// A random framework: up to 7 claims, random attacks and deductive supports (cycles and
/// self-attacks included).
type Pairs = Vec<(u32, u32)>;

fn framework() -> impl Strategy<Value = (usize, Pairs, Pairs)> {
    (1usize..=7).prop_flat_map(|n| {
        let pair = (0..n as u32, 0..n as u32);
        (
            Just(n),
            prop::collection::vec(pair.clone(), 0..12),
            prop::collection::vec(pair, 0..8),
        )
    })
}

/// Brute force over the Dung framework of complex attacks.
struct Brute {
    n: usize,
    attacks: Vec<Vec<bool>>,
}

impl Brute {
    fn new(framework: &Framework) -> Self {
        let n = framework.len();
        let mut attacks = vec![vec![false; n]; n];
        for (a, b) in framework.complex_attacks(usize::MAX).unwrap() {
            attacks[a as usize][b as usize] = true;
        }
        Brute { n, attacks }
    }

    fn members(&self, set: u32) -> Vec<Claim> {
        (0..self.n as Claim)
            .filter(|&c| set & (1 << c) != 0)
            .collect()
    }

    fn attacked(&self, set: u32, c: usize) -> bool {
        (0..self.n).any(|a| set & (1 << a) != 0 && self.attacks[a][c])
    }

    fn conflict_free(&self, set: u32) -> bool {
        (0..self.n).all(|c| set & (1 << c) == 0 || !self.attacked(set, c))
    }

    /// F(set): the claims all of whose attackers `set` attacks.
    fn defended(&self, set: u32) -> u32 {
        (0..self.n)
            .filter(|&c| (0..self.n).all(|a| !self.attacks[a][c] || self.attacked(set, a)))
            .fold(0, |acc, c| acc | (1 << c))
    }

    fn complete(&self) -> Vec<u32> {
        (0..1u32 << self.n)
            .filter(|&s| self.conflict_free(s) && self.defended(s) == s)
            .collect()
    }

    fn grounded(&self) -> Vec<Claim> {
        let least = self
            .complete()
            .into_iter()
            .min_by_key(|s| s.count_ones())
            .unwrap();
        self.members(least)
    }

    fn preferred(&self) -> Vec<Vec<Claim>> {
        let complete = self.complete();
        let mut out: Vec<_> = complete
            .iter()
            .filter(|&&s| !complete.iter().any(|&t| t != s && t & s == s))
            .map(|&s| self.members(s))
            .collect();
        out.sort();
        out
    }

    fn stable(&self) -> Vec<Vec<Claim>> {
        let mut out: Vec<_> = (0..1u32 << self.n)
            .filter(|&s| {
                self.conflict_free(s)
                    && (0..self.n).all(|c| s & (1 << c) != 0 || self.attacked(s, c))
            })
            .map(|s| self.members(s))
            .collect();
        out.sort();
        out
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn grounded_labelling_equals_the_least_complete_extension((n, attacks, supports) in framework()) {
        let framework = Framework::new(n, &attacks, &supports);
        let brute = Brute::new(&framework);
        let labels = grounded_labelling(&framework);
        let accepted = labels.with(Label::In);
        prop_assert_eq!(&accepted, &brute.grounded());
        // Out is exactly what the grounded extension attacks.
        let set = accepted.iter().fold(0u32, |acc, &c| acc | (1 << c));
        for c in 0..n {
            prop_assert_eq!(labels.labels[c] == Label::Out, brute.attacked(set, c));
        }
    }

    #[test]
    fn preferred_and_stable_extensions_equal_brute_force((n, attacks, supports) in framework()) {
        let framework = Framework::new(n, &attacks, &supports);
        let brute = Brute::new(&framework);
        let preferred = preferred_extensions(&framework, SatOptions::default());
        prop_assert!(preferred.exhaustive);
        prop_assert_eq!(preferred.sets, brute.preferred());
        let stable = stable_extensions(&framework, SatOptions::default());
        prop_assert!(stable.exhaustive);
        prop_assert_eq!(stable.sets, brute.stable());
    }
}

/// A random map as Argdown: statements S0..Sn with support (`+>`) and attack (`->`)
/// relations, one block per relation.
fn map() -> impl Strategy<Value = (usize, String)> {
    (2usize..=8).prop_flat_map(|n| {
        let edge = (0..n, 0..n, any::<bool>());
        prop::collection::vec(edge, 0..14).prop_map(move |edges| {
            let mut source: String = (0..n).map(|i| format!("[S{i}]: claim {i}\n\n")).collect();
            for (a, b, support) in edges {
                if a != b {
                    let arrow = if support { "+>" } else { "->" };
                    source.push_str(&format!("[S{a}]\n  {arrow} [S{b}]\n\n"));
                }
            }
            (n, source)
        })
    })
}

/// `reach[a][b]`: a chain of support of length ≥ 1 leads from a to b (Floyd–Warshall).
fn support_closure(view: &Dialectic, skip: Option<Claim>) -> Vec<Vec<bool>> {
    let n = view.len();
    let mut reach = vec![vec![false; n]; n];
    for a in 0..n as Claim {
        for &(b, link) in view.supported_by(a) {
            if Some(a) != skip
                && Some(b) != skip
                && link != Link::Attack(cruxmap::model::RelationKind::Attack)
            {
                reach[a as usize][b as usize] = true;
            }
        }
    }
    for k in 0..n {
        let via = reach[k].clone();
        for row in reach.iter_mut() {
            if row[k] {
                for (cell, &through) in row.iter_mut().zip(&via) {
                    *cell |= through;
                }
            }
        }
    }
    reach
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rests_on_is_reachability_over_support((n, source) in map()) {
        let graph = cruxmap::load(&source, None).graph;
        let view = Dialectic::new(&graph);
        let reach = support_closure(&view, None);
        for (x, row) in reach.iter().enumerate() {
            let query = parse(&format!("rests-on [S{x}]")).unwrap();
            let found: Vec<Claim> = evaluate(&graph, &view, &query, QueryOptions::default())
                .unwrap()
                .iter()
                .map(|m| m.claim)
                .collect();
            let expected: Vec<Claim> = (0..n as Claim)
                .filter(|&c| row[c as usize] && c as usize != x)
                .collect();
            prop_assert_eq!(found, expected, "rests-on [S{}] in\n{}", x, source);
        }
    }

    #[test]
    fn dominators_match_deletion_of_each_claim((n, source) in map()) {
        let graph = cruxmap::load(&source, None).graph;
        let view = Dialectic::new(&graph);
        let dominators = Dominators::new(&view);
        let leaves: Vec<usize> = (0..n).filter(|&c| view.supporters_of(c as Claim).is_empty()).collect();
        let fed = |reach: &Vec<Vec<bool>>, c: usize, skip: Option<usize>| {
            leaves.iter().any(|&l| Some(l) != skip && (l == c || reach[l][c]))
        };
        let full = support_closure(&view, None);
        for x in 0..n {
            let without = support_closure(&view, Some(x as Claim));
            let mut expected: Vec<Claim> = (0..n)
                .filter(|&c| c != x && fed(&full, c, None) && !fed(&without, c, Some(x)))
                .map(|c| c as Claim)
                .collect();
            let mut found = dominators.dominated_by(x as Claim);
            found.sort_unstable();
            expected.sort_unstable();
            prop_assert_eq!(found, expected, "dominated by [S{}] in\n{}", x, source);
        }
    }
}

#[test]
fn a_support_cycle_shares_one_label() {
    // A and B support each other; C attacks B and nothing attacks C: both fall.
    let framework = Framework::new(3, &[(2, 1)], &[(0, 1), (1, 0)]);
    let labels = grounded_labelling(&framework);
    assert_eq!(labels.labels, [Label::Out, Label::Out, Label::In]);
}

#[test]
fn an_attack_on_a_conclusion_counts_against_its_reasons() {
    // Deductive reading: R supports C, D attacks C, nothing answers D.
    let graph = cruxmap::load("[C]: c\n  + [R]: r\n  - [D]: d\n", None).graph;
    let view = Dialectic::new(&graph);
    let labels = grounded_labelling(&Framework::from_map(&view));
    assert_eq!(labels.labels, [Label::Out, Label::Out, Label::In]);
}

/// The grounded label of `[S{c}]` in `source`.
fn grounded_label_of(source: &str, c: usize) -> Label {
    let graph = cruxmap::load(source, None).graph;
    let view = Dialectic::new(&graph);
    let id = graph.statement_id(&format!("S{c}")).unwrap();
    grounded_labelling(&Framework::from_map(&view)).labels[view.claim(id.into()) as usize]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn decisive_claims_match_solving_the_changed_map_again(
        (n, edges) in (2usize..=6).prop_flat_map(|n| {
            (Just(n), prop::collection::vec((0..n, 0..n, any::<bool>()), 0..10))
        })
    ) {
        let block = |&(a, b, support): &(usize, usize, bool)| {
            let arrow = if support { "+>" } else { "->" };
            format!("[S{a}]\n  {arrow} [S{b}]\n\n")
        };
        let edges: Vec<_> = edges.into_iter().filter(|(a, b, _)| a != b).collect();
        let statements: String = (0..n).map(|i| format!("[S{i}]: claim {i}\n\n")).collect();
        let source = statements.clone() + &edges.iter().map(block).collect::<String>();
        let graph = cruxmap::load(&source, None).graph;
        let view = Dialectic::new(&graph);
        let context = cruxmap::analysis::cruxes::Context::new(&graph, &view);
        for conclusion in 0..n {
            let report = context.cruxes(conclusion as Claim, usize::MAX);
            let before = grounded_label_of(&source, conclusion);
            prop_assert_eq!(report.label, before);
            for x in (0..n).filter(|&x| x != conclusion) {
                let crux = report.cruxes.iter().find(|k| k.claim == x as Claim);
                let defeated = format!("{source}[Defeater]: d\n  -> [S{x}]\n\n");
                let after = grounded_label_of(&defeated, conclusion);
                prop_assert_eq!(
                    crux.and_then(|k| k.defeat).map(|c| c.after),
                    (after != before).then_some(after),
                    "defeating [S{}] for [S{}] in\n{}", x, conclusion, source
                );
                if context.framework.unit_members(x as Claim).len() == 1 {
                    let dropped = statements.clone()
                        + &edges.iter().filter(|(a, b, _)| *a != x && *b != x).map(block).collect::<String>();
                    let after = grounded_label_of(&dropped, conclusion);
                    prop_assert_eq!(
                        crux.and_then(|k| k.drop).map(|c| c.after),
                        (after != before).then_some(after),
                        "dropping [S{}] for [S{}] in\n{}", x, conclusion, source
                    );
                }
            }
        }
    }
}
