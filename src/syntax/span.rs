//! Byte spans into one source text, and the line index that turns them into line:column.
//!
//! Owns position arithmetic only; it must not know what the text means.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into one source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// Creates a span from two byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        // Sources are capped at `MAX_SOURCE_BYTES` (< 4 GiB) before parsing, so offsets fit.
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `usize` range, for slicing the source.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in characters, starting at 1.
    pub column: u32,
}

/// Start offsets of every line of a text, for turning byte offsets into [`LineCol`].
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (lines end at `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        // `match_indices` on a char searches with memchr.
        starts.extend(text.match_indices('\n').map(|(i, _)| (i + 1) as u32));
        LineIndex { starts }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= offset) - 1
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).map(|&s| s as usize)
    }

    /// Line and character column of byte `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        self.column(text, line, offset)
    }

    /// [`line_col`](Self::line_col) for callers that walk the text mostly forwards: `hint`
    /// is the 0-based line of the previous lookup and is updated; the same or the next
    /// line is checked before searching.
    pub fn line_col_near(&self, text: &str, offset: usize, hint: &mut usize) -> LineCol {
        let offset = offset.min(text.len());
        let contains = |line: usize| {
            self.starts.get(line).is_some_and(|&s| s as usize <= offset)
                && self
                    .starts
                    .get(line + 1)
                    .is_none_or(|&s| s as usize > offset)
        };
        let line = if contains(*hint) {
            *hint
        } else if contains(*hint + 1) {
            *hint + 1
        } else {
            self.starts.partition_point(|&s| s as usize <= offset) - 1
        };
        *hint = line;
        self.column(text, line, offset)
    }

    fn column(&self, text: &str, line: usize, offset: usize) -> LineCol {
        let start = self.starts[line] as usize;
        // Count characters up to the offset; step back to a char boundary first.
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() + 1;
        LineCol {
            line: line as u32 + 1,
            column: column as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nçé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        // "çé " is 5 bytes, 3 characters.
        assert_eq!(index.line_col(text, 8), LineCol { line: 2, column: 4 });
        assert_eq!(index.line_col(text, 100), LineCol { line: 3, column: 1 });
        // The hinted lookup agrees with the plain one from any hint, in any order.
        for hint_start in 0..5 {
            for offset in [0, 3, 8, 100, 1, 9, 2] {
                let mut hint = hint_start;
                assert_eq!(
                    index.line_col_near(text, offset, &mut hint),
                    index.line_col(text, offset)
                );
                assert_eq!(hint + 1, index.line_col(text, offset).line as usize);
            }
        }
    }
}
