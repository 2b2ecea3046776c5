//! Load-bearing claims: dominators of the support graph.
//!
//! A claim `x` *dominates* a claim `c` when every chain of support from the leaves (claims
//! nothing supports) to `c` passes through `x`: take `x` away and `c` loses all its
//! support. Computed once for the whole map with the iterative algorithm of Cooper, Harvey
//! and Kennedy ("A Simple, Fast Dominance Algorithm", 2001) over a virtual root that
//! supports every leaf. Claims that no chain from a leaf reaches (support cycles fed by
//! nothing) are dominated by nothing.

use crate::analysis::view::{Claim, Dialectic};

const NONE: u32 = u32::MAX;

/// The dominator tree of a map's support graph.
#[derive(Clone, Debug)]
pub struct Dominators {
    /// Immediate dominator of each claim; the virtual root is `n`; `NONE` if unreached.
    idom: Vec<u32>,
    /// Children in the dominator tree, as ranges into `child_list`.
    child_start: Vec<u32>,
    child_list: Vec<Claim>,
}

impl Dominators {
    /// Computes the dominator tree of `view`'s support links.
    ///
    /// # Complexity
    /// O((claims + supports) · d) where d, the number of passes, is small (2–3) on maps
    /// whose support mostly flows one way; O(claims²) in contrived worst cases.
    pub fn new(view: &Dialectic) -> Self {
        let n = view.len();
        let root = n as u32;
        // Reverse postorder from the root, by an explicit-stack depth-first search.
        let mut rpo_number = vec![NONE; n + 1];
        let mut postorder = Vec::with_capacity(n + 1);
        let mut visited = vec![false; n + 1];
        let root_children: Vec<Claim> = (0..n as Claim)
            .filter(|&c| view.supporters_of(c).is_empty())
            .collect();
        visited[n] = true;
        let mut stack: Vec<(u32, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            let child = if v == root {
                root_children.get(*next).copied()
            } else {
                view.supported_by(v).get(*next).map(|&(c, _)| c)
            };
            *next += 1;
            match child {
                Some(c) if !visited[c as usize] => {
                    visited[c as usize] = true;
                    stack.push((c, 0));
                }
                Some(_) => {}
                None => {
                    postorder.push(v);
                    stack.pop();
                }
            }
        }
        let order: Vec<u32> = postorder.iter().rev().copied().collect();
        for (i, &v) in order.iter().enumerate() {
            rpo_number[v as usize] = i as u32;
        }
        let mut idom = vec![NONE; n + 1];
        idom[n] = root;
        let intersect = |idom: &[u32], mut a: u32, mut b: u32| {
            while a != b {
                while rpo_number[a as usize] > rpo_number[b as usize] {
                    a = idom[a as usize];
                }
                while rpo_number[b as usize] > rpo_number[a as usize] {
                    b = idom[b as usize];
                }
            }
            a
        };
        let mut changed = true;
        while changed {
            changed = false;
            for &v in order.iter().skip(1) {
                let preds = view.supporters_of(v);
                let mut new = NONE;
                let consider = |p: u32, new: &mut u32| {
                    if idom[p as usize] != NONE {
                        *new = if *new == NONE {
                            p
                        } else {
                            intersect(&idom, p, *new)
                        };
                    }
                };
                if preds.is_empty() {
                    consider(root, &mut new);
                }
                for &(p, _) in preds {
                    consider(p, &mut new);
                }
                if idom[v as usize] != new {
                    idom[v as usize] = new;
                    changed = true;
                }
            }
        }
        // Children lists of the tree, for walking subtrees.
        let mut child_start = vec![0u32; n + 2];
        for (v, &d) in idom.iter().enumerate().take(n) {
            if d != NONE && v != n {
                child_start[d as usize + 1] += 1;
            }
        }
        for i in 0..=n {
            child_start[i + 1] += child_start[i];
        }
        let mut fill = child_start.clone();
        let mut child_list = vec![0; child_start[n + 1] as usize];
        for (v, &d) in idom.iter().enumerate().take(n) {
            if d != NONE {
                child_list[fill[d as usize] as usize] = v as Claim;
                fill[d as usize] += 1;
            }
        }
        Dominators {
            idom,
            child_start,
            child_list,
        }
    }

    /// The closest claim that dominates `claim`, if any (the virtual root does not count).
    pub fn immediate(&self, claim: Claim) -> Option<Claim> {
        let d = self.idom[claim as usize];
        (d != NONE && d as usize != self.idom.len() - 1).then_some(d)
    }

    /// Every claim that dominates `claim`, nearest first.
    pub fn dominators_of(&self, claim: Claim) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut at = claim;
        while let Some(d) = self.immediate(at) {
            out.push(d);
            at = d;
        }
        out
    }

    /// Every claim that `claim` dominates (the claims resting solely on it), in tree order.
    pub fn dominated_by(&self, claim: Claim) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut stack = vec![claim];
        while let Some(v) = stack.pop() {
            let range =
                self.child_start[v as usize] as usize..self.child_start[v as usize + 1] as usize;
            for &c in &self.child_list[range] {
                out.push(c);
                stack.push(c);
            }
        }
        out
    }
}
