//! The Argdown parser: tokens (from `lexer`) to a flat [`Document`] plus diagnostics.
//!
//! Follows Argdown 1.7.5's grammar: a document is blocks separated by empty lines; a block is
//! a heading, a statement, an argument, a premise–conclusion structure or a list; a
//! statement's or argument's text is every text token up to the first token that cannot be
//! text, line breaks included (so wrapped text continues), and relations are indented
//! below it. Texts are built as Argdown builds them: tags and mentions stay in the text,
//! emphasis marks and link targets go, shortcodes become their symbols.
//!
//! Where Argdown stops with a syntax error, cruxmap reports it, skips to the end of the
//! block and reads on, so one mistake does not hide the rest of the map. Nothing recurses,
//! so no depth of nesting can exhaust the stack.
//!
//! Owns document structure; token rules are the lexer's, titles and graphs the model's.

use serde_json::Value;

use super::ast::*;
use super::inline::parse_yaml_map;
use super::lexer::{Tok, Token, tokenize};
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
    let lexed = tokenize(source);
    for &at in &lexed.unreadable {
        diagnostics.push(
            Diagnostic::error(
                "stray-backslash",
                Span::new(at, at + 1),
                "a backslash must be followed by the character it escapes",
            )
            .with_hint("write `\\\\` for a backslash, or join the line with the next"),
        );
    }
    unclosed_comments(source, &lexed.tokens, &mut diagnostics);
    let mut parser = Parser {
        src: source,
        toks: &lexed.tokens,
        i: 0,
        doc: Document::default(),
        diags: diagnostics,
        sections: Vec::new(),
        remove_tags: false,
        shortcodes: Vec::new(),
    };
    parser.run();
    let mut diagnostics = parser.diags;
    diagnostics.sort_by_key(|d| d.span.start);
    Parsed {
        document: parser.doc,
        diagnostics,
    }
}

/// Argdown reads an unclosed `/*` or `<!--` as text; say so, since it is rarely meant.
fn unclosed_comments(source: &str, tokens: &[Token], diags: &mut Vec<Diagnostic>) {
    for t in tokens {
        if t.kind != Tok::UnusedControlChar {
            continue;
        }
        let at = t.start as usize;
        let rest = &source[at..];
        let close = if rest.starts_with("/*") {
            "*/"
        } else if rest.starts_with("<!--") {
            "-->"
        } else {
            continue;
        };
        diags.push(
            Diagnostic::warning(
                "unclosed-comment",
                Span::new(at, at + if close == "*/" { 2 } else { 4 }),
                "comment is never closed, so it is read as text",
            )
            .with_hint(format!("close the comment with `{close}`")),
        );
    }
}

/// Argdown's default shortcodes (`.A.`, `:+1:`, ...) and the symbols they stand for.
fn shortcode(code: &str) -> Option<&'static str> {
    let name = code.get(1..code.len().saturating_sub(1))?;
    Some(match name {
        "A" => "∀",
        "E" => "∃",
        "O" => "𝗢",
        "P" => "𝗣",
        "->" => "→",
        "<->" => "↔",
        "~" => "¬",
        "^" => "∧",
        "v" => "∨",
        "v_" => "⊻",
        "<>" => "◇",
        "[]" => "◻",
        "happy" => "😀",
        "smile" if code.starts_with(':') => "☺️",
        "smile" | "smiley" => "☺",
        "laugh" | "lol" => "😆",
        "rofl" => "🤣",
        "joy" => "😂",
        "heart" => "❤",
        "?" | "question" => "❓",
        "love" => "😍",
        "wink" => "😉",
        "shush" => "🤫",
        "meh" => "😐",
        "eye-roll" => "🙄",
        "sad" => "😢",
        "disappointed" => "😞",
        "scream" => "😱",
        "+1" | "up" => "👍",
        "-1" | "down" => "👎",
        "think" => "🤔",
        "star" => "⭐",
        "y" | "agree" => "✔",
        "n" | "disagree" => "❌",
        _ => return None,
    })
}

/// Text, tags and mentions gathered from a run of text tokens.
#[derive(Default)]
struct Content {
    text: String,
    tags: Vec<Spanned<String>>,
    mentions: Vec<Mention>,
    end: usize,
    /// Whether Argdown would give the element a text at all (a bare reference has none).
    has_text: bool,
}

impl Content {
    fn add_tag(&mut self, src: &str, t: Token, remove_tags: bool) {
        let image = &src[t.start as usize..t.end as usize];
        if !remove_tags {
            self.text.push_str(image);
            self.has_text = true;
        }
        let body = &image[1..];
        let name = match body.strip_prefix('(') {
            Some(inner) => inner.split(')').next().unwrap_or(""),
            None => body.trim_end_matches([' ', '\t']),
        };
        self.tags.push(Spanned {
            value: name.to_string(),
            span: Span::new(t.start as usize, t.end as usize),
        });
    }
}

struct Parser<'a> {
    src: &'a str,
    toks: &'a [Token],
    i: usize,
    doc: Document,
    diags: Vec<Diagnostic>,
    /// Open headings, outermost first.
    sections: Vec<HeadingIndex>,
    /// Front matter `model: {removeTagsFromText: true}`: tags are not part of texts.
    remove_tags: bool,
    /// Front matter `model: {shortcodes: {":name:": {unicode: "x"}}}`: shortcodes of the map's own.
    shortcodes: Vec<(String, String)>,
}

/// What a relation line hangs from, and with which symbol.
#[derive(Clone, Copy)]
struct Link {
    parent: RelationParent,
    symbol: RelationSymbol,
    span: Span,
}

fn is_content(kind: Tok) -> bool {
    matches!(
        kind,
        Tok::Freestyle
            | Tok::UnusedControlChar
            | Tok::EscapedChar
            | Tok::SpecialChar
            | Tok::Link
            | Tok::Tag
            | Tok::StatementMention
            | Tok::ArgumentMention
            | Tok::Newline
            | Tok::BoldStart
            | Tok::UBoldStart
            | Tok::ItalicStart
            | Tok::UItalicStart
            | Tok::BoldEnd
            | Tok::UBoldEnd
            | Tok::ItalicEnd
            | Tok::UItalicEnd
    )
}

fn symbol_of(kind: Tok) -> Option<RelationSymbol> {
    Some(match kind {
        Tok::IncomingSupport => RelationSymbol::IncomingSupport,
        Tok::IncomingAttack => RelationSymbol::IncomingAttack,
        Tok::IncomingUndercut => RelationSymbol::IncomingUndercut,
        Tok::OutgoingSupport => RelationSymbol::OutgoingSupport,
        Tok::OutgoingAttack => RelationSymbol::OutgoingAttack,
        Tok::OutgoingUndercut => RelationSymbol::OutgoingUndercut,
        Tok::Contradiction => RelationSymbol::Contradiction,
        _ => return None,
    })
}

fn describe(kind: Option<Tok>) -> &'static str {
    match kind {
        None => "the end of the file",
        Some(Tok::Emptyline) => "an empty line",
        Some(Tok::Newline) => "a line break",
        Some(Tok::Indent | Tok::Dedent) => "a change of indentation",
        Some(Tok::Data) => "a data block `{...}`",
        Some(Tok::FrontMatter) => "front matter `===`",
        Some(Tok::StatementNumber) => "a numbered premise `(n)`",
        Some(Tok::InferenceStart | Tok::InferenceEnd) => "an inference line `--`",
        Some(Tok::HeadingStart) => "a heading",
        Some(Tok::OrderedListItem | Tok::UnorderedListItem) => "a list item",
        Some(Tok::StatementDefinition | Tok::StatementReference) => "a statement title",
        Some(Tok::ArgumentDefinition | Tok::ArgumentReference) => "an argument title",
        Some(k) if k.is_relation() => "a relation symbol",
        Some(_) => "text",
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.i).map(|t| t.kind)
    }

    fn peek_at(&self, k: usize) -> Option<Tok> {
        self.toks.get(self.i + k).map(|t| t.kind)
    }

    fn tok(&self) -> Token {
        self.toks[self.i]
    }

    fn eat(&mut self, kind: Tok) -> Option<Token> {
        if self.peek() == Some(kind) {
            self.i += 1;
            Some(self.toks[self.i - 1])
        } else {
            None
        }
    }

    fn image(&self, t: Token) -> &'a str {
        &self.src[t.start as usize..t.end as usize]
    }

    /// The span of the next token, or an empty span at the end of the source.
    fn here(&self) -> Span {
        match self.toks.get(self.i) {
            Some(t) => {
                let image = self.image(*t);
                // Indentation belongs to the token; point past it.
                let lead = image.len() - image.trim_start_matches([' ', '\t']).len();
                let start = t.start as usize + lead;
                Span::new(start, (t.end as usize).max(start))
            }
            None => Span::new(self.src.len(), self.src.len()),
        }
    }

    /// The symbol a shortcode stands for: the map's own first, then Argdown's defaults.
    fn shortcode(&self, code: &str) -> Option<String> {
        self.shortcodes
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, symbol)| symbol.clone())
            .or_else(|| shortcode(code).map(str::to_string))
    }

    fn section(&self) -> Option<HeadingIndex> {
        self.sections.last().copied()
    }

    fn run(&mut self) {
        self.eat(Tok::Newline);
        self.eat(Tok::Emptyline);
        if let Some(t) = self.eat(Tok::FrontMatter) {
            self.front_matter(t);
            self.eat(Tok::Newline);
            if self.eat(Tok::Emptyline).is_none() {
                // Argdown requires an empty line and then a block after front matter.
                let at = self.here();
                let message = if self.peek().is_none() {
                    "front matter is not followed by an empty line and the map (Argdown reports a syntax error)"
                } else {
                    "front matter must be followed by an empty line (Argdown reports a syntax error)"
                };
                self.diags.push(
                    Diagnostic::warning(
                        "front-matter-not-separated",
                        Span::new(t.end as usize, (t.end as usize).max(at.start as usize)),
                        message,
                    )
                    .with_hint("leave an empty line after the closing `===`, then write the map"),
                );
            }
        }
        // The argument block just read, to which a following structure belongs.
        let mut previous_argument = None;
        while self.i < self.toks.len() {
            previous_argument = self.block(previous_argument);
            match self.peek() {
                None => break,
                Some(Tok::Emptyline) => {
                    self.i += 1;
                }
                Some(found) => {
                    self.unexpected_in_block(found);
                    self.skip_block();
                    self.eat(Tok::Emptyline);
                    previous_argument = None;
                }
            }
        }
    }

    fn front_matter(&mut self, t: Token) {
        let image = self.image(t);
        let body = image.trim_start_matches('=').trim_end_matches('=');
        let span = Span::new(t.start as usize, t.end as usize);
        if let Some(value) = parse_yaml_map(body, span, &mut self.diags) {
            self.remove_tags = value
                .pointer("/model/removeTagsFromText")
                .is_some_and(js_truthy);
            if let Some(Value::Object(codes)) = value.pointer("/model/shortcodes") {
                for (code, info) in codes {
                    if let Some(symbol) = info.get("unicode").and_then(Value::as_str) {
                        self.shortcodes.push((code.clone(), symbol.to_string()));
                    }
                }
            }
            self.doc.front_matter = Some(Spanned { value, span });
        }
    }

    /// Reports a token that cannot continue the block just read.
    fn unexpected_in_block(&mut self, found: Tok) {
        let span = self.here();
        let diag = if found.is_relation() {
            Diagnostic::error(
                "relation-not-indented",
                span,
                "relation is not indented under a statement or argument",
            )
            .with_hint("indent relation lines further than the line they belong to, and keep sibling relations at the same indentation")
        } else if matches!(found, Tok::StatementNumber) {
            Diagnostic::error(
                "pcs-not-separated",
                span,
                "a premise–conclusion structure must start after an empty line",
            )
            .with_hint("put an empty line before `(1)`")
        } else if matches!(
            found,
            Tok::Freestyle | Tok::UnusedControlChar | Tok::Tag | Tok::Link
        ) {
            Diagnostic::error(
                "text-after-reference",
                span,
                "text after a title reference: Argdown reads `[Title]` or `<Title>` alone, or `[Title]: text`",
            )
            .with_hint("add a colon after the title to give it this text, or mention it inside text as `@[Title]`")
        } else {
            Diagnostic::error(
                "unexpected",
                span,
                format!("Argdown does not expect {} here", describe(Some(found))),
            )
            .with_hint("separate blocks with an empty line; indent relations under their statement or argument")
        };
        self.diags.push(diag);
    }

    /// Skips to the next empty line.
    fn skip_block(&mut self) {
        while let Some(kind) = self.peek() {
            if kind == Tok::Emptyline {
                break;
            }
            self.i += 1;
        }
    }

    /// Reads one block; returns the element if it was an argument.
    fn block(&mut self, previous_argument: Option<ElementIndex>) -> Option<ElementIndex> {
        match self.peek() {
            Some(Tok::HeadingStart) => {
                self.heading();
                None
            }
            Some(Tok::StatementNumber) => {
                self.pcs(previous_argument);
                None
            }
            Some(Tok::ArgumentDefinition | Tok::ArgumentReference) => {
                Some(self.argument(Placement::TopLevel, None))
            }
            Some(Tok::Indent)
                if matches!(
                    self.peek_at(1),
                    Some(Tok::OrderedListItem | Tok::UnorderedListItem)
                ) =>
            {
                self.list();
                None
            }
            Some(Tok::StatementDefinition | Tok::StatementReference) => {
                self.statement(Placement::TopLevel, None);
                None
            }
            Some(k) if is_content(k) && !self.starts_with_emphasis_end() => {
                self.statement(Placement::TopLevel, None);
                None
            }
            Some(found) => {
                let span = self.here();
                let diag = if found.is_relation() {
                    Diagnostic::error(
                        "relation-without-parent",
                        span,
                        "relation has no statement or argument above it",
                    )
                    .with_hint("put the statement or argument this relation belongs to on the line above, with no empty line between")
                } else if matches!(found, Tok::InferenceStart) {
                    Diagnostic::error(
                        "inference-without-premises",
                        span,
                        "inference line `--` without numbered premises above it",
                    )
                    .with_hint("start a premise–conclusion structure with `(1) ...`")
                } else {
                    Diagnostic::error(
                        "unexpected",
                        span,
                        format!("a block cannot start with {}", describe(Some(found))),
                    )
                    .with_hint("start a block with a statement, an argument `<Title>`, a heading `#` or a numbered premise `(1)`")
                };
                self.diags.push(diag);
                self.skip_block();
                None
            }
            None => None,
        }
    }

    fn starts_with_emphasis_end(&self) -> bool {
        matches!(
            self.peek(),
            Some(Tok::BoldEnd | Tok::UBoldEnd | Tok::ItalicEnd | Tok::UItalicEnd)
        )
    }

    fn heading(&mut self) {
        let Some(start) = self.eat(Tok::HeadingStart) else {
            return;
        };
        let level = self
            .image(start)
            .bytes()
            .take_while(|&b| b == b'#')
            .count()
            .min(u8::MAX as usize);
        let content = self.content();
        let mut data = None;
        if self.peek() == Some(Tok::Data)
            || (self.peek() == Some(Tok::Newline) && self.peek_at(1) == Some(Tok::Data))
        {
            self.eat(Tok::Newline);
            data = self.data();
            self.eat(Tok::Newline);
        }
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
            text: collapse(&content.text),
            tags: content.tags,
            data,
            parent: self.section(),
            span: Span::new(start.start as usize, content.end.max(start.end as usize)),
        });
        self.sections.push(index);
    }

    /// Reads `{...}` data at the current token.
    fn data(&mut self) -> Option<Spanned<Value>> {
        let t = self.eat(Tok::Data)?;
        let span = Span::new(t.start as usize, t.end as usize);
        let value = parse_yaml_map(self.image(t), span, &mut self.diags)?;
        Some(Spanned { value, span })
    }

    /// Reads a run of text tokens (Argdown's `statementContent`), line breaks included.
    fn content(&mut self) -> Content {
        let mut out = Content::default();
        let mut open_emphasis: Vec<Token> = Vec::new();
        while let Some(kind) = self.peek() {
            if !is_content(kind) {
                // Argdown stops at a title inside a line of text (`a <b> c`) with a syntax
                // error; cruxmap says so and keeps the characters as text.
                let inside_line = self.i > 0
                    && !matches!(
                        self.toks[self.i - 1].kind,
                        Tok::Newline | Tok::Emptyline | Tok::Indent | Tok::Dedent
                    )
                    && !self.toks[self.i - 1].kind.is_relation();
                if inside_line
                    && matches!(
                        kind,
                        Tok::StatementReference
                            | Tok::ArgumentReference
                            | Tok::StatementDefinition
                            | Tok::ArgumentDefinition
                    )
                {
                    let t = self.tok();
                    self.i += 1;
                    let image = self.image(t);
                    self.diags.push(
                        Diagnostic::error(
                            "reference-in-text",
                            Span::new(t.start as usize, t.end as usize),
                            format!("`{image}` inside text reads as a title reference (Argdown stops here)"),
                        )
                        .with_hint("escape the bracket as `\\[` or `\\<`, or mention the element as `@[Title]`"),
                    );
                    out.text.push_str(image);
                    out.has_text = true;
                    out.end = t.end as usize;
                    continue;
                }
                break;
            }
            let t = self.tok();
            self.i += 1;
            out.end = t.end as usize;
            let image = self.image(t);
            if !matches!(
                kind,
                Tok::Tag
                    | Tok::Newline
                    | Tok::BoldStart
                    | Tok::UBoldStart
                    | Tok::ItalicStart
                    | Tok::UItalicStart
                    | Tok::BoldEnd
                    | Tok::UBoldEnd
                    | Tok::ItalicEnd
                    | Tok::UItalicEnd
            ) {
                out.has_text = true;
            }
            match kind {
                Tok::Freestyle
                | Tok::UnusedControlChar
                | Tok::StatementMention
                | Tok::ArgumentMention => {
                    out.text.push_str(image);
                    if matches!(kind, Tok::StatementMention | Tok::ArgumentMention) {
                        let title = image[2..].trim_end_matches([' ', '\t']);
                        let title = &title[..title.len().saturating_sub(1)];
                        out.mentions.push(Mention {
                            kind: if kind == Tok::StatementMention {
                                ElementKind::Statement
                            } else {
                                ElementKind::Argument
                            },
                            title: title.to_string(),
                            span: Span::new(t.start as usize, t.end as usize),
                        });
                    }
                }
                Tok::EscapedChar => out.text.push_str(&image[1..]),
                Tok::SpecialChar => match self.shortcode(image.trim_end_matches([' ', '\t'])) {
                    Some(symbol) => {
                        out.text.push_str(&symbol);
                        if image.ends_with(' ') {
                            out.text.push(' ');
                        }
                    }
                    None => out.text.push_str(image),
                },
                Tok::Link => {
                    // `[text](url)`: the text stays, the address goes.
                    out.text.push_str(link_text(image));
                    if image.ends_with(' ') {
                        out.text.push(' ');
                    }
                }
                Tok::Tag => out.add_tag(self.src, t, self.remove_tags),
                Tok::Newline => {
                    let continues = self.peek().is_some_and(|k| {
                        is_content(k)
                            && !matches!(
                                k,
                                Tok::BoldEnd | Tok::UBoldEnd | Tok::ItalicEnd | Tok::UItalicEnd
                            )
                    });
                    if continues {
                        out.has_text = true;
                        if !out.text.ends_with(' ') {
                            out.text.push(' ');
                        }
                    }
                    out.end = t.start as usize;
                }
                Tok::BoldStart | Tok::UBoldStart | Tok::ItalicStart | Tok::UItalicStart => {
                    open_emphasis.push(t);
                }
                Tok::BoldEnd | Tok::UBoldEnd | Tok::ItalicEnd | Tok::UItalicEnd => {
                    open_emphasis.pop();
                    if image.ends_with(' ') {
                        out.text.push(' ');
                        out.has_text = true;
                    }
                }
                _ => {}
            }
        }
        if let Some(t) = open_emphasis.first() {
            let marker = self.image(*t).to_string();
            self.diags.push(
                Diagnostic::warning(
                    "unclosed-emphasis",
                    Span::new(t.start as usize, t.end as usize),
                    format!("`{marker}` opens emphasis that is never closed (Argdown reports a syntax error)"),
                )
                .with_hint(format!(
                    "close it with `{marker}` before the line ends, or escape it as `\\{}`",
                    &marker[..1]
                )),
            );
        }
        out
    }

    /// Reads a title token: `[T]:`, `[T]`, `<T>:` or `<T>`.
    fn title(&self, t: Token) -> Spanned<String> {
        let image = self.image(t);
        let inner_end = if image.ends_with(':') {
            image.len() - 2
        } else {
            image.len() - 1
        };
        Spanned {
            value: image.get(1..inner_end).unwrap_or("").to_string(),
            span: Span::new(t.start as usize + 1, t.start as usize + inner_end),
        }
    }

    /// Reads a statement (untitled text, `[T]`, or `[T]: text`) with its data and relations.
    fn statement(&mut self, placement: Placement, link: Option<Link>) -> ElementIndex {
        self.element(ElementKind::Statement, placement, link)
    }

    fn argument(&mut self, placement: Placement, link: Option<Link>) -> ElementIndex {
        self.element(ElementKind::Argument, placement, link)
    }

    fn element(
        &mut self,
        kind: ElementKind,
        placement: Placement,
        link: Option<Link>,
    ) -> ElementIndex {
        let index = self.element_head(kind, placement, link);
        if self.peek() == Some(Tok::Indent) {
            self.relations(RelationParent::Element(index), false);
        }
        self.doc.exits.push(index);
        index
    }

    /// Reads an element's title, text and data, but not the relations below it.
    fn element_head(
        &mut self,
        kind: ElementKind,
        placement: Placement,
        link: Option<Link>,
    ) -> ElementIndex {
        let (definition, reference) = match kind {
            ElementKind::Statement => (Tok::StatementDefinition, Tok::StatementReference),
            ElementKind::Argument => (Tok::ArgumentDefinition, Tok::ArgumentReference),
        };
        let start = self.here().start as usize;
        let mut title = None;
        let mut is_definition = false;
        let mut content = Content::default();
        if let Some(t) = self.eat(definition) {
            title = Some(self.title(t));
            is_definition = true;
            content = self.content();
            if content.end == 0 {
                content.end = t.end as usize;
            }
        } else if let Some(t) = self.eat(reference) {
            title = Some(self.title(t));
            content.end = t.end as usize;
            while let Some(tag) = self.eat(Tok::Tag) {
                content.add_tag(self.src, tag, self.remove_tags);
                content.end = tag.end as usize;
            }
            // Argdown gives a line break that is not the statement's last part a space.
            if self.eat(Tok::Newline).is_some()
                && matches!(self.peek(), Some(Tok::Data | Tok::Indent))
            {
                content.has_text = true;
            }
        } else {
            if let Some(t) = self.toks.get(self.i)
                && t.kind == Tok::UnusedControlChar
                && matches!(self.src.as_bytes()[t.start as usize], b'[' | b'<')
            {
                let (what, close) = if self.src.as_bytes()[t.start as usize] == b'[' {
                    ("statement", ']')
                } else {
                    ("argument", '>')
                };
                self.diags.push(
                    Diagnostic::warning(
                        "unclosed-title",
                        Span::new(t.start as usize, t.start as usize + 1),
                        format!("{what} title is never closed, so the line is read as an untitled statement"),
                    )
                    .with_hint(format!("close the title with `{close}` on the same line")),
                );
            }
            content = self.content();
        }
        let mut data = None;
        if self.peek() == Some(Tok::Data) {
            data = self.data();
            if self.eat(Tok::Newline).is_some() && self.peek() == Some(Tok::Indent) {
                content.has_text = true;
            }
        }
        let end = data
            .as_ref()
            .map_or(content.end, |d| d.span.end as usize)
            .max(start);
        let index = self.doc.elements.len();
        self.doc.elements.push(Element {
            kind,
            title,
            is_definition,
            text: collapse_owned(content.text),
            has_text: content.has_text || kind == ElementKind::Argument,
            span: Span::new(start, end),
            tags: content.tags,
            mentions: content.mentions,
            data,
            section: self.section(),
            placement,
        });
        if let Some(link) = link {
            self.doc.relations.push(RelationSyntax {
                parent: link.parent,
                child: index,
                symbol: link.symbol,
                span: link.span,
            });
        }
        index
    }

    /// Reads the indented relation tree under `parent` (only undercuts under an inference).
    ///
    /// Iterative, with an explicit stack of open levels, so that no depth of nesting can
    /// exhaust the call stack.
    fn relations(&mut self, parent: RelationParent, inference: bool) {
        if self.eat(Tok::Indent).is_none() {
            return;
        }
        // Open levels: what each hangs from, and whether it is an inference's. The owner of
        // every level but the first is finished (see `Document::exits`) when it closes.
        let mut open = vec![(parent, inference)];
        let close = |this: &mut Self, open: &mut Vec<(RelationParent, bool)>| {
            if let Some((RelationParent::Element(e), _)) = open.pop()
                && !open.is_empty()
            {
                this.doc.exits.push(e);
            }
        };
        while let Some(&(parent, inference)) = open.last() {
            let Some(kind) = self.peek() else { break };
            if kind == Tok::Dedent {
                self.i += 1;
                close(self, &mut open);
                continue;
            }
            if kind == Tok::Emptyline {
                break;
            }
            let Some(symbol) = symbol_of(kind) else {
                self.not_a_relation(kind);
                self.skip_level();
                close(self, &mut open);
                continue;
            };
            if inference && kind != Tok::IncomingUndercut {
                self.diags.push(
                    Diagnostic::error(
                        "relation-under-inference",
                        self.here(),
                        "only undercuts `<_` may be indented under an inference line",
                    )
                    .with_hint("move this relation under a premise or the conclusion"),
                );
                self.skip_level();
                close(self, &mut open);
                continue;
            }
            let span = self.here();
            self.i += 1;
            let link = Link {
                parent,
                symbol,
                span,
            };
            let child = match self.peek() {
                Some(Tok::ArgumentDefinition | Tok::ArgumentReference)
                    if kind != Tok::Contradiction =>
                {
                    self.element_head(ElementKind::Argument, Placement::RelationTarget, Some(link))
                }
                Some(Tok::StatementDefinition | Tok::StatementReference) => self.element_head(
                    ElementKind::Statement,
                    Placement::RelationTarget,
                    Some(link),
                ),
                Some(Tok::ArgumentDefinition | Tok::ArgumentReference) => {
                    self.diags.push(
                        Diagnostic::error(
                            "contradiction-with-argument",
                            span,
                            "only statements can contradict each other",
                        )
                        .with_hint("use `-` or `->` for an attack involving an argument"),
                    );
                    // Keep the argument, without the relation.
                    self.element_head(ElementKind::Argument, Placement::RelationTarget, None)
                }
                Some(k) if is_content(k) && k != Tok::Newline => self.element_head(
                    ElementKind::Statement,
                    Placement::RelationTarget,
                    Some(link),
                ),
                found => {
                    self.diags.push(
                        Diagnostic::error(
                            "empty-relation",
                            span,
                            format!(
                                "relation symbol is followed by {}, not by a statement or argument",
                                describe(found)
                            ),
                        )
                        .with_hint(
                            "write the claim after the relation symbol, e.g. `+ [Title]: text`",
                        ),
                    );
                    self.skip_level();
                    close(self, &mut open);
                    continue;
                }
            };
            if self.eat(Tok::Indent).is_some() {
                open.push((RelationParent::Element(child), false));
            } else {
                self.doc.exits.push(child);
            }
        }
        // The end of the block closes what is still open, innermost first.
        while open.len() > 1 {
            close(self, &mut open);
        }
    }

    /// Reports a token where a relation symbol should start the line.
    fn not_a_relation(&mut self, kind: Tok) {
        let span = self.here();
        let t = self.tok();
        let image = self.image(t).trim();
        let word = image.split_whitespace().next().unwrap_or(image);
        let shown = if matches!(kind, Tok::Newline | Tok::Indent | Tok::Dedent) || word.is_empty() {
            describe(Some(kind)).to_string()
        } else {
            format!("`{word}`")
        };
        self.diags.push(
            Diagnostic::error(
                "unknown-relation",
                span,
                format!("{shown} is not a relation symbol"),
            )
            .with_hint("relation lines start with one of `+ - _ >< <+ <- <_ +> -> _>`; a wrapped text line must not be indented deeper than its relation"),
        );
    }

    /// Skips the rest of the current indentation level, its closing dedent included.
    fn skip_level(&mut self) {
        let mut open = 1usize;
        while let Some(kind) = self.peek() {
            match kind {
                Tok::Emptyline => return,
                Tok::Indent => open += 1,
                Tok::Dedent => {
                    open -= 1;
                    if open == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    fn list(&mut self) {
        self.eat(Tok::Indent);
        while let Some(Tok::OrderedListItem | Tok::UnorderedListItem) = self.peek() {
            self.i += 1;
            match self.peek() {
                Some(Tok::ArgumentDefinition | Tok::ArgumentReference) => {
                    self.argument(Placement::TopLevel, None);
                }
                Some(Tok::StatementDefinition | Tok::StatementReference) => {
                    self.statement(Placement::TopLevel, None);
                }
                Some(k) if is_content(k) => {
                    self.statement(Placement::TopLevel, None);
                }
                found => {
                    self.diags.push(
                        Diagnostic::error(
                            "empty-list-item",
                            self.here(),
                            format!("list item is followed by {}", describe(found)),
                        )
                        .with_hint("write a statement or argument after the list marker"),
                    );
                    self.skip_level();
                    return;
                }
            }
        }
        match self.peek() {
            Some(Tok::Dedent) => self.i += 1,
            None | Some(Tok::Emptyline) => {}
            Some(found) => {
                self.unexpected_in_block(found);
                self.skip_level();
            }
        }
    }

    /// Reads a premise–conclusion structure: numbered statements and inference lines.
    fn pcs(&mut self, previous_argument: Option<ElementIndex>) {
        let start = self.here().start as usize;
        let index = self.doc.pcs.len();
        self.doc.pcs.push(PcsSyntax {
            argument: previous_argument,
            items: Vec::new(),
            span: Span::new(start, start),
            section: self.section(),
        });
        loop {
            match self.peek() {
                Some(Tok::StatementNumber) => {
                    let t = self.tok();
                    self.i += 1;
                    let image = self.image(t);
                    let digits = image.trim_start_matches([' ', '\t']);
                    let number = digits[1..digits.len() - 1].parse().unwrap_or(u32::MAX);
                    let at = t.end as usize - digits.len();
                    let element = match self.peek() {
                        Some(Tok::StatementDefinition | Tok::StatementReference | Tok::Newline) => {
                            self.statement(Placement::PcsMember { pcs: index, number }, None)
                        }
                        Some(k) if is_content(k) => {
                            self.statement(Placement::PcsMember { pcs: index, number }, None)
                        }
                        // `(2)` alone at the end of the file or of its block: Argdown wants
                        // text (or a line break) after the number.
                        found => {
                            if matches!(found, None | Some(Tok::Emptyline)) {
                                self.diags.push(
                                    Diagnostic::warning(
                                        "empty-numbered-statement",
                                        Span::new(at, t.end as usize),
                                        "numbered statement has no text (Argdown reports a syntax error here)",
                                    )
                                    .with_hint("write the statement after the number, or `[Title]` to refer to one"),
                                );
                            }
                            self.statement(Placement::PcsMember { pcs: index, number }, None)
                        }
                    };
                    self.doc.elements[element].span.start = at as u32;
                    let end = self.doc.elements[element].span.end;
                    self.doc.pcs[index].items.push(PcsItem::Statement(element));
                    self.doc.pcs[index].span.end = end;
                }
                Some(Tok::InferenceStart) => self.inference(index),
                _ => break,
            }
        }
        self.check_pcs(index);
    }

    fn inference(&mut self, pcs: PcsIndex) {
        let Some(start) = self.eat(Tok::InferenceStart) else {
            return;
        };
        let image = self.image(start);
        let at = start.end as usize - image.trim_start_matches([' ', '\t']).len();
        let mut rules: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut data = None;
        let mut closed = false;
        while let Some(kind) = self.peek() {
            let t = self.tok();
            match kind {
                Tok::InferenceEnd => {
                    self.i += 1;
                    closed = true;
                    break;
                }
                Tok::Freestyle | Tok::UnusedControlChar => current.push_str(self.image(t)),
                Tok::EscapedChar => current.push_str(&self.image(t)[1..]),
                Tok::SpecialChar => {
                    let image = self.image(t);
                    match self.shortcode(image.trim_end_matches([' ', '\t'])) {
                        Some(symbol) => current.push_str(&symbol),
                        None => current.push_str(image),
                    }
                }
                Tok::ListDelimiter => rules.push(std::mem::take(&mut current)),
                Tok::Newline => current.push(' '),
                Tok::Data => {
                    data = self.data();
                    continue;
                }
                _ => break,
            }
            self.i += 1;
        }
        rules.push(current);
        let text = rules
            .iter()
            .map(|r| collapse(r))
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let end = self.toks[self.i.saturating_sub(1)].end as usize;
        if !closed {
            self.diags.push(
                Diagnostic::error(
                    "unclosed-inference",
                    Span::new(at, at + 2),
                    "inference line is never closed with `--`",
                )
                .with_hint("write `-- rule --`, or `----` for an inference without a rule"),
            );
        }
        self.doc.pcs[pcs].items.push(PcsItem::Inference(Inference {
            text,
            data,
            span: Span::new(at, end),
        }));
        self.doc.pcs[pcs].span.end = end as u32;
        self.eat(Tok::Newline);
        if self.peek() == Some(Tok::Indent) {
            self.relations(RelationParent::Inference(pcs), true);
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

/// The text of a link token as Argdown takes it: the first `[text](url)` that fits on one
/// line of the token, with the text as long as possible, or nothing.
///
/// Argdown matches `\[(.+)\]\((.+)\)` inside the token; on one line that is the first `[`
/// with the last `](` that still has a character and a `)` after it, if that `](` comes at
/// least two characters after the `[`. Linear in the token's length.
fn link_text(image: &str) -> &str {
    for line in image.split(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let (Some(open), Some(last_paren)) = (line.find('['), line.rfind(')')) else {
            continue;
        };
        // At least one character between `](` and the `)`.
        let best = line[..last_paren]
            .rmatch_indices("](")
            .map(|(q, _)| q)
            .find(|&q| q + 2 < last_paren);
        if let Some(q) = best
            && q >= open + 2
        {
            return &line[open + 1..q];
        }
    }
    ""
}

/// Whether a front-matter setting is on as Argdown tests it: JavaScript truthiness (any
/// non-empty string, any number but 0, any list or map).
pub fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Collapses white space runs to one space and trims the ends.
fn collapse(text: &str) -> String {
    super::inline::collapse_whitespace(text)
}

/// [`collapse`] for a text that is no longer needed, reusing it when nothing changes.
fn collapse_owned(text: String) -> String {
    super::inline::collapse_whitespace_owned(text)
}

#[cfg(test)]
mod link_tests {
    use super::link_text;

    #[test]
    fn link_text_with_a_multibyte_character_before_the_parenthesis_does_not_panic() {
        // Found by the argdown fuzz target: the end was cut inside '¶'.
        assert_eq!(link_text("[a](b¶)"), "a");
        assert_eq!(link_text("[a](¶)"), "a");
        assert_eq!(link_text("[a]()"), "");
        assert_eq!(link_text("x [t](u) [v](w)"), "t](u) [v");
    }
}
