//! Finding claims by name: `[Title]`, `<Title>`, or words of a title or text.
//!
//! Owns the matching rules shared by every command that names a claim (queries, cruxes,
//! evaluation); it never prints and never guesses silently: several matches are an error
//! that lists them, unless the caller asks for all.

use crate::analysis::view::{Claim, Dialectic};
use crate::model::{ArgumentGraph, ElementId};

/// Why a name found no single claim.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolveError {
    /// Nothing matches.
    #[error("no claim matches `{name}`")]
    Unknown {
        /// The name as given.
        name: String,
        /// Claims with the most words in common, best first.
        suggestions: Vec<String>,
    },
    /// Several claims match and the caller wants one.
    #[error("`{name}` matches {} claims", candidates.len())]
    Ambiguous {
        /// The name as given.
        name: String,
        /// Every match, as `[Title]` or `<Title>`, in source order.
        candidates: Vec<String>,
    },
}

/// Lower-cased words of `text`: runs of letters and digits, in any script.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `[Title]` or `<Title>` for an element.
pub fn element_ref(graph: &ArgumentGraph, id: ElementId) -> String {
    match id {
        ElementId::Statement(_) => format!("[{}]", graph.title(id)),
        ElementId::Argument(_) => format!("<{}>", graph.title(id)),
    }
}

/// Finds the claims `name` refers to.
///
/// Rules, first that matches wins:
/// 1. `[Title]` / `<Title>`: the statement / argument with exactly that title (else an
///    error, with suggestions).
/// 2. A title equal to `name`, ignoring case, spacing and punctuation.
/// 3. Titles containing every word of `name` (case-insensitive whole words).
/// 4. Titles or texts containing every word of `name`.
///
/// Several matches at the deciding rule are an error listing them, unless `all`.
///
/// # Complexity
/// O(total length of titles and texts) when rule 1 does not apply.
pub fn resolve(
    graph: &ArgumentGraph,
    view: &Dialectic,
    name: &str,
    all: bool,
) -> Result<Vec<Claim>, ResolveError> {
    let name = name.trim();
    let exact = if let Some(title) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(graph.statement_id(title).map(ElementId::from))
    } else {
        name.strip_prefix('<')
            .and_then(|n| n.strip_suffix('>'))
            .map(|title| graph.argument_id(title).map(ElementId::from))
    };
    match exact {
        Some(Some(id)) => return Ok(vec![view.claim(id)]),
        Some(None) => {
            let inner = &name[1..name.len() - 1];
            return Err(ResolveError::Unknown {
                name: name.to_string(),
                suggestions: suggestions(graph, view, inner),
            });
        }
        None => {}
    }
    let wanted = words(name);
    if wanted.is_empty() {
        return Err(ResolveError::Unknown {
            name: name.to_string(),
            suggestions: Vec::new(),
        });
    }
    let contains_all = |have: &[String]| wanted.iter().all(|w| have.contains(w));
    let mut same_title = Vec::new();
    let mut in_title = Vec::new();
    let mut in_text = Vec::new();
    for claim in 0..view.len() as Claim {
        let id = view.element(claim);
        let title = words(graph.title(id));
        if title == wanted {
            same_title.push(claim);
        } else if contains_all(&title) {
            in_title.push(claim);
        } else if same_title.is_empty() && in_title.is_empty() {
            let mut both = title;
            both.extend(words(graph.text(id)));
            if contains_all(&both) {
                in_text.push(claim);
            }
        }
    }
    let found = [same_title, in_title, in_text]
        .into_iter()
        .find(|found| !found.is_empty());
    match found {
        None => Err(ResolveError::Unknown {
            name: name.to_string(),
            suggestions: suggestions(graph, view, name),
        }),
        Some(found) if found.len() == 1 || all => Ok(found),
        Some(found) => Err(ResolveError::Ambiguous {
            name: name.to_string(),
            candidates: found
                .iter()
                .map(|&c| element_ref(graph, view.element(c)))
                .collect(),
        }),
    }
}

/// Up to five claims whose titles share the most words with `name`.
fn suggestions(graph: &ArgumentGraph, view: &Dialectic, name: &str) -> Vec<String> {
    let wanted = words(name);
    let mut scored: Vec<(usize, Claim)> = (0..view.len() as Claim)
        .filter_map(|claim| {
            let title = words(graph.title(view.element(claim)));
            let shared = wanted.iter().filter(|w| title.contains(w)).count();
            (shared > 0).then_some((shared, claim))
        })
        .collect();
    scored.sort_by_key(|&(shared, claim)| (std::cmp::Reverse(shared), claim));
    scored
        .into_iter()
        .take(5)
        .map(|(_, c)| element_ref(graph, view.element(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(source: &str) -> (ArgumentGraph, Dialectic) {
        let graph = crate::load(source, None).graph;
        let view = Dialectic::new(&graph);
        (graph, view)
    }

    fn names(graph: &ArgumentGraph, view: &Dialectic, found: &[Claim]) -> Vec<String> {
        found
            .iter()
            .map(|&c| element_ref(graph, view.element(c)))
            .collect()
    }

    const MAP: &str = "[Instrumental convergence]: Agents seek power.\n\n\
        [Power seeking]: Instrumental goals include convergence on power.\n\n\
        <Convergence argument>: From instrumental convergence.\n\n\
        [Ça marche]: Élan vital.\n";

    #[test]
    fn bracketed_title_finds_exactly_that_statement() {
        let (g, v) = map(MAP);
        let found = resolve(&g, &v, "[Power seeking]", false).unwrap();
        assert_eq!(names(&g, &v, &found), ["[Power seeking]"]);
        let found = resolve(&g, &v, "<Convergence argument>", false).unwrap();
        assert_eq!(names(&g, &v, &found), ["<Convergence argument>"]);
    }

    #[test]
    fn unknown_bracketed_title_suggests_near_titles() {
        let (g, v) = map(MAP);
        let err = resolve(&g, &v, "[Power]", false).unwrap_err();
        assert_eq!(
            err,
            ResolveError::Unknown {
                name: "[Power]".into(),
                suggestions: vec!["[Power seeking]".into()]
            }
        );
    }

    #[test]
    fn words_equal_to_a_title_win_over_words_in_texts() {
        let (g, v) = map(MAP);
        let found = resolve(&g, &v, "instrumental CONVERGENCE", false).unwrap();
        assert_eq!(names(&g, &v, &found), ["[Instrumental convergence]"]);
    }

    #[test]
    fn several_matches_are_an_error_unless_all_are_wanted() {
        let (g, v) = map(MAP);
        let err = resolve(&g, &v, "convergence", false).unwrap_err();
        assert_eq!(
            err,
            ResolveError::Ambiguous {
                name: "convergence".into(),
                candidates: vec![
                    "[Instrumental convergence]".into(),
                    "<Convergence argument>".into()
                ]
            }
        );
        let found = resolve(&g, &v, "convergence", true).unwrap();
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn text_words_match_when_no_title_does() {
        let (g, v) = map(MAP);
        let found = resolve(&g, &v, "goals", false).unwrap();
        assert_eq!(names(&g, &v, &found), ["[Power seeking]"]);
    }

    #[test]
    fn matching_is_unicode_case_insensitive() {
        let (g, v) = map(MAP);
        let found = resolve(&g, &v, "ça MARCHE", false).unwrap();
        assert_eq!(names(&g, &v, &found), ["[Ça marche]"]);
        let found = resolve(&g, &v, "ÉLAN", false).unwrap();
        assert_eq!(names(&g, &v, &found), ["[Ça marche]"]);
    }
}
