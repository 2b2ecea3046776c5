//! Grounded semantics: the one labelling that accepts only what must be accepted.
//!
//! Dung, "On the acceptability of arguments…", 1995: the least fixed point of "accept what
//! every attacker of is rejected; reject what an accepted claim attacks". On the deductive
//! bipolar reading (see the module above) a unit of claims is in once all its direct
//! attackers are out and all units it supports are in; it is out once a direct attacker
//! is in or a unit it supports is out. Each link is looked at a bounded number of times.

use std::collections::VecDeque;

use super::{Framework, Label, Labelling};

/// The grounded labelling of `framework`.
///
/// # Complexity
/// O(claims + attacks + supports).
///
/// # Example
/// ```
/// use cruxmap::analysis::{Dialectic, semantics::{Framework, Label, grounded_labelling}};
/// let map = cruxmap::load("[C]: c\n  - [A]: a\n    - [D]: d\n", None).graph;
/// let view = Dialectic::new(&map);
/// let labels = grounded_labelling(&Framework::from_map(&view));
/// assert_eq!(labels.labels, [Label::In, Label::Out, Label::In]);
/// ```
pub fn grounded_labelling(framework: &Framework) -> Labelling {
    let units = framework.members.len();
    let mut label = vec![Label::Undecided; units];
    let mut pending: Vec<usize> = (0..units)
        .map(|u| framework.unit_attackers[u].len() + framework.unit_supports[u].len())
        .collect();
    let mut queue = VecDeque::new();
    for u in 0..units {
        if pending[u] == 0 {
            label[u] = Label::In;
            queue.push_back(u);
        }
    }
    while let Some(u) = queue.pop_front() {
        match label[u] {
            Label::In => {
                for &v in &framework.unit_attacks[u] {
                    if label[v as usize] == Label::Undecided {
                        label[v as usize] = Label::Out;
                        queue.push_back(v as usize);
                    }
                }
                for &w in &framework.unit_supporters[u] {
                    let w = w as usize;
                    pending[w] -= 1;
                    if pending[w] == 0 && label[w] == Label::Undecided {
                        label[w] = Label::In;
                        queue.push_back(w);
                    }
                }
            }
            Label::Out => {
                for &t in &framework.unit_attacks[u] {
                    let t = t as usize;
                    pending[t] -= 1;
                    if pending[t] == 0 && label[t] == Label::Undecided {
                        label[t] = Label::In;
                        queue.push_back(t);
                    }
                }
                for &w in &framework.unit_supporters[u] {
                    if label[w as usize] == Label::Undecided {
                        label[w as usize] = Label::Out;
                        queue.push_back(w as usize);
                    }
                }
            }
            Label::Undecided => {}
        }
    }
    Labelling {
        labels: framework.unit.iter().map(|&u| label[u as usize]).collect(),
    }
}
