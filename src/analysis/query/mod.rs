//! The query language: find claims by how they stand to other claims (`rests-on X`,
//! `attacks X`, `path X Y`), by tag, section or words, combined with `and`, `or`, `not`.
//!
//! [`parse`] turns text into an [`Expr`]; [`evaluate`] runs it on a map and returns each
//! match with the chain of relations that links it to the claim the query names. The
//! language is documented for users in `docs/query.md`.

mod parse;

use std::collections::HashMap;

pub use parse::{
    Atom, AtomKind, Expr, MAX_NESTING, MAX_QUERY_BYTES, MAX_TERMS, Name, QueryError, parse,
};

use crate::analysis::dominators::Dominators;
use crate::analysis::reach::Reach;
use crate::analysis::resolve::{ResolveError, resolve, words};
use crate::analysis::view::{Adjacency, Claim, Dialectic, Link};
use crate::model::ArgumentGraph;
use crate::syntax::Span;

/// A query that parsed but cannot be answered on this map.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalError {
    /// A claim name found no single claim.
    #[error("{source}")]
    Name {
        /// Where the name was written in the query.
        span: Span,
        /// Why it failed.
        #[source]
        source: ResolveError,
    },
    /// No section heading has the words given.
    #[error("no section heading contains `{name}`")]
    UnknownSection {
        /// Where the words were written.
        span: Span,
        /// The words.
        name: String,
        /// The map's section headings.
        sections: Vec<String>,
    },
    /// No claim has the tag.
    #[error("no claim is tagged `#{name}`")]
    UnknownTag {
        /// Where the tag was written.
        span: Span,
        /// The tag.
        name: String,
        /// The map's tags.
        tags: Vec<String>,
    },
}

impl EvalError {
    /// Where in the query the problem is.
    pub fn span(&self) -> Span {
        match self {
            EvalError::Name { span, .. }
            | EvalError::UnknownSection { span, .. }
            | EvalError::UnknownTag { span, .. } => *span,
        }
    }
}

/// Claims of a chain shown at most per match; the rest are counted in
/// [`Chain::omitted_before`] and [`Chain::omitted_after`]. Without a cap, a query matching
/// every claim of a long chain returns a copy of the chain per match: quadratic (a 200 KB
/// map gave 1.2 GB of JSON).
pub const MAX_CHAIN_CLAIMS: usize = 10;

/// A chain of claims and the links between them (`links.len() + 1 == claims.len()`), or
/// the part of it nearest the match when it is longer than [`MAX_CHAIN_CLAIMS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Claims along the chain.
    pub claims: Vec<Claim>,
    /// How each claim links to the next.
    pub links: Vec<Link>,
    /// Claims of the full chain left out before `claims[0]`.
    pub omitted_before: usize,
    /// Claims of the full chain left out after the last of `claims`.
    pub omitted_after: usize,
}

/// One claim a query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// The claim.
    pub claim: Claim,
    /// How it relates to the claim the query names, if the query follows relations.
    pub chain: Option<Chain>,
}

/// How matches of a sub-query were reached, to show chains.
enum Trail {
    /// Along a walk: chains run from the origin outward (`rests-on X`: X first) or, if
    /// `inward`, from the match to the origin (`supports X`: X last).
    Walk { reach: Reach, inward: bool },
    /// A walk followed by one last step recorded per match: the match, the claim it steps
    /// to or from, and the link.
    Hop {
        reach: Reach,
        hop: HashMap<Claim, (Claim, Link)>,
        inward: bool,
    },
    /// One chain shared by every match (`path X Y`), with each claim's place on it.
    Fixed(Chain, HashMap<Claim, usize>),
}

impl Trail {
    /// The chain that explains `claim`, at most [`MAX_CHAIN_CLAIMS`] of it.
    ///
    /// # Complexity
    /// O([`MAX_CHAIN_CLAIMS`]), whatever the length of the chain.
    fn chain(&self, claim: Claim) -> Option<Chain> {
        // Walks give the chain from the origin to the match; cut, it loses claims at the
        // origin's end, which comes last when the chain is shown inward.
        let flip = |(mut claims, mut links, omitted): (Vec<Claim>, Vec<Link>, usize),
                    inward: bool| {
            if inward {
                claims.reverse();
                links.reverse();
            }
            let (omitted_before, omitted_after) = if inward { (0, omitted) } else { (omitted, 0) };
            Chain {
                claims,
                links,
                omitted_before,
                omitted_after,
            }
        };
        match self {
            Trail::Walk { reach, inward } => {
                let found = reach.chain_end(claim, MAX_CHAIN_CLAIMS)?;
                (found.0.len() > 1).then(|| flip(found, *inward))
            }
            Trail::Hop { reach, hop, inward } => {
                let &(via, link) = hop.get(&claim)?;
                let (mut claims, mut links, omitted) =
                    reach.chain_end(via, MAX_CHAIN_CLAIMS - 1)?;
                claims.push(claim);
                links.push(link);
                Some(flip((claims, links, omitted), *inward))
            }
            Trail::Fixed(chain, at) => {
                // A window of the chain around the match.
                let &at = at.get(&claim)?;
                let len = chain.claims.len();
                let start = at
                    .saturating_sub(MAX_CHAIN_CLAIMS / 2)
                    .min(len.saturating_sub(MAX_CHAIN_CLAIMS));
                let end = (start + MAX_CHAIN_CLAIMS).min(len);
                Some(Chain {
                    claims: chain.claims[start..end].to_vec(),
                    links: chain.links[start..end - 1].to_vec(),
                    omitted_before: start,
                    omitted_after: len - end,
                })
            }
        }
    }
}

/// Matches of a sub-query: which claims, and how to explain them.
struct Set {
    hits: Vec<bool>,
    trails: Vec<Trail>,
}

/// Options for evaluating a query.
#[derive(Clone, Copy, Debug, Default)]
pub struct QueryOptions {
    /// When a name matches several claims, use them all instead of failing.
    pub all: bool,
}

/// Runs `expr` on a map and returns the matches in source order.
///
/// # Complexity
/// Each relational term walks the map once: O(claims + relations); `rests-solely-on`
/// builds the dominator tree of the support graph once per query.
pub fn evaluate(
    graph: &ArgumentGraph,
    view: &Dialectic,
    expr: &Expr,
    options: QueryOptions,
) -> Result<Vec<Match>, EvalError> {
    let mut evaluator = Evaluator {
        graph,
        view,
        options,
        dominators: None,
    };
    let set = evaluator.eval(expr)?;
    Ok(set
        .hits
        .iter()
        .enumerate()
        .filter(|(_, hit)| **hit)
        .map(|(i, _)| {
            let claim = i as Claim;
            Match {
                claim,
                chain: set.trails.iter().find_map(|t| t.chain(claim)),
            }
        })
        .collect())
}

struct Evaluator<'a> {
    graph: &'a ArgumentGraph,
    view: &'a Dialectic,
    options: QueryOptions,
    dominators: Option<Dominators>,
}

impl Evaluator<'_> {
    fn eval(&mut self, expr: &Expr) -> Result<Set, EvalError> {
        Ok(match expr {
            Expr::And(a, b) => {
                let mut a = self.eval(a)?;
                let b = self.eval(b)?;
                for (x, y) in a.hits.iter_mut().zip(b.hits) {
                    *x &= y;
                }
                a.trails.extend(b.trails);
                a
            }
            Expr::Or(a, b) => {
                let mut a = self.eval(a)?;
                let b = self.eval(b)?;
                for (x, y) in a.hits.iter_mut().zip(b.hits) {
                    *x |= y;
                }
                a.trails.extend(b.trails);
                a
            }
            Expr::Not(inner) => {
                let inner = self.eval(inner)?;
                Set {
                    hits: inner.hits.iter().map(|h| !h).collect(),
                    trails: Vec::new(),
                }
            }
            Expr::Atom(atom) => self.atom(atom)?,
        })
    }

    fn resolve(&self, name: &Name) -> Result<Vec<Claim>, EvalError> {
        resolve(self.graph, self.view, &name.text, self.options.all).map_err(|source| {
            EvalError::Name {
                span: name.span,
                source,
            }
        })
    }

    fn set(&self, hits: impl IntoIterator<Item = Claim>, trail: Option<Trail>) -> Set {
        let mut set = vec![false; self.view.len()];
        for c in hits {
            set[c as usize] = true;
        }
        Set {
            hits: set,
            trails: trail.into_iter().collect(),
        }
    }

    /// Walk `links` from `name`'s claims, up to `depth` steps.
    fn walk(
        &self,
        name: &Name,
        links: &Adjacency,
        depth: Option<u32>,
        inward: bool,
    ) -> Result<Set, EvalError> {
        let origins = self.resolve(name)?;
        let reach = Reach::new(self.view.len(), links, &origins, depth);
        let hits = reach.order.clone();
        Ok(self.set(hits, Some(Trail::Walk { reach, inward })))
    }

    /// Walk support links from `name`'s claims for `depth - 1` steps, then take one
    /// attack step (`attacks X`: inward; `attacked-by X`: outward).
    fn walk_then_attack(&self, name: &Name, depth: u32, inward: bool) -> Result<Set, EvalError> {
        let view = self.view;
        let origins = self.resolve(name)?;
        let (support, attack) = if inward {
            (&view.supporters, &view.attackers)
        } else {
            (&view.supports, &view.attacks)
        };
        let reach = Reach::new(view.len(), support, &origins, Some(depth - 1));
        let mut hop = HashMap::new();
        let mut hits = Vec::new();
        for &from in origins.iter().chain(&reach.order) {
            for &(to, link) in attack.get(from) {
                if let std::collections::hash_map::Entry::Vacant(slot) = hop.entry(to) {
                    slot.insert((from, link));
                    hits.push(to);
                }
            }
        }
        Ok(self.set(hits, Some(Trail::Hop { reach, hop, inward })))
    }

    fn atom(&mut self, atom: &Atom) -> Result<Set, EvalError> {
        let view = self.view;
        let graph = self.graph;
        match &atom.kind {
            AtomKind::RestsOn(x) => self.walk(x, &view.supports, atom.depth, false),
            AtomKind::Supports(x) => {
                self.walk(x, &view.supporters, Some(atom.depth.unwrap_or(1)), true)
            }
            AtomKind::SupportedBy(x) => {
                self.walk(x, &view.supports, Some(atom.depth.unwrap_or(1)), false)
            }
            AtomKind::Attacks(x) => self.walk_then_attack(x, atom.depth.unwrap_or(1), true),
            AtomKind::AttackedBy(x) => self.walk_then_attack(x, atom.depth.unwrap_or(1), false),
            AtomKind::RestsSolelyOn(x) => {
                let origins = self.resolve(x)?;
                let dominators = self.dominators.get_or_insert_with(|| Dominators::new(view));
                let mut hits = Vec::new();
                for &o in &origins {
                    hits.extend(dominators.dominated_by(o));
                }
                let reach = Reach::new(view.len(), &view.supports, &origins, None);
                if let Some(max) = atom.depth {
                    hits.retain(|&c| {
                        reach
                            .chain(c)
                            .is_some_and(|(claims, _)| claims.len() <= max as usize + 1)
                    });
                }
                Ok(self.set(
                    hits,
                    Some(Trail::Walk {
                        reach,
                        inward: false,
                    }),
                ))
            }
            AtomKind::Path(from, to) => {
                let origins = self.resolve(from)?;
                let targets = self.resolve(to)?;
                let mut any = Vec::new();
                for c in 0..view.len() as Claim {
                    for &(t, link) in view.supported_by(c).iter().chain(view.attacked_by(c)) {
                        any.push((c, t, link));
                    }
                }
                let links = Adjacency::new(view.len(), &any);
                let reach = Reach::new(view.len(), &links, &origins, atom.depth);
                let found = targets
                    .iter()
                    .filter(|&&t| reach.reached(t))
                    .filter_map(|&t| reach.chain(t))
                    .min_by_key(|(claims, _)| claims.len());
                Ok(match found {
                    Some((claims, links)) => {
                        let at = claims.iter().enumerate().map(|(i, &c)| (c, i)).collect();
                        let chain = Chain {
                            claims,
                            links,
                            omitted_before: 0,
                            omitted_after: 0,
                        };
                        self.set(chain.claims.clone(), Some(Trail::Fixed(chain, at)))
                    }
                    None => self.set([], None),
                })
            }
            AtomKind::Tagged(tag) => {
                let tag = tag.trim_start_matches('#');
                let hits: Vec<Claim> = (0..view.len() as Claim)
                    .filter(|&c| {
                        graph.tags(view.element(c)).iter().any(|t| {
                            t.eq_ignore_ascii_case(tag) || t.to_lowercase() == tag.to_lowercase()
                        })
                    })
                    .collect();
                if hits.is_empty() {
                    let mut tags: Vec<String> = (0..view.len() as Claim)
                        .flat_map(|c| graph.tags(view.element(c)).iter().cloned())
                        .collect();
                    tags.sort();
                    tags.dedup();
                    return Err(EvalError::UnknownTag {
                        span: atom.span,
                        name: tag.to_string(),
                        tags,
                    });
                }
                Ok(self.set(hits, None))
            }
            AtomKind::InSection(name) => {
                let wanted = words(name);
                let sections: Vec<bool> = graph
                    .sections
                    .iter()
                    .map(|s| {
                        let have = words(&s.title);
                        !wanted.is_empty() && wanted.iter().all(|w| have.contains(w))
                    })
                    .collect();
                if !sections.contains(&true) {
                    return Err(EvalError::UnknownSection {
                        span: atom.span,
                        name: name.clone(),
                        sections: graph.sections.iter().map(|s| s.title.clone()).collect(),
                    });
                }
                let hits = (0..view.len() as Claim).filter(|&c| {
                    graph
                        .section_ancestry(graph.section(view.element(c)))
                        .iter()
                        .any(|&s| sections[s])
                });
                Ok(self.set(hits.collect::<Vec<_>>(), None))
            }
            AtomKind::Text(text) => {
                let wanted = words(text);
                let hits = (0..view.len() as Claim).filter(|&c| {
                    let id = view.element(c);
                    let mut have = words(graph.title(id));
                    have.extend(words(graph.text(id)));
                    wanted.iter().all(|w| have.contains(w))
                });
                Ok(self.set(hits.collect::<Vec<_>>(), None))
            }
            AtomKind::All => Ok(self.set(0..view.len() as Claim, None)),
        }
    }
}
