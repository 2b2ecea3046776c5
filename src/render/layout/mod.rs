//! A layered (Sugiyama-style) layout for argument maps: boxes in horizontal layers, edges
//! that run between layers through reserved lanes, sections as contiguous groups.
//!
//! The pipeline, one file per step: [`acyclic`] (reverse a feedback set so the graph is a
//! DAG), [`layers`] (longest-path layering, then compaction), [`order`] (dummy nodes for
//! long edges, median sweeps with exact crossing counts), [`position`] (x by weighted
//! isotonic regression, which keeps order and spacing and minimises the pull of
//! neighbours), [`route`] (edge paths through the dummies' lanes).
//!
//! Works on plain boxes and edges in top-down terms; `render::svg` maps the argument graph
//! onto it. Every step is iterative (no recursion) and near-linear in nodes plus edges.

mod acyclic;
mod layers;
mod order;
mod position;
mod route;

/// Room kept right of a box that has a self-loop.
const SELF_LOOP_ROOM: f64 = 44.0;

/// A box to place.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutNode {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// Innermost cluster (section) the box belongs to.
    pub cluster: Option<usize>,
}

/// An edge from the upper box `from` to the lower box `to` (for a map drawn bottom-up the
/// caller swaps the ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutEdge {
    /// Index of the box the edge leaves.
    pub from: usize,
    /// Index of the box the edge enters.
    pub to: usize,
}

/// Spacing of the layout.
#[derive(Clone, Debug)]
pub struct LayoutOptions {
    /// Horizontal gap between neighbouring boxes.
    pub node_gap: f64,
    /// Horizontal gap next to a lane carrying a long edge.
    pub lane_gap: f64,
    /// Vertical gap between layers.
    pub layer_gap: f64,
    /// Crossing-reduction sweeps at most.
    pub sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_gap: 28.0,
            lane_gap: 10.0,
            layer_gap: 64.0,
            sweeps: 24,
        }
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// Whether two rectangles share interior area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// The route of one edge: a start point, then cubic Bézier segments
/// `(control 1, control 2, end)`, from the edge's `from` box to its `to` box.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EdgePath {
    /// Where the path starts.
    pub start: (f64, f64),
    /// Cubic segments.
    pub segments: Vec<[(f64, f64); 3]>,
}

impl EdgePath {
    /// The same route walked the other way.
    pub fn reversed(&self) -> EdgePath {
        let end = self.segments.last().map_or(self.start, |s| s[2]);
        let segments = self
            .segments
            .iter()
            .enumerate()
            .rev()
            .map(|(k, s)| {
                let from = if k == 0 {
                    self.start
                } else {
                    self.segments[k - 1][2]
                };
                [s[1], s[0], from]
            })
            .collect();
        EdgePath {
            start: end,
            segments,
        }
    }

    /// Every point the path is built from, for bounds and tests.
    pub fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        std::iter::once(self.start).chain(self.segments.iter().flat_map(|s| s.iter().copied()))
    }
}

/// A band of one cluster in one layer: the cluster is drawn as the union of its bands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterBand {
    /// The cluster.
    pub cluster: usize,
    /// The area.
    pub rect: Rect,
}

/// The result: where every box, edge and cluster goes.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Box rectangles, indexed like the input nodes.
    pub nodes: Vec<Rect>,
    /// Edge routes, indexed like the input edges.
    pub edges: Vec<EdgePath>,
    /// Cluster bands, outer clusters first.
    pub bands: Vec<ClusterBand>,
    /// Layer of each box (0 is the top).
    pub layer: Vec<usize>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

/// The input of [`layout`].
#[derive(Clone, Debug, Default)]
pub struct LayoutInput {
    /// Boxes.
    pub nodes: Vec<LayoutNode>,
    /// Edges, top to bottom.
    pub edges: Vec<LayoutEdge>,
    /// Parent of each cluster.
    pub cluster_parent: Vec<Option<usize>>,
}

/// Lays out `input`.
///
/// # Complexity
/// Near-linear: O((n + e) · sweeps · log) where long edges count once per layer they span.
pub fn layout(input: &LayoutInput, options: &LayoutOptions) -> Layout {
    let n = input.nodes.len();
    if n == 0 {
        return Layout::default();
    }
    // A box with a self-loop needs room on its right for the loop.
    let mut loop_room = vec![0.0; n];
    for e in &input.edges {
        if e.from == e.to && e.from < n {
            loop_room[e.from] = SELF_LOOP_ROOM;
        }
    }
    let padded;
    let input = if loop_room.iter().any(|&r| r > 0.0) {
        let mut copy = input.clone();
        for (node, room) in copy.nodes.iter_mut().zip(&loop_room) {
            node.width += room;
        }
        padded = copy;
        &padded
    } else {
        input
    };
    let dag = acyclic::feedback_reversed(n, &input.edges);
    let layer = layers::assign(n, &dag);
    let mut proper = order::ProperGraph::build(input, &dag, &layer);
    // First without section constraints, to learn where each section wants to be; then
    // sections are fixed in that order and kept contiguous.
    order::reduce_crossings(&mut proper, options.sweeps);
    if !input.cluster_parent.is_empty() {
        proper.rank_clusters(&input.cluster_parent);
        order::reduce_crossings(&mut proper, options.sweeps);
    }
    let x = position::assign(&proper, input, options);
    let (ys, layer_heights) = position::layer_bands(&proper, input, options);
    let nodes: Vec<Rect> = (0..n)
        .map(|v| {
            let node = &input.nodes[v];
            let l = layer[v];
            Rect {
                x: x[v] - node.width / 2.0,
                y: ys[l] + (layer_heights[l] - node.height) / 2.0,
                width: node.width - loop_room[v],
                height: node.height,
            }
        })
        .collect();
    let edges = route::route(input, &dag, &proper, &x, &nodes, &ys, &layer_heights);
    let bands = position::cluster_bands(input, &proper, &x, &ys, &layer_heights, options);
    let mut out = Layout {
        nodes,
        edges,
        bands,
        layer,
        width: 0.0,
        height: 0.0,
    };
    normalise(&mut out);
    out
}

/// Shifts everything so the drawing starts at (0, 0) and records its size.
fn normalise(layout: &mut Layout) {
    let mut min_x = f64::INFINITY;
    let mut min_y = f64::INFINITY;
    let mut max_x = f64::NEG_INFINITY;
    let mut max_y = f64::NEG_INFINITY;
    let mut take = |x: f64, y: f64| {
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x);
        max_y = max_y.max(y);
    };
    for r in layout
        .nodes
        .iter()
        .chain(layout.bands.iter().map(|b| &b.rect))
    {
        take(r.x, r.y);
        take(r.x + r.width, r.y + r.height);
    }
    for e in &layout.edges {
        for (x, y) in e.points() {
            take(x, y);
        }
    }
    let (dx, dy) = (-min_x, -min_y);
    for r in layout
        .nodes
        .iter_mut()
        .chain(layout.bands.iter_mut().map(|b| &mut b.rect))
    {
        r.x += dx;
        r.y += dy;
    }
    for e in &mut layout.edges {
        e.start = (e.start.0 + dx, e.start.1 + dy);
        for seg in &mut e.segments {
            for p in seg.iter_mut() {
                *p = (p.0 + dx, p.1 + dy);
            }
        }
    }
    layout.width = max_x - min_x;
    layout.height = max_y - min_y;
}
