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
mod seed;

pub use seed::Seed;

/// Sweeps that slot lanes and new boxes in among the seeded ones.
const SETTLE_SWEEPS: usize = 8;

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
    /// Crossing-reduction sweeps at most, from each start (fewer on very large maps).
    pub sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_gap: 28.0,
            lane_gap: 10.0,
            layer_gap: 64.0,
            sweeps: 96,
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
    /// The same route moved by `(dx, dy)`.
    pub fn translated(&self, dx: f64, dy: f64) -> EdgePath {
        let shift = |p: (f64, f64)| (p.0 + dx, p.1 + dy);
        EdgePath {
            start: shift(self.start),
            segments: self
                .segments
                .iter()
                .map(|s| [shift(s[0]), shift(s[1]), shift(s[2])])
                .collect(),
        }
    }

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
    /// Where the drawing's (0, 0) lies in the frame of the layout that seeded it (see
    /// [`layout_seeded`]); (0, 0) for a fresh layout.
    pub origin: (f64, f64),
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

/// Lays out `input`: each connected piece on its own, then the pieces packed into rows
/// (in source order) so that a map of many separate trees stays roughly as wide as tall.
///
/// # Complexity
/// Near-linear: O((n + e) · sweeps · log) where long edges count once per layer they span.
pub fn layout(input: &LayoutInput, options: &LayoutOptions) -> Layout {
    layout_seeded(input, options, &[])
}

/// Like [`layout`], seeded with the previous layout: `seed` holds each box's old centre in
/// the old layout's frame (its rectangle moved by its `origin`), `None` for new boxes.
/// Seeded boxes keep their layers, their order and, where spacing allows, their old
/// coordinates; there is no fresh search for fewer crossings, which is what moves boxes.
/// An empty seed gives the fresh layout.
pub fn layout_seeded(input: &LayoutInput, options: &LayoutOptions, seed: &Seed) -> Layout {
    let seeded = seed::any(seed) && seed.len() == input.nodes.len();
    let seed = if seeded { seed } else { &[] };
    let pieces = components(input);
    if pieces.len() <= 1 && !seeded {
        return layout_connected(input, options, &[]);
    }
    // Lay out every piece with its own indices.
    let mut placed_pieces = Vec::with_capacity(pieces.len());
    let mut edge_of_piece: Vec<Vec<usize>> = vec![Vec::new(); pieces.len()];
    let mut piece_of = vec![0usize; input.nodes.len()];
    let mut local = vec![0usize; input.nodes.len()];
    for (p, nodes) in pieces.iter().enumerate() {
        for (i, &v) in nodes.iter().enumerate() {
            piece_of[v] = p;
            local[v] = i;
        }
    }
    for (e, edge) in input.edges.iter().enumerate() {
        edge_of_piece[piece_of[edge.from]].push(e);
    }
    // Each piece gets only the clusters its boxes use (with their ancestors), renumbered,
    // so its work stays proportional to its size; `globals[p]` maps them back.
    let clusters = input.cluster_parent.len();
    let mut local_cluster = vec![usize::MAX; clusters];
    let mut globals: Vec<Vec<usize>> = Vec::with_capacity(pieces.len());
    for (p, nodes) in pieces.iter().enumerate() {
        let mut global: Vec<usize> = Vec::new();
        for &v in nodes {
            let mut at = input.nodes[v].cluster.filter(|&c| c < clusters);
            while let Some(c) = at {
                if local_cluster[c] != usize::MAX {
                    break;
                }
                local_cluster[c] = global.len();
                global.push(c);
                at = input.cluster_parent[c].filter(|&q| q < clusters);
            }
        }
        let sub = LayoutInput {
            nodes: nodes
                .iter()
                .map(|&v| LayoutNode {
                    cluster: input.nodes[v]
                        .cluster
                        .filter(|&c| c < clusters)
                        .map(|c| local_cluster[c]),
                    ..input.nodes[v].clone()
                })
                .collect(),
            edges: edge_of_piece[p]
                .iter()
                .map(|&e| LayoutEdge {
                    from: local[input.edges[e].from],
                    to: local[input.edges[e].to],
                })
                .collect(),
            cluster_parent: global
                .iter()
                .map(|&c| {
                    input.cluster_parent[c]
                        .filter(|&q| q < clusters)
                        .map(|q| local_cluster[q])
                })
                .collect(),
        };
        for &c in &global {
            local_cluster[c] = usize::MAX;
        }
        let sub_seed: Vec<Option<(f64, f64)>> = if seeded {
            nodes.iter().map(|&v| seed[v]).collect()
        } else {
            Vec::new()
        };
        placed_pieces.push(layout_connected(&sub, options, &sub_seed));
        globals.push(global);
    }
    let offsets = if seeded {
        let has_seed: Vec<bool> = pieces
            .iter()
            .map(|nodes| nodes.iter().any(|&v| seed[v].is_some()))
            .collect();
        seeded_offsets(&placed_pieces, &has_seed, options)
    } else {
        shelf_offsets(&placed_pieces, options)
    };
    let mut out = Layout {
        nodes: vec![Rect::default(); input.nodes.len()],
        edges: vec![EdgePath::default(); input.edges.len()],
        bands: Vec::new(),
        layer: vec![0; input.nodes.len()],
        width: 0.0,
        height: 0.0,
        origin: (0.0, 0.0),
    };
    for (p, piece) in placed_pieces.into_iter().enumerate() {
        let (dx, dy) = offsets[p];
        for (i, &v) in pieces[p].iter().enumerate() {
            let r = piece.nodes[i];
            out.nodes[v] = Rect {
                x: r.x + dx,
                y: r.y + dy,
                ..r
            };
            out.layer[v] = piece.layer[i];
        }
        for (k, &e) in edge_of_piece[p].iter().enumerate() {
            out.edges[e] = piece.edges[k].translated(dx, dy);
        }
        out.bands
            .extend(piece.bands.into_iter().map(|b| ClusterBand {
                cluster: globals[p][b.cluster],
                rect: Rect {
                    x: b.rect.x + dx,
                    y: b.rect.y + dy,
                    ..b.rect
                },
            }));
    }
    normalise(&mut out);
    out
}

/// Where seeded pieces go: where they are (already in the old frame), each moved down only
/// as far as it must to clear the pieces above it; new pieces below everything.
fn seeded_offsets(
    pieces: &[Layout],
    has_seed: &[bool],
    options: &LayoutOptions,
) -> Vec<(f64, f64)> {
    let gap_x = 2.0 * options.node_gap;
    let gap_y = options.layer_gap;
    let boxes: Vec<(f64, f64, f64, f64)> = pieces.iter().map(bounds).collect();
    let mut offsets = vec![(0.0, 0.0); pieces.len()];
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut order: Vec<usize> = (0..pieces.len()).filter(|&p| has_seed[p]).collect();
    order.sort_by(|&a, &b| {
        boxes[a]
            .1
            .partial_cmp(&boxes[b].1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut placed_pieces: Vec<usize> = Vec::new();
    for p in order {
        let (x0, y0, x1, y1) = boxes[p];
        let mut dy = 0.0f64;
        // Each push clears one piece; pieces above are never revisited. Pieces collide
        // only where what is drawn does (boxes, bands, routes), not their bounding boxes:
        // trees are triangles, and a piece that grew a layer usually still fits.
        for _ in 0..=placed.len() {
            let hit = placed_pieces.iter().zip(&placed).filter(|(q, b)| {
                x0 < b.2 + gap_x
                    && b.0 < x1 + gap_x
                    && y0 + dy < b.3 + gap_y
                    && b.1 < y1 + dy + gap_y
                    && collide(
                        &pieces[p],
                        dy,
                        &pieces[**q],
                        offsets[**q].1,
                        gap_x / 2.0,
                        gap_y / 2.0,
                    )
            });
            let Some(bottom) = hit.map(|(_, b)| b.3).reduce(f64::max) else {
                break;
            };
            dy = bottom + gap_y - y0;
        }
        offsets[p] = (0.0, dy);
        placed.push((x0, y0 + dy, x1, y1 + dy));
        placed_pieces.push(p);
    }
    let left = placed.iter().map(|q| q.0).fold(f64::INFINITY, f64::min);
    let mut y = placed.iter().map(|q| q.3).fold(f64::NEG_INFINITY, f64::max) + gap_y;
    let (left, mut x) = if left.is_finite() {
        (left, left)
    } else {
        (0.0, 0.0)
    };
    if !y.is_finite() {
        y = 0.0;
    }
    let mut row = 0.0f64;
    let width = placed.iter().map(|q| q.2).fold(left, f64::max) - left;
    for p in (0..pieces.len()).filter(|&p| !has_seed[p]) {
        let (x0, y0, x1, y1) = boxes[p];
        if x > left && x + (x1 - x0) > left + width.max(x1 - x0) {
            x = left;
            y += row + gap_y;
            row = 0.0;
        }
        offsets[p] = (x - x0, y - y0);
        x += x1 - x0 + gap_x;
        row = row.max(y1 - y0);
    }
    offsets
}

/// Whether piece `a` moved down by `dy_a` and piece `b` moved by `dy_b` draw into each
/// other: a box or band of one within the margins of a box or band of the other, or a
/// route point of one inside a box of the other.
fn collide(a: &Layout, dy_a: f64, b: &Layout, dy_b: f64, mx: f64, my: f64) -> bool {
    let rects = |l: &Layout, dy: f64| -> Vec<Rect> {
        l.nodes
            .iter()
            .chain(l.bands.iter().map(|band| &band.rect))
            .map(|r| Rect { y: r.y + dy, ..*r })
            .collect()
    };
    let (ra, rb) = (rects(a, dy_a), rects(b, dy_b));
    let near = |r: &Rect, s: &Rect| {
        r.x < s.x + s.width + mx
            && s.x < r.x + r.width + mx
            && r.y < s.y + s.height + my
            && s.y < r.y + r.height + my
    };
    if ra.iter().any(|r| rb.iter().any(|s| near(r, s))) {
        return true;
    }
    let inside = |(x, y): (f64, f64), dy: f64, boxes: &[Rect], n: usize| {
        boxes[..n]
            .iter()
            .any(|r| x > r.x && x < r.x + r.width && y + dy > r.y && y + dy < r.y + r.height)
    };
    a.edges
        .iter()
        .flat_map(|e| e.points())
        .any(|p| inside(p, dy_a, &rb, b.nodes.len()))
        || b.edges
            .iter()
            .flat_map(|e| e.points())
            .any(|p| inside(p, dy_b, &ra, a.nodes.len()))
}

/// Shelf packing of fresh pieces into rows, in source order.
fn shelf_offsets(placed_pieces: &[Layout], options: &LayoutOptions) -> Vec<(f64, f64)> {
    // Shelf packing to about a 3:2 page: rows as wide as the widest piece or the side of a
    // square holding everything, whichever is larger, times 1.5.
    let gap_x = 2.0 * options.node_gap;
    let gap_y = options.layer_gap;
    let total: f64 = placed_pieces
        .iter()
        .map(|l| (l.width + gap_x) * (l.height + gap_y))
        .sum();
    let widest = placed_pieces.iter().map(|l| l.width).fold(0.0, f64::max);
    let row_width = widest.max(total.sqrt() * 1.5);
    let mut offsets = Vec::with_capacity(placed_pieces.len());
    let (mut x, mut y, mut row_height) = (0.0, 0.0, 0.0f64);
    for piece in placed_pieces {
        if x > 0.0 && x + piece.width > row_width {
            x = 0.0;
            y += row_height + gap_y;
            row_height = 0.0;
        }
        offsets.push((x, y));
        x += piece.width + gap_x;
        row_height = row_height.max(piece.height);
    }
    offsets
}

/// Weakly connected pieces, each as its node indices in order, pieces ordered by their
/// first node (source order).
fn components(input: &LayoutInput) -> Vec<Vec<usize>> {
    let n = input.nodes.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for e in &input.edges {
        if e.from < n && e.to < n {
            let (a, b) = (find(&mut parent, e.from), find(&mut parent, e.to));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut index_of_root = vec![usize::MAX; n];
    let mut pieces: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let root = find(&mut parent, v);
        if index_of_root[root] == usize::MAX {
            index_of_root[root] = pieces.len();
            pieces.push(Vec::new());
        }
        pieces[index_of_root[root]].push(v);
    }
    pieces
}

/// Lays out one connected piece; with a seed, in the seed's frame and not normalised.
fn layout_connected(input: &LayoutInput, options: &LayoutOptions, seed: &Seed) -> Layout {
    let seeded = seed::any(seed);
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
    // A seed gives drawn centres; the layout places boxes padded for their loops.
    let padded_seed: Vec<Option<(f64, f64)>>;
    let seed = if seeded && loop_room.iter().any(|&r| r > 0.0) {
        padded_seed = seed
            .iter()
            .zip(&loop_room)
            .map(|(s, room)| s.map(|(x, y)| (x + room / 2.0, y)))
            .collect();
        &padded_seed[..]
    } else {
        seed
    };
    let dag = acyclic::feedback_reversed(n, &input.edges);
    let mut layer = layers::assign(n, &dag);
    if seeded {
        seed::keep_layers(&mut layer, &dag, seed);
    }
    let mut proper = order::ProperGraph::build(input, &dag, &layer);
    // First without section constraints, to learn where each section wants to be; then
    // sections are fixed in that order and kept contiguous.
    let search = order::Search::new(options.sweeps);
    if seeded {
        let old_x = seed::keep_order(&mut proper, seed);
        if !input.cluster_parent.is_empty() {
            seed::keep_clusters(&mut proper, &input.cluster_parent, &old_x);
        }
        seed::settle(&mut proper, seed, SETTLE_SWEEPS);
    } else if input.cluster_parent.is_empty() {
        order::reduce_crossings(&mut proper, search);
    } else {
        // Where sections want to be shows after a few sweeps from the walk's order (the
        // full search here measured the same crossings in the end, for twice the time).
        let first = order::Search {
            sweeps: 4,
            restarts: false,
        };
        order::reduce_crossings(&mut proper, first);
        proper.rank_clusters(&input.cluster_parent);
        order::reduce_crossings(&mut proper, search);
    }
    let anchors = if seeded {
        seed::anchors(&proper, seed)
    } else {
        Vec::new()
    };
    let x = position::assign(&proper, input, options, &anchors);
    let (mut ys, layer_heights) = position::layer_bands(&proper, input, options);
    if seeded {
        seed::keep_heights(&mut ys, &layer_heights, &proper, seed, options.layer_gap);
    }
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
        origin: (0.0, 0.0),
    };
    if !seeded {
        normalise(&mut out);
    }
    out
}

/// The smallest and largest x and y of everything drawn: `(min x, min y, max x, max y)`.
fn bounds(layout: &Layout) -> (f64, f64, f64, f64) {
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
    (min_x, min_y, max_x, max_y)
}

/// Shifts everything so the drawing starts at (0, 0), records its size, and records in
/// `origin` where (0, 0) was.
fn normalise(layout: &mut Layout) {
    let (min_x, min_y, max_x, max_y) = bounds(layout);
    if !min_x.is_finite() {
        layout.width = 0.0;
        layout.height = 0.0;
        return;
    }
    let (dx, dy) = (-min_x, -min_y);
    layout.origin = (layout.origin.0 + min_x, layout.origin.1 + min_y);
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
