//! From per-unit and per-pair probabilities to one well-formed argument tree: the evidence
//! graph of Peldszus & Stede (2015), decoded as a maximum spanning tree (Chu–Liu–Edmonds).

/// What the classifiers say about a text of `n` units.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// P(unit is the central claim).
    pub cc: Vec<f64>,
    /// P(unit speaks for the opponent).
    pub opponent: Vec<f64>,
    /// P(function) per unit: central claim, support, rebut, undercut.
    pub function: Vec<[f64; 4]>,
    /// P(unit i attaches to unit j), row-major `n × n`.
    pub attach: Vec<f64>,
}

/// How much each kind of evidence counts in an edge's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Central claim evidence: the source unit is not the central claim.
    pub cc: f64,
    /// Role evidence: the two units' roles fit the relation (same for support).
    pub role: f64,
    /// Function evidence: the source unit supports or attacks.
    pub function: f64,
    /// Attachment evidence: the source unit attaches to the target.
    pub attach: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            cc: 1.0,
            role: 1.0,
            function: 1.0,
            attach: 1.0,
        }
    }
}

/// The relation a unit has to its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A reason for the target.
    Support,
    /// An objection to the target claim.
    Rebut,
    /// An objection to the inference from the target to what it supports.
    Undercut,
}

/// The decoded tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// The central claim.
    pub root: usize,
    /// Each unit's target and relation (`None` for the root).
    pub target: Vec<Option<(usize, Kind)>>,
    /// Roles implied by the tree: the root is the proponent's, an attack switches sides.
    pub opponent: Vec<bool>,
    /// The weight of each unit's chosen edge (for the root, its central-claim probability).
    pub confidence: Vec<f64>,
}

/// Decodes the best tree for `evidence`.
pub fn decode(evidence: &Evidence, weights: Weights) -> Tree {
    decode_with_roots(evidence, weights, &[])
}

/// Decodes the best tree whose central claim is a unit that `root_allowed` marks (all units
/// when it is empty or marks none).
pub fn decode_with_roots(evidence: &Evidence, weights: Weights, root_allowed: &[bool]) -> Tree {
    let n = evidence.cc.len();
    if n == 0 {
        return Tree {
            root: 0,
            target: Vec::new(),
            opponent: Vec::new(),
            confidence: Vec::new(),
        };
    }
    let total = weights.cc + weights.role + weights.function + weights.attach;
    // score[i * n + j]: the best weight of "i attaches to j", and its kind.
    let mut score = vec![f64::NEG_INFINITY; n * n];
    let mut kind = vec![Kind::Support; n * n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let pi = evidence.opponent[i];
            let pj = evidence.opponent[j];
            let same = pi * pj + (1.0 - pi) * (1.0 - pj);
            let f = evidence.function[i];
            let attack = f[2] + f[3];
            let base =
                weights.cc * (1.0 - evidence.cc[i]) + weights.attach * evidence.attach[i * n + j];
            let support = base + weights.function * f[1] + weights.role * same;
            let against = base + weights.function * attack + weights.role * (1.0 - same);
            let (w, k) = if support >= against {
                (support, Kind::Support)
            } else if f[3] > f[2] {
                (against, Kind::Undercut)
            } else {
                (against, Kind::Rebut)
            };
            // Non-finite evidence (a broken weights file) counts as none.
            let w = w / total;
            score[i * n + j] = if w.is_finite() { w } else { 0.0 };
            kind[i * n + j] = k;
        }
    }
    let mut best: Option<(f64, usize, Vec<usize>)> = None;
    let any_allowed = root_allowed.iter().any(|&a| a);
    for root in 0..n {
        if any_allowed && !root_allowed.get(root).copied().unwrap_or(false) {
            continue;
        }
        let heads = arborescence(n, root, |head, dep| score[dep * n + head]);
        let sum: f64 = (0..n)
            .filter(|&d| d != root)
            .map(|d| score[d * n + heads[d]])
            .sum();
        if best.as_ref().is_none_or(|(s, _, _)| sum > *s + 1e-12) {
            best = Some((sum, root, heads));
        }
    }
    let (_, root, heads) = best.expect("n > 0");
    let target: Vec<Option<(usize, Kind)>> = (0..n)
        .map(|d| (d != root).then(|| (heads[d], kind[d * n + heads[d]])))
        .collect();
    let confidence = (0..n)
        .map(|d| {
            if d == root {
                evidence.cc[d]
            } else {
                score[d * n + heads[d]]
            }
        })
        .collect();
    let opponent = roles(&target);
    Tree {
        root,
        target,
        opponent,
        confidence,
    }
}

/// Roles implied by a tree: a unit attacking a proponent's unit speaks for the opponent.
pub fn roles(target: &[Option<(usize, Kind)>]) -> Vec<bool> {
    let n = target.len();
    let mut opponent = vec![None; n];
    for start in 0..n {
        // Walk up to a unit whose role is known (or the root), then fill in on the way back.
        let mut chain = Vec::new();
        let mut at = start;
        let mut role = false;
        loop {
            if let Some(r) = opponent[at] {
                role = r;
                break;
            }
            chain.push(at);
            match target[at] {
                Some((up, _)) if chain.len() <= n => at = up,
                _ => {
                    chain.pop();
                    opponent[at] = Some(false);
                    break;
                }
            }
        }
        for &u in chain.iter().rev() {
            let flip = matches!(target[u], Some((_, Kind::Rebut | Kind::Undercut)));
            role ^= flip;
            opponent[u] = Some(role);
        }
    }
    opponent.into_iter().map(|r| r.unwrap_or(false)).collect()
}

/// The maximum spanning arborescence of the complete graph on `n` nodes rooted at `root`,
/// with `weight(head, dependent)`; returns each node's head (the root's is itself).
/// Chu–Liu–Edmonds with cycle contraction, O(n³) per contraction level.
pub fn arborescence(n: usize, root: usize, weight: impl Fn(usize, usize) -> f64) -> Vec<usize> {
    let w: Vec<f64> = (0..n * n)
        .map(|x| {
            let (h, d) = (x / n, x % n);
            if h == d || d == root {
                f64::NEG_INFINITY
            } else {
                weight(h, d)
            }
        })
        .collect();
    let mut heads = contract(n, root, &w);
    heads[root] = root;
    heads
}

fn contract(n: usize, root: usize, w: &[f64]) -> Vec<usize> {
    let at = |h: usize, d: usize| w[h * n + d];
    let mut head = vec![root; n];
    for (d, hd) in head.iter_mut().enumerate() {
        if d == root {
            continue;
        }
        let mut best = f64::NEG_INFINITY;
        for h in 0..n {
            if h != d && at(h, d) > best {
                best = at(h, d);
                *hd = h;
            }
        }
    }
    // Find a cycle among the chosen heads.
    let mut color = vec![0u8; n];
    let mut cycle = None;
    for s in 0..n {
        if color[s] != 0 {
            continue;
        }
        let mut path = Vec::new();
        let mut v = s;
        while color[v] == 0 && v != root {
            color[v] = 1;
            path.push(v);
            v = head[v];
        }
        if v != root && color[v] == 1 {
            let from = path.iter().position(|&p| p == v).expect("on the path");
            cycle = Some(path[from..].to_vec());
        }
        for p in path {
            color[p] = 2;
        }
        if cycle.is_some() {
            break;
        }
    }
    let Some(cycle) = cycle else {
        return head;
    };
    // Contract the cycle into one node `c` (the last index of the smaller graph).
    let in_cycle: Vec<bool> = (0..n).map(|v| cycle.contains(&v)).collect();
    let outside: Vec<usize> = (0..n).filter(|&v| !in_cycle[v]).collect();
    let m = outside.len() + 1;
    let c = m - 1;
    let index_of = |v: usize| outside.iter().position(|&o| o == v);
    let mut w2 = vec![f64::NEG_INFINITY; m * m];
    let mut enter = vec![usize::MAX; m]; // for edges u -> c: which cycle node they enter
    let mut leave = vec![usize::MAX; m]; // for edges c -> u: which cycle node they leave
    for (a, &u) in outside.iter().enumerate() {
        for (b, &v) in outside.iter().enumerate() {
            w2[a * m + b] = at(u, v);
        }
        let mut best = f64::NEG_INFINITY;
        for &v in &cycle {
            let x = at(u, v) - at(head[v], v);
            if x > best {
                best = x;
                enter[a] = v;
            }
        }
        w2[a * m + c] = best;
        let mut best = f64::NEG_INFINITY;
        for &v in &cycle {
            if at(v, u) > best {
                best = at(v, u);
                leave[a] = v;
            }
        }
        w2[c * m + a] = best;
    }
    let root2 = index_of(root).expect("the root is never on a cycle");
    let heads2 = contract(m, root2, &w2);
    let mut out = head.clone();
    for (a, &u) in outside.iter().enumerate() {
        if u == root {
            continue;
        }
        out[u] = if heads2[a] == c {
            leave[a]
        } else {
            outside[heads2[a]]
        };
    }
    let h = heads2[c];
    let entry = enter[h];
    out[entry] = outside[h];
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every head assignment that forms a tree, by brute force.
    fn best_by_brute_force(n: usize, root: usize, w: &[f64]) -> f64 {
        let others: Vec<usize> = (0..n).filter(|&v| v != root).collect();
        let mut heads = vec![0usize; n];
        let mut best = f64::NEG_INFINITY;
        let total = (n as u64).pow(others.len() as u32);
        for code in 0..total {
            let mut x = code;
            for &v in &others {
                heads[v] = (x % n as u64) as usize;
                x /= n as u64;
            }
            let ok = others.iter().all(|&v| {
                let mut at = v;
                for _ in 0..n {
                    if at == root {
                        return true;
                    }
                    if heads[at] == at {
                        return false;
                    }
                    at = heads[at];
                }
                at == root
            });
            if ok {
                let s: f64 = others.iter().map(|&v| w[heads[v] * n + v]).sum();
                best = best.max(s);
            }
        }
        best
    }

    #[test]
    fn chu_liu_edmonds_matches_brute_force() {
        let mut rng = crate::generate::Rng(7);
        for n in 2..=5 {
            for _ in 0..60 {
                let w: Vec<f64> = (0..n * n).map(|_| rng.below(1000) as f64 / 100.0).collect();
                let root = rng.below(n);
                let heads = arborescence(n, root, |h, d| w[h * n + d]);
                let got: f64 = (0..n)
                    .filter(|&v| v != root)
                    .map(|v| w[heads[v] * n + v])
                    .sum();
                let want = best_by_brute_force(n, root, &w);
                assert!(
                    (got - want).abs() < 1e-9,
                    "n={n} got {got} want {want} {w:?}"
                );
            }
        }
    }

    #[test]
    fn roles_switch_on_attacks() {
        let target = vec![
            None,
            Some((0, Kind::Support)),
            Some((0, Kind::Rebut)),
            Some((2, Kind::Undercut)),
            Some((2, Kind::Support)),
        ];
        assert_eq!(roles(&target), vec![false, false, true, false, true]);
    }
}
