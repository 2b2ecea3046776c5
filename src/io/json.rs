//! cruxmap's own JSON format: a versioned, lossless serialization of an [`ArgumentGraph`].
//!
//! `read(write(g)) == g` for every graph. Elements are referred to by title in Argdown
//! notation (`"[Statement]"`, `"<Argument>"`), so the files read well and diff well.
//! Owns the schema; it must not print or touch files.

use std::borrow::Cow;

use indexmap::IndexSet;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::*;
use crate::syntax::Span;

/// Version of the schema written by [`write`]; [`read`] accepts this version only.
pub const SCHEMA_VERSION: u32 = 1;

/// An error reading cruxmap JSON.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// The text is not JSON of the expected shape.
    #[error("invalid cruxmap JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// Line of the fault, from 1.
        line: usize,
        /// Column of the fault, from 1.
        column: usize,
        /// What serde_json said.
        message: String,
        /// The parser error.
        #[source]
        source: serde_json::Error,
    },
    /// The file was written by a different schema version.
    #[error("unsupported cruxmap JSON version {found} (this build reads version {SCHEMA_VERSION})")]
    Version {
        /// The version in the file.
        found: u32,
    },
    /// A relation or structure names an element the file does not define.
    #[error("unknown element `{0}` in relation or structure")]
    UnknownElement(String),
    /// A relation has a type cruxmap does not know.
    #[error("unknown relation type `{0}`")]
    UnknownRelationType(String),
    /// Two elements share a title.
    #[error(transparent)]
    Model(#[from] ModelError),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphDoc<'a> {
    cruxmap: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Cow<'a, str>>,
    #[serde(default)]
    mode: ModeDoc,
    #[serde(default, skip_serializing_if = "is_empty_map")]
    front_matter: Cow<'a, Map<String, Value>>,
    #[serde(default, borrow)]
    sections: Vec<SectionDoc<'a>>,
    #[serde(default, borrow)]
    statements: Vec<StatementDoc<'a>>,
    #[serde(default, borrow)]
    arguments: Vec<ArgumentDoc<'a>>,
    #[serde(default, borrow)]
    relations: Vec<RelationDoc<'a>>,
}

#[derive(Serialize, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ModeDoc {
    #[default]
    Loose,
    Strict,
}

/// `[line, column, start byte, end byte]`: an array, since every member and relation has
/// one and key names would double their size.
#[derive(Serialize, Deserialize)]
struct LocationDoc(u32, u32, u32, u32);

#[derive(Serialize, Deserialize)]
struct SectionDoc<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<usize>,
    #[serde(default, skip_serializing_if = "is_empty_set")]
    tags: Cow<'a, IndexSet<String>>,
    #[serde(default, skip_serializing_if = "is_empty_map")]
    data: Cow<'a, Map<String, Value>>,
    location: LocationDoc,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum RoleDoc {
    TopLevel,
    RelationTarget,
    Premise,
    IntermediaryConclusion,
    MainConclusion,
    ArgumentDescription,
}

#[derive(Serialize, Deserialize)]
struct MemberDoc<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    definition: bool,
    role: RoleDoc,
    location: LocationDoc,
}

#[derive(Serialize, Deserialize)]
struct StatementDoc<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    untitled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    members: Vec<MemberDoc<'a>>,
    #[serde(default, skip_serializing_if = "is_empty_set")]
    tags: Cow<'a, IndexSet<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<usize>,
    #[serde(default, skip_serializing_if = "is_empty_map")]
    data: Cow<'a, Map<String, Value>>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PcsStepDoc<'a> {
    Statement {
        number: u32,
        #[serde(borrow)]
        statement: Cow<'a, str>,
        role: RoleDoc,
    },
    Inference {
        #[serde(borrow)]
        inference: Cow<'a, str>,
        #[serde(default, skip_serializing_if = "is_empty_map")]
        data: Cow<'a, Map<String, Value>>,
    },
}

#[derive(Serialize, Deserialize)]
struct ArgumentDoc<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    untitled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    members: Vec<MemberDoc<'a>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", borrow)]
    pcs: Vec<PcsStepDoc<'a>>,
    #[serde(default, skip_serializing_if = "is_empty_set")]
    tags: Cow<'a, IndexSet<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<usize>,
    #[serde(default, skip_serializing_if = "is_empty_map")]
    data: Cow<'a, Map<String, Value>>,
}

#[derive(Serialize, Deserialize)]
struct RelationDoc<'a> {
    #[serde(borrow)]
    from: RefName<'a>,
    #[serde(borrow)]
    to: RefName<'a>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<LocationDoc>,
}

/// An element's `[Title]` or `<Title>`: read as text, written straight from the title
/// without building the string (two per relation add up on large maps).
enum RefName<'a> {
    Text(Cow<'a, str>),
    Element(ElementId, &'a str),
}

impl RefName<'_> {
    fn as_str(&self) -> &str {
        match self {
            RefName::Text(t) => t,
            RefName::Element(..) => "",
        }
    }
}

impl Serialize for RefName<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RefName::Text(t) => s.serialize_str(t),
            RefName::Element(ElementId::Statement(_), title) => {
                s.collect_str(&format_args!("[{title}]"))
            }
            RefName::Element(ElementId::Argument(_), title) => {
                s.collect_str(&format_args!("<{title}>"))
            }
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RefName<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
        Ok(RefName::Text(Borrowed::deserialize(d)?.0))
    }
}

fn is_false(b: &bool) -> bool {
    !b
}

#[expect(
    clippy::ptr_arg,
    reason = "serde's skip_serializing_if passes the field as is"
)]
fn is_empty_map(m: &Cow<'_, Map<String, Value>>) -> bool {
    m.is_empty()
}

#[expect(
    clippy::ptr_arg,
    reason = "serde's skip_serializing_if passes the field as is"
)]
fn is_empty_set(s: &Cow<'_, IndexSet<String>>) -> bool {
    s.is_empty()
}

fn location_doc(l: Location) -> LocationDoc {
    LocationDoc(l.line, l.column, l.span.start, l.span.end)
}

fn location(LocationDoc(line, column, start, end): LocationDoc) -> Location {
    Location {
        span: Span { start, end },
        line,
        column,
    }
}

fn role_doc(r: MemberRole) -> RoleDoc {
    match r {
        MemberRole::TopLevel => RoleDoc::TopLevel,
        MemberRole::RelationTarget => RoleDoc::RelationTarget,
        MemberRole::Premise => RoleDoc::Premise,
        MemberRole::IntermediaryConclusion => RoleDoc::IntermediaryConclusion,
        MemberRole::MainConclusion => RoleDoc::MainConclusion,
        MemberRole::ArgumentDescription => RoleDoc::ArgumentDescription,
    }
}

fn role(r: RoleDoc) -> MemberRole {
    match r {
        RoleDoc::TopLevel => MemberRole::TopLevel,
        RoleDoc::RelationTarget => MemberRole::RelationTarget,
        RoleDoc::Premise => MemberRole::Premise,
        RoleDoc::IntermediaryConclusion => MemberRole::IntermediaryConclusion,
        RoleDoc::MainConclusion => MemberRole::MainConclusion,
        RoleDoc::ArgumentDescription => MemberRole::ArgumentDescription,
    }
}

fn members_doc(members: &[Member]) -> Vec<MemberDoc<'_>> {
    members
        .iter()
        .map(|m| MemberDoc {
            text: Cow::Borrowed(&m.text),
            definition: m.is_definition,
            role: role_doc(m.role),
            location: location_doc(m.location),
        })
        .collect()
}

fn members(docs: Vec<MemberDoc<'_>>) -> Vec<Member> {
    docs.into_iter()
        .map(|m| Member {
            text: m.text.into_owned(),
            is_definition: m.definition,
            role: role(m.role),
            location: location(m.location),
        })
        .collect()
}

/// The Argdown-notation name of an element: `[Title]` or `<Title>`.
pub fn element_ref(graph: &ArgumentGraph, id: ElementId) -> String {
    match id {
        ElementId::Statement(s) => format!("[{}]", graph.statement(s).title),
        ElementId::Argument(a) => format!("<{}>", graph.argument(a).title),
    }
}

fn resolve(graph: &ArgumentGraph, name: &str) -> Result<ElementId, JsonError> {
    let unknown = || JsonError::UnknownElement(name.to_string());
    if let Some(title) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        graph
            .statement_id(title)
            .map(ElementId::Statement)
            .ok_or_else(unknown)
    } else if let Some(title) = name.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
        graph
            .argument_id(title)
            .map(ElementId::Argument)
            .ok_or_else(unknown)
    } else {
        Err(unknown())
    }
}

/// Serializes `graph` as pretty-printed cruxmap JSON.
pub fn write(graph: &ArgumentGraph) -> String {
    // Room for the whole document up front (about 400 bytes per statement and relation
    // are typical): growing a multi-megabyte buffer by doubling copies it and faults in
    // fresh pages each time, which took a third of `export --to json`.
    let elements = graph.statement_count() + graph.argument_count() + graph.relation_count();
    let mut out = Vec::with_capacity(64 * 1024 + elements * 256);
    // Writing into memory cannot fail, and serde_json writes only UTF-8.
    let _ = write_to(graph, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams `graph` as pretty-printed cruxmap JSON into `out` (buffer it).
pub fn write_to(graph: &ArgumentGraph, mut out: impl std::io::Write) -> std::io::Result<()> {
    let doc = GraphDoc {
        cruxmap: SCHEMA_VERSION,
        source: graph.source_name.as_deref().map(Cow::Borrowed),
        mode: match graph.mode {
            Mode::Loose => ModeDoc::Loose,
            Mode::Strict => ModeDoc::Strict,
        },
        front_matter: Cow::Borrowed(&graph.front_matter),
        sections: graph
            .sections
            .iter()
            .map(|s| SectionDoc {
                title: Cow::Borrowed(&s.title),
                level: s.level,
                parent: s.parent,
                tags: Cow::Borrowed(&s.tags),
                data: Cow::Borrowed(&s.data),
                location: location_doc(s.location),
            })
            .collect(),
        statements: graph
            .statements()
            .map(|(_, s)| StatementDoc {
                title: Cow::Borrowed(&s.title),
                untitled: s.is_untitled,
                text: Some(Cow::Borrowed(s.text())).filter(|t| !t.is_empty()),
                members: members_doc(&s.members),
                tags: Cow::Borrowed(&s.tags),
                section: s.section,
                data: Cow::Borrowed(&s.data),
            })
            .collect(),
        arguments: graph
            .arguments()
            .map(|(_, a)| ArgumentDoc {
                title: Cow::Borrowed(&a.title),
                untitled: a.is_untitled,
                text: Some(Cow::Borrowed(a.text())).filter(|t| !t.is_empty()),
                members: members_doc(&a.members),
                pcs: a
                    .pcs
                    .iter()
                    .map(|step| match step {
                        PcsStep::Statement {
                            number,
                            statement,
                            role,
                        } => PcsStepDoc::Statement {
                            number: *number,
                            statement: Cow::Borrowed(&graph.statement(*statement).title),
                            role: role_doc(*role),
                        },
                        PcsStep::Inference { text, data } => PcsStepDoc::Inference {
                            inference: Cow::Borrowed(text),
                            data: Cow::Borrowed(data),
                        },
                    })
                    .collect(),
                tags: Cow::Borrowed(&a.tags),
                section: a.section,
                data: Cow::Borrowed(&a.data),
            })
            .collect(),
        // `relations()` filters the edges, so it cannot size the vector itself.
        relations: {
            let mut relations = Vec::with_capacity(graph.relation_count());
            relations.extend(graph.relations().map(|r| RelationDoc {
                from: RefName::Element(r.from, graph.title(r.from)),
                to: RefName::Element(r.to, graph.title(r.to)),
                kind: Cow::Borrowed(r.relation.kind.argdown_name()),
                location: r.relation.location.map(location_doc),
            }));
            relations
        },
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, LineFormatter::default());
    doc.serialize(&mut serializer)?;
    out.write_all(b"\n")
}

/// Pretty at the top two levels, compact below: each statement, argument and relation is
/// one line, so files diff well line by line and write about twice as fast as fully
/// indented JSON.
#[derive(Default)]
struct LineFormatter {
    depth: usize,
    has_value: Vec<bool>,
}

impl LineFormatter {
    const PRETTY_DEPTH: usize = 2;

    fn newline(&self, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
        out.write_all(b"\n")?;
        for _ in 0..self.depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin(
        &mut self,
        out: &mut (impl std::io::Write + ?Sized),
        open: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value.push(false);
        out.write_all(open)
    }

    fn end(
        &mut self,
        out: &mut (impl std::io::Write + ?Sized),
        close: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        let had = self.has_value.pop().unwrap_or(false);
        if had && self.depth < Self::PRETTY_DEPTH {
            self.newline(out)?;
        }
        out.write_all(close)
    }

    fn item(
        &mut self,
        out: &mut (impl std::io::Write + ?Sized),
        first: bool,
    ) -> std::io::Result<()> {
        if let Some(last) = self.has_value.last_mut() {
            *last = true;
        }
        if !first {
            out.write_all(b",")?;
        }
        if self.depth <= Self::PRETTY_DEPTH {
            self.newline(out)?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for LineFormatter {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.depth <= Self::PRETTY_DEPTH {
            b": "
        } else {
            b":"
        })
    }
}

/// Reads cruxmap JSON written by [`write`].
pub fn read(text: &str) -> Result<ArgumentGraph, JsonError> {
    let doc: GraphDoc = serde_json::from_str(text).map_err(|e| JsonError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
        source: e,
    })?;
    if doc.cruxmap != SCHEMA_VERSION {
        return Err(JsonError::Version { found: doc.cruxmap });
    }
    let mut graph = ArgumentGraph::new();
    graph.source_name = doc.source.map(Cow::into_owned);
    graph.mode = match doc.mode {
        ModeDoc::Loose => Mode::Loose,
        ModeDoc::Strict => Mode::Strict,
    };
    graph.front_matter = doc.front_matter.into_owned();
    graph.sections = doc
        .sections
        .into_iter()
        .map(|s| Section {
            title: s.title.into_owned(),
            level: s.level,
            parent: s.parent,
            tags: s.tags.into_owned(),
            data: s.data.into_owned(),
            location: location(s.location),
        })
        .collect();
    for s in doc.statements {
        graph.add_statement(Statement {
            title: s.title.into_owned(),
            is_untitled: s.untitled,
            members: members(s.members),
            tags: s.tags.into_owned(),
            section: s.section,
            data: s.data.into_owned(),
        })?;
    }
    let mut structures = Vec::new();
    for a in doc.arguments {
        let id = graph.add_argument(Argument {
            title: a.title.into_owned(),
            is_untitled: a.untitled,
            members: members(a.members),
            pcs: Vec::new(),
            tags: a.tags.into_owned(),
            section: a.section,
            data: a.data.into_owned(),
        })?;
        structures.push((id, a.pcs));
    }
    for (id, pcs) in structures {
        let mut steps = Vec::with_capacity(pcs.len());
        for step in pcs {
            steps.push(match step {
                PcsStepDoc::Statement {
                    number,
                    statement,
                    role: r,
                } => PcsStep::Statement {
                    number,
                    statement: graph
                        .statement_id(&statement)
                        .ok_or_else(|| JsonError::UnknownElement(format!("[{statement}]")))?,
                    role: role(r),
                },
                PcsStepDoc::Inference { inference, data } => PcsStep::Inference {
                    text: inference.into_owned(),
                    data: data.into_owned(),
                },
            });
        }
        if !steps.is_empty() {
            graph.set_pcs(id, steps);
        }
    }
    for r in doc.relations {
        let from = resolve(&graph, r.from.as_str())?;
        let to = resolve(&graph, r.to.as_str())?;
        let kind = RelationKind::from_argdown_name(&r.kind)
            .ok_or_else(|| JsonError::UnknownRelationType(r.kind.to_string()))?;
        graph.add_relation(
            from,
            to,
            Relation {
                kind,
                location: r.location.map(location),
            },
        );
    }
    graph.derive_relations();
    Ok(graph)
}
