//! Argdown's `model: {explodeArguments: true}`: one argument per inference step.
//!
//! An argument whose premise–conclusion structure has several inferences becomes one
//! argument per inference, titled `Title - 1`, `Title - 2`, ... Each step's premises are the
//! statements its inference (or its conclusion) lists in `uses` (or `from`) data, else the
//! statements since the previous conclusion. The original's relations go to the last step,
//! and each statement's occurrence in the structure is replaced by one occurrence per step
//! that uses it, as Argdown does.
//!
//! Owns this rewriting of the graph only; `build` decides when it applies.

use serde_json::Value;

use super::graph::ArgumentGraph;
use super::types::*;
use crate::syntax::{Diagnostic, Span};

/// One statement line of a structure, as written.
pub(super) struct Line<'a> {
    pub statement: StatementId,
    pub number: u32,
    pub role: MemberRole,
    /// Where the line is (its member's span).
    pub span: Span,
    /// Data written on the line.
    pub data: Option<&'a Value>,
    /// The inference line before it, if any: rule text and data.
    pub inference: Option<(&'a str, Option<&'a Value>)>,
}

/// The list of statement numbers (1-based) a step uses, from Argdown's data keys.
fn uses(line: &Line<'_>) -> Option<Vec<Value>> {
    let array = |v: Option<&Value>, key: &str| {
        v.and_then(|d| d.get(key))
            .and_then(Value::as_array)
            .cloned()
    };
    let inference = line.inference.and_then(|(_, d)| d);
    array(inference, "uses")
        .or_else(|| array(line.data, "uses"))
        .or_else(|| array(inference, "from"))
        // Argdown checks `uses` and then reads `from` here.
        .or_else(|| {
            line.data
                .and_then(|d| d.get("uses"))
                .filter(|u| !matches!(u, Value::Null | Value::Bool(false)))
                .and_then(|_| array(line.data, "from"))
        })
}

/// Splits `argument` into one argument per inference step; returns the last one, which takes
/// the original's relations, or `None` if it has at most one step or cannot be split.
pub(super) fn explode(
    graph: &mut ArgumentGraph,
    argument: ArgumentId,
    lines: &[Line<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Option<ArgumentId> {
    let original = graph.argument(argument).clone();
    let mut steps: Vec<Vec<(usize, MemberRole)>> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !matches!(
            line.role,
            MemberRole::IntermediaryConclusion | MemberRole::MainConclusion
        ) {
            continue;
        }
        let mut step = Vec::new();
        if let Some(list) = uses(line) {
            for item in list {
                let at = item.as_f64().filter(|f| f.fract() == 0.0 && *f >= 1.0);
                match at.map(|f| f as usize - 1).filter(|&i| i < lines.len()) {
                    Some(i) => step.push((i, MemberRole::Premise)),
                    None => {
                        diags.push(
                            Diagnostic::error(
                                "bad-uses",
                                line.span,
                                format!(
                                    "`uses` of statement ({}) of <{}> names no statement of the structure: {item}",
                                    line.number, original.title
                                ),
                            )
                            .with_hint("list the numbers of the premises this step uses, e.g. `{uses: [1, 2]}`"),
                        );
                        return None;
                    }
                }
            }
        } else {
            for i in (0..index).rev() {
                step.push((i, MemberRole::Premise));
                if lines[i].role == MemberRole::IntermediaryConclusion {
                    break;
                }
            }
            step.reverse();
        }
        step.push((index, MemberRole::MainConclusion));
        steps.push(step);
    }
    if steps.len() <= 1 {
        return None;
    }
    let titles: Vec<String> = (1..=steps.len())
        .map(|k| format!("{} - {k}", original.title))
        .collect();
    if let Some(taken) = titles.iter().find(|t| graph.argument_id(t).is_some()) {
        diags.push(
            Diagnostic::error(
                "explode-title-taken",
                lines.first().map_or_else(Span::default, |l| l.span),
                format!(
                    "cannot split <{}> into steps: <{taken}> exists already",
                    original.title
                ),
            )
            .with_hint("rename the argument, or turn off `explodeArguments`"),
        );
        return None;
    }
    graph.remove_argument(argument);
    // Each line's own occurrence is replaced by one per step that uses it.
    let mut replaced = vec![false; lines.len()];
    let mut last = None;
    for (step, title) in steps.iter().zip(titles) {
        let mut pcs = Vec::with_capacity(step.len() + 1);
        for &(i, role) in step {
            let line = &lines[i];
            if role == MemberRole::MainConclusion
                && let Some((text, data)) = line.inference
            {
                let mut data = data.and_then(Value::as_object).cloned().unwrap_or_default();
                renumber_uses(&mut data, step);
                pcs.push(PcsStep::Inference {
                    text: text.to_string(),
                    data,
                });
            }
            pcs.push(PcsStep::Statement {
                number: line.number,
                statement: line.statement,
                role,
            });
            let members = &mut graph.statement_mut(line.statement).members;
            let Some(at) = members.iter().position(|m| m.location.span == line.span) else {
                continue;
            };
            let mut member = members[at].clone();
            member.role = role;
            if !replaced[i] {
                members.remove(at);
                replaced[i] = true;
            }
            members.push(member);
        }
        let split = Argument {
            title,
            is_untitled: original.is_untitled,
            members: original.members.clone(),
            pcs: Vec::new(),
            tags: original.tags.clone(),
            section: original.section,
            data: original.data.clone(),
        };
        let id = graph.add_argument(split).ok()?;
        graph.set_pcs(id, pcs);
        last = Some(id);
    }
    last
}

/// The step's own inference data names premises by their place in the original structure;
/// in the step's structure they have new places (1, 2, …), so `uses` and `from` are
/// renumbered to them, and the step reads back as the same step.
fn renumber_uses(data: &mut serde_json::Map<String, Value>, step: &[(usize, MemberRole)]) {
    for key in ["uses", "from"] {
        if let Some(Value::Array(items)) = data.get_mut(key) {
            for item in items.iter_mut() {
                let at = item
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 1.0)
                    .map(|f| f as usize - 1);
                if let Some(place) = at.and_then(|i| step.iter().position(|&(j, _)| j == i)) {
                    *item = Value::from(place + 1);
                }
            }
        }
    }
}
