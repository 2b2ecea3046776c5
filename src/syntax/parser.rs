//! The Argdown block parser: turns source text into a flat [`Document`] plus diagnostics.
//!
//! Argdown is line oriented: blocks are separated by blank lines, relations are lines
//! indented under their parent and introduced by a symbol, premise–conclusion structures are
//! numbered lines. The parser walks the lines once, keeping a stack of open ancestors, so it
//! runs in linear time and uses no recursion. It never stops at the first error.
//!
//! Owns line structure; inline syntax (tags, data, mentions) is in `inline`.

use super::ast::*;
use super::inline::{matching_brace, parse_inline, parse_yaml_map};
use super::{Diagnostic, Span};

/// Sources larger than this are refused before parsing (offsets are stored as `u32`).
pub const MAX_SOURCE_BYTES: usize = 1 << 30;

/// A document together with everything found wrong in it.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The document, as complete as the errors allow.
    pub document: Document,
    /// Warnings and errors in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses Argdown source leniently: always returns a document, with every diagnostic.
pub fn parse(source: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    if source.len() > MAX_SOURCE_BYTES {
        diagnostics.push(
            Diagnostic::error(
                "too-large",
                Span::new(0, 0),
                format!(
                    "the file is {} bytes; cruxmap reads at most {MAX_SOURCE_BYTES} bytes",
                    source.len()
                ),
            )
            .with_hint("split the map into several files"),
        );
        return Parsed {
            document: Document::default(),
            diagnostics,
        };
    }
    let clean = blank_comments(source, &mut diagnostics);
    let mut parser = Parser {
        src: &clean,
        doc: Document::default(),
        diags: diagnostics,
        levels: Vec::new(),
        parents: Vec::new(),
        last: None,
        open: None,
        pcs: None,
        inference: None,
        block_top: None,
        pcs_candidate: None,
        sections: Vec::new(),
    };
    parser.run();
    let mut diagnostics = parser.diags;
    diagnostics.sort_by_key(|d| d.span.start);
    Parsed {
        document: parser.doc,
        diagnostics,
    }
}

/// Replaces comments (`/* */`, `<!-- -->`, and `//` at a word start) by spaces, keeping
/// every byte offset and line break, so spans point into the original text.
fn blank_comments(source: &str, diags: &mut Vec<Diagnostic>) -> String {
    let bytes = source.as_bytes();
    let mut out = source.as_bytes().to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    while i < bytes.len() {
        let rest = &bytes[i..];
        let (close, opener): (&[u8], usize) = if rest.starts_with(b"/*") {
            (b"*/", 2)
        } else if rest.starts_with(b"<!--") {
            (b"-->", 4)
        } else if rest.starts_with(b"//") && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
            continue;
        } else {
            i += 1;
            continue;
        };
        let body = &bytes[i + opener..];
        match body.windows(close.len()).position(|w| w == close) {
            Some(p) => {
                let end = i + opener + p + close.len();
                blank(&mut out, i, end);
                i = end;
            }
            None => {
                diags.push(
                    Diagnostic::error(
                        "unclosed-comment",
                        Span::new(i, i + opener),
                        "comment is never closed",
                    )
                    .with_hint(format!(
                        "close it with `{}`",
                        String::from_utf8_lossy(close)
                    )),
                );
                blank(&mut out, i, bytes.len());
                i = bytes.len();
            }
        }
    }
    // Only ASCII bytes inside comments were replaced by ASCII spaces, and multi-byte
    // characters inside comments were replaced byte by byte, so the result is valid UTF-8
    // except where a multi-byte character was cut; replace such leftovers too.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The element currently receiving continuation lines.
struct Open {
    element: ElementIndex,
    /// Byte offset where its text starts (after title and colon).
    text_start: usize,
    /// Byte offset where its text ends so far.
    text_end: usize,
}

struct Parser<'a> {
    src: &'a str,
    doc: Document,
    diags: Vec<Diagnostic>,
    /// Argdown's indentation stack: the indent of the block's root, then of each open
    /// relation list.
    levels: Vec<usize>,
    /// Owner of each open relation list (one fewer than `levels`).
    parents: Vec<RelationParent>,
    /// What the latest line wrote: an indented line opens its relation list.
    last: Option<RelationParent>,
    open: Option<Open>,
    /// The premise–conclusion structure of the current block.
    pcs: Option<PcsIndex>,
    /// A multi-line inference `--` .. `--` being read: start offset and text start.
    inference: Option<(usize, usize)>,
    /// The first top-level element of the current block.
    block_top: Option<ElementIndex>,
    /// An argument that ended the previous block, to which a following PCS belongs.
    pcs_candidate: Option<ElementIndex>,
    /// Open headings, outermost first.
    sections: Vec<HeadingIndex>,
}

impl Parser<'_> {
    fn run(&mut self) {
        let src = self.src;
        let mut pos = self.front_matter();
        while pos < src.len() {
            let line_end = src[pos..].find('\n').map_or(src.len(), |p| pos + p);
            let content_end = if src[..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            self.line(pos, content_end);
            pos = line_end + 1;
        }
        self.end_block();
        if let Some((start, _)) = self.inference.take() {
            self.diags.push(
                Diagnostic::error(
                    "unclosed-inference",
                    Span::new(start, start + 2),
                    "expanded inference `--` is never closed",
                )
                .with_hint("end the inference rule with a line `--`"),
            );
        }
    }

    /// Reads YAML front matter between `===` lines at the start; returns where the body starts.
    fn front_matter(&mut self) -> usize {
        let src = self.src;
        let start = src.len() - src.trim_start().len();
        if !src[start..].starts_with("===") {
            return 0;
        }
        let first_end = src[start..].find('\n').map_or(src.len(), |p| start + p);
        if !src[start..first_end].trim().chars().all(|c| c == '=') {
            return 0;
        }
        let body_start = (first_end + 1).min(src.len());
        let mut pos = body_start;
        while pos < src.len() {
            let end = src[pos..].find('\n').map_or(src.len(), |p| pos + p);
            let line = src[pos..end].trim();
            if line.len() >= 3 && line.chars().all(|c| c == '=') {
                let span = Span::new(start, end);
                if let Some(value) = parse_yaml_map(
                    &src[body_start..pos],
                    Span::new(start, end),
                    &mut self.diags,
                ) {
                    self.doc.front_matter = Some(Spanned { value, span });
                }
                return (end + 1).min(src.len());
            }
            pos = end + 1;
        }
        self.diags.push(
            Diagnostic::error(
                "unclosed-front-matter",
                Span::new(start, first_end),
                "front matter `===` is never closed",
            )
            .with_hint("end the YAML front matter with a line `===`"),
        );
        src.len()
    }

    fn line(&mut self, start: usize, end: usize) {
        let src = self.src;
        let line = &src[start..end];
        let trimmed = line.trim_start();
        let indent_bytes = line.len() - trimmed.len();
        let content = start + indent_bytes;

        if let Some((inf_start, text_start)) = self.inference {
            if is_dash_line(trimmed.trim_end()) {
                self.inference = None;
                self.push_inference(inf_start, text_start, start, end);
                if let Some(pcs) = self.pcs {
                    self.reset_levels(indent_bytes, RelationParent::Inference(pcs));
                }
            }
            return;
        }
        if trimmed.trim().is_empty() {
            self.end_block();
            return;
        }
        // A data block spanning lines swallows everything until it closes.
        if let Some(open) = &self.open
            && data_is_open(&src[open.text_start..open.text_end])
        {
            self.extend_open(end);
            return;
        }
        let indent = indent_width(&line[..indent_bytes]);

        if indent_bytes == 0 && is_heading(trimmed) {
            self.end_block();
            self.heading(start, end);
            return;
        }
        if let Some((symbol, sym_len)) = relation_symbol(trimmed) {
            self.relation(indent, symbol, content, sym_len, end);
            return;
        }
        if let Some((number, len)) = pcs_number(trimmed) {
            self.pcs_statement(indent, number, content, len, end);
            return;
        }
        if trimmed.starts_with("--") && (self.pcs.is_some() || self.open_is_pcs_capable()) {
            self.inference_line(content, end);
            return;
        }
        if self.open.is_some() && indent_bytes == 0 && list_marker_len(trimmed) > 0 {
            // Each list item is an element of its own.
            self.finish_open();
            self.top_level(indent, content, end);
            return;
        }
        if self.open.is_some() {
            let word_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let symbol_like = trimmed[..word_end]
                .bytes()
                .all(|b| b.is_ascii_punctuation() && !b"[<(@#{\\\"'".contains(&b));
            if indent_bytes > 0 && (!self.parents.is_empty() || symbol_like) {
                self.diags.push(
                    Diagnostic::error(
                        "unknown-relation",
                        Span::new(content, content + word_end),
                        format!("`{}` is not a relation symbol", &trimmed[..word_end]),
                    )
                    .with_hint("relation lines start with one of `+ - _ >< <+ <- <_ +> -> _>` followed by a space"),
                );
                return;
            }
            self.extend_open(end);
            return;
        }
        self.top_level(indent, content, end);
    }

    /// Whether a PCS may start here: after an argument at the top of the block.
    fn open_is_pcs_capable(&self) -> bool {
        self.block_top
            .is_some_and(|e| self.doc.elements[e].kind == ElementKind::Argument)
    }

    fn end_block(&mut self) {
        self.finish_open();
        self.levels.clear();
        self.parents.clear();
        self.last = None;
        if let Some(pcs) = self.pcs.take() {
            self.check_pcs(pcs);
            self.pcs_candidate = None;
        } else if self.block_top.is_some() {
            // An argument at the top of the block before may be reconstructed by the next
            // block; blank lines and comments in between do not matter.
            self.pcs_candidate = self
                .block_top
                .filter(|&e| self.doc.elements[e].kind == ElementKind::Argument);
        }
        self.block_top = None;
    }

    fn heading(&mut self, start: usize, end: usize) {
        let line = &self.src[start..end];
        let level = line.bytes().take_while(|&b| b == b'#').count();
        let text_start = start + level;
        let inline = parse_inline(&self.src[text_start..end], text_start, &mut self.diags);
        while let Some(&open) = self.sections.last() {
            if self.doc.headings[open].level as usize >= level {
                self.sections.pop();
            } else {
                break;
            }
        }
        let index = self.doc.headings.len();
        self.doc.headings.push(Heading {
            level: level as u8,
            text: inline.text,
            tags: inline.tags,
            data: inline.data,
            parent: self.sections.last().copied(),
            span: Span::new(start, end),
        });
        self.sections.push(index);
        self.pcs_candidate = None;
    }

    fn relation(
        &mut self,
        indent: usize,
        symbol: RelationSymbol,
        content: usize,
        sym_len: usize,
        end: usize,
    ) {
        let sym_span = Span::new(content, content + sym_len);
        // Argdown's lexer: deeper than the open list opens the latest element's list; a
        // shallower line closes lists until it is no longer shallower, and joins the list
        // then open (so a line between two levels is a sibling in the enclosing list).
        let parent = match (self.levels.last().copied(), self.last) {
            (Some(top), Some(last)) if indent > top => {
                self.levels.push(indent);
                self.parents.push(last);
                Some(last)
            }
            (Some(_), _) => {
                while self.levels.len() > 1 && indent < self.levels[self.levels.len() - 1] {
                    self.levels.pop();
                    self.parents.pop();
                }
                self.parents.last().copied()
            }
            (None, _) => None,
        };
        let Some(parent) = parent else {
            let diag = if self.block_top.is_none() {
                Diagnostic::error(
                    "relation-without-parent",
                    sym_span,
                    "relation has no statement or argument above it",
                )
                .with_hint("put the statement or argument this relation belongs to on the line above, with no blank line between")
            } else {
                Diagnostic::error(
                    "relation-not-indented",
                    sym_span,
                    "relation is not indented under a statement or argument",
                )
                .with_hint("indent relation lines further than the line they belong to, and keep sibling relations at the same indentation")
            };
            self.diags.push(diag);
            return;
        };
        self.finish_open();
        let head_start = skip_spaces(self.src, content + sym_len, end);
        let child = self.element(head_start, end, Placement::RelationTarget);
        self.doc.relations.push(RelationSyntax {
            parent,
            child,
            symbol,
            span: sym_span,
        });
        self.last = Some(RelationParent::Element(child));
    }

    fn pcs_statement(
        &mut self,
        indent: usize,
        number: u32,
        content: usize,
        len: usize,
        end: usize,
    ) {
        self.finish_open();
        let pcs = self.pcs.unwrap_or_else(|| self.start_pcs(content));
        let head_start = skip_spaces(self.src, content + len, end);
        let element = self.element(head_start, end, Placement::PcsMember { pcs, number });
        self.doc.elements[element].span.start = content as u32;
        self.doc.pcs[pcs].items.push(PcsItem::Statement(element));
        self.doc.pcs[pcs].span.end = end as u32;
        self.reset_levels(indent, RelationParent::Element(element));
    }

    fn start_pcs(&mut self, start: usize) -> PcsIndex {
        let argument = match self.block_top {
            Some(top) if self.doc.elements[top].kind == ElementKind::Argument => Some(top),
            Some(_) => None,
            None => self.pcs_candidate.take(),
        };
        let index = self.doc.pcs.len();
        self.doc.pcs.push(PcsSyntax {
            argument,
            items: Vec::new(),
            span: Span::new(start, start),
            section: self.sections.last().copied(),
        });
        self.pcs = Some(index);
        self.block_top.get_or_insert(usize::MAX);
        index
    }

    fn inference_line(&mut self, content: usize, end: usize) {
        self.finish_open();
        let pcs = self.pcs.unwrap_or_else(|| self.start_pcs(content));
        self.reset_levels(
            content - self.line_start(content),
            RelationParent::Inference(pcs),
        );
        self.doc.pcs[pcs].span.end = end as u32;
        let text = self.src[content..end].trim_end();
        if is_dash_line(text) && text.len() <= 3 {
            // `--` opens an inference rule continued on the next lines.
            self.inference = Some((content, content + text.len()));
            return;
        }
        if is_dash_line(text) {
            self.push_inference(content, content, content, end);
            return;
        }
        // `-- rule --` on one line.
        let inner_start = content + 2;
        let inner_end = if text.len() > 4 && text.ends_with("--") {
            content + text.trim_end_matches('-').len()
        } else {
            self.diags.push(
                Diagnostic::error(
                    "unclosed-inference",
                    Span::new(content, end),
                    "inference line must end with `--`",
                )
                .with_hint("write `-- rule --`, or `----` for an inference without a rule"),
            );
            content + text.len()
        };
        self.push_inference(content, inner_start, inner_end, end);
    }

    /// Adds an inference whose rule text is `src[text_start..text_end]`, spanning `start..end`.
    fn push_inference(&mut self, start: usize, text_start: usize, text_end: usize, end: usize) {
        let Some(pcs) = self.pcs else { return };
        let raw = &self.src[text_start..text_end.max(text_start)];
        let inline = parse_inline(raw, text_start, &mut self.diags);
        self.doc.pcs[pcs].items.push(PcsItem::Inference(Inference {
            text: inline.text,
            data: inline.data,
            span: Span::new(start, end),
        }));
        self.doc.pcs[pcs].span.end = end as u32;
    }

    fn top_level(&mut self, indent: usize, content: usize, end: usize) {
        if self.pcs.is_some() {
            // Text after a PCS conclusion belongs to no structure: start a new block.
            self.end_block();
        }
        // Markdown list items (`* item`, `1. item`) hold ordinary statements and arguments.
        let content = content + list_marker_len(&self.src[content..end]);
        let element = self.element(content, end, Placement::TopLevel);
        self.block_top = Some(element);
        self.reset_levels(indent, RelationParent::Element(element));
    }

    /// Starts a new relation tree rooted at `element`, written at `indent`.
    fn reset_levels(&mut self, indent: usize, parent: RelationParent) {
        self.levels.clear();
        self.levels.push(indent);
        self.parents.clear();
        self.last = Some(parent);
    }

    /// Byte offset of the start of the line containing `offset`.
    fn line_start(&self, offset: usize) -> usize {
        self.src[..offset].rfind('\n').map_or(0, |p| p + 1)
    }

    fn extend_open(&mut self, end: usize) {
        if let Some(open) = &mut self.open {
            open.text_end = end;
        }
    }

    /// Reads an element head (`[T]:`, `[T]`, `<T>:`, `<T>` or plain text) starting at `start`.
    fn element(&mut self, start: usize, end: usize, placement: Placement) -> ElementIndex {
        let src = self.src;
        let line = &src[start..end];
        let mut kind = ElementKind::Statement;
        let mut title = None;
        let mut is_definition = false;
        let mut text_start = start;
        let bracket = match line.as_bytes().first() {
            Some(b'[') => Some((ElementKind::Statement, ']')),
            Some(b'<') => Some((ElementKind::Argument, '>')),
            _ => None,
        };
        if let Some((k, close)) = bracket {
            kind = k;
            match line[1..].find(close) {
                Some(p) => {
                    // Argdown matches titles exactly as written: no trimming, case-sensitive.
                    let name = line[1..1 + p].to_string();
                    let after = start + 1 + p + 1;
                    if name.trim().is_empty() {
                        self.diags.push(
                            Diagnostic::error(
                                "empty-title",
                                Span::new(start, after),
                                "title is empty",
                            )
                            .with_hint("write a title between the brackets, or leave the brackets out for an untitled statement"),
                        );
                    } else {
                        title = Some(Spanned {
                            value: name,
                            span: Span::new(start + 1, start + 1 + p),
                        });
                    }
                    text_start = after;
                    if src[after..end].starts_with(':') {
                        is_definition = true;
                        text_start = after + 1;
                    }
                }
                None => {
                    // Argdown reads such a line as untitled text; so do we, with a warning.
                    let what = if close == ']' {
                        "statement"
                    } else {
                        "argument"
                    };
                    self.diags.push(
                        Diagnostic::warning(
                            "unclosed-title",
                            Span::new(start, start + 1),
                            format!("{what} title is never closed, so the line is read as an untitled statement"),
                        )
                        .with_hint(format!("close the title with `{close}` on the same line")),
                    );
                    kind = ElementKind::Statement;
                }
            }
        }
        let index = self.doc.elements.len();
        self.doc.elements.push(Element {
            kind,
            title,
            is_definition,
            text: String::new(),
            span: Span::new(start, end),
            tags: Vec::new(),
            mentions: Vec::new(),
            data: None,
            section: self.sections.last().copied(),
            placement,
        });
        self.open = Some(Open {
            element: index,
            text_start,
            text_end: end,
        });
        index
    }

    /// Parses the inline text of the open element, if any.
    fn finish_open(&mut self) {
        let Some(open) = self.open.take() else { return };
        let raw = &self.src[open.text_start..open.text_end];
        let inline = parse_inline(raw, open.text_start, &mut self.diags);
        let element = &mut self.doc.elements[open.element];
        element.text = inline.text;
        element.tags = inline.tags;
        element.mentions = inline.mentions;
        element.data = inline.data;
        element.span.end = open.text_end as u32;
        if element.title.is_none()
            && element.text.is_empty()
            && element.kind == ElementKind::Statement
        {
            let span = element.span;
            self.diags.push(
                Diagnostic::error(
                    "empty-statement",
                    span,
                    "statement has neither title nor text",
                )
                .with_hint("write the claim after the relation symbol or number"),
            );
        }
    }

    fn check_pcs(&mut self, pcs: PcsIndex) {
        let items = &self.doc.pcs[pcs].items;
        let span = self.doc.pcs[pcs].span;
        match items.last() {
            Some(PcsItem::Statement(_))
                if items.iter().any(|i| matches!(i, PcsItem::Inference(_))) => {}
            Some(PcsItem::Inference(inf)) => {
                let span = inf.span;
                self.diags.push(
                    Diagnostic::error(
                        "missing-conclusion",
                        span,
                        "inference is not followed by a conclusion",
                    )
                    .with_hint("add a numbered conclusion line `(n) ...` after the inference line"),
                );
            }
            _ => self.diags.push(
                Diagnostic::error(
                    "missing-inference",
                    span,
                    "premise–conclusion structure has no inference line",
                )
                .with_hint("separate premises from the conclusion with a line `----`"),
            ),
        }
    }
}

/// Whether `text` has a `{` (not escaped by a backslash) that is never closed.
fn data_is_open(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => match matching_brace(text, i) {
                Some(close) => i = close,
                None => return true,
            },
            _ => {}
        }
        i += 1;
    }
    false
}

/// Length of a list marker `* ` or `12. ` (with its spaces) at the start of `line`, or 0.
fn list_marker_len(line: &str) -> usize {
    let marker = if line.starts_with("* ") {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(". ") {
            digits + 1
        } else {
            return 0;
        }
    };
    marker + (line[marker..].len() - line[marker..].trim_start().len())
}

fn skip_spaces(src: &str, from: usize, end: usize) -> usize {
    let from = from.min(end);
    from + (src[from..end].len() - src[from..end].trim_start().len())
}

/// Width of leading white space; like Argdown, a tab counts as one column.
fn indent_width(ws: &str) -> usize {
    ws.chars().count()
}

fn is_heading(trimmed: &str) -> bool {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && trimmed[hashes..]
            .chars()
            .next()
            .is_some_and(|c| c == ' ' || c == '\t')
}

fn is_dash_line(s: &str) -> bool {
    s.len() >= 2 && s.bytes().all(|b| b == b'-')
}

/// A relation symbol at the start of `trimmed`, followed by white space.
fn relation_symbol(trimmed: &str) -> Option<(RelationSymbol, usize)> {
    RelationSymbol::ALL.iter().find_map(|&(text, symbol)| {
        let rest = trimmed.strip_prefix(text)?;
        rest.starts_with([' ', '\t'])
            .then_some((symbol, text.len()))
    })
}

/// `(n)` at the start of `trimmed`: the number and the length of `(n)`.
fn pcs_number(trimmed: &str) -> Option<(u32, usize)> {
    let rest = trimmed.strip_prefix('(')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || !rest[digits..].starts_with(')') {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    Some((number, digits + 2))
}
