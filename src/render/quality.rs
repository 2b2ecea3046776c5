//! Measures of a drawing, the same for every engine: edge crossings, total edge length,
//! drawing area, aspect ratio and box overlaps. Used to compare the built-in layout with
//! Graphviz `dot` on the same boxes and edges.
//!
//! Owns geometry only; running engines is the CLI's job.

use super::layout::Rect;

/// A routed edge as a polyline.
pub type Polyline = Vec<(f64, f64)>;

/// Quality figures of one drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quality {
    /// Pairs of edge segments that cross, away from the edges' shared ends.
    pub crossings: u64,
    /// Sum of the lengths of all edge routes.
    pub edge_length: f64,
    /// Width times height of the bounding box of boxes and routes.
    pub area: f64,
    /// Width divided by height.
    pub aspect: f64,
    /// Pairs of boxes that overlap.
    pub overlaps: u64,
}

/// Samples a cubic Bézier route `start, [c1, c2, end]...` into a polyline.
pub fn flatten(start: (f64, f64), segments: &[[(f64, f64); 3]], steps: usize) -> Polyline {
    let mut out = vec![start];
    let mut from = start;
    for [a, b, c] in segments {
        for i in 1..=steps {
            let t = i as f64 / steps as f64;
            let u = 1.0 - t;
            let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            out.push((
                w[0] * from.0 + w[1] * a.0 + w[2] * b.0 + w[3] * c.0,
                w[0] * from.1 + w[1] * a.1 + w[2] * b.1 + w[3] * c.1,
            ));
        }
        from = *c;
    }
    out
}

/// Where segments `p–q` and `r–s` properly cross, if they do.
fn intersection(p: (f64, f64), q: (f64, f64), r: (f64, f64), s: (f64, f64)) -> Option<(f64, f64)> {
    let orient = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    };
    let d1 = orient(r, s, p);
    let d2 = orient(r, s, q);
    let d3 = orient(p, q, r);
    let d4 = orient(p, q, s);
    if (d1 > 0.0) == (d2 > 0.0) || (d3 > 0.0) == (d4 > 0.0) || d1 == 0.0 || d2 == 0.0 {
        return None;
    }
    let t = d1 / (d1 - d2);
    Some((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)))
}

/// Measures a drawing. `ends[i]` are the two boxes edge `i` joins: crossings within
/// `near` pixels of a box shared by both edges are not counted (edges meeting at a box).
pub fn measure(nodes: &[Rect], edges: &[Polyline], ends: &[(usize, usize)]) -> Quality {
    let mut q = Quality::default();
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    let mut grow = |x: f64, y: f64| {
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x);
        max_y = max_y.max(y);
    };
    for r in nodes {
        grow(r.x, r.y);
        grow(r.x + r.width, r.y + r.height);
    }
    for line in edges {
        for w in line.windows(2) {
            q.edge_length += ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt();
        }
        for &(x, y) in line {
            grow(x, y);
        }
    }
    if min_x.is_finite() {
        let (w, h) = (max_x - min_x, max_y - min_y);
        q.area = w * h;
        q.aspect = if h > 0.0 { w / h } else { 0.0 };
    }
    // Overlaps: sort by x and sweep.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[a].x.total_cmp(&nodes[b].x));
    for (i, &a) in order.iter().enumerate() {
        for &b in &order[i + 1..] {
            if nodes[b].x >= nodes[a].x + nodes[a].width {
                break;
            }
            if nodes[a].overlaps(&nodes[b]) {
                q.overlaps += 1;
            }
        }
    }
    // Crossings: segments bucketed in a uniform grid; each pair tested once.
    let cell = 40.0;
    let mut grid: std::collections::HashMap<(i64, i64), Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for (e, line) in edges.iter().enumerate() {
        for (k, w) in line.windows(2).enumerate() {
            let (x0, x1) = (w[0].0.min(w[1].0), w[0].0.max(w[1].0));
            let (y0, y1) = (w[0].1.min(w[1].1), w[0].1.max(w[1].1));
            for gx in (x0 / cell).floor() as i64..=(x1 / cell).floor() as i64 {
                for gy in (y0 / cell).floor() as i64..=(y1 / cell).floor() as i64 {
                    grid.entry((gx, gy)).or_default().push((e, k));
                }
            }
        }
    }
    let near_shared_box = |e: usize, f: usize, p: (f64, f64)| {
        let (a, b) = ends[e];
        let (c, d) = ends[f];
        [a, b].iter().any(|&v| {
            (v == c || v == d) && {
                let r = nodes[v];
                p.0 > r.x - 30.0
                    && p.0 < r.x + r.width + 30.0
                    && p.1 > r.y - 30.0
                    && p.1 < r.y + r.height + 30.0
            }
        })
    };
    // A pair of segments shares several cells when they are long: count a crossing only in
    // the cell that holds the intersection point.
    for (&(gx, gy), bucket) in &grid {
        for (i, &(e, k)) in bucket.iter().enumerate() {
            for &(f, m) in &bucket[i + 1..] {
                if e == f {
                    continue;
                }
                let (p, p2) = (edges[e][k], edges[e][k + 1]);
                let (r, r2) = (edges[f][m], edges[f][m + 1]);
                let Some(at) = intersection(p, p2, r, r2) else {
                    continue;
                };
                if ((at.0 / cell).floor() as i64, (at.1 / cell).floor() as i64) != (gx, gy) {
                    continue;
                }
                if !near_shared_box(e, f, at) {
                    q.crossings += 1;
                }
            }
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_x_crosses_once_and_boxes_that_overlap_are_counted() {
        let r = |x, y| Rect {
            x,
            y,
            width: 10.0,
            height: 10.0,
        };
        let nodes = [
            r(0.0, 0.0),
            r(100.0, 0.0),
            r(0.0, 100.0),
            r(100.0, 100.0),
            r(105.0, 105.0),
        ];
        let edges = vec![
            vec![(5.0, 10.0), (105.0, 100.0)],
            vec![(105.0, 10.0), (5.0, 100.0)],
        ];
        let q = measure(&nodes, &edges, &[(0, 3), (1, 2)]);
        assert_eq!(q.crossings, 1);
        assert_eq!(q.overlaps, 1);
        assert!((q.edge_length - 2.0 * (100.0f64.powi(2) + 90.0f64.powi(2)).sqrt()).abs() < 1e-6);
    }
}
