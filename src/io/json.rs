//! cruxmap's own JSON format: a versioned, lossless serialization of an [`ArgumentGraph`].
//!
//! `read(write(g)) == g` for every graph. Elements are referred to by title in Argdown
//! notation (`"[Statement]"`, `"<Argument>"`), so the files read well and diff well.
//! Owns the schema; it must not print or touch files.

use std::borrow::Cow;

use indexmap::IndexSet;
use serde::Deserialize;
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphDoc<'a> {
    cruxmap: u32,
    #[serde(default)]
    source: Option<Cow<'a, str>>,
    #[serde(default)]
    mode: ModeDoc,
    #[serde(default)]
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

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ModeDoc {
    #[default]
    Loose,
    Strict,
}

/// `[line, column, start byte, end byte]`: an array, since every member and relation has
/// one and key names would double their size.
#[derive(Deserialize)]
struct LocationDoc(u32, u32, u32, u32);

#[derive(Deserialize)]
struct SectionDoc<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    level: u8,
    #[serde(default)]
    parent: Option<usize>,
    #[serde(default)]
    tags: Cow<'a, IndexSet<String>>,
    #[serde(default)]
    data: Cow<'a, Map<String, Value>>,
    location: LocationDoc,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum RoleDoc {
    TopLevel,
    RelationTarget,
    Premise,
    IntermediaryConclusion,
    MainConclusion,
    ArgumentDescription,
}

#[derive(Deserialize)]
struct MemberDoc<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default)]
    definition: bool,
    /// Written only where it differs from what the other fields imply.
    #[serde(default)]
    has_text: Option<bool>,
    role: RoleDoc,
    location: LocationDoc,
}

#[derive(Deserialize)]
struct StatementDoc<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default)]
    untitled: bool,
    // `text` is written for readers of the file; the model derives it from the members.
    #[serde(borrow)]
    members: Vec<MemberDoc<'a>>,
    #[serde(default)]
    tags: Cow<'a, IndexSet<String>>,
    #[serde(default)]
    section: Option<usize>,
    #[serde(default)]
    data: Cow<'a, Map<String, Value>>,
}

#[derive(Deserialize)]
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
        #[serde(default)]
        data: Cow<'a, Map<String, Value>>,
    },
}

#[derive(Deserialize)]
struct ArgumentDoc<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default)]
    untitled: bool,
    // `text` is written for readers of the file; the model derives it from the members.
    #[serde(borrow)]
    members: Vec<MemberDoc<'a>>,
    #[serde(default, borrow)]
    pcs: Vec<PcsStepDoc<'a>>,
    #[serde(default)]
    tags: Cow<'a, IndexSet<String>>,
    #[serde(default)]
    section: Option<usize>,
    #[serde(default)]
    data: Cow<'a, Map<String, Value>>,
}

#[derive(Deserialize)]
struct RelationDoc<'a> {
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    location: Option<LocationDoc>,
}

fn location(LocationDoc(line, column, start, end): LocationDoc) -> Location {
    Location {
        span: Span { start, end },
        line,
        column,
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

/// Whether an occurrence has a text (in Argdown's sense) unless the file says otherwise.
fn implied_has_text(definition: bool, text: &str, argument: bool) -> bool {
    definition || argument || !text.is_empty()
}

fn members(docs: Vec<MemberDoc<'_>>) -> Vec<Member> {
    docs.into_iter()
        .map(|m| Member {
            has_text: m.has_text.unwrap_or_else(|| {
                implied_has_text(
                    m.definition,
                    &m.text,
                    m.role == RoleDoc::ArgumentDescription,
                )
            }),
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

/// Serializes `graph` as cruxmap JSON: pretty at the top two levels, compact below, so
/// each section, statement, argument and relation is one line (files diff well line by
/// line, and write about twice as fast as fully indented JSON).
pub fn write(graph: &ArgumentGraph) -> String {
    // Room for the whole document up front (about 400 bytes per statement and relation
    // are typical): growing a multi-megabyte buffer by doubling copies it and faults in
    // fresh pages each time, which took a third of `export --to json`.
    let elements = graph.statement_count() + graph.argument_count() + graph.relation_count();
    let mut out = Out(Vec::with_capacity(64 * 1024 + elements * 256));
    out.document(graph);
    // Every piece written is UTF-8: ASCII syntax, and strings copied whole or escaped by
    // serde_json.
    String::from_utf8(out.0).unwrap_or_default()
}

/// Writes `graph` as cruxmap JSON (see [`write`]) to `out`.
pub fn write_to(graph: &ArgumentGraph, mut out: impl std::io::Write) -> std::io::Result<()> {
    out.write_all(write(graph).as_bytes())
}

/// The JSON writer. Written by hand rather than through serde's derive: on large maps the
/// time went to serde_json escaping every string byte by byte, while nearly all claim texts
/// need no escaping at all; those are now checked sixteen bytes at a time and copied whole.
/// Strings that do need escaping, and free-form data, still go through serde_json, so the
/// output is exactly what serde_json would write.
struct Out(Vec<u8>);

/// Indentation before each top-level key and before each item of a top-level list.
const KEY: &[u8] = b"\n  ";
const ITEM: &[u8] = b"\n    ";

impl Out {
    fn raw(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn document(&mut self, graph: &ArgumentGraph) {
        self.raw(b"{");
        self.raw(KEY);
        self.raw(b"\"cruxmap\": ");
        self.number(SCHEMA_VERSION as usize);
        if let Some(source) = &graph.source_name {
            self.raw(b",");
            self.raw(KEY);
            self.raw(b"\"source\": ");
            self.string(source);
        }
        self.raw(b",");
        self.raw(KEY);
        self.raw(match graph.mode {
            Mode::Loose => b"\"mode\": \"loose\"",
            Mode::Strict => b"\"mode\": \"strict\"",
        });
        if !graph.front_matter.is_empty() {
            self.raw(b",");
            self.raw(KEY);
            self.raw(b"\"frontMatter\": {");
            for (i, (key, value)) in graph.front_matter.iter().enumerate() {
                if i > 0 {
                    self.raw(b",");
                }
                self.raw(ITEM);
                self.string(key);
                self.raw(b": ");
                self.value(value);
            }
            self.raw(KEY);
            self.raw(b"}");
        }
        self.list("sections", graph.sections.iter(), Out::section);
        self.list(
            "statements",
            graph.statements().map(|(_, s)| s),
            Out::statement,
        );
        self.list(
            "arguments",
            graph.arguments().map(|(_, a)| a),
            |out: &mut Out, a: &Argument| out.argument(graph, a),
        );
        self.list("relations", graph.relations(), |out: &mut Out, r| {
            out.relation(graph, r)
        });
        self.raw(b"\n}\n");
    }

    /// A top-level key whose value is a list with one item per line.
    fn list<T>(
        &mut self,
        key: &str,
        items: impl Iterator<Item = T>,
        mut item: impl FnMut(&mut Out, T),
    ) {
        self.raw(b",");
        self.raw(KEY);
        self.raw(b"\"");
        self.raw(key.as_bytes());
        self.raw(b"\": [");
        let mut any = false;
        for (i, value) in items.enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.raw(ITEM);
            item(self, value);
            any = true;
        }
        if any {
            self.raw(KEY);
        }
        self.raw(b"]");
    }

    fn section(&mut self, s: &Section) {
        self.raw(b"{\"title\":");
        self.string(&s.title);
        self.raw(b",\"level\":");
        self.number(usize::from(s.level));
        if let Some(parent) = s.parent {
            self.raw(b",\"parent\":");
            self.number(parent);
        }
        self.tags(&s.tags);
        self.data(&s.data);
        self.raw(b",\"location\":");
        self.location(s.location);
        self.raw(b"}");
    }

    fn statement(&mut self, s: &Statement) {
        self.element_head(&s.title, s.is_untitled, s.text(), &s.members);
        self.element_tail(&s.tags, s.section, &s.data);
    }

    fn argument(&mut self, graph: &ArgumentGraph, a: &Argument) {
        self.element_head(&a.title, a.is_untitled, a.text(), &a.members);
        if !a.pcs.is_empty() {
            self.raw(b",\"pcs\":[");
            for (i, step) in a.pcs.iter().enumerate() {
                if i > 0 {
                    self.raw(b",");
                }
                match step {
                    PcsStep::Statement {
                        number,
                        statement,
                        role,
                    } => {
                        self.raw(b"{\"number\":");
                        self.number(*number as usize);
                        self.raw(b",\"statement\":");
                        self.string(&graph.statement(*statement).title);
                        self.raw(b",\"role\":");
                        self.role(*role);
                    }
                    PcsStep::Inference { text, data } => {
                        self.raw(b"{\"inference\":");
                        self.string(text);
                        self.data(data);
                    }
                }
                self.raw(b"}");
            }
            self.raw(b"]");
        }
        self.element_tail(&a.tags, a.section, &a.data);
    }

    /// `{"title":…,"untitled":true,"text":…,"members":[…]` (optional parts left out).
    fn element_head(&mut self, title: &str, untitled: bool, text: &str, members: &[Member]) {
        self.raw(b"{\"title\":");
        self.string(title);
        if untitled {
            self.raw(b",\"untitled\":true");
        }
        if !text.is_empty() {
            self.raw(b",\"text\":");
            self.string(text);
        }
        self.raw(b",\"members\":[");
        for (i, m) in members.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.raw(b"{\"text\":");
            self.string(&m.text);
            if m.is_definition {
                self.raw(b",\"definition\":true");
            }
            let implied = implied_has_text(
                m.is_definition,
                &m.text,
                m.role == MemberRole::ArgumentDescription,
            );
            if m.has_text != implied {
                self.raw(if m.has_text {
                    b",\"has_text\":true"
                } else {
                    b",\"has_text\":false"
                });
            }
            self.raw(b",\"role\":");
            self.role(m.role);
            self.raw(b",\"location\":");
            self.location(m.location);
            self.raw(b"}");
        }
        self.raw(b"]");
    }

    /// `,"tags":[…],"section":N,"data":{…}}` (optional parts left out).
    fn element_tail(
        &mut self,
        tags: &IndexSet<String>,
        section: Option<usize>,
        data: &Map<String, Value>,
    ) {
        self.tags(tags);
        if let Some(section) = section {
            self.raw(b",\"section\":");
            self.number(section);
        }
        self.data(data);
        self.raw(b"}");
    }

    fn relation(&mut self, graph: &ArgumentGraph, r: RelationRef<'_>) {
        self.raw(b"{\"from\":");
        self.reference(graph, r.from);
        self.raw(b",\"to\":");
        self.reference(graph, r.to);
        self.raw(b",\"type\":\"");
        // Relation names are plain ASCII words.
        self.raw(r.relation.kind.argdown_name().as_bytes());
        self.raw(b"\"");
        if let Some(location) = r.relation.location {
            self.raw(b",\"location\":");
            self.location(location);
        }
        self.raw(b"}");
    }

    fn tags(&mut self, tags: &IndexSet<String>) {
        if tags.is_empty() {
            return;
        }
        self.raw(b",\"tags\":[");
        for (i, tag) in tags.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.string(tag);
        }
        self.raw(b"]");
    }

    fn data(&mut self, data: &Map<String, Value>) {
        if !data.is_empty() {
            self.raw(b",\"data\":");
            self.value(data);
        }
    }

    fn role(&mut self, role: MemberRole) {
        self.raw(match role {
            MemberRole::TopLevel => b"\"top-level\"",
            MemberRole::RelationTarget => b"\"relation-target\"",
            MemberRole::Premise => b"\"premise\"",
            MemberRole::IntermediaryConclusion => b"\"intermediary-conclusion\"",
            MemberRole::MainConclusion => b"\"main-conclusion\"",
            MemberRole::ArgumentDescription => b"\"argument-description\"",
        });
    }

    /// `[line, column, start byte, end byte]`: an array, since every member and relation
    /// has one and key names would double their size.
    fn location(&mut self, l: Location) {
        self.raw(b"[");
        self.number(l.line as usize);
        self.raw(b",");
        self.number(l.column as usize);
        self.raw(b",");
        self.number(l.span.start as usize);
        self.raw(b",");
        self.number(l.span.end as usize);
        self.raw(b"]");
    }

    fn number(&mut self, n: usize) {
        self.raw(itoa::Buffer::new().format(n).as_bytes());
    }

    /// Free-form data, compact, exactly as serde_json writes it.
    fn value(&mut self, value: &impl serde::Serialize) {
        // Writing into memory cannot fail, and data maps hold only JSON values.
        let _ = serde_json::to_writer(&mut self.0, value);
    }

    fn string(&mut self, s: &str) {
        if needs_no_escape(s.as_bytes()) {
            self.raw(b"\"");
            self.raw(s.as_bytes());
            self.raw(b"\"");
        } else {
            self.value(&s);
        }
    }

    /// An element as `"[Title]"` or `"<Title>"`.
    fn reference(&mut self, graph: &ArgumentGraph, id: ElementId) {
        let title = graph.title(id);
        let (open, close) = match id {
            ElementId::Statement(_) => (b"\"[", b"]\""),
            ElementId::Argument(_) => (b"\"<", b">\""),
        };
        if needs_no_escape(title.as_bytes()) {
            self.raw(open);
            self.raw(title.as_bytes());
            self.raw(close);
        } else {
            self.value(&element_ref(graph, id));
        }
    }
}

/// Whether a string can be written between quotes as it is (no `"`, `\` or control
/// character). Checked in blocks of sixteen bytes without early exit, which compiles to
/// vector instructions.
fn needs_no_escape(bytes: &[u8]) -> bool {
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | special(b)) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&b| special(b))
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
        let from = resolve(&graph, &r.from)?;
        let to = resolve(&graph, &r.to)?;
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
