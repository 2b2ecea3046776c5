//! Seeding a layout with the previous one, so that an edit moves only what it must: boxes
//! keep their old layers (as far as the edges allow), their old left-to-right order, and
//! their old coordinates, in the spirit of ELK's model-order options and `dot`'s
//! incremental modes. New boxes and lanes go where their neighbours put them.
//!
//! A seed is the old centre of each box, `None` for a box new to the map. Works on one
//! connected piece, in the frame of the old drawing; it must not search for a fresh order
//! (that is what moves boxes).

use std::cmp::Ordering;

use super::LayoutEdge;
use super::order::ProperGraph;

/// Old centre `(x, y)` of each box, by input index; `None` for a new box.
pub type Seed = [Option<(f64, f64)>];

/// Whether `seed` places any box.
pub(super) fn any(seed: &Seed) -> bool {
    seed.iter().any(Option::is_some)
}

/// Moves seeded boxes to their old layers (old layers are told apart by their boxes' old
/// centre heights), then pushes boxes down wherever an edge would not point down, and
/// closes gaps. New boxes keep the layers the fresh layering gave them.
pub(super) fn keep_layers(layer: &mut [usize], dag: &[LayoutEdge], seed: &Seed) {
    let n = layer.len();
    let mut heights: Vec<f64> = seed.iter().flatten().map(|&(_, y)| y).collect();
    heights.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
    heights.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    for (l, s) in layer.iter_mut().zip(seed) {
        if let Some((_, y)) = s {
            *l = heights.partition_point(|&h| h < y - 0.5);
        }
    }
    // Kahn's order over the DAG, pushing each box below everything above it.
    let mut indegree = vec![0usize; n];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in dag
        .iter()
        .filter(|e| e.from != e.to && e.from < n && e.to < n)
    {
        indegree[e.to] += 1;
        children[e.from].push(e.to);
    }
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &children[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    // Close gaps left by layers that lost all their boxes.
    let mut used: Vec<usize> = layer.to_vec();
    used.sort_unstable();
    used.dedup();
    for l in layer.iter_mut() {
        *l = used.partition_point(|&u| u < *l);
    }
}

/// Orders every layer by old x: seeded boxes by their own, new boxes by the mean of their
/// seeded neighbours', lanes by interpolating along their edge; what has no clue goes last,
/// in its current order. Returns the old x used for each vertex (NaN where none).
pub(super) fn keep_order(graph: &mut ProperGraph, seed: &Seed) -> Vec<f64> {
    let count = graph.layer.len();
    let old_x = |v: usize| seed.get(v).copied().flatten().map(|(x, _)| x);
    let mut key = vec![f64::NAN; count];
    let mut sum = vec![(0.0, 0.0); graph.real];
    for (v, k) in key.iter_mut().enumerate().take(graph.real) {
        if let Some(x) = old_x(v) {
            *k = x;
        }
    }
    for chain in &graph.chains {
        let (&a, &b) = match (chain.first(), chain.last()) {
            (Some(a), Some(b)) => (a, b),
            _ => continue,
        };
        if let (None, Some(x)) = (old_x(a), old_x(b)) {
            sum[a].0 += x;
            sum[a].1 += 1.0;
        }
        if let (Some(x), None) = (old_x(a), old_x(b)) {
            sum[b].0 += x;
            sum[b].1 += 1.0;
        }
    }
    for v in 0..graph.real {
        if key[v].is_nan() && sum[v].1 > 0.0 {
            key[v] = sum[v].0 / sum[v].1;
        }
    }
    for chain in &graph.chains {
        if chain.len() < 3 {
            continue;
        }
        let (xa, xb) = (key[chain[0]], key[chain[chain.len() - 1]]);
        let steps = (chain.len() - 1) as f64;
        for (k, &d) in chain.iter().enumerate().take(chain.len() - 1).skip(1) {
            key[d] = match (xa.is_nan(), xb.is_nan()) {
                (false, false) => xa + (xb - xa) * k as f64 / steps,
                (false, true) => xa,
                (true, false) => xb,
                (true, true) => f64::NAN,
            };
        }
    }
    for l in 0..graph.layers.len() {
        let mut layer = std::mem::take(&mut graph.layers[l]);
        let at: Vec<(usize, f64)> = layer.iter().map(|&v| (v, key[v])).collect();
        let rank: std::collections::HashMap<usize, (f64, usize)> = at
            .iter()
            .enumerate()
            .map(|(i, &(v, k))| (v, (if k.is_nan() { f64::INFINITY } else { k }, i)))
            .collect();
        layer.sort_by(|a, b| {
            let (ka, ia) = rank[a];
            let (kb, ib) = rank[b];
            ka.partial_cmp(&kb)
                .unwrap_or(Ordering::Equal)
                .then(ia.cmp(&ib))
        });
        graph.layers[l] = layer;
        graph.reindex(l);
    }
    key
}

/// Orders sibling sections as the old drawing had them: a section that was left of a
/// sibling in some layer stays left of it (a topological order of "left of", ties by mean
/// old x), then regroups every layer so each section is one run, as
/// [`ProperGraph::rank_clusters`] does for a fresh layout.
pub(super) fn keep_clusters(graph: &mut ProperGraph, parent: &[Option<usize>], x: &[f64]) {
    let count = parent.len();
    let mut left_of: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for layer in &graph.layers {
        let mut prev: Option<usize> = None;
        // Only boxes: lanes have no old place of their own yet.
        for &v in layer.iter().filter(|&&v| v < graph.real) {
            let path = &graph.clusters[v];
            if path.is_empty() {
                continue;
            }
            if let Some(u) = prev {
                let other = &graph.clusters[u];
                let d = other.iter().zip(path).take_while(|(a, b)| a == b).count();
                if d < other.len() && d < path.len() {
                    let (a, b) = (other[d], path[d]);
                    if a < count && b < count && !left_of[a].contains(&b) {
                        left_of[a].push(b);
                        indegree[b] += 1;
                    }
                }
            }
            prev = Some(v);
        }
    }
    let mut sum = vec![(0.0, 0.0); count];
    for (v, path) in graph.clusters.iter().enumerate().take(graph.real) {
        if let Some(&xv) = x.get(v).filter(|x| x.is_finite()) {
            for &c in path.iter().filter(|&&c| c < count) {
                sum[c].0 += xv;
                sum[c].1 += 1.0;
            }
        }
    }
    let mean: Vec<f64> = sum
        .iter()
        .map(|&(s, n)| if n > 0.0 { s / n } else { f64::INFINITY })
        .collect();
    // Kahn's algorithm taking the leftmost ready section first; sections caught in a
    // cycle (an edit can make one) follow by mean x.
    let mut done = vec![false; count];
    let mut ready: Vec<usize> = (0..count).filter(|&c| indegree[c] == 0).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(i) = (0..ready.len()).min_by(|&a, &b| {
        mean[ready[a]]
            .total_cmp(&mean[ready[b]])
            .then(ready[a].cmp(&ready[b]))
    }) {
        let c = ready.swap_remove(i);
        done[c] = true;
        order.push(c);
        for &d in &left_of[c] {
            indegree[d] -= 1;
            if indegree[d] == 0 {
                ready.push(d);
            }
        }
    }
    let mut rest: Vec<usize> = (0..count).filter(|&c| !done[c]).collect();
    rest.sort_by(|&a, &b| mean[a].total_cmp(&mean[b]).then(a.cmp(&b)));
    order.extend(rest);
    let mut next_rank: std::collections::HashMap<Option<usize>, usize> =
        std::collections::HashMap::new();
    let mut rank = vec![0usize; count];
    for c in order {
        let r = next_rank.entry(parent[c]).or_insert(0);
        rank[c] = *r;
        *r += 1;
    }
    graph.key = graph
        .clusters
        .iter()
        .map(|path| {
            path.iter()
                .map(|&c| rank.get(c).copied().unwrap_or(0) + 1)
                .collect()
        })
        .collect();
}

/// Old x of each vertex that is a seeded box; `None` for lanes and new boxes.
pub(super) fn anchors(graph: &ProperGraph, seed: &Seed) -> Vec<Option<f64>> {
    (0..graph.layer.len())
        .map(|v| {
            (v < graph.real)
                .then(|| seed.get(v).copied().flatten().map(|(x, _)| x))
                .flatten()
        })
        .collect()
}

/// Moves layer tops so each layer's centre line sits where its seeded boxes' centres were
/// (the median of them), never closer than `gap` to the layer above; layers without old
/// boxes follow their neighbours.
pub(super) fn keep_heights(
    ys: &mut [f64],
    heights: &[f64],
    graph: &ProperGraph,
    seed: &Seed,
    gap: f64,
) {
    let depth = ys.len();
    let mut anchor: Vec<Option<f64>> = vec![None; depth];
    for (l, layer) in graph.layers.iter().enumerate().take(depth) {
        let mut old: Vec<f64> = layer
            .iter()
            .filter_map(|&v| {
                (v < graph.real)
                    .then(|| seed.get(v).copied().flatten().map(|(_, y)| y))
                    .flatten()
            })
            .collect();
        if !old.is_empty() {
            old.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
            anchor[l] = Some(old[old.len() / 2] - heights[l] / 2.0);
        }
    }
    let Some(first) = anchor.iter().position(Option::is_some) else {
        return;
    };
    ys[first] = anchor[first].unwrap_or(0.0);
    for l in (0..first).rev() {
        ys[l] = ys[l + 1] - gap - heights[l];
    }
    for l in first + 1..depth {
        let lowest = ys[l - 1] + heights[l - 1] + gap;
        ys[l] = anchor[l].map_or(lowest, |a| a.max(lowest));
    }
}

/// Median sweeps that move only lanes and new boxes: seeded boxes keep their order, the
/// others slot in between them by the median position of their neighbours. A layer keeps
/// its new order only if that does not add crossings.
pub(super) fn settle(graph: &mut ProperGraph, seed: &Seed, sweeps: usize) {
    let depth = graph.layers.len();
    if depth < 2 {
        return;
    }
    let fixed = |v: usize| v < graph.real && seed.get(v).copied().flatten().is_some();
    let fixed: Vec<bool> = (0..graph.layer.len()).map(fixed).collect();
    for sweep in 0..sweeps {
        let down = sweep % 2 == 0;
        let layers: Vec<usize> = if down {
            (1..depth).collect()
        } else {
            (0..depth - 1).rev().collect()
        };
        let mut changed = false;
        for l in layers {
            let before = graph.layers[l].clone();
            let crossings = graph.crossings_around(l);
            let mut last = 0.0;
            let mut pinned = Vec::new();
            let mut free = Vec::new();
            for (i, &v) in graph.layers[l].iter().enumerate() {
                let neighbours = if down { &graph.up[v] } else { &graph.down[v] };
                let mut at: Vec<f64> = neighbours.iter().map(|&w| graph.pos[w] as f64).collect();
                at.sort_by(f64::total_cmp);
                let value = if at.is_empty() {
                    last + 1e-6 * i as f64
                } else if at.len() % 2 == 1 {
                    at[at.len() / 2]
                } else {
                    (at[at.len() / 2 - 1] + at[at.len() / 2]) / 2.0
                };
                last = value;
                if fixed[v] {
                    pinned.push((v, value));
                } else {
                    free.push((v, value));
                }
            }
            free.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut merged = Vec::with_capacity(before.len());
            let (mut p, mut f) = (pinned.into_iter().peekable(), free.into_iter().peekable());
            loop {
                let take_free = match (p.peek(), f.peek()) {
                    (Some(a), Some(b)) => b.1 < a.1,
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (None, None) => break,
                };
                let next = if take_free { f.next() } else { p.next() };
                if let Some((v, _)) = next {
                    merged.push((v, merged.len() as f64));
                }
            }
            graph.layers[l] = super::order::arrange(merged, &graph.key, 0);
            graph.reindex(l);
            if graph.crossings_around(l) > crossings {
                graph.layers[l] = before;
                graph.reindex(l);
            } else if graph.layers[l] != before {
                changed = true;
            }
        }
        changed |= transpose_free(graph, &fixed);
        if !changed && sweep > 0 {
            break;
        }
    }
}

/// Swaps neighbours in the same section, not both seeded boxes, while that removes
/// crossings: a lane or new box steps past its neighbour, seeded boxes keep their order.
fn transpose_free(graph: &mut ProperGraph, fixed: &[bool]) -> bool {
    let mut any = false;
    for _ in 0..4 {
        let mut gain = 0;
        for l in 0..graph.layers.len() {
            // Quadratic in a vertex's degree; keep it to modest layers, as the search does.
            if graph.layers[l].len() > 2_000 {
                continue;
            }
            for i in 1..graph.layers[l].len() {
                let (a, b) = (graph.layers[l][i - 1], graph.layers[l][i]);
                if (fixed[a] && fixed[b]) || graph.key[a] != graph.key[b] {
                    continue;
                }
                let before = graph.pair_crossings(a, b);
                let after = graph.pair_crossings(b, a);
                if after < before {
                    graph.layers[l].swap(i - 1, i);
                    graph.pos[a] = i;
                    graph.pos[b] = i - 1;
                    gain += before - after;
                }
            }
        }
        if gain == 0 {
            break;
        }
        any = true;
    }
    any
}
