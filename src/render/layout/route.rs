//! Edge routes. An edge leaves its upper box at a port on the bottom side (ports spread by
//! where the edges go, so they do not bunch), drops to the bottom of its layer, crosses each
//! gap between layers as a cubic curve with vertical tangents, runs straight down its lane
//! through every layer it spans, and enters the lower box at a port on its top side. Lanes
//! are spaced from boxes like boxes are, so no route runs through a box.

use super::order::ProperGraph;
use super::{EdgePath, LayoutEdge, LayoutInput, Rect};

type Point = (f64, f64);

fn line(a: Point, b: Point) -> [Point; 3] {
    let third = ((b.0 - a.0) / 3.0, (b.1 - a.1) / 3.0);
    [
        (a.0 + third.0, a.1 + third.1),
        (a.0 + 2.0 * third.0, a.1 + 2.0 * third.1),
        b,
    ]
}

fn curve(a: Point, b: Point) -> [Point; 3] {
    let mid = (b.1 - a.1) / 2.0;
    [(a.0, a.1 + mid), (b.0, b.1 - mid), b]
}

/// Spreads ports along a side: `(edge, x of where it goes)` sorted, spaced evenly over the
/// middle of the box.
fn spread(ports: &mut [(usize, f64)], rect: &Rect, out: &mut [f64]) {
    ports.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
    let k = ports.len() as f64;
    let usable = (rect.width * 0.7).min(24.0 * k);
    let left = rect.x + (rect.width - usable) / 2.0;
    for (i, &(edge, _)) in ports.iter().enumerate() {
        out[edge] = left + usable * (i as f64 + 0.5) / k;
    }
}

pub(super) fn route(
    input: &LayoutInput,
    dag: &[LayoutEdge],
    graph: &ProperGraph,
    x: &[f64],
    nodes: &[Rect],
    ys: &[f64],
    heights: &[f64],
) -> Vec<EdgePath> {
    let n = nodes.len();
    // Ports: where each edge leaves (bottom of its upper box) and enters (top of the lower).
    let mut bottom: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut top: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, chain) in graph.chains.iter().enumerate() {
        if chain.len() < 2 {
            continue;
        }
        bottom[chain[0]].push((i, x[chain[1]]));
        top[chain[chain.len() - 1]].push((i, x[chain[chain.len() - 2]]));
    }
    let mut start_x = vec![0.0; dag.len()];
    let mut end_x = vec![0.0; dag.len()];
    for v in 0..n {
        spread(&mut bottom[v], &nodes[v], &mut start_x);
        spread(&mut top[v], &nodes[v], &mut end_x);
    }
    graph
        .chains
        .iter()
        .enumerate()
        .map(|(i, chain)| {
            let path = if chain.len() < 2 {
                self_loop(&nodes[chain[0]])
            } else {
                let upper = chain[0];
                let lower = chain[chain.len() - 1];
                let r = nodes[upper];
                let mut at = (start_x[i], r.y + r.height);
                let mut path = EdgePath {
                    start: at,
                    segments: Vec::new(),
                };
                let band_bottom = ys[graph.layer[upper]] + heights[graph.layer[upper]];
                if band_bottom > at.1 {
                    let next = (at.0, band_bottom);
                    path.segments.push(line(at, next));
                    at = next;
                }
                for &w in &chain[1..chain.len() - 1] {
                    let l = graph.layer[w];
                    let enter = (x[w], ys[l]);
                    path.segments.push(curve(at, enter));
                    let leave = (x[w], ys[l] + heights[l]);
                    path.segments.push(line(enter, leave));
                    at = leave;
                }
                let r = nodes[lower];
                let enter = (end_x[i], ys[graph.layer[lower]]);
                path.segments.push(curve(at, enter));
                if r.y > enter.1 {
                    path.segments.push(line(enter, (enter.0, r.y)));
                }
                path
            };
            // Routes run from the DAG's upper end; turn them to run from the input edge's
            // own `from`.
            if dag[i].from != input.edges[i].from {
                path.reversed()
            } else {
                path
            }
        })
        .collect()
}

fn self_loop(r: &Rect) -> EdgePath {
    let right = r.x + r.width;
    let (y1, y2) = (r.y + r.height * 0.3, r.y + r.height * 0.7);
    EdgePath {
        start: (right, y1),
        segments: vec![[
            (right + 36.0, y1 - 10.0),
            (right + 36.0, y2 + 10.0),
            (right, y2),
        ]],
    }
}
