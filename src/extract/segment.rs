//! Splitting prose into argumentative units: sentences by rule, then clauses where a trained
//! boundary classifier (words and punctuation around each gap) says a new unit begins.

use super::features::{self, tokens};
use super::model::{Classifier, Training, examples};

/// A byte range of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "al",
    "approx", "ca", "resp", "incl", "esp", "jr", "sr", "orig", "para", "pp", "vol", "ch", "sec",
    "eq", "ed", "eds", "viz", "op", "cit",
];

/// Sentences of `text` (within `span`), trimmed, never empty.
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = span.start;
    let mut i = span.start;
    while i < span.end {
        let b = bytes[i];
        let ends = match b {
            b'!' | b'?' => true,
            b'.' => {
                // Look back at most 40 bytes for the word before the stop: enough for any
                // abbreviation, and linear on text like "a.a.a.a…".
                let mut from = i.saturating_sub(40).max(start);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                let word_start = text[from..i]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !c.is_alphanumeric() && c != '.')
                    .map_or(from, |(p, c)| from + p + c.len_utf8());
                let word = text[word_start..i].to_lowercase();
                let single_letter =
                    word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
                let number = i + 1 < span.end && bytes[i + 1].is_ascii_digit();
                !(ABBREVIATIONS.contains(&word.as_str()) || single_letter || number)
            }
            _ => false,
        };
        // The word before a full stop, for glued sentences ("it rained.Then it stopped").
        let plain_word = b == b'.'
            && text[start..i]
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(char::is_lowercase));
        i += 1;
        if ends {
            // A footnote mark after the stop stays with its sentence: "as shown.[3] Then".
            if let Some(rest) = text[i..span.end].strip_prefix('[') {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if (1..=3).contains(&digits) && rest[digits..].starts_with(']') {
                    i += digits + 2;
                }
            }
            // Closing quotes and brackets stay with their sentence; so do runs like "?!".
            while i < span.end
                && matches!(bytes[i], b'"' | b'\'' | b')' | b']' | b'!' | b'?' | b'.')
            {
                i += 1;
            }
            while i < span.end && text[i..].starts_with(['\u{201d}', '\u{2019}']) {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
            // A capitalised word glued to the stop of a lower-case word starts a sentence
            // too ("it rained.Then it stopped"), but not "U.S.Army" or "e.g.Foo".
            let glued = plain_word && {
                let mut next = text[i..span.end].chars();
                next.next().is_some_and(char::is_uppercase)
                    && next.next().is_some_and(char::is_lowercase)
            };
            let next_ok = i >= span.end || bytes[i].is_ascii_whitespace() || glued;
            if next_ok {
                push_trimmed(text, start, i, &mut out);
                start = i;
            }
        }
    }
    push_trimmed(text, start, span.end, &mut out);
    out
}

/// Pushes `start..end` without its leading and trailing white space, unless nothing is left.
pub(super) fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// A word of a sentence with its byte range.
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn words(text: &str, span: Span) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut at = None;
    for (k, c) in text[span.start..span.end].char_indices() {
        let pos = span.start + k;
        if c.is_whitespace() {
            if let Some(s) = at.take() {
                out.push(Word {
                    start: s,
                    end: pos,
                    text: &text[s..pos],
                });
            }
        } else if at.is_none() {
            at = Some(pos);
        }
    }
    if let Some(s) = at {
        out.push(Word {
            start: s,
            end: span.end,
            text: &text[s..span.end],
        });
    }
    out
}

/// A sentence's words with their lower-case first and last tokens, computed once.
struct Sentence<'a> {
    words: Vec<Word<'a>>,
    first: Vec<String>,
    last: Vec<String>,
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str, span: Span) -> Self {
        let words = words(text, span);
        let toks: Vec<Vec<String>> = words.iter().map(|w| tokens(w.text)).collect();
        Sentence {
            first: toks
                .iter()
                .map(|t| t.first().cloned().unwrap_or_default())
                .collect(),
            last: toks
                .iter()
                .map(|t| t.last().cloned().unwrap_or_default())
                .collect(),
            words,
        }
    }
}

/// Features of the gap before word `k` of a sentence.
fn gap_features(s: &Sentence, k: usize) -> Vec<String> {
    let ws = &s.words;
    let prev = ws[k - 1].text;
    let next = &s.first[k];
    let next2 = s.first.get(k + 1).map_or("", String::as_str);
    let punct = prev
        .chars()
        .last()
        .filter(|c| matches!(c, ',' | ';' | ':' | '-' | '\u{2013}' | '\u{2014}' | ')'))
        .map_or("none".to_string(), |c| c.to_string());
    let before = k.min(6);
    let after = (ws.len() - k).min(6);
    let mut f = vec![
        format!("next={next}"),
        format!("next2={next}_{next2}"),
        format!("prev={}", s.last[k - 1]),
        format!("punct={punct}"),
        format!("punct_next={punct}_{next}"),
        format!("before={before}"),
        format!("after={after}"),
    ];
    if let Some(class) = features::single_word_marker(next) {
        f.push(format!("class={class}"));
        f.push(format!("class_punct={class}_{punct}"));
    }
    if ws[k].text.starts_with(|c: char| c.is_uppercase()) {
        f.push("upper".into());
    }
    f
}

/// The shortest unit, in words, that a clause split may leave on either side.
const MIN_WORDS: usize = 3;

/// How sure the boundary classifier must be to split a sentence. It is trained class-balanced
/// (boundaries are rare), which overrates them; a high bar keeps units whole.
const BOUNDARY: f64 = 0.75;

/// Clause boundaries inside one sentence: byte offsets where a new unit starts.
fn split_points(text: &str, sentence: Span, model: &Classifier) -> Vec<usize> {
    let s = Sentence::new(text, sentence);
    let mut out = Vec::new();
    let mut last = 0;
    for k in MIN_WORDS..s.words.len().saturating_sub(MIN_WORDS - 1) {
        if k - last < MIN_WORDS {
            continue;
        }
        if model.probabilities(&gap_features(&s, k))[1] > BOUNDARY {
            out.push(s.words[k].start);
            last = k;
        }
    }
    out
}

/// Units of `text` within `span`: sentences split at predicted clause boundaries.
pub fn units(text: &str, span: Span, model: &Classifier) -> Vec<Span> {
    let mut out = Vec::new();
    for sentence in sentences(text, span) {
        let mut start = sentence.start;
        for cut in split_points(text, sentence, model) {
            push_trimmed(text, start, cut, &mut out);
            start = cut;
        }
        push_trimmed(text, start, sentence.end, &mut out);
    }
    out
}

/// Trains the boundary classifier on texts given as their gold units: every gap between
/// words inside a sentence is an example, positive where a gold unit ends.
pub fn train(texts: &[Vec<String>], training: Training) -> Classifier {
    let mut data: Vec<(Vec<String>, usize)> = Vec::new();
    for units in texts {
        let (joined, ends) = join(units);
        let whole = Span {
            start: 0,
            end: joined.len(),
        };
        for sentence in sentences(&joined, whole) {
            let s = Sentence::new(&joined, sentence);
            for k in MIN_WORDS..s.words.len().saturating_sub(MIN_WORDS - 1) {
                let boundary = ends.contains(&s.words[k - 1].end);
                data.push((gap_features(&s, k), usize::from(boundary)));
            }
        }
    }
    Classifier::train(&["inside", "boundary"], &examples(&data), training)
}

/// The units joined by spaces, and the byte offset where each unit ends.
pub fn join(units: &[String]) -> (String, Vec<usize>) {
    let mut joined = String::new();
    let mut ends = Vec::new();
    for u in units {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(u.trim());
        ends.push(joined.len());
    }
    (joined, ends)
}

/// Precision, recall and F1 of predicted unit ends against gold ones (the text's end, which
/// every segmentation has, is not counted).
pub fn boundary_f1(gold: &[usize], predicted: &[usize], text_end: usize) -> (usize, usize, usize) {
    let g: Vec<usize> = gold.iter().copied().filter(|&e| e < text_end).collect();
    let p: Vec<usize> = predicted
        .iter()
        .copied()
        .filter(|&e| e < text_end)
        .collect();
    let hits = p.iter().filter(|e| g.contains(e)).count();
    (hits, p.len(), g.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(
            text,
            Span {
                start: 0,
                end: text.len(),
            },
        )
        .into_iter()
        .map(|s| &text[s.start..s.end])
        .collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_at_abbreviations_or_decimals() {
        assert_eq!(
            texts("Dr. Smith paid 3.5 euros, e.g. for bread. Was it fair?! \"Yes.\" Then\nno"),
            vec![
                "Dr. Smith paid 3.5 euros, e.g. for bread.",
                "Was it fair?!",
                "\"Yes.\"",
                "Then\nno"
            ]
        );
        assert!(texts("   \n ").is_empty());
    }

    #[test]
    fn glued_sentences_and_footnote_marks_end_sentences() {
        assert_eq!(
            texts("It rained.Then it stopped as shown.[3] Then the U.S.Army and e.g.Foo came."),
            vec![
                "It rained.",
                "Then it stopped as shown.[3]",
                "Then the U.S.Army and e.g.Foo came."
            ]
        );
        // A bracket that is no footnote mark stays with the next sentence.
        assert_eq!(texts("Done.[x] Next."), vec!["Done.[x] Next."]);
    }
}
