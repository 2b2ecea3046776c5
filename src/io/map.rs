//! Building maps from data formats: statements and arguments with one written occurrence,
//! and short readable titles made unique.
//!
//! Owns the pieces every reader shares; it knows no format of its own.

use foldhash::HashSet;
use indexmap::IndexSet;
use serde_json::{Map, Value};

use crate::model::{Argument, Location, Member, MemberRole, Statement};

/// Words a title is made of at most.
const TITLE_WORDS: usize = 6;

/// The one occurrence of an element read from a data format: a definition with its text.
fn member(text: &str, line: u32) -> Member {
    Member {
        text: text.to_string(),
        has_text: !text.is_empty(),
        is_definition: true,
        role: MemberRole::TopLevel,
        location: Location {
            line,
            ..Location::default()
        },
    }
}

/// A statement read from a data format (`line` 0 when the format has no lines).
pub(crate) fn statement(
    title: String,
    text: &str,
    data: Map<String, Value>,
    line: u32,
) -> Statement {
    Statement {
        title,
        is_untitled: false,
        members: vec![member(text, line)],
        tags: IndexSet::new(),
        section: None,
        data,
    }
}

/// An argument read from a data format, with a description and no structure yet.
pub(crate) fn argument(title: String, text: &str, data: Map<String, Value>, line: u32) -> Argument {
    Argument {
        title,
        is_untitled: false,
        members: vec![member(text, line)],
        pcs: Vec::new(),
        tags: IndexSet::new(),
        section: None,
        data,
    }
}

/// Hands out titles: the first words of a text, made unique with a number.
#[derive(Default)]
pub(crate) struct Titles {
    taken: HashSet<String>,
}

impl Titles {
    /// Marks `title` as taken.
    pub(crate) fn reserve(&mut self, title: &str) {
        self.taken.insert(title.to_lowercase());
    }

    /// A unique title for a claim with `text` (or `fallback` when the text has no words).
    pub(crate) fn for_text(&mut self, text: &str, fallback: &str) -> String {
        let base = title_words(text);
        let base = if base.is_empty() {
            fallback.to_string()
        } else {
            base
        };
        self.unique(&base)
    }

    /// `base`, or `base 2`, `base 3`… whichever is free first.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let mut title = base.to_string();
        let mut k = 1;
        while !self.taken.insert(title.to_lowercase()) {
            k += 1;
            title = format!("{base} {k}");
        }
        title
    }
}

/// The first few words of `text`, letters, digits, `'` and `-` only, first letter capital.
pub(crate) fn title_words(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let kept: String = w
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '\'' | '-'))
                .collect();
            // Inner hyphens and apostrophes stay; a title never starts with `-` (`<-…>`).
            kept.trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .take(TITLE_WORDS)
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.chars().next() {
        let upper: String = first.to_uppercase().collect();
        title.replace_range(..first.len_utf8(), &upper);
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_first_words_made_unique() {
        let mut titles = Titles::default();
        assert_eq!(
            titles.for_text("cats [are] #great, and dogs too; really", "Claim"),
            "Cats are great and dogs too"
        );
        assert_eq!(
            titles.for_text("Cats are great and dogs too", "Claim"),
            "Cats are great and dogs too 2"
        );
        assert_eq!(titles.for_text("!!!", "Claim"), "Claim");
        assert_eq!(titles.for_text("???", "Claim"), "Claim 2");
    }
}
