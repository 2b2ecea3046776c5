//! Layer assignment: longest path from the top (so every reason sits right below what it
//! speaks to), then nodes with nothing above them move down next to their highest child,
//! which keeps side conclusions from stretching edges across the whole map.

use super::LayoutEdge;

/// Layer of every node (0 is the top); every non-loop edge of the DAG goes strictly down.
pub(super) fn assign(n: usize, dag: &[LayoutEdge]) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_point_down_and_side_conclusions_sit_near_their_reasons() {
        let e = |from, to| LayoutEdge { from, to };
        // 0 → 1 → 2 → 3, and 4 → 3 (4 has nothing above it).
        let layer = assign(5, &[e(0, 1), e(1, 2), e(2, 3), e(4, 3)]);
        assert_eq!(layer, [0, 1, 2, 3, 2]);
    }
}
