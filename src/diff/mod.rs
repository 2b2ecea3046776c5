//! Differences between two versions of a map: which claims and relations came, went or
//! changed, and what follows (labels and "rests on" sets that change).
//!
//! Claims are matched by title (Argdown's identity), then untitled or renamed claims by
//! text: the same words first, then the most similar text (word overlap). Relations are
//! compared through the matching, so moving or re-indenting a block changes nothing.
//! Pure functions of two `&ArgumentGraph`s; `old`/`new` name the two sides everywhere.

mod json;
mod matching;
mod patch;
mod union;
mod words;

use std::collections::{HashMap, HashSet};

pub use json::to_json;
pub use patch::{ClaimContent, Content, PatchError, apply, content};
pub use union::{Change, Union, union};
pub use words::{WordEdit, word_diff};

use crate::analysis::resolve::element_ref;
use crate::analysis::semantics::{Framework, Label, grounded_labelling};
use crate::analysis::{Claim, Dialectic};
use crate::model::{ArgumentGraph, ElementId};

/// What changed about one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimDiff {
    /// `[Title]`/`<Title>` in the old map; `None` if added.
    pub old: Option<String>,
    /// `[Title]`/`<Title>` in the new map; `None` if removed.
    pub new: Option<String>,
    /// The title changed.
    pub renamed: bool,
    /// The text changed: the edit, word by word.
    pub reworded: Option<Vec<WordEdit>>,
    /// Tags no longer on it.
    pub tags_removed: Vec<String>,
    /// Tags newly on it.
    pub tags_added: Vec<String>,
    /// The section changed: old and new heading paths (`A › B`, empty for none).
    pub moved: Option<(String, String)>,
    /// For an added claim: its text (with tags in `tags_added`).
    pub text: Option<String>,
    /// For an added claim: its heading path.
    pub section: Option<String>,
    /// For a removed claim whose name the new map gives to another claim (an untitled
    /// claim's generated name): its name in the old map; `old` then reads `[...] (old)`.
    pub name_in_old: Option<String>,
}

/// What changed about one relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelationDiff {
    /// A relation only the new map has.
    Added {
        /// Source, new name.
        from: String,
        /// Target, new name.
        to: String,
        /// Kind.
        kind: &'static str,
    },
    /// A relation only the old map has.
    Removed {
        /// Source, old name.
        from: String,
        /// Target, old name.
        to: String,
        /// Kind.
        kind: &'static str,
    },
    /// Same ends, another kind (support ↔ attack).
    Retyped {
        /// Source, new name.
        from: String,
        /// Target, new name.
        to: String,
        /// Old kind.
        old: &'static str,
        /// New kind.
        new: &'static str,
    },
    /// Same source and kind, another target.
    Repointed {
        /// Source, new name.
        from: String,
        /// Old target, old name.
        old_to: String,
        /// New target, new name.
        new_to: String,
        /// Kind.
        kind: &'static str,
    },
}

/// A claim whose grounded label changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelChange {
    /// New name of the claim.
    pub claim: String,
    /// Label in the old map.
    pub old: Label,
    /// Label in the new map.
    pub new: Label,
}

/// A claim whose "rests on" set changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestsOnChange {
    /// New name of the claim.
    pub claim: String,
    /// Claims it rests on now but did not (new names).
    pub gained: Vec<String>,
    /// Claims it rested on but no longer does (old names).
    pub lost: Vec<String>,
}

/// Cruxes of a conclusion that came or went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CruxChange {
    /// The conclusion (new name).
    pub conclusion: String,
    /// Among its top cruxes now but not before (new names).
    pub appeared: Vec<String>,
    /// Among its top cruxes before but not now (old names).
    pub disappeared: Vec<String>,
}

/// Everything that differs between two maps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphDiff {
    /// Claims added, removed or changed; old order, then additions in new order.
    pub claims: Vec<ClaimDiff>,
    /// Relations added, removed, retyped or re-pointed.
    pub relations: Vec<RelationDiff>,
    /// Matched claims whose grounded label changed.
    pub labels: Vec<LabelChange>,
    /// Matched claims whose "rests on" set changed.
    pub rests_on: Vec<RestsOnChange>,
    /// Conclusions downstream of a change whose top cruxes changed.
    pub cruxes: Vec<CruxChange>,
    /// Matched untitled claims whose generated names differ (`Untitled 3` became
    /// `Untitled 4` because another untitled claim came before it): not a change, but
    /// needed to apply the diff.
    pub renumbered: Vec<(String, String)>,
}

impl GraphDiff {
    /// Whether the two maps say the same thing.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty() && self.relations.is_empty()
    }
}

/// Heading path of an element's section.
fn section_path(graph: &ArgumentGraph, id: ElementId) -> String {
    heading_path(graph, graph.section(id))
}

/// Heading path of a section (`A › B`, empty for none).
fn heading_path(graph: &ArgumentGraph, section: Option<usize>) -> String {
    let mut path: Vec<&str> = graph
        .section_ancestry(section)
        .iter()
        .map(|&s| graph.sections[s].title.as_str())
        .collect();
    path.reverse();
    path.join(" › ")
}

/// One side of a diff: the map, its view, and names.
struct Side<'a> {
    graph: &'a ArgumentGraph,
    view: Dialectic,
}

impl Side<'_> {
    fn name(&self, c: Claim) -> String {
        element_ref(self.graph, self.view.element(c))
    }

    /// Every support and attack link, as (from, to, kind). Contradictions appear once per
    /// direction in the view; keep the direction the author wrote.
    fn links(&self) -> Vec<(Claim, Claim, &'static str)> {
        let mut out = Vec::new();
        for c in 0..self.view.len() as Claim {
            for &(t, link) in self.view.supported_by(c) {
                out.push((c, t, link.name()));
            }
        }
        for rel in self.graph.relations() {
            if !rel.relation.kind.is_positive() {
                out.push((
                    self.view.claim(rel.from),
                    self.view.claim(rel.to),
                    rel.relation.kind.argdown_name(),
                ));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Compares two maps.
///
/// # Complexity
/// O(claims + relations) to match by title and compare; matching leftover claims by
/// similar text costs O(leftover² · words) with at most a few thousand leftovers compared
/// pairwise (beyond that only identical texts match).
pub fn diff(old: &ArgumentGraph, new: &ArgumentGraph) -> GraphDiff {
    let old = Side {
        graph: old,
        view: Dialectic::new(old),
    };
    let new = Side {
        graph: new,
        view: Dialectic::new(new),
    };
    let m = matching::match_claims(old.graph, &old.view, new.graph, &new.view);
    let mut out = GraphDiff::default();
    // Names of removed claims that the new map gives to other claims get ` (old)`.
    let new_names: HashSet<String> = (0..new.view.len() as Claim).map(|n| new.name(n)).collect();
    let removed_name = |c: Claim| {
        let name = old.name(c);
        if new_names.contains(&name) {
            format!("{name} (old)")
        } else {
            name
        }
    };

    // Claims.
    for c in 0..old.view.len() as Claim {
        let Some(n) = m.old_to_new[c as usize] else {
            let shown = removed_name(c);
            let raw = old.name(c);
            out.claims.push(ClaimDiff {
                name_in_old: (shown != raw).then_some(raw),
                old: Some(shown),
                new: None,
                renamed: false,
                reworded: None,
                tags_removed: Vec::new(),
                tags_added: Vec::new(),
                moved: None,
                text: None,
                section: None,
            });
            continue;
        };
        let (oid, nid) = (old.view.element(c), new.view.element(n));
        let renamed = old.graph.title(oid) != new.graph.title(nid)
            && !(is_untitled(old.graph, oid) && is_untitled(new.graph, nid));
        let (ot, nt) = (old.graph.text(oid), new.graph.text(nid));
        let reworded = (ot.split_whitespace().ne(nt.split_whitespace())).then(|| word_diff(ot, nt));
        let otags = old.graph.tags(oid);
        let ntags = new.graph.tags(nid);
        let tags_removed: Vec<String> = otags
            .iter()
            .filter(|t| !ntags.contains(*t))
            .cloned()
            .collect();
        let tags_added: Vec<String> = ntags
            .iter()
            .filter(|t| !otags.contains(*t))
            .cloned()
            .collect();
        let (os, ns) = (section_path(old.graph, oid), section_path(new.graph, nid));
        let moved = (os != ns).then_some((os, ns));
        if renamed
            || reworded.is_some()
            || !tags_removed.is_empty()
            || !tags_added.is_empty()
            || moved.is_some()
        {
            out.claims.push(ClaimDiff {
                old: Some(old.name(c)),
                new: Some(new.name(n)),
                renamed,
                reworded,
                tags_removed,
                tags_added,
                moved,
                text: None,
                section: None,
                name_in_old: None,
            });
        } else if old.name(c) != new.name(n) {
            out.renumbered.push((old.name(c), new.name(n)));
        }
    }
    for n in 0..new.view.len() as Claim {
        if m.new_to_old[n as usize].is_none() {
            let id = new.view.element(n);
            out.claims.push(ClaimDiff {
                old: None,
                new: Some(new.name(n)),
                renamed: false,
                reworded: None,
                tags_removed: Vec::new(),
                tags_added: new.graph.tags(id).iter().cloned().collect(),
                moved: None,
                text: Some(new.graph.text(id).to_string()),
                section: Some(section_path(new.graph, id)),
                name_in_old: None,
            });
        }
    }

    // Relations, compared by matched identity: a new claim n is identity n; an old claim
    // matched to n is n too; an unmatched old claim gets new.len() + c.
    let base = new.view.len() as u64;
    let old_id = |c: Claim| m.old_to_new[c as usize].map_or(base + u64::from(c), u64::from);
    let old_links: HashSet<(u64, u64, &'static str)> = old
        .links()
        .into_iter()
        .map(|(a, b, k)| (old_id(a), old_id(b), k))
        .collect();
    let new_links: HashSet<(u64, u64, &'static str)> = new
        .links()
        .into_iter()
        .map(|(a, b, k)| (u64::from(a), u64::from(b), k))
        .collect();
    let mut removed: Vec<(u64, u64, &'static str)> =
        old_links.difference(&new_links).copied().collect();
    let mut added: Vec<(u64, u64, &'static str)> =
        new_links.difference(&old_links).copied().collect();
    removed.sort_unstable();
    added.sort_unstable();
    let name_of = |id: u64| -> String {
        if id < base {
            new.name(id as Claim)
        } else {
            removed_name((id - base) as Claim)
        }
    };
    // Same ends, other kind: retyped.
    let mut added_by_ends: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, &(a, b, _)) in added.iter().enumerate() {
        added_by_ends.entry((a, b)).or_default().push(i);
    }
    let mut used_added = vec![false; added.len()];
    let mut used_removed = vec![false; removed.len()];
    for (i, &(a, b, k)) in removed.iter().enumerate() {
        if let Some(list) = added_by_ends.get_mut(&(a, b))
            && let Some(j) = list.pop()
        {
            used_added[j] = true;
            used_removed[i] = true;
            out.relations.push(RelationDiff::Retyped {
                from: name_of(a),
                to: name_of(b),
                old: k,
                new: added[j].2,
            });
        }
    }
    // Same source and kind, one target gone and one come: re-pointed.
    let mut added_by_source: HashMap<(u64, &'static str), Vec<usize>> = HashMap::new();
    for (j, &(a, _, k)) in added.iter().enumerate() {
        if !used_added[j] && a < base {
            added_by_source.entry((a, k)).or_default().push(j);
        }
    }
    for (i, &(a, b, k)) in removed.iter().enumerate() {
        if used_removed[i] || a >= base {
            continue;
        }
        if let Some(list) = added_by_source.get_mut(&(a, k))
            && let Some(j) = list.pop()
        {
            used_added[j] = true;
            used_removed[i] = true;
            out.relations.push(RelationDiff::Repointed {
                from: name_of(a),
                old_to: name_of(b),
                new_to: name_of(added[j].1),
                kind: k,
            });
        }
    }
    for (i, &(a, b, k)) in removed.iter().enumerate() {
        if !used_removed[i] {
            out.relations.push(RelationDiff::Removed {
                from: name_of(a),
                to: name_of(b),
                kind: k,
            });
        }
    }
    for (j, &(a, b, k)) in added.iter().enumerate() {
        if !used_added[j] {
            out.relations.push(RelationDiff::Added {
                from: name_of(a),
                to: name_of(b),
                kind: k,
            });
        }
    }

    if !out.is_empty() {
        consequences(&old, &new, &m, &mut out);
    }
    out
}

fn is_untitled(graph: &ArgumentGraph, id: ElementId) -> bool {
    match id {
        ElementId::Statement(s) => graph.statement(s).is_untitled,
        ElementId::Argument(a) => graph.argument(a).is_untitled,
    }
}

/// Most claims whose "rests on" sets are compared (those downstream of a change).
const MAX_RESTS_ON_CHECKS: usize = 2_000;
/// Most conclusions whose cruxes are compared.
const MAX_CRUX_CHECKS: usize = 200;
/// Cruxes compared per conclusion.
const TOP_CRUXES: usize = 5;

/// Label and "rests on" changes of matched claims.
fn consequences(old: &Side, new: &Side, m: &matching::Matching, out: &mut GraphDiff) {
    let old_labels = grounded_labelling(&Framework::from_map(&old.view));
    let new_labels = grounded_labelling(&Framework::from_map(&new.view));
    for n in 0..new.view.len() as Claim {
        if let Some(o) = m.new_to_old[n as usize] {
            let (a, b) = (old_labels.labels[o as usize], new_labels.labels[n as usize]);
            if a != b {
                out.labels.push(LabelChange {
                    claim: new.name(n),
                    old: a,
                    new: b,
                });
            }
        }
    }
    // "Rests on" can change only downstream (along support) of a changed claim or link.
    let mut touched: Vec<Claim> = Vec::new();
    let mut mark = |n: Claim| touched.push(n);
    for n in 0..new.view.len() as Claim {
        match m.new_to_old[n as usize] {
            None => mark(n),
            Some(o) => {
                let mut old_sup: Vec<Option<Claim>> = old
                    .view
                    .supporters_of(o)
                    .iter()
                    .map(|&(s, _)| m.old_to_new[s as usize])
                    .collect();
                let mut new_sup: Vec<Option<Claim>> = new
                    .view
                    .supporters_of(n)
                    .iter()
                    .map(|&(s, _)| Some(s))
                    .collect();
                old_sup.sort_unstable();
                new_sup.sort_unstable();
                let mut old_att: Vec<Option<Claim>> = old
                    .view
                    .attackers_of(o)
                    .iter()
                    .map(|&(s, _)| m.old_to_new[s as usize])
                    .collect();
                let mut new_att: Vec<Option<Claim>> = new
                    .view
                    .attackers_of(n)
                    .iter()
                    .map(|&(s, _)| Some(s))
                    .collect();
                old_att.sort_unstable();
                new_att.sort_unstable();
                if old_sup != new_sup || old_att != new_att {
                    mark(n);
                }
            }
        }
    }
    let downstream =
        crate::analysis::reach::Reach::new(new.view.len(), &new.view.supports, &touched, None);
    let mut candidates: Vec<Claim> = touched.iter().chain(&downstream.order).copied().collect();
    candidates.sort_unstable();
    candidates.dedup();
    crux_changes(old, new, m, &candidates, out);
    for n in candidates.into_iter().take(MAX_RESTS_ON_CHECKS) {
        let Some(o) = m.new_to_old[n as usize] else {
            continue;
        };
        let below_new =
            crate::analysis::reach::Reach::new(new.view.len(), &new.view.supporters, &[n], None);
        let below_old =
            crate::analysis::reach::Reach::new(old.view.len(), &old.view.supporters, &[o], None);
        let new_set: HashSet<Claim> = below_new.order.iter().copied().collect();
        let old_set: HashSet<Claim> = below_old.order.iter().copied().collect();
        let gained: Vec<String> = below_new
            .order
            .iter()
            .filter(|&&c| m.new_to_old[c as usize].is_none_or(|oc| !old_set.contains(&oc)))
            .map(|&c| new.name(c))
            .collect();
        let lost: Vec<String> = below_old
            .order
            .iter()
            .filter(|&&c| m.old_to_new[c as usize].is_none_or(|nc| !new_set.contains(&nc)))
            .map(|&c| old.name(c))
            .collect();
        if !gained.is_empty() || !lost.is_empty() {
            out.rests_on.push(RestsOnChange {
                claim: new.name(n),
                gained,
                lost,
            });
        }
    }
}

/// Top cruxes of the conclusions among `candidates` (claims downstream of a change), old
/// against new.
fn crux_changes(
    old: &Side,
    new: &Side,
    m: &matching::Matching,
    candidates: &[Claim],
    out: &mut GraphDiff,
) {
    let conclusions: Vec<Claim> = crate::analysis::cruxes::conclusions(&new.view)
        .into_iter()
        .filter(|c| candidates.binary_search(c).is_ok())
        .filter(|&c| m.new_to_old[c as usize].is_some())
        .take(MAX_CRUX_CHECKS)
        .collect();
    if conclusions.is_empty() {
        return;
    }
    let old_context = crate::analysis::cruxes::Context::new(old.graph, &old.view);
    let new_context = crate::analysis::cruxes::Context::new(new.graph, &new.view);
    for n in conclusions {
        let Some(o) = m.new_to_old[n as usize] else {
            continue;
        };
        let before: Vec<Claim> = old_context
            .cruxes(o, TOP_CRUXES)
            .cruxes
            .iter()
            .map(|k| k.claim)
            .collect();
        let after: Vec<Claim> = new_context
            .cruxes(n, TOP_CRUXES)
            .cruxes
            .iter()
            .map(|k| k.claim)
            .collect();
        let appeared: Vec<String> = after
            .iter()
            .filter(|&&c| m.new_to_old[c as usize].is_none_or(|oc| !before.contains(&oc)))
            .map(|&c| new.name(c))
            .collect();
        let disappeared: Vec<String> = before
            .iter()
            .filter(|&&c| m.old_to_new[c as usize].is_none_or(|nc| !after.contains(&nc)))
            .map(|&c| old.name(c))
            .collect();
        if !appeared.is_empty() || !disappeared.is_empty() {
            out.cruxes.push(CruxChange {
                conclusion: new.name(n),
                appeared,
                disappeared,
            });
        }
    }
}
