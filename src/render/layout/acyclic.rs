//! Cycle breaking: a DFS in input order reverses every back edge, so the rest of the
//! pipeline sees a DAG. Attack cycles are common in debates; reversing few edges keeps most
//! edges pointing down.

use super::LayoutEdge;

/// Returns the edges with each back edge of an iterative DFS reversed; self-loops are kept
/// (layering ignores them).
pub(super) fn feedback_reversed(n: usize, edges: &[LayoutEdge]) -> Vec<LayoutEdge> {
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
}
