//! Layer assignment: longest path from the top (so every reason sits right below what it
//! speaks to), then nodes with nothing above them move down next to their highest child;
//! then network simplex (Gansner et al., "A technique for drawing directed graphs", 1993)
//! shortens the edges: it finds the layering with the least total edge span, which is also
//! the layering with the fewest lanes for long edges to run in, and so the fewest places
//! where they can cross. Its work is bounded; when the bound is hit the best layering found
//! so far is kept (every step leaves a valid layering).

use super::LayoutEdge;

/// Work (in edge and node visits) that network simplex may spend: under 0.1 s. A
/// 2,000-statement map needs 0.7 million; the giant piece of a 20,000 one stops here.
const SIMPLEX_WORK: usize = 15_000_000;

/// Layer of every node (0 is the top); every non-loop edge of the DAG goes strictly down.
pub(super) fn assign(n: usize, dag: &[LayoutEdge]) -> Vec<usize> {
    let mut layer = longest_path(n, dag);
    let edges: Vec<(usize, usize)> = dag
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| (e.from, e.to))
        .collect();
    let mut rank: Vec<i64> = layer.iter().map(|&l| l as i64).collect();
    Simplex::new(n, &edges, &mut rank).run(SIMPLEX_WORK);
    let min = rank.iter().copied().min().unwrap_or(0);
    for (l, r) in layer.iter_mut().zip(&rank) {
        *l = (r - min) as usize;
    }
    layer
}

/// The starting layering: longest path from the top, parentless nodes pulled down.
fn longest_path(n: usize, dag: &[LayoutEdge]) -> Vec<usize> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for e in dag {
        if e.from != e.to {
            children[e.from].push(e.to);
            parents[e.to].push(e.from);
            indegree[e.to] += 1;
        }
    }
    // Kahn's algorithm gives a topological order.
    let mut topo: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut i = 0;
    while i < topo.len() {
        let v = topo[i];
        i += 1;
        for &c in &children[v] {
            indegree[c] -= 1;
            if indegree[c] == 0 {
                topo.push(c);
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &v in &topo {
        for &c in &children[v] {
            layer[c] = layer[c].max(layer[v] + 1);
        }
    }
    // Pull parentless nodes down to just above their highest child.
    for &v in topo.iter().rev() {
        if parents[v].is_empty()
            && let Some(min_child) = children[v].iter().map(|&c| layer[c]).min()
        {
            layer[v] = min_child.saturating_sub(1);
        }
    }
    layer
}

/// Network simplex on the layering problem: minimise Σ (rank[to] − rank[from]) subject to
/// rank[to] ≥ rank[from] + 1 for every edge.
struct Simplex<'a> {
    edges: &'a [(usize, usize)],
    rank: &'a mut [i64],
    /// Edges at each node (both directions).
    incident: Vec<Vec<usize>>,
    in_tree: Vec<bool>,
    /// Tree edge to the parent in the rooted spanning forest (`usize::MAX` at a root).
    parent_edge: Vec<usize>,
    /// Postorder number of each node, and the least one in its subtree: `w` lies in the
    /// subtree of `v` exactly when `low[v] <= lim[w] <= lim[v]`.
    lim: Vec<usize>,
    low: Vec<usize>,
    /// Cut value of every tree edge.
    cut: Vec<i64>,
    work: usize,
}

impl<'a> Simplex<'a> {
    fn new(n: usize, edges: &'a [(usize, usize)], rank: &'a mut [i64]) -> Self {
        let mut incident = vec![Vec::new(); n];
        for (i, &(a, b)) in edges.iter().enumerate() {
            incident[a].push(i);
            incident[b].push(i);
        }
        Simplex {
            edges,
            rank,
            incident,
            in_tree: vec![false; edges.len()],
            parent_edge: vec![usize::MAX; n],
            lim: vec![0; n],
            low: vec![0; n],
            cut: vec![0; edges.len()],
            work: 0,
        }
    }

    fn slack(&self, e: usize) -> i64 {
        let (a, b) = self.edges[e];
        self.rank[b] - self.rank[a] - 1
    }

    fn run(&mut self, budget: usize) {
        if self.edges.is_empty() || !self.feasible_tree(budget) {
            return;
        }
        let mut start = 0;
        while self.work < budget {
            self.rebuild();
            let Some(leave) = self.leaving_edge(&mut start) else {
                return;
            };
            let Some(enter) = self.entering_edge(leave) else {
                return;
            };
            self.exchange(leave, enter);
        }
    }

    /// Grows a spanning forest of tight edges, shifting a partial tree to tighten the
    /// least-slack edge that leaves it. Gives up (leaving the ranks valid) past the budget.
    fn feasible_tree(&mut self, budget: usize) -> bool {
        let n = self.incident.len();
        let mut member = vec![false; n];
        let mut nodes: Vec<usize> = Vec::new();
        for root in 0..n {
            if member[root] {
                continue;
            }
            let first = nodes.len();
            member[root] = true;
            nodes.push(root);
            loop {
                // Add every node reachable from the tree over tight edges.
                let mut i = first;
                while i < nodes.len() {
                    let v = nodes[i];
                    i += 1;
                    for k in 0..self.incident[v].len() {
                        let e = self.incident[v][k];
                        let (a, b) = self.edges[e];
                        let other = if a == v { b } else { a };
                        if !member[other] && self.slack(e) == 0 {
                            member[other] = true;
                            self.in_tree[e] = true;
                            nodes.push(other);
                        }
                    }
                    self.work += self.incident[v].len();
                }
                // The least-slack edge with one end in this tree.
                let mut best: Option<(i64, usize)> = None;
                for &v in &nodes[first..] {
                    for &e in &self.incident[v] {
                        let (a, b) = self.edges[e];
                        if member[a] != member[b] {
                            let s = self.slack(e);
                            if best.is_none_or(|(bs, _)| s < bs) {
                                best = Some((s, e));
                            }
                        }
                    }
                }
                self.work += nodes.len() - first;
                let Some((slack, e)) = best else {
                    break; // this piece is spanned
                };
                if self.work > budget {
                    return false;
                }
                // Shift the tree towards the edge's other end.
                let delta = if member[self.edges[e].0] {
                    slack
                } else {
                    -slack
                };
                for &v in &nodes[first..] {
                    self.rank[v] += delta;
                }
            }
        }
        true
    }

    /// Roots the forest, numbers it in postorder and computes every tree edge's cut value:
    /// for the subtree S below a tree edge, Σ over S of (out-degree − in-degree) counts the
    /// edges leaving S minus those entering it; the sign follows the tree edge's direction.
    fn rebuild(&mut self) {
        let n = self.incident.len();
        self.parent_edge.fill(usize::MAX);
        let mut visited = vec![false; n];
        let mut balance = vec![0i64; n];
        let mut next = 0;
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if visited[root] {
                continue;
            }
            visited[root] = true;
            stack.push((root, 0));
            self.low[root] = next;
            while let Some(&(v, k)) = stack.last() {
                if let Some(&e) = self.incident[v].get(k) {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if !self.in_tree[e] {
                        continue;
                    }
                    let (a, b) = self.edges[e];
                    let child = if a == v { b } else { a };
                    if visited[child] {
                        continue;
                    }
                    visited[child] = true;
                    self.parent_edge[child] = e;
                    self.low[child] = next;
                    stack.push((child, 0));
                } else {
                    stack.pop();
                    self.lim[v] = next;
                    next += 1;
                    for &e in &self.incident[v] {
                        balance[v] += if self.edges[e].0 == v { 1 } else { -1 };
                    }
                    let pe = self.parent_edge[v];
                    if pe != usize::MAX {
                        self.cut[pe] = if self.edges[pe].0 == v {
                            balance[v]
                        } else {
                            -balance[v]
                        };
                        let parent = if self.edges[pe].0 == v {
                            self.edges[pe].1
                        } else {
                            self.edges[pe].0
                        };
                        balance[parent] += balance[v];
                    }
                }
            }
        }
        self.work += n + 2 * self.edges.len();
    }

    /// A tree edge with a negative cut value, searching on from where the last search
    /// stopped.
    fn leaving_edge(&mut self, start: &mut usize) -> Option<usize> {
        let m = self.edges.len();
        for i in 0..m {
            let e = (*start + i) % m;
            if self.in_tree[e] && self.cut[e] < 0 {
                *start = (e + 1) % m;
                return Some(e);
            }
        }
        None
    }

    /// Whether `v` lies in the subtree below tree edge `e`.
    fn below(&self, e: usize, v: usize) -> bool {
        let (a, b) = self.edges[e];
        let child = if self.parent_edge[a] == e { a } else { b };
        self.low[child] <= self.lim[v] && self.lim[v] <= self.lim[child]
    }

    /// The least-slack non-tree edge from the head side of `leave` to its tail side.
    fn entering_edge(&mut self, leave: usize) -> Option<usize> {
        let tail_below = self.below(leave, self.edges[leave].0);
        let mut best: Option<(i64, usize)> = None;
        for e in 0..self.edges.len() {
            if self.in_tree[e] {
                continue;
            }
            let (a, b) = self.edges[e];
            // From the head component (where `leave`'s head is) to the tail component.
            if self.below(leave, a) != tail_below && self.below(leave, b) == tail_below {
                let s = self.slack(e);
                if best.is_none_or(|(bs, _)| s < bs) {
                    best = Some((s, e));
                }
            }
        }
        self.work += self.edges.len();
        best.map(|(_, e)| e)
    }

    /// Swaps `enter` into the tree for `leave`, shifting the subtree below `leave` so that
    /// `enter` becomes tight.
    fn exchange(&mut self, leave: usize, enter: usize) {
        let slack = self.slack(enter);
        let (a, b) = self.edges[leave];
        let child = if self.parent_edge[a] == leave { a } else { b };
        // The head side moves down by the slack (or the tail side up).
        let delta = if child == self.edges[leave].1 {
            slack
        } else {
            -slack
        };
        let (low, lim) = (self.low[child], self.lim[child]);
        for v in 0..self.incident.len() {
            if low <= self.lim[v] && self.lim[v] <= lim {
                self.rank[v] += delta;
            }
        }
        self.work += self.incident.len();
        self.in_tree[leave] = false;
        self.in_tree[enter] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(layer: &[usize], edges: &[LayoutEdge]) -> usize {
        edges.iter().map(|e| layer[e.to] - layer[e.from]).sum()
    }

    #[test]
    fn edges_point_down_and_side_conclusions_sit_near_their_reasons() {
        let e = |from, to| LayoutEdge { from, to };
        // 0 → 1 → 2 → 3, and 4 → 3 (4 has nothing above it).
        let layer = assign(5, &[e(0, 1), e(1, 2), e(2, 3), e(4, 3)]);
        assert_eq!(layer, [0, 1, 2, 3, 2]);
    }

    proptest::proptest! {
        /// On random DAGs (edges from lower to higher index), every edge goes down and the
        /// total span is never more than the starting layering's.
        #[test]
        fn layers_are_valid_and_no_longer_than_longest_path(
            n in 1usize..40,
            raw in proptest::collection::vec((0usize..40, 0usize..40), 0..80),
        ) {
            let edges: Vec<LayoutEdge> = raw
                .into_iter()
                .map(|(a, b)| (a % n, b % n))
                .filter(|(a, b)| a != b)
                .map(|(a, b)| LayoutEdge { from: a.min(b), to: a.max(b) })
                .collect();
            let layer = assign(n, &edges);
            for e in &edges {
                proptest::prop_assert!(layer[e.to] > layer[e.from]);
            }
            proptest::prop_assert!(span(&layer, &edges) <= span(&longest_path(n, &edges), &edges));
            proptest::prop_assert_eq!(layer.iter().copied().min(), Some(0));
            // Small maps: as short as the best layering there is.
            if n <= 6 {
                proptest::prop_assert_eq!(span(&layer, &edges), least_span(n, &edges));
            }
        }
    }

    #[test]
    fn network_simplex_shortens_what_longest_path_stretches() {
        let e = |from, to| LayoutEdge { from, to };
        // 0 → 1 → 2 → 3 → 4, and 5 → 6 → 4 where 6 also answers 0 (6 → 0 reversed: 0 → 6).
        // Longest path puts 6 on layer 3 (above 4); its edge from 0 then spans 3 layers,
        // and 5 sits on layer 2. Total span is least with 5 and 6 wherever the edges to 4
        // and from 0 balance; what matters is the total.
        let edges = [
            e(0, 1),
            e(1, 2),
            e(2, 3),
            e(3, 4),
            e(5, 6),
            e(6, 4),
            e(0, 6),
            e(7, 6),
            e(7, 5),
        ];
        let start = longest_path(8, &edges);
        let layer = assign(8, &edges);
        for x in &edges {
            assert!(layer[x.to] > layer[x.from], "{x:?} must go down: {layer:?}");
        }
        assert!(span(&layer, &edges) <= span(&start, &edges));
        assert_eq!(span(&layer, &edges), least_span(8, &edges));
    }

    /// The least total span of any layering, by brute force over all layerings no taller
    /// than the number of nodes.
    fn least_span(n: usize, edges: &[LayoutEdge]) -> usize {
        let height = n - 1;
        let mut best = usize::MAX;
        let mut l = vec![0usize; n];
        loop {
            if edges.iter().all(|x| l[x.to] > l[x.from]) {
                best = best.min(span(&l, edges));
            }
            let mut i = 0;
            while i < n && l[i] == height {
                l[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
            l[i] += 1;
        }
    }
}
