//! Coordinates. Layers stack top to bottom, each as tall as its tallest box. Within a
//! layer, x is chosen by weighted isotonic regression (pool adjacent violators): every
//! vertex wants to sit at the mean x of its neighbours, the order and minimum spacing are
//! hard constraints, and lanes of long edges weigh more so those edges stay straight. Each
//! pass is linear in the layer.

use super::order::ProperGraph;
use super::{ClusterBand, LayoutInput, LayoutOptions, Rect};

/// Width of a vertex: a box's width, or 0 for a lane.
fn width(input: &LayoutInput, graph: &ProperGraph, v: usize) -> f64 {
    if graph.is_dummy(v) {
        0.0
    } else {
        input.nodes[v].width
    }
}

/// Minimum distance between the centres of neighbours `a` (left) and `b`.
fn separation(
    input: &LayoutInput,
    graph: &ProperGraph,
    opts: &LayoutOptions,
    a: usize,
    b: usize,
) -> f64 {
    let half = (width(input, graph, a) + width(input, graph, b)) / 2.0;
    let gap = if graph.is_dummy(a) || graph.is_dummy(b) {
        opts.lane_gap
    } else {
        opts.node_gap
    };
    // Room for the borders of sections that end between the two.
    let shared = graph.key[a]
        .iter()
        .zip(&graph.key[b])
        .take_while(|(x, y)| x == y)
        .count();
    let borders = (graph.key[a].len() - shared) + (graph.key[b].len() - shared);
    half + gap + 8.0 * borders as f64
}

/// Pull of a box towards its old x when the layout is seeded, against 1 for a neighbour.
const ANCHOR_WEIGHT: f64 = 1e6;

/// x of the centre of every vertex; a vertex with an anchor (its old x, when the layout
/// is seeded with the previous one) is pulled there instead of towards its neighbours.
pub(super) fn assign(
    graph: &ProperGraph,
    input: &LayoutInput,
    opts: &LayoutOptions,
    anchors: &[Option<f64>],
) -> Vec<f64> {
    let count = graph.layer.len();
    let mut x = vec![0.0; count];
    let mut offsets: Vec<Vec<f64>> = Vec::with_capacity(graph.layers.len());
    for layer in &graph.layers {
        let mut off = Vec::with_capacity(layer.len());
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                at += separation(input, graph, opts, layer[i - 1], v);
            }
            off.push(at);
            x[v] = at;
        }
        offsets.push(off);
    }
    let depth = graph.layers.len();
    let anchor = |v: usize| anchors.get(v).copied().flatten();
    let weight = |v: usize| {
        if anchor(v).is_some() {
            ANCHOR_WEIGHT
        } else if graph.is_dummy(v) {
            4.0
        } else {
            1.0
        }
    };
    let mut targets = Vec::new();
    for pass in 0..8 {
        let order: Vec<usize> = if pass % 2 == 0 {
            (0..depth).collect()
        } else {
            (0..depth).rev().collect()
        };
        for l in order {
            targets.clear();
            for &v in &graph.layers[l] {
                if let Some(x) = anchor(v) {
                    targets.push(x);
                    continue;
                }
                let (mut sum, mut n) = (0.0, 0.0);
                let sides: [&Vec<usize>; 2] = [&graph.up[v], &graph.down[v]];
                for side in sides {
                    for &w in side {
                        sum += x[w];
                        n += 1.0;
                    }
                }
                targets.push(if n > 0.0 { sum / n } else { x[v] });
            }
            let placed = isotonic(&graph.layers[l], &targets, &offsets[l], weight);
            for (i, &v) in graph.layers[l].iter().enumerate() {
                x[v] = placed[i];
            }
        }
    }
    x
}

/// Positions closest (weighted least squares) to `targets` with `x[i+1] - x[i] >=
/// offsets[i+1] - offsets[i]`: isotonic regression of `target - offset`, solved by pool
/// adjacent violators in linear time.
fn isotonic(
    layer: &[usize],
    targets: &[f64],
    offsets: &[f64],
    weight: impl Fn(usize) -> f64,
) -> Vec<f64> {
    // Blocks of (weighted mean, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(layer.len());
    for (i, &v) in layer.iter().enumerate() {
        let w = weight(v);
        blocks.push((targets[i] - offsets[i], w, 1));
        while blocks.len() > 1 {
            let (m2, w2, c2) = blocks[blocks.len() - 1];
            let (m1, w1, c1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = ((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2);
        }
    }
    let mut out = Vec::with_capacity(layer.len());
    for (mean, _, count) in blocks {
        for _ in 0..count {
            let i = out.len();
            out.push(mean + offsets[i]);
        }
    }
    out
}

/// Top y and height of every layer.
pub(super) fn layer_bands(
    graph: &ProperGraph,
    input: &LayoutInput,
    opts: &LayoutOptions,
) -> (Vec<f64>, Vec<f64>) {
    let heights: Vec<f64> = graph
        .layers
        .iter()
        .map(|layer| {
            layer
                .iter()
                .filter(|&&v| !graph.is_dummy(v))
                .map(|&v| input.nodes[v].height)
                .fold(12.0, f64::max)
        })
        .collect();
    let mut ys = Vec::with_capacity(heights.len());
    let mut y = 0.0;
    for h in &heights {
        ys.push(y);
        y += h + opts.layer_gap;
    }
    (ys, heights)
}

/// Bands of every cluster in every layer it has vertices in: from its leftmost to its
/// rightmost vertex, padded less the deeper the cluster is nested, so inner bands sit inside
/// outer ones and bands of different clusters never overlap.
pub(super) fn cluster_bands(
    input: &LayoutInput,
    graph: &ProperGraph,
    x: &[f64],
    ys: &[f64],
    heights: &[f64],
    opts: &LayoutOptions,
) -> Vec<ClusterBand> {
    let mut bands = Vec::new();
    for (l, layer) in graph.layers.iter().enumerate() {
        // Runs of vertices sharing a cluster at each depth.
        let mut open: Vec<(usize, f64, f64)> = Vec::new();
        let mut close = |open: &mut Vec<(usize, f64, f64)>, keep: usize| {
            while open.len() > keep {
                if let Some((c, left, right)) = open.pop() {
                    let depth = open.len() as f64;
                    let pad = (12.0 - 4.0 * depth).max(3.0);
                    let vpad = (opts.layer_gap / 2.0 - 2.0 * depth).max(4.0);
                    bands.push(ClusterBand {
                        cluster: c,
                        rect: Rect {
                            x: left - pad,
                            y: ys[l] - vpad,
                            width: right - left + 2.0 * pad,
                            height: heights[l] + 2.0 * vpad,
                        },
                    });
                }
            }
        };
        for &v in layer {
            let key = &graph.clusters[v];
            let shared = open
                .iter()
                .zip(key)
                .take_while(|((c, _, _), k)| c == *k)
                .count();
            close(&mut open, shared);
            let half = width(input, graph, v) / 2.0;
            let (left, right) = (x[v] - half, x[v] + half);
            for run in &mut open {
                run.1 = run.1.min(left);
                run.2 = run.2.max(right);
            }
            for &c in &key[shared..] {
                open.push((c, left, right));
            }
        }
        close(&mut open, 0);
    }
    // Outer clusters first, so inner ones are drawn on top.
    let depth_of = |c: usize| {
        let mut d = 0;
        let mut at = c;
        while let Some(p) = input.cluster_parent.get(at).copied().flatten() {
            d += 1;
            at = p;
            if d > 64 {
                break;
            }
        }
        d
    };
    bands.sort_by_key(|b| depth_of(b.cluster));
    bands
}
