//! Cycle breaking: some edges are reversed so that the rest of the pipeline sees a DAG.
//! Attack cycles are common in debates.
//!
//! Two candidates, and the one that reverses fewer edges wins (the depth-first one on a
//! tie): the back edges of a depth-first search in input order, which follows the
//! author's direction; and the edges pointing backwards in the order of Eades, Lin and
//! Smyth's greedy heuristic (1993: sinks to the end and sources to the front as they
//! appear, otherwise the node with the most outgoing minus incoming edges to the front).
//! On a map with few cycles the search does well (the bundled map: 3 reversed against 4);
//! on densely cyclic maps it strings the map along one long search path. On a random map
//! of 600 claims and 3,000 relations it reversed 1,248 edges and made a DAG 457 layers deep
//! with 393,000 lane segments; the greedy order reverses 821, 94 layers, 74,000 segments.

use std::collections::{BinaryHeap, VecDeque};

use super::LayoutEdge;

/// Returns the edges with the chosen ones reversed; self-loops are kept (layering ignores
/// them).
pub(super) fn feedback_reversed(n: usize, edges: &[LayoutEdge]) -> Vec<LayoutEdge> {
    let by_search = back_edges(n, edges);
    let position = greedy_order(n, edges);
    let by_order: Vec<bool> = edges
        .iter()
        .map(|e| e.from != e.to && position[e.from] > position[e.to])
        .collect();
    let count = |flags: &[bool]| flags.iter().filter(|&&r| r).count();
    let reversed = if count(&by_order) < count(&by_search) {
        by_order
    } else {
        by_search
    };
    edges
        .iter()
        .zip(reversed)
        .map(|(e, r)| {
            if r {
                LayoutEdge {
                    from: e.to,
                    to: e.from,
                }
            } else {
                *e
            }
        })
        .collect()
}

/// The back edges of an iterative depth-first search that starts from the nodes with no
/// incoming edges, then the rest, in input order.
fn back_edges(n: usize, edges: &[LayoutEdge]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        if e.from != e.to {
            out_edges[e.from].push(i);
        }
    }
    // 0 = unseen, 1 = on the DFS stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    // Start from nodes with no incoming edges first, so the DFS follows the author's
    // direction and reverses as little as possible.
    let mut indegree = vec![0usize; n];
    for e in edges {
        if e.from != e.to {
            indegree[e.to] += 1;
        }
    }
    let roots = (0..n)
        .filter(|&v| indegree[v] == 0)
        .chain((0..n).filter(|&v| indegree[v] != 0));
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, 0));
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&edge) = out_edges[v].get(*next) {
                *next += 1;
                let w = edges[edge].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Position of every node in the Eades–Lin–Smyth order; ties go to the earlier node.
fn greedy_order(n: usize, edges: &[LayoutEdge]) -> Vec<usize> {
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if e.from != e.to {
            outgoing[e.from].push(e.to);
            incoming[e.to].push(e.from);
        }
    }
    let mut out_degree: Vec<usize> = outgoing.iter().map(Vec::len).collect();
    let mut in_degree: Vec<usize> = incoming.iter().map(Vec::len).collect();
    let delta = |out: usize, inc: usize| out as i64 - inc as i64;
    let mut removed = vec![false; n];
    let mut sinks: VecDeque<usize> = (0..n).filter(|&v| out_degree[v] == 0).collect();
    let mut sources: VecDeque<usize> = (0..n)
        .filter(|&v| in_degree[v] == 0 && out_degree[v] != 0)
        .collect();
    // Max-heap of (out − in, earlier node first); stale entries are skipped when popped.
    let mut heap: BinaryHeap<(i64, std::cmp::Reverse<usize>)> = (0..n)
        .map(|v| (delta(out_degree[v], in_degree[v]), std::cmp::Reverse(v)))
        .collect();
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    let mut left = n;
    while left > 0 {
        let (v, at_back) = if let Some(v) = sinks.pop_front() {
            (v, true)
        } else if let Some(v) = sources.pop_front() {
            (v, false)
        } else {
            match heap.pop() {
                Some((d, std::cmp::Reverse(v))) => {
                    if removed[v] || d != delta(out_degree[v], in_degree[v]) {
                        continue;
                    }
                    (v, false)
                }
                None => break,
            }
        };
        if removed[v] {
            continue;
        }
        removed[v] = true;
        left -= 1;
        if at_back {
            back.push(v);
        } else {
            front.push(v);
        }
        for &w in &outgoing[v] {
            if !removed[w] {
                in_degree[w] -= 1;
                if in_degree[w] == 0 {
                    sources.push_back(w);
                }
                heap.push((delta(out_degree[w], in_degree[w]), std::cmp::Reverse(w)));
            }
        }
        for &u in &incoming[v] {
            if !removed[u] {
                out_degree[u] -= 1;
                if out_degree[u] == 0 {
                    sinks.push_back(u);
                }
                heap.push((delta(out_degree[u], in_degree[u]), std::cmp::Reverse(u)));
            }
        }
    }
    let mut position = vec![0; n];
    for (i, &v) in front.iter().chain(back.iter().rev()).enumerate() {
        position[v] = i;
    }
    position
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_loses_exactly_one_edge_direction() {
        let e = |from, to| LayoutEdge { from, to };
        let edges = [e(0, 1), e(1, 2), e(2, 0), e(0, 3)];
        let dag = feedback_reversed(4, &edges);
        let flipped = dag.iter().zip(&edges).filter(|(a, b)| a != b).count();
        assert_eq!(flipped, 1);
    }

    #[test]
    fn an_acyclic_map_keeps_every_direction() {
        let e = |from, to| LayoutEdge { from, to };
        // A tree with a cross link, given in no particular order.
        let edges = [e(3, 1), e(0, 2), e(0, 3), e(2, 1), e(1, 4), e(4, 4)];
        assert_eq!(feedback_reversed(5, &edges), edges);
    }

    /// Longest path (in edges) of a DAG.
    fn depth(n: usize, dag: &[LayoutEdge]) -> usize {
        let mut longest = vec![0usize; n];
        // Relax n times: enough for any DAG of n nodes (this is a test).
        for _ in 0..n {
            for e in dag.iter().filter(|e| e.from != e.to) {
                longest[e.to] = longest[e.to].max(longest[e.from] + 1);
            }
        }
        longest.into_iter().max().unwrap_or(0)
    }

    #[test]
    fn a_densely_cyclic_map_is_not_strung_along_one_search_path() {
        // 300 claims, 1,500 relations between random pairs (a fixed linear congruential
        // sequence): the greedy order reverses fewer edges than the depth-first search and
        // gives a far shallower DAG.
        let n = 300;
        let mut x: u64 = 12345;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize % n
        };
        let edges: Vec<LayoutEdge> = (0..1500)
            .map(|_| LayoutEdge {
                from: next(),
                to: next(),
            })
            .collect();
        let back = back_edges(n, &edges);
        let search_dag: Vec<LayoutEdge> = edges
            .iter()
            .zip(&back)
            .map(|(e, &r)| {
                if r {
                    LayoutEdge {
                        from: e.to,
                        to: e.from,
                    }
                } else {
                    *e
                }
            })
            .collect();
        let dag = feedback_reversed(n, &edges);
        let reversed = dag.iter().zip(&edges).filter(|(a, b)| a != b).count();
        assert!(reversed < back.iter().filter(|&&r| r).count());
        let (chosen, searched) = (depth(n, &dag), depth(n, &search_dag));
        assert!(chosen * 3 < searched, "depth {chosen} against {searched}");
    }

    proptest::proptest! {
        /// On any graph the result is acyclic (a topological sort covers every node).
        #[test]
        fn the_result_is_acyclic(
            n in 1usize..30,
            raw in proptest::collection::vec((0usize..30, 0usize..30), 0..90),
        ) {
            let edges: Vec<LayoutEdge> =
                raw.into_iter().map(|(a, b)| LayoutEdge { from: a % n, to: b % n }).collect();
            let dag = feedback_reversed(n, &edges);
            let mut indegree = vec![0; n];
            for e in dag.iter().filter(|e| e.from != e.to) {
                indegree[e.to] += 1;
            }
            let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
            let mut seen = 0;
            while let Some(v) = ready.pop() {
                seen += 1;
                for e in dag.iter().filter(|e| e.from == v && e.to != v) {
                    indegree[e.to] -= 1;
                    if indegree[e.to] == 0 {
                        ready.push(e.to);
                    }
                }
            }
            proptest::prop_assert_eq!(seen, n);
        }
    }
}
