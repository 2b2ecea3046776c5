//! Word-level differences between two texts, for showing how a claim was reworded.

use serde::Serialize;

/// One step of a word diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum WordEdit {
    /// Words in both texts.
    Same(String),
    /// Words only in the old text.
    Deleted(String),
    /// Words only in the new text.
    Inserted(String),
}

/// Longest texts (in words) diffed word by word; longer ones show as replaced whole.
const MAX_WORDS: usize = 2_000;

/// The word-level edit from `old` to `new` (longest common subsequence of words), with
/// runs of the same operation joined.
pub fn word_diff(old: &str, new: &str) -> Vec<WordEdit> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut ops: Vec<(u8, &str)> = Vec::new();
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        ops.extend(a.iter().map(|w| (1, *w)));
        ops.extend(b.iter().map(|w| (2, *w)));
    } else {
        // lcs[i][j]: length of the LCS of a[i..] and b[j..].
        let (n, m) = (a.len(), b.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[at(i, j)] = if a[i] == b[j] {
                    lcs[at(i + 1, j + 1)] + 1
                } else {
                    lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.push((0, a[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
                ops.push((1, a[i]));
                i += 1;
            } else {
                ops.push((2, b[j]));
                j += 1;
            }
        }
    }
    let mut out: Vec<WordEdit> = Vec::new();
    for (op, word) in ops {
        let extend = |text: &mut String| {
            text.push(' ');
            text.push_str(word);
        };
        match (out.last_mut(), op) {
            (Some(WordEdit::Same(t)), 0)
            | (Some(WordEdit::Deleted(t)), 1)
            | (Some(WordEdit::Inserted(t)), 2) => extend(t),
            _ => out.push(match op {
                0 => WordEdit::Same(word.to_string()),
                1 => WordEdit::Deleted(word.to_string()),
                _ => WordEdit::Inserted(word.to_string()),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_shows_as_deleted_then_inserted() {
        assert_eq!(
            word_diff(
                "models fake alignment today",
                "models fake alignment rarely today"
            ),
            [
                WordEdit::Same("models fake alignment".into()),
                WordEdit::Inserted("rarely".into()),
                WordEdit::Same("today".into()),
            ]
        );
        assert_eq!(
            word_diff("a b c", "a x c"),
            [
                WordEdit::Same("a".into()),
                WordEdit::Deleted("b".into()),
                WordEdit::Inserted("x".into()),
                WordEdit::Same("c".into()),
            ]
        );
    }
}
