//! Crossing reduction. Long edges get a dummy vertex in every layer they cross (a lane).
//! The search starts from the order in which a breadth-first walk discovers the vertices
//! (as Graphviz's `dot` does), then median sweeps alternate down and up; a layer's new order
//! is kept only if it adds no crossings (exact counts with a Fenwick tree, O(e log n) per
//! layer pair), and transposition swaps neighbours. It runs from three starts (the walk from
//! the top, from the bottom, and the mirror image of the best) and keeps the best order.
//!
//! Sections stay contiguous: each vertex has a cluster key (the path of its sections from
//! the outermost), and a layer is always sorted by key first, so a section's boxes form one
//! run in every layer and sections keep their source order.

use std::cmp::Ordering;

use super::{LayoutEdge, LayoutInput};

/// Where [`ProperGraph::initial_order`] starts its walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Start {
    Top,
    Bottom,
}

/// The layered graph with dummies: vertices `0..n` are the input boxes, the rest are lanes.
pub(super) struct ProperGraph {
    /// Number of input boxes.
    pub real: usize,
    /// Layer of every vertex.
    pub layer: Vec<usize>,
    /// Vertices of each layer, left to right.
    pub layers: Vec<Vec<usize>>,
    /// Neighbours in the layer above, with one entry per edge.
    pub up: Vec<Vec<usize>>,
    /// Neighbours in the layer below.
    pub down: Vec<Vec<usize>>,
    /// Cluster path of every vertex (cluster indices), outermost first.
    pub clusters: Vec<Vec<usize>>,
    /// Sort key of every vertex: its cluster path with each cluster replaced by its rank
    /// among its siblings. Empty while sections are not yet ordered.
    pub key: Vec<Vec<usize>>,
    /// For every input edge, its vertices from the upper end to the lower end.
    pub chains: Vec<Vec<usize>>,
    /// Position of every vertex in its layer.
    pub pos: Vec<usize>,
}

impl ProperGraph {
    pub(super) fn is_dummy(&self, v: usize) -> bool {
        v >= self.real
    }

    pub(super) fn build(input: &LayoutInput, dag: &[LayoutEdge], layer: &[usize]) -> Self {
        let n = input.nodes.len();
        let paths = cluster_paths(&input.cluster_parent);
        let mut key: Vec<Vec<usize>> = input
            .nodes
            .iter()
            .map(|node| {
                node.cluster
                    .and_then(|c| paths.get(c).cloned())
                    .unwrap_or_default()
            })
            .collect();
        let mut vertex_layer = layer.to_vec();
        let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut chains = Vec::with_capacity(dag.len());
        for e in dag {
            let (a, b) = (e.from, e.to);
            if a == b {
                chains.push(vec![a]);
                continue;
            }
            // Dummies belong to the innermost section both ends share.
            let shared: Vec<usize> = key[a]
                .iter()
                .zip(&key[b])
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| *x)
                .collect();
            let mut chain = vec![a];
            let mut prev = a;
            for l in layer[a] + 1..layer[b] {
                let d = vertex_layer.len();
                vertex_layer.push(l);
                key.push(shared.clone());
                up.push(vec![prev]);
                down.push(Vec::new());
                down[prev].push(d);
                chain.push(d);
                prev = d;
            }
            down[prev].push(b);
            up[b].push(prev);
            chain.push(b);
            chains.push(chain);
        }
        let depth = vertex_layer.iter().copied().max().unwrap_or(0) + 1;
        let clusters = key;
        let key = vec![Vec::new(); clusters.len()];
        let pos = vec![0; vertex_layer.len()];
        let mut graph = ProperGraph {
            real: n,
            layer: vertex_layer,
            layers: vec![Vec::new(); depth],
            up,
            down,
            clusters,
            key,
            chains,
            pos,
        };
        graph.initial_order(Start::Top);
        graph
    }

    /// Sets the initial order: vertices in the order a breadth-first walk over edges in
    /// both directions discovers them, from the top boxes (or the bottom ones), as
    /// Graphviz's `dot` starts. Walking both directions puts the boxes that a cross link
    /// joins near each other from the start, which median sweeps alone rarely achieve.
    pub(super) fn initial_order(&mut self, start: Start) {
        let count = self.layer.len();
        for layer in &mut self.layers {
            layer.clear();
        }
        let mut seen = vec![false; count];
        let mut queue = std::collections::VecDeque::new();
        let starts = (0..self.real).filter(|&v| match start {
            Start::Top => self.up[v].is_empty(),
            Start::Bottom => self.down[v].is_empty(),
        });
        let starts: Vec<usize> = starts.chain(0..count).collect();
        for s in starts {
            if seen[s] {
                continue;
            }
            seen[s] = true;
            queue.push_back(s);
            while let Some(v) = queue.pop_front() {
                self.layers[self.layer[v]].push(v);
                let (first, second) = match start {
                    Start::Top => (&self.down[v], &self.up[v]),
                    Start::Bottom => (&self.up[v], &self.down[v]),
                };
                for &w in first.iter().chain(second) {
                    if !seen[w] {
                        seen[w] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
        for l in 0..self.layers.len() {
            self.reindex(l);
        }
    }

    /// Orders sibling clusters by the mean relative position of their vertices in the
    /// current (unconstrained) order, sets the sort keys, and regroups every layer.
    pub(super) fn rank_clusters(&mut self, parent: &[Option<usize>]) {
        let count = parent.len();
        let mut sum = vec![0.0; count];
        let mut n = vec![0.0; count];
        for layer in &self.layers {
            let len = layer.len().max(1) as f64;
            for &v in layer {
                for &c in &self.clusters[v] {
                    sum[c] += self.pos[v] as f64 / len;
                    n[c] += 1.0;
                }
            }
        }
        let mean: Vec<f64> = (0..count)
            .map(|c| if n[c] > 0.0 { sum[c] / n[c] } else { 0.5 })
            .collect();
        let mut rank = vec![0; count];
        let mut siblings: Vec<usize> = (0..count).collect();
        siblings.sort_by(|&a, &b| {
            (parent[a], mean[a])
                .partial_cmp(&(parent[b], mean[b]))
                .unwrap_or(Ordering::Equal)
                .then(a.cmp(&b))
        });
        let mut i = 0;
        while i < siblings.len() {
            let group = parent[siblings[i]];
            let mut r = 0;
            while i < siblings.len() && parent[siblings[i]] == group {
                rank[siblings[i]] = r;
                r += 1;
                i += 1;
            }
        }
        // Unclustered vertices have an empty key and sort first; give clusters keys from
        // 1 so a layer's loose vertices go where their median puts them among cluster
        // runs only if they are unclustered too.
        self.key = self
            .clusters
            .iter()
            .map(|path| path.iter().map(|&c| rank[c] + 1).collect())
            .collect();
        for l in 0..self.layers.len() {
            let values = self.layers[l]
                .iter()
                .map(|&v| (v, self.pos[v] as f64))
                .collect();
            self.layers[l] = arrange(values, &self.key, 0);
            self.reindex(l);
        }
    }

    pub(super) fn reindex(&mut self, l: usize) {
        for (i, &v) in self.layers[l].iter().enumerate() {
            self.pos[v] = i;
        }
    }

    /// Crossings between layer `l` and `l + 1`.
    fn crossings_below(&self, l: usize) -> u64 {
        let mut pairs: Vec<(usize, usize)> = self.layers[l]
            .iter()
            .flat_map(|&v| self.down[v].iter().map(move |&w| (v, w)))
            .map(|(v, w)| (self.pos[v], self.pos[w]))
            .collect();
        pairs.sort_unstable();
        let size = self.layers.get(l + 1).map_or(0, Vec::len);
        let mut tree = vec![0u64; size + 1];
        let mut total = 0;
        for (inserted, &(_, p)) in pairs.iter().enumerate() {
            // Count earlier edges whose lower end is right of p.
            let mut not_greater = 0;
            let mut i = p + 1;
            while i > 0 {
                not_greater += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += inserted as u64 - not_greater;
            let mut i = p + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
        total
    }

    /// Total crossings of the current order.
    pub(super) fn crossings(&self) -> u64 {
        (0..self.layers.len().saturating_sub(1))
            .map(|l| self.crossings_below(l))
            .sum()
    }

    /// Sorts layer `l` by the median position of each vertex's neighbours in the adjacent
    /// layer (`above` or below), keeping sections contiguous.
    fn sort_layer(&mut self, l: usize, above: bool, reverse: bool) {
        let mut medians: Vec<Option<f64>> = Vec::with_capacity(self.layers[l].len());
        let mut scratch = Vec::new();
        for &v in &self.layers[l] {
            let neighbours = if above { &self.up[v] } else { &self.down[v] };
            scratch.clear();
            scratch.extend(neighbours.iter().map(|&w| self.pos[w] as f64));
            medians.push(if scratch.is_empty() {
                None
            } else {
                scratch.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
                let m = scratch.len() / 2;
                Some(if scratch.len() % 2 == 1 {
                    scratch[m]
                } else {
                    (scratch[m - 1] + scratch[m]) / 2.0
                })
            });
        }
        // A vertex with no neighbour on that side keeps its place among the others: it takes
        // the value of the nearest vertex on its left that has one (or the first one).
        let mut last = medians.iter().flatten().next().copied().unwrap_or(0.0);
        let mut values: Vec<(usize, f64)> = Vec::with_capacity(medians.len());
        for (i, &v) in self.layers[l].iter().enumerate() {
            let value = match medians[i] {
                Some(m) => {
                    last = m;
                    m
                }
                None => last + 1e-6 * i as f64,
            };
            values.push((v, value));
        }
        // The sort is stable: reversed input puts tied vertices the other way round.
        if reverse {
            values.reverse();
        }
        self.layers[l] = arrange(values, &self.key, 0);
        self.reindex(l);
    }

    /// Crossings on both sides of layer `l`.
    pub(super) fn crossings_around(&self, l: usize) -> u64 {
        let above = if l > 0 {
            self.crossings_below(l - 1)
        } else {
            0
        };
        above + self.crossings_below(l)
    }

    /// [`Self::sort_layer`], keeping the new order only if it adds no crossings next to the
    /// layer. Plain median sweeps often tear apart a good order (a box with two far-apart
    /// parents lands midway, inside an unrelated subtree); checked sweeps only descend.
    fn sort_layer_if_better(&mut self, l: usize, above: bool, reverse: bool) {
        let before = self.crossings_around(l);
        let old = self.layers[l].clone();
        self.sort_layer(l, above, reverse);
        if self.crossings_around(l) > before {
            self.layers[l] = old;
            self.reindex(l);
        }
    }

    /// Swaps neighbours in layer `l` while that lowers the crossings with both adjacent
    /// layers (one pass).
    fn transpose(&mut self, l: usize, swap_ties: bool) -> u64 {
        let mut gain = 0;
        for i in 1..self.layers[l].len() {
            let (a, b) = (self.layers[l][i - 1], self.layers[l][i]);
            if self.key[a] != self.key[b] {
                continue;
            }
            let before = self.pair_crossings(a, b);
            let after = self.pair_crossings(b, a);
            if after < before || (swap_ties && after == before && before > 0) {
                self.layers[l].swap(i - 1, i);
                self.pos[a] = i;
                self.pos[b] = i - 1;
                gain += before - after;
            }
        }
        gain
    }

    /// Crossings among the edges of `left` and `right` if `left` stands left of `right`.
    pub(super) fn pair_crossings(&self, left: usize, right: usize) -> u64 {
        let count = |a: &[usize], b: &[usize]| -> u64 {
            let mut c = 0;
            for &x in a {
                for &y in b {
                    if self.pos[x] > self.pos[y] {
                        c += 1;
                    }
                }
            }
            c
        };
        count(&self.up[left], &self.up[right]) + count(&self.down[left], &self.down[right])
    }
}

/// Vertices plus edges of the proper graph that all sweeps together may visit.
const SEARCH_WORK: usize = 10_000_000;

/// Sweeps that even the largest graph gets.
const MIN_SWEEPS: usize = 4;

/// Sweeps without a better order before a start gives up.
const PATIENCE: usize = 20;

/// Transposition passes per sweep (each repeated only while some layer improves).
const TRANSPOSE_ROUNDS: usize = 4;

/// How hard [`reduce_crossings`] searches.
#[derive(Clone, Copy, Debug)]
pub(super) struct Search {
    /// Sweeps at most, per start.
    pub sweeps: usize,
    /// Also searches from the walk from the bottom and from the mirror image of the best.
    pub restarts: bool,
}

impl Search {
    /// At most `sweeps` sweeps from each of three starts.
    pub fn new(sweeps: usize) -> Self {
        Search {
            sweeps,
            restarts: true,
        }
    }
}

/// Median sweeps down and up with transposition; keeps the best order.
pub(super) fn reduce_crossings(graph: &mut ProperGraph, search: Search) {
    // Sweeps over all starts, fewer on large proper graphs so the search stays bounded
    // (a densely cyclic map can have a hundred lane segments per box).
    let size = graph.layer.len() + graph.up.iter().map(Vec::len).sum::<usize>();
    let mut left = (SEARCH_WORK / size.max(1)).max(MIN_SWEEPS);
    let mut best = sweep_from_here(graph, search, &mut left);
    if best == 0 || !search.restarts {
        return;
    }
    let mut kept = graph.layers.clone();
    // Restart from other orders: the walk from the bottom, and the mirror image of the
    // best so far (ties then break the other way). Each often escapes the local optimum
    // the first search ended in. Keep whichever is best.
    for restart in 0..2 {
        if left == 0 {
            break;
        }
        if restart == 0 {
            graph.initial_order(Start::Bottom);
        } else {
            graph.layers.clone_from(&kept);
            for l in 0..graph.layers.len() {
                graph.layers[l].reverse();
                graph.reindex(l);
            }
        }
        let crossings = sweep_from_here(graph, search, &mut left);
        if crossings < best {
            best = crossings;
            kept.clone_from(&graph.layers);
        }
    }
    graph.layers = kept;
    for l in 0..graph.layers.len() {
        graph.reindex(l);
    }
}

/// One search from the current order; returns the crossings of the best order, which it
/// leaves in `graph`.
fn sweep_from_here(graph: &mut ProperGraph, search: Search, left: &mut usize) -> u64 {
    let sweeps = search.sweeps;
    let depth = graph.layers.len();
    if depth < 2 {
        return 0;
    }
    let mut best = graph.crossings();
    let mut best_layers = graph.layers.clone();
    let mut stale = 0;
    for sweep in 0..sweeps {
        if best == 0 || *left == 0 {
            break;
        }
        *left -= 1;
        // As in Graphviz: every other pair of sweeps breaks ties the other way, and
        // transposition then swaps neighbours whose crossings tie, to leave plateaus.
        let reverse = sweep % 4 < 2;
        if sweep % 2 == 0 {
            for l in 1..depth {
                graph.sort_layer_if_better(l, true, reverse);
            }
        } else {
            for l in (0..depth - 1).rev() {
                graph.sort_layer_if_better(l, false, reverse);
            }
        }
        // Transposition is quadratic in a vertex's degree; keep it to modest layers.
        for _ in 0..TRANSPOSE_ROUNDS {
            let mut gain = 0;
            for l in 0..depth {
                if graph.layers[l].len() <= 2_000 {
                    gain += graph.transpose(l, !reverse);
                }
            }
            if gain == 0 {
                break;
            }
        }
        let crossings = graph.crossings();
        if crossings < best {
            best = crossings;
            best_layers = graph.layers.clone();
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                break;
            }
        }
    }
    graph.layers = best_layers;
    for l in 0..depth {
        graph.reindex(l);
    }
    best
}

/// Orders one layer: vertices sorted by `value`, except that the vertices of each cluster
/// (at nesting `depth` and below) form one run, runs follow their cluster rank, and vertices
/// outside any cluster at this depth float between the runs by value.
///
/// Recursion goes one level per section nesting (headings: at most 6; paths are capped).
pub(super) fn arrange(
    mut items: Vec<(usize, f64)>,
    key: &[Vec<usize>],
    depth: usize,
) -> Vec<usize> {
    let by_value =
        |a: &(usize, f64), b: &(usize, f64)| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal);
    let (mut free, mut grouped): (Vec<_>, Vec<_>) =
        items.drain(..).partition(|&(v, _)| key[v].len() <= depth);
    free.sort_by(by_value);
    grouped.sort_by(|a, b| key[a.0][depth].cmp(&key[b.0][depth]).then(by_value(a, b)));
    let mut out = Vec::with_capacity(free.len() + grouped.len());
    let mut free = free.into_iter().peekable();
    let mut start = 0;
    while start < grouped.len() {
        let group = key[grouped[start].0][depth];
        let end = start
            + grouped[start..]
                .iter()
                .take_while(|(v, _)| key[*v][depth] == group)
                .count();
        let run: Vec<(usize, f64)> = grouped[start..end].to_vec();
        let mean = run.iter().map(|r| r.1).sum::<f64>() / run.len() as f64;
        while let Some(&(v, value)) = free.peek() {
            if value >= mean {
                break;
            }
            out.push(v);
            free.next();
        }
        out.extend(arrange(run, key, depth + 1));
        start = end;
    }
    out.extend(free.map(|(v, _)| v));
    out
}

/// Path of every cluster from its outermost ancestor, following parents iteratively and
/// ignoring parent links that would loop.
fn cluster_paths(parent: &[Option<usize>]) -> Vec<Vec<usize>> {
    (0..parent.len())
        .map(|c| {
            let mut path = vec![c];
            let mut at = c;
            while let Some(p) = parent.get(at).copied().flatten() {
                if p >= parent.len() || path.contains(&p) || path.len() > 64 {
                    break;
                }
                path.push(p);
                at = p;
            }
            path.reverse();
            path
        })
        .collect()
}
