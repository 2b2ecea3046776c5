//! The syntax tree of an Argdown document, kept flat so that no depth of nesting can
//! overflow the stack: elements, relations, headings and premise–conclusion structures are
//! stored in vectors and point at each other by index.
//!
//! Owns the shape of what was written, with spans; it must not resolve titles or build graphs.

use serde_json::Value;

use super::Span;

/// Index of an [`Element`] in [`Document::elements`].
pub type ElementIndex = usize;
/// Index of a [`Heading`] in [`Document::headings`].
pub type HeadingIndex = usize;
/// Index of a [`PcsSyntax`] in [`Document::pcs`].
pub type PcsIndex = usize;

/// A parsed Argdown document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// YAML front matter between `===` lines, as JSON-like data.
    pub front_matter: Option<Spanned<Value>>,
    /// Every statement and argument occurrence, in source order.
    pub elements: Vec<Element>,
    /// Every relation line, in source order.
    pub relations: Vec<RelationSyntax>,
    /// Every heading, in source order.
    pub headings: Vec<Heading>,
    /// Every premise–conclusion structure, in source order.
    pub pcs: Vec<PcsSyntax>,
    /// Every element, in the order Argdown finishes reading it: after everything indented
    /// below it. Argdown adds an occurrence to its statement or argument at that point, so
    /// this is the order of members.
    pub exits: Vec<ElementIndex>,
}

/// A value with the span it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// Statement (`[..]`) or argument (`<..>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElementKind {
    /// A statement: `[Title]: text`, `[Title]` or untitled text.
    Statement,
    /// An argument: `<Title>: text` or `<Title>`.
    Argument,
}

/// Where an element occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// At the top of a block.
    TopLevel,
    /// As the target of a relation line (see [`Document::relations`]).
    RelationTarget,
    /// As item `number` of a premise–conclusion structure.
    PcsMember {
        /// The structure.
        pcs: PcsIndex,
        /// The `(n)` label.
        number: u32,
    },
}

/// One occurrence of a statement or argument.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Statement or argument.
    pub kind: ElementKind,
    /// The title, without brackets, trimmed; `None` for untitled statements.
    pub title: Option<Spanned<String>>,
    /// Whether the title was followed by `:` (a definition) rather than used alone (a reference).
    pub is_definition: bool,
    /// The text as Argdown reads it (tags and mentions kept, emphasis marks, link addresses
    /// and data left out), white space collapsed; may be empty.
    pub text: String,
    /// Whether Argdown gives this occurrence a text at all: a bare `[Title]` reference has
    /// none, `[Title]:` with nothing after it has an empty one.
    pub has_text: bool,
    /// Span of the whole occurrence, title to last text line.
    pub span: Span,
    /// `#tag` and `#(multi word tag)` names, in order, without `#`.
    pub tags: Vec<Spanned<String>>,
    /// `@[..]` and `@<..>` mentions.
    pub mentions: Vec<Mention>,
    /// `{key: value}` data.
    pub data: Option<Spanned<Value>>,
    /// Innermost heading above this element.
    pub section: Option<HeadingIndex>,
    /// Top level, relation target or PCS member.
    pub placement: Placement,
}

/// A mention of a statement or argument inside text; creates no relation.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// What is mentioned.
    pub kind: ElementKind,
    /// The mentioned title.
    pub title: String,
    /// Where.
    pub span: Span,
}

/// A relation symbol as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelationSymbol {
    /// `+` or `<+`: the child supports the parent.
    IncomingSupport,
    /// `-` or `<-`: the child attacks the parent.
    IncomingAttack,
    /// `_` or `<_`: the child undercuts the parent.
    IncomingUndercut,
    /// `+>`: the parent supports the child.
    OutgoingSupport,
    /// `->`: the parent attacks the child.
    OutgoingAttack,
    /// `_>`: the parent undercuts the child.
    OutgoingUndercut,
    /// `><`: parent and child contradict each other.
    Contradiction,
}

impl RelationSymbol {
    /// The symbols in the order they must be tried (longest first).
    pub const ALL: [(&'static str, RelationSymbol); 10] = [
        ("<+", RelationSymbol::IncomingSupport),
        ("<-", RelationSymbol::IncomingAttack),
        ("<_", RelationSymbol::IncomingUndercut),
        ("+>", RelationSymbol::OutgoingSupport),
        ("->", RelationSymbol::OutgoingAttack),
        ("_>", RelationSymbol::OutgoingUndercut),
        ("><", RelationSymbol::Contradiction),
        ("+", RelationSymbol::IncomingSupport),
        ("-", RelationSymbol::IncomingAttack),
        ("_", RelationSymbol::IncomingUndercut),
    ];

    /// Whether the relation runs from the child (the indented line) to the parent.
    pub fn is_incoming(self) -> bool {
        matches!(
            self,
            RelationSymbol::IncomingSupport
                | RelationSymbol::IncomingAttack
                | RelationSymbol::IncomingUndercut
        )
    }
}

/// What a relation line is indented under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationParent {
    /// A statement or argument.
    Element(ElementIndex),
    /// The inference line of a premise–conclusion structure (it stands for the argument's
    /// inference, the target of undercuts).
    Inference(PcsIndex),
}

/// A relation line: `parent` has `child` indented under it with `symbol`.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationSyntax {
    /// What the line is indented under.
    pub parent: RelationParent,
    /// The element on the relation line.
    pub child: ElementIndex,
    /// The symbol.
    pub symbol: RelationSymbol,
    /// Span of the symbol.
    pub span: Span,
}

/// A `#` heading, opening a section.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The heading text with tags and data removed.
    pub text: String,
    /// Tags on the heading.
    pub tags: Vec<Spanned<String>>,
    /// `{..}` data on the heading.
    pub data: Option<Spanned<Value>>,
    /// The enclosing heading.
    pub parent: Option<HeadingIndex>,
    /// Span of the heading line.
    pub span: Span,
}

/// One line of a premise–conclusion structure.
#[derive(Clone, Debug, PartialEq)]
pub enum PcsItem {
    /// `(n) statement`.
    Statement(ElementIndex),
    /// `----` or `-- rule --` (possibly over several lines).
    Inference(Inference),
}

/// An inference step between premises and a conclusion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inference {
    /// The rule text of an expanded inference (`-- modus ponens --`), else empty.
    pub text: String,
    /// `{uses: [1, 2]}` and other data.
    pub data: Option<Spanned<Value>>,
    /// Where.
    pub span: Span,
}

/// A premise–conclusion structure, `(1) .. (2) .. ---- (3) ..`.
#[derive(Clone, Debug, PartialEq)]
pub struct PcsSyntax {
    /// The argument element it reconstructs, if a `<Title>` line stood right before it.
    pub argument: Option<ElementIndex>,
    /// Statements and inferences in order.
    pub items: Vec<PcsItem>,
    /// Span from the first to the last line.
    pub span: Span,
    /// Innermost heading above the structure.
    pub section: Option<HeadingIndex>,
}
