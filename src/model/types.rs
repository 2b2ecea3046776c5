//! The items of an argument map: statements (equivalence classes), arguments, relations,
//! sections, and where each was written.
//!
//! Plain data with no graph plumbing; `graph` holds them in petgraph.

use indexmap::IndexSet;
use petgraph::stable_graph::NodeIndex;
use serde_json::{Map, Value};

use crate::syntax::Span;

/// Identifies a statement (an equivalence class) in one [`ArgumentGraph`](super::ArgumentGraph).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementId(pub(crate) NodeIndex);

/// Identifies an argument in one [`ArgumentGraph`](super::ArgumentGraph).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArgumentId(pub(crate) NodeIndex);

/// Either end of a relation: a statement or an argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElementId {
    /// A statement.
    Statement(StatementId),
    /// An argument.
    Argument(ArgumentId),
}

impl ElementId {
    pub(crate) fn node(self) -> NodeIndex {
        match self {
            ElementId::Statement(StatementId(n)) | ElementId::Argument(ArgumentId(n)) => n,
        }
    }
}

impl From<StatementId> for ElementId {
    fn from(id: StatementId) -> Self {
        ElementId::Statement(id)
    }
}

impl From<ArgumentId> for ElementId {
    fn from(id: ArgumentId) -> Self {
        ElementId::Argument(id)
    }
}

/// Index of a [`Section`] in [`ArgumentGraph::sections`](super::ArgumentGraph::sections).
pub type SectionId = usize;

/// Where something was written: byte span plus 1-based line and column of its start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Location {
    /// Byte span in the source.
    pub span: Span,
    /// Line of the first byte, from 1.
    pub line: u32,
    /// Column (in characters) of the first byte, from 1.
    pub column: u32,
}

/// The part a statement occurrence plays where it is written (Argdown's member roles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberRole {
    /// At the top of a block.
    TopLevel,
    /// On a relation line.
    RelationTarget,
    /// A premise of a premise–conclusion structure.
    Premise,
    /// A conclusion that is also used as a premise later in the same structure.
    IntermediaryConclusion,
    /// The last conclusion of a premise–conclusion structure.
    MainConclusion,
    /// An argument's description (only in [`Argument::members`]).
    ArgumentDescription,
}

/// One occurrence of a statement or argument in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The text written there; empty for a bare reference.
    pub text: String,
    /// Whether Argdown gives this occurrence a text (a bare reference has none; kept so that
    /// the Argdown-shaped export can leave it out).
    pub has_text: bool,
    /// Whether the title was followed by `:`.
    pub is_definition: bool,
    /// Role of this occurrence.
    pub role: MemberRole,
    /// Where.
    pub location: Location,
}

/// The text of the last definition that has one, as Argdown shows an element; failing
/// that, of the last occurrence with any text (a reference followed by tags has the tags).
fn last_text(members: &[Member]) -> &str {
    let last = |definitions_only: bool| {
        members
            .iter()
            .rev()
            .find(|m| !m.text.is_empty() && (m.is_definition || !definitions_only))
    };
    last(true)
        .or_else(|| last(false))
        .map_or("", |m| m.text.as_str())
}

/// A statement: every occurrence sharing one title (Argdown's equivalence class).
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The title; generated (`Untitled 3`) for untitled statements.
    pub title: String,
    /// Whether the title was generated rather than written.
    pub is_untitled: bool,
    /// Every occurrence, in source order.
    pub members: Vec<Member>,
    /// Tags from all occurrences, in order of first appearance.
    pub tags: IndexSet<String>,
    /// The section of the first occurrence.
    pub section: Option<SectionId>,
    /// Data from all occurrences, later keys overriding earlier ones.
    pub data: Map<String, Value>,
}

impl Statement {
    /// The statement's text: that of its last occurrence with text, as Argdown shows it.
    pub fn text(&self) -> &str {
        last_text(&self.members)
    }

    /// Where the statement was first written.
    pub fn location(&self) -> Option<Location> {
        self.members.first().map(|m| m.location)
    }
}

/// One line of an argument's premise–conclusion structure.
#[derive(Clone, Debug, PartialEq)]
pub enum PcsStep {
    /// `(n) statement`.
    Statement {
        /// The `(n)` label.
        number: u32,
        /// The statement.
        statement: StatementId,
        /// Premise, intermediary or main conclusion.
        role: MemberRole,
    },
    /// An inference line.
    Inference {
        /// The rule text (empty for `----`).
        text: String,
        /// Data such as `{uses: [1, 2]}`.
        data: Map<String, Value>,
    },
}

/// An argument: a titled reason, optionally reconstructed as premises and a conclusion.
#[derive(Clone, Debug, PartialEq)]
pub struct Argument {
    /// The title; generated for arguments whose structure had no title.
    pub title: String,
    /// Whether the title was generated.
    pub is_untitled: bool,
    /// Descriptions and references, in source order.
    pub members: Vec<Member>,
    /// The premise–conclusion structure, empty if none was given.
    pub pcs: Vec<PcsStep>,
    /// Tags from all occurrences.
    pub tags: IndexSet<String>,
    /// The section of the first occurrence.
    pub section: Option<SectionId>,
    /// Data from all occurrences.
    pub data: Map<String, Value>,
}

impl Argument {
    /// The argument's description: that of its last occurrence with text.
    pub fn text(&self) -> &str {
        last_text(&self.members)
    }

    /// Premises in order.
    pub fn premises(&self) -> impl Iterator<Item = StatementId> + '_ {
        self.pcs.iter().filter_map(|step| match step {
            PcsStep::Statement {
                statement,
                role: MemberRole::Premise,
                ..
            } => Some(*statement),
            _ => None,
        })
    }

    /// The main conclusion, if the argument has a structure.
    pub fn conclusion(&self) -> Option<StatementId> {
        self.pcs.iter().rev().find_map(|step| match step {
            PcsStep::Statement {
                statement,
                role: MemberRole::MainConclusion,
                ..
            } => Some(*statement),
            _ => None,
        })
    }

    /// Where the argument was first written.
    pub fn location(&self) -> Option<Location> {
        self.members.first().map(|m| m.location)
    }
}

/// What a relation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// The source gives a reason for the target.
    Support,
    /// The source gives a reason against the target.
    Attack,
    /// The source attacks the inference of the target argument.
    Undercut,
    /// Source and target cannot both be true (Argdown's `contradictory`).
    Contradiction,
    /// Strict mode: the source statement entails the target statement.
    Entails,
    /// Strict mode: source and target statements cannot both be true (`contrary`).
    Contrary,
}

impl RelationKind {
    /// Argdown's name for this kind (`relationType` in its JSON).
    pub fn argdown_name(self) -> &'static str {
        match self {
            RelationKind::Support => "support",
            RelationKind::Attack => "attack",
            RelationKind::Undercut => "undercut",
            RelationKind::Contradiction => "contradictory",
            RelationKind::Entails => "entails",
            RelationKind::Contrary => "contrary",
        }
    }

    /// Parses an Argdown kind name.
    pub fn from_argdown_name(name: &str) -> Option<Self> {
        Some(match name {
            "support" => RelationKind::Support,
            "attack" => RelationKind::Attack,
            "undercut" => RelationKind::Undercut,
            "contradictory" => RelationKind::Contradiction,
            "entails" => RelationKind::Entails,
            "contrary" => RelationKind::Contrary,
            _ => return None,
        })
    }

    /// Whether the relation speaks for its target (support, entailment).
    pub fn is_positive(self) -> bool {
        matches!(self, RelationKind::Support | RelationKind::Entails)
    }
}

/// A dialectical relation between two elements, as written by the author.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    /// What it says.
    pub kind: RelationKind,
    /// Where the relation symbol was written, if it came from a source.
    pub location: Option<Location>,
}

/// A `#` heading and the part of the map below it.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The heading text.
    pub title: String,
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The enclosing section.
    pub parent: Option<SectionId>,
    /// Tags on the heading.
    pub tags: IndexSet<String>,
    /// Data on the heading.
    pub data: Map<String, Value>,
    /// Where the heading was written.
    pub location: Location,
}

/// How relations between statements are read (front matter `model.mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Argdown's default: `+`/`-` between statements are support and attack.
    #[default]
    Loose,
    /// `+`/`-` between statements are entailment and contrariness.
    Strict,
}
