//! cruxmap's own JSON format: a versioned, lossless serialization of an [`ArgumentGraph`].
//!
//! `read(write(g)) == g` for every graph. Elements are referred to by title in Argdown
//! notation (`"[Statement]"`, `"<Argument>"`), so the files read well and diff well.
//! Owns the schema; it must not print or touch files.

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
struct GraphDoc {
    cruxmap: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default)]
    mode: ModeDoc,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    front_matter: Map<String, Value>,
    #[serde(default)]
    sections: Vec<SectionDoc>,
    #[serde(default)]
    statements: Vec<StatementDoc>,
    #[serde(default)]
    arguments: Vec<ArgumentDoc>,
    #[serde(default)]
    relations: Vec<RelationDoc>,
}

#[derive(Serialize, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ModeDoc {
    #[default]
    Loose,
    Strict,
}

#[derive(Serialize, Deserialize)]
struct LocationDoc {
    line: u32,
    column: u32,
    start: u32,
    end: u32,
}

#[derive(Serialize, Deserialize)]
struct SectionDoc {
    title: String,
    level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<usize>,
    #[serde(default, skip_serializing_if = "IndexSet::is_empty")]
    tags: IndexSet<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    data: Map<String, Value>,
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
struct MemberDoc {
    text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    definition: bool,
    role: RoleDoc,
    location: LocationDoc,
}

#[derive(Serialize, Deserialize)]
struct StatementDoc {
    title: String,
    #[serde(default, skip_serializing_if = "is_false")]
    untitled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    members: Vec<MemberDoc>,
    #[serde(default, skip_serializing_if = "IndexSet::is_empty")]
    tags: IndexSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<usize>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    data: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PcsStepDoc {
    Statement {
        number: u32,
        statement: String,
        role: RoleDoc,
    },
    Inference {
        inference: String,
        #[serde(default, skip_serializing_if = "Map::is_empty")]
        data: Map<String, Value>,
    },
}

#[derive(Serialize, Deserialize)]
struct ArgumentDoc {
    title: String,
    #[serde(default, skip_serializing_if = "is_false")]
    untitled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    members: Vec<MemberDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pcs: Vec<PcsStepDoc>,
    #[serde(default, skip_serializing_if = "IndexSet::is_empty")]
    tags: IndexSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<usize>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    data: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct RelationDoc {
    from: String,
    to: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<LocationDoc>,
}

fn is_false(b: &bool) -> bool {
    !b
}

fn location_doc(l: Location) -> LocationDoc {
    LocationDoc {
        line: l.line,
        column: l.column,
        start: l.span.start,
        end: l.span.end,
    }
}

fn location(l: LocationDoc) -> Location {
    Location {
        span: Span {
            start: l.start,
            end: l.end,
        },
        line: l.line,
        column: l.column,
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

fn members_doc(members: &[Member]) -> Vec<MemberDoc> {
    members
        .iter()
        .map(|m| MemberDoc {
            text: m.text.clone(),
            definition: m.is_definition,
            role: role_doc(m.role),
            location: location_doc(m.location),
        })
        .collect()
}

fn members(docs: Vec<MemberDoc>) -> Vec<Member> {
    docs.into_iter()
        .map(|m| Member {
            text: m.text,
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
    let doc = GraphDoc {
        cruxmap: SCHEMA_VERSION,
        source: graph.source_name.clone(),
        mode: match graph.mode {
            Mode::Loose => ModeDoc::Loose,
            Mode::Strict => ModeDoc::Strict,
        },
        front_matter: graph.front_matter.clone(),
        sections: graph
            .sections
            .iter()
            .map(|s| SectionDoc {
                title: s.title.clone(),
                level: s.level,
                parent: s.parent,
                tags: s.tags.clone(),
                data: s.data.clone(),
                location: location_doc(s.location),
            })
            .collect(),
        statements: graph
            .statements()
            .map(|(_, s)| StatementDoc {
                title: s.title.clone(),
                untitled: s.is_untitled,
                text: Some(s.text().to_string()).filter(|t| !t.is_empty()),
                members: members_doc(&s.members),
                tags: s.tags.clone(),
                section: s.section,
                data: s.data.clone(),
            })
            .collect(),
        arguments: graph
            .arguments()
            .map(|(_, a)| ArgumentDoc {
                title: a.title.clone(),
                untitled: a.is_untitled,
                text: Some(a.text().to_string()).filter(|t| !t.is_empty()),
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
                            statement: graph.statement(*statement).title.clone(),
                            role: role_doc(*role),
                        },
                        PcsStep::Inference { text, data } => PcsStepDoc::Inference {
                            inference: text.clone(),
                            data: data.clone(),
                        },
                    })
                    .collect(),
                tags: a.tags.clone(),
                section: a.section,
                data: a.data.clone(),
            })
            .collect(),
        relations: graph
            .relations()
            .map(|r| RelationDoc {
                from: element_ref(graph, r.from),
                to: element_ref(graph, r.to),
                kind: r.relation.kind.argdown_name().to_string(),
                location: r.relation.location.map(location_doc),
            })
            .collect(),
    };
    // Serializing plain structs of strings, numbers and JSON values cannot fail.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
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
    graph.source_name = doc.source;
    graph.mode = match doc.mode {
        ModeDoc::Loose => Mode::Loose,
        ModeDoc::Strict => Mode::Strict,
    };
    graph.front_matter = doc.front_matter;
    graph.sections = doc
        .sections
        .into_iter()
        .map(|s| Section {
            title: s.title,
            level: s.level,
            parent: s.parent,
            tags: s.tags,
            data: s.data,
            location: location(s.location),
        })
        .collect();
    for s in doc.statements {
        graph.add_statement(Statement {
            title: s.title,
            is_untitled: s.untitled,
            members: members(s.members),
            tags: s.tags,
            section: s.section,
            data: s.data,
        })?;
    }
    let mut structures = Vec::new();
    for a in doc.arguments {
        let id = graph.add_argument(Argument {
            title: a.title,
            is_untitled: a.untitled,
            members: members(a.members),
            pcs: Vec::new(),
            tags: a.tags,
            section: a.section,
            data: a.data,
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
                        .ok_or(JsonError::UnknownElement(format!("[{statement}]")))?,
                    role: role(r),
                },
                PcsStepDoc::Inference { inference, data } => PcsStep::Inference {
                    text: inference,
                    data,
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
            .ok_or_else(|| JsonError::UnknownRelationType(r.kind.clone()))?;
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
