//! AIF JSON, as OVA and AIFdb write it (and OVA3's xAIF, the same graph under an `AIF` key):
//! information nodes (I) are claims; inference (RA), conflict (CA), rephrase (MA) and
//! preference (PA) scheme nodes relate them; locutions (L), illocutions (YA) and
//! transitions (TA) record the dialogue.
//!
//! Reading: an RA node with one premise is a support relation; one with several premises,
//! or one that is itself attacked or supported, is an argument whose structure links the
//! premises. A CA node is an attack (an undercut when it targets an inference). MA and PA
//! nodes are kept in the claim's data (`rephrases`, `preferred-over`), and each locution
//! an illocution anchors on a claim is kept in its `said` data: speaker, timestamp, words
//! and illocution. Writing maps all of this back.
//!
//! Owns the mapping between AIF and the model; no files, no terminal.

use std::fmt::Write as _;

use foldhash::HashMap;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::map::{Titles, argument, statement};
use crate::model::{
    ArgumentGraph, ArgumentId, ElementId, MemberRole, PcsStep, Relation, RelationKind, StatementId,
};

/// The name RA nodes get when a map says nothing more (AIFdb's default).
const DEFAULT_INFERENCE: &str = "Default Inference";
/// The name CA nodes get.
const DEFAULT_CONFLICT: &str = "Default Conflict";
/// The name MA nodes get.
const DEFAULT_REPHRASE: &str = "Default Rephrase";
/// The name PA nodes get.
const DEFAULT_PREFERENCE: &str = "Default Preference";

/// A file that is not AIF cruxmap can read, with the JSON path of the fault.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum AifError {
    /// Not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// JSON, but not AIF at `path`.
    #[error("{path}: {message}")]
    Shape {
        /// JSON path of the fault, e.g. `$.edges[3].toID`.
        path: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: &'static str,
    },
}

impl AifError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            AifError::Syntax { .. } => "an AIF file is one JSON object with `nodes` and `edges`",
            AifError::Shape { hint, .. } => hint,
        }
    }

    /// The JSON path of the fault, if the file was JSON.
    pub fn path(&self) -> Option<&str> {
        match self {
            AifError::Shape { path, .. } => Some(path),
            AifError::Syntax { .. } => None,
        }
    }
}

fn shape(path: impl Into<String>, message: impl Into<String>, hint: &'static str) -> AifError {
    AifError::Shape {
        path: path.into(),
        message: message.into(),
        hint,
    }
}

/// Whether a JSON text looks like AIF (AIFdb's `nodes` and `edges`, or xAIF's `AIF`).
pub fn is_aif(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.contains("\"AIF\"")
        || (head.contains("\"nodes\"") && head.contains("\"nodeID\""))
        || (head.contains("\"nodes\"")
            && head.contains("\"edges\"")
            && !head.contains("\"cruxmap\""))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    I,
    Ra,
    Ca,
    Ma,
    Pa,
    L,
    Ya,
    Ta,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "I" => Kind::I,
            "RA" => Kind::Ra,
            "CA" => Kind::Ca,
            "MA" => Kind::Ma,
            "PA" => Kind::Pa,
            "L" => Kind::L,
            "YA" => Kind::Ya,
            "TA" => Kind::Ta,
            _ => return None,
        })
    }

    /// The scheme nodes that relate claims.
    fn is_scheme(self) -> bool {
        matches!(self, Kind::Ra | Kind::Ca | Kind::Ma | Kind::Pa)
    }
}

struct Node {
    id: String,
    kind: Kind,
    text: String,
    timestamp: Option<String>,
    /// Index in `nodes`, for paths.
    at: usize,
    ins: Vec<usize>,
    outs: Vec<usize>,
}

/// An id as AIF writes it: a string or a number.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads AIF JSON (AIFdb or OVA3's xAIF) into a map.
pub fn read(text: &str) -> Result<ArgumentGraph, AifError> {
    let root: Value = serde_json::from_str(text).map_err(|e| AifError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    // xAIF nests the graph under `AIF`.
    let (doc, base) = match root.get("AIF") {
        Some(inner) if inner.is_object() => (inner, "$.AIF"),
        _ => (&root, "$"),
    };
    let Some(obj) = doc.as_object() else {
        return Err(shape(
            base,
            "expected an object with `nodes` and `edges`",
            "an AIF file is one JSON object with `nodes` and `edges`",
        ));
    };
    let list = |key: &str, required: bool| -> Result<&[Value], AifError> {
        match obj.get(key) {
            Some(Value::Array(a)) => Ok(a.as_slice()),
            None | Some(Value::Null) if !required => Ok(&[]),
            None => Err(shape(
                base,
                format!("no `{key}` list"),
                "an AIF file has a `nodes` and an `edges` list",
            )),
            Some(_) => Err(shape(
                format!("{base}.{key}"),
                "expected a list",
                "an AIF file has a `nodes` and an `edges` list",
            )),
        }
    };
    let node_docs = list("nodes", true)?;
    let edge_docs = list("edges", true)?;
    let mut nodes: Vec<Node> = Vec::with_capacity(node_docs.len());
    let mut index: HashMap<String, usize> = HashMap::default();
    for (k, n) in node_docs.iter().enumerate() {
        let path = format!("{base}.nodes[{k}]");
        let id = id_of(n.get("nodeID")).ok_or_else(|| {
            shape(
                format!("{path}.nodeID"),
                "node without a `nodeID`",
                "every node needs a string or number `nodeID`",
            )
        })?;
        let kind_name = n.get("type").and_then(Value::as_str).unwrap_or("");
        let kind = Kind::parse(kind_name).ok_or_else(|| {
            shape(
                format!("{path}.type"),
                format!("unknown node type {kind_name:?}"),
                "AIF node types are I, RA, CA, MA, PA, L, YA and TA",
            )
        })?;
        if index.insert(id.clone(), k).is_some() {
            return Err(shape(
                format!("{path}.nodeID"),
                format!("node id {id:?} is used twice"),
                "give every node its own `nodeID`",
            ));
        }
        nodes.push(Node {
            id,
            kind,
            text: n
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            timestamp: n
                .get("timestamp")
                .and_then(Value::as_str)
                .map(str::to_string),
            at: k,
            ins: Vec::new(),
            outs: Vec::new(),
        });
    }
    for (k, e) in edge_docs.iter().enumerate() {
        let path = format!("{base}.edges[{k}]");
        let end = |key: &str| -> Result<usize, AifError> {
            let id = id_of(e.get(key)).ok_or_else(|| {
                shape(
                    format!("{path}.{key}"),
                    format!("edge without `{key}`"),
                    "every edge needs `fromID` and `toID`",
                )
            })?;
            index.get(&id).copied().ok_or_else(|| {
                shape(
                    format!("{path}.{key}"),
                    format!("edge to missing node {id:?}"),
                    "every edge must join two nodes of the `nodes` list",
                )
            })
        };
        let (from, to) = (end("fromID")?, end("toID")?);
        if nodes[from].kind == Kind::I && nodes[to].kind == Kind::I {
            return Err(shape(
                path,
                format!(
                    "edge from I-node {:?} straight to I-node {:?}",
                    nodes[from].id, nodes[to].id
                ),
                "I-nodes are related through a scheme node (RA, CA, MA or PA)",
            ));
        }
        nodes[from].outs.push(to);
        nodes[to].ins.push(from);
    }
    check_schemes(&nodes, base)?;
    Builder::new(&nodes, obj).build()
}

/// Each scheme node has premises and one conclusion, and no cycle runs through schemes only.
fn check_schemes(nodes: &[Node], base: &str) -> Result<(), AifError> {
    for n in nodes.iter().filter(|n| n.kind.is_scheme()) {
        let path = format!("{base}.nodes[{}]", n.at);
        let claims = |v: &[usize]| {
            v.iter()
                .filter(|&&k| nodes[k].kind == Kind::I || nodes[k].kind.is_scheme())
                .count()
        };
        if claims(&n.outs) == 0 {
            return Err(shape(
                path,
                format!("scheme node {:?} has no conclusion", n.id),
                "draw an edge from the scheme node to the claim it concludes or attacks",
            ));
        }
        if claims(&n.outs) > 1 {
            return Err(shape(
                path,
                format!("scheme node {:?} has {} conclusions", n.id, claims(&n.outs)),
                "a scheme node concludes one claim; split it into one scheme node per conclusion",
            ));
        }
        if claims(&n.ins) == 0 {
            return Err(shape(
                path,
                format!("scheme node {:?} has no premise", n.id),
                "draw an edge from each premise to the scheme node",
            ));
        }
    }
    // Cycles through scheme nodes: scheme → scheme edges only (depth-first, iterative).
    let mut state = vec![0u8; nodes.len()];
    for start in 0..nodes.len() {
        if !nodes[start].kind.is_scheme() || state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (k, ref mut next)) = stack.last_mut() {
            let outs = &nodes[k].outs;
            if *next < outs.len() {
                let m = outs[*next];
                *next += 1;
                if !nodes[m].kind.is_scheme() {
                    continue;
                }
                if state[m] == 1 {
                    return Err(shape(
                        format!("{base}.nodes[{}]", nodes[m].at),
                        format!(
                            "scheme node {:?} lies on a cycle of scheme nodes",
                            nodes[m].id
                        ),
                        "a scheme node may attack or support another, but not in a circle",
                    ));
                }
                if state[m] == 0 {
                    state[m] = 1;
                    stack.push((m, 0));
                }
            } else {
                state[k] = 2;
                stack.pop();
            }
        }
    }
    // A claim that is premise and conclusion of one inference.
    for n in nodes.iter().filter(|n| n.kind.is_scheme()) {
        if let Some(&c) = n.outs.iter().find(|&&c| n.ins.contains(&c)) {
            return Err(shape(
                format!("{base}.nodes[{}]", n.at),
                format!(
                    "scheme node {:?} has {:?} as premise and conclusion",
                    n.id, nodes[c].id
                ),
                "a claim cannot be a reason for itself",
            ));
        }
    }
    Ok(())
}

struct Builder<'a> {
    nodes: &'a [Node],
    doc: &'a Map<String, Value>,
    graph: ArgumentGraph,
    statements: HashMap<usize, StatementId>,
    arguments: HashMap<usize, ArgumentId>,
}

impl<'a> Builder<'a> {
    fn new(nodes: &'a [Node], doc: &'a Map<String, Value>) -> Self {
        Builder {
            nodes,
            doc,
            graph: ArgumentGraph::with_capacity(nodes.len(), nodes.len()),
            statements: HashMap::default(),
            arguments: HashMap::default(),
        }
    }

    fn build(mut self) -> Result<ArgumentGraph, AifError> {
        let nodes = self.nodes;
        let speakers = self.speakers();
        let mut titles = Titles::default();
        for (k, n) in nodes.iter().enumerate().filter(|(_, n)| n.kind == Kind::I) {
            let mut data = Map::new();
            let said = self.said(k, &speakers);
            if !said.is_empty() {
                data.insert("said".into(), Value::Array(said));
            }
            let title = titles.for_text(&n.text, "Claim");
            let s = statement(title, &n.text, data, 0);
            // Titles are unique by construction.
            let id = self
                .graph
                .add_statement(s)
                .map_err(|e| shape("$", e.to_string(), "report this as a bug"))?;
            self.statements.insert(k, id);
        }
        // Inferences that are arguments: linked premises, or themselves related; and
        // conflicts that are attacked or supported (an undercut needs an argument to aim at).
        for (k, n) in nodes.iter().enumerate() {
            let premises = n.ins.iter().filter(|&&p| nodes[p].kind == Kind::I).count();
            let targeted = n.ins.iter().any(|&p| nodes[p].kind.is_scheme());
            let related = targeted || n.outs.iter().any(|&c| nodes[c].kind.is_scheme());
            let is_argument = match n.kind {
                Kind::Ra => premises > 1 || related,
                Kind::Ca => targeted,
                _ => false,
            };
            if is_argument {
                // Only an inference concludes; a conflict's target is related below.
                let conclusion = n
                    .outs
                    .iter()
                    .copied()
                    .find(|&c| nodes[c].kind == Kind::I && n.kind == Kind::Ra);
                let about = n.outs.first().map_or("", |&c| nodes[c].text.as_str());
                let head = if n.kind == Kind::Ra {
                    "Argument for"
                } else {
                    "Attack on"
                };
                let title =
                    titles.unique(format!("{head} {}", super::map::title_words(about)).trim_end());
                let mut data = Map::new();
                if n.text != DEFAULT_INFERENCE && n.text != DEFAULT_CONFLICT && !n.text.is_empty() {
                    data.insert("scheme".into(), json!(n.text));
                }
                let a = argument(title, "", data, 0);
                let id = self
                    .graph
                    .add_argument(a)
                    .map_err(|e| shape("$", e.to_string(), "report this as a bug"))?;
                let mut pcs = Vec::new();
                let mut number = 0;
                for &p in n.ins.iter().filter(|&&p| nodes[p].kind == Kind::I) {
                    number += 1;
                    pcs.push(PcsStep::Statement {
                        number,
                        statement: self.statements[&p],
                        role: MemberRole::Premise,
                    });
                }
                if let Some(c) = conclusion {
                    pcs.push(PcsStep::Inference {
                        text: String::new(),
                        data: Map::new(),
                    });
                    number += 1;
                    pcs.push(PcsStep::Statement {
                        number,
                        statement: self.statements[&c],
                        role: MemberRole::MainConclusion,
                    });
                }
                self.graph.set_pcs(id, pcs);
                self.arguments.insert(k, id);
            }
        }
        for (k, n) in nodes.iter().enumerate().filter(|(_, n)| n.kind.is_scheme()) {
            if let Some(&a) = self.arguments.get(&k) {
                // An argument whose target is not a concluded claim relates to it as a whole.
                let concluded =
                    n.kind == Kind::Ra && n.outs.iter().any(|&c| nodes[c].kind == Kind::I);
                let target = n
                    .outs
                    .iter()
                    .copied()
                    .find(|&c| nodes[c].kind == Kind::I || nodes[c].kind.is_scheme());
                if !concluded && let Some(to) = target.and_then(|t| self.element(t)) {
                    let kind = match (n.kind, to) {
                        (Kind::Ra, _) => RelationKind::Support,
                        (_, ElementId::Argument(_)) => RelationKind::Undercut,
                        _ => RelationKind::Attack,
                    };
                    self.graph.add_relation(
                        a.into(),
                        to,
                        Relation {
                            kind,
                            location: None,
                        },
                    );
                }
                continue;
            }
            // Checked: exactly one conclusion.
            let Some(&target) = n
                .outs
                .iter()
                .find(|&&c| nodes[c].kind == Kind::I || nodes[c].kind.is_scheme())
            else {
                continue;
            };
            let Some(to) = self.element(target) else {
                // A scheme aimed at a scheme that is only a relation: support for a support.
                return Err(shape(
                    format!("$.nodes[{}]", n.at),
                    format!(
                        "scheme node {:?} targets scheme node {:?}, which cruxmap cannot relate to",
                        n.id, nodes[target].id
                    ),
                    "aim it at an RA node (an inference), which cruxmap reads as an argument",
                ));
            };
            for &p in n
                .ins
                .iter()
                .filter(|&&p| nodes[p].kind == Kind::I || self.arguments.contains_key(&p))
            {
                let Some(from) = self.element(p) else {
                    continue;
                };
                match n.kind {
                    Kind::Ra | Kind::Ca => {
                        let kind = match (n.kind, to) {
                            (Kind::Ra, _) => RelationKind::Support,
                            (_, ElementId::Argument(_)) => RelationKind::Undercut,
                            _ => RelationKind::Attack,
                        };
                        self.graph.add_relation(
                            from,
                            to,
                            Relation {
                                kind,
                                location: None,
                            },
                        );
                    }
                    Kind::Ma | Kind::Pa => {
                        let key = if n.kind == Kind::Ma {
                            "rephrases"
                        } else {
                            "preferred-over"
                        };
                        let title = self.graph.title(to).to_string();
                        if let ElementId::Statement(s) = from {
                            let data = &mut self.graph.statement_mut(s).data;
                            let list = data.entry(key).or_insert_with(|| Value::Array(Vec::new()));
                            if let Value::Array(v) = list {
                                v.push(Value::String(title));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(self.graph)
    }

    fn element(&self, k: usize) -> Option<ElementId> {
        self.statements
            .get(&k)
            .map(|&s| s.into())
            .or_else(|| self.arguments.get(&k).map(|&a| a.into()))
    }

    /// Speaker names by locution node: from `locutions` and `participants`, else from the
    /// `Name: words` form of the L-node text.
    fn speakers(&self) -> HashMap<String, String> {
        let mut people: HashMap<String, String> = HashMap::default();
        if let Some(Value::Array(ps)) = self.doc.get("participants") {
            for p in ps {
                if let Some(id) = id_of(p.get("participantID")) {
                    let first = p.get("firstname").and_then(Value::as_str).unwrap_or("");
                    let last = p.get("surname").and_then(Value::as_str).unwrap_or("");
                    people.insert(id, format!("{first} {last}").trim().to_string());
                }
            }
        }
        let mut out = HashMap::default();
        if let Some(Value::Array(ls)) = self.doc.get("locutions") {
            for l in ls {
                if let (Some(node), Some(person)) =
                    (id_of(l.get("nodeID")), id_of(l.get("personID")))
                    && let Some(name) = people.get(&person)
                {
                    out.insert(node, name.clone());
                }
            }
        }
        out
    }

    /// What was said of I-node `k`: each locution anchored on it through an illocution.
    fn said(&self, k: usize, speakers: &HashMap<String, String>) -> Vec<Value> {
        let nodes = self.nodes;
        let mut out = Vec::new();
        for &ya in nodes[k].ins.iter().filter(|&&y| nodes[y].kind == Kind::Ya) {
            for &l in nodes[ya].ins.iter().filter(|&&l| nodes[l].kind == Kind::L) {
                let node = &nodes[l];
                let (named, words) = match node.text.split_once(':') {
                    Some((who, words)) if !who.is_empty() && who.len() < 64 => {
                        (Some(who.trim()), words.trim())
                    }
                    _ => (None, node.text.as_str()),
                };
                let speaker = speakers
                    .get(&node.id)
                    .map(String::as_str)
                    .or(named)
                    .unwrap_or("");
                let mut entry = IndexMap::new();
                entry.insert("speaker", json!(speaker));
                entry.insert("text", json!(words));
                if let Some(t) = &node.timestamp {
                    entry.insert("timestamp", json!(t));
                }
                entry.insert("illocution", json!(nodes[ya].text));
                out.push(json!(entry));
            }
        }
        out
    }
}

/// Writes `graph` as AIF JSON (AIFdb's shape, which OVA3 and arguebuf read).
pub fn write(graph: &ArgumentGraph) -> String {
    let mut w = AifWriter::default();
    let mut inode: HashMap<ElementId, String> = HashMap::default();
    let mut by_title: HashMap<&str, String> = HashMap::default();
    for (id, s) in graph.statements() {
        let n = w.node("I", s.text(), None);
        by_title.insert(s.title.as_str(), n.clone());
        inode.insert(id.into(), n);
    }
    // Arguments: a structure is an RA node; one without a structure is a claim of its own.
    let mut ra: HashMap<ElementId, String> = HashMap::default();
    for (id, a) in graph.arguments() {
        match a.conclusion() {
            Some(c) => {
                let scheme = a
                    .data
                    .get("scheme")
                    .and_then(Value::as_str)
                    .unwrap_or(DEFAULT_INFERENCE);
                let r = w.node("RA", scheme, None);
                for p in a.premises() {
                    w.edge(&inode[&p.into()], &r);
                }
                w.edge(&r, &inode[&c.into()]);
                ra.insert(id.into(), r);
            }
            // Premises that attack or support as a whole are sources of that scheme.
            None if a.premises().next().is_some() => {}
            None => {
                let n = w.node("I", a.text(), None);
                inode.insert(id.into(), n);
            }
        }
    }
    // The scheme node through which an argument without a conclusion relates, which an
    // undercut of that argument attacks; such relations go first so that it exists.
    let mut scheme_of: HashMap<ElementId, String> = HashMap::default();
    let concludes = |id: ElementId| match id {
        ElementId::Argument(a) => graph.argument(a).conclusion().is_some(),
        ElementId::Statement(_) => true,
    };
    let mut relations: Vec<_> = graph.relations().collect();
    relations.sort_by_key(|r| concludes(r.from));
    for r in relations {
        let sources: Vec<String> = match r.from {
            ElementId::Argument(a) => {
                let a = graph.argument(a);
                match a.conclusion() {
                    // An argument speaks through its conclusion.
                    Some(c) => vec![inode[&c.into()].clone()],
                    None if a.premises().next().is_some() => {
                        a.premises().map(|p| inode[&p.into()].clone()).collect()
                    }
                    None => inode.get(&r.from).cloned().into_iter().collect(),
                }
            }
            ElementId::Statement(_) => inode.get(&r.from).cloned().into_iter().collect(),
        };
        let Some(to) = ra
            .get(&r.to)
            .or_else(|| scheme_of.get(&r.to))
            .or_else(|| inode.get(&r.to))
            .cloned()
        else {
            continue;
        };
        let (kind, text) = if r.relation.kind.is_positive() {
            ("RA", DEFAULT_INFERENCE)
        } else {
            ("CA", DEFAULT_CONFLICT)
        };
        let s = w.node(kind, text, None);
        for from in &sources {
            w.edge(from, &s);
        }
        w.edge(&s, &to);
        if !concludes(r.from) {
            scheme_of.entry(r.from).or_insert(s);
        }
    }
    for (id, s) in graph.statements() {
        for (key, kind, text) in [
            ("rephrases", "MA", DEFAULT_REPHRASE),
            ("preferred-over", "PA", DEFAULT_PREFERENCE),
        ] {
            let Some(Value::Array(targets)) = s.data.get(key) else {
                continue;
            };
            for t in targets.iter().filter_map(Value::as_str) {
                if let Some(to) = by_title.get(t) {
                    let m = w.node(kind, text, None);
                    w.edge(&inode[&id.into()], &m);
                    w.edge(&m, to);
                }
            }
        }
        if let Some(Value::Array(said)) = s.data.get("said") {
            for entry in said {
                let speaker = entry.get("speaker").and_then(Value::as_str).unwrap_or("");
                let words = entry
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or(s.text());
                let timestamp = entry.get("timestamp").and_then(Value::as_str);
                let illocution = entry
                    .get("illocution")
                    .and_then(Value::as_str)
                    .unwrap_or("Asserting");
                let shown = if speaker.is_empty() {
                    words.to_string()
                } else {
                    format!("{speaker}: {words}")
                };
                let l = w.node("L", &shown, timestamp);
                let person = w.person(speaker);
                w.locutions.push(json!({"nodeID": l, "personID": person}));
                let y = w.node("YA", illocution, None);
                w.edge(&l, &y);
                w.edge(&y, &inode[&id.into()]);
            }
        }
    }
    let participants: Vec<Value> = w
        .people
        .iter()
        .map(|(name, id)| {
            let (first, last) = name.split_once(' ').unwrap_or((name.as_str(), ""));
            json!({"participantID": id, "firstname": first, "surname": last})
        })
        .collect();
    let doc = json!({
        "nodes": w.nodes,
        "edges": w.edges,
        "locutions": w.locutions,
        "participants": participants,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let _ = writeln!(out);
    out
}

#[derive(Default)]
struct AifWriter {
    nodes: Vec<Value>,
    edges: Vec<Value>,
    locutions: Vec<Value>,
    people: IndexMap<String, String>,
    next: usize,
}

impl AifWriter {
    fn node(&mut self, kind: &str, text: &str, timestamp: Option<&str>) -> String {
        self.next += 1;
        let id = self.next.to_string();
        let mut n = json!({"nodeID": id, "text": text, "type": kind});
        if let Some(t) = timestamp {
            n["timestamp"] = json!(t);
        }
        self.nodes.push(n);
        id
    }

    fn edge(&mut self, from: &str, to: &str) {
        let id = (self.edges.len() + 1).to_string();
        self.edges
            .push(json!({"edgeID": id, "fromID": from, "toID": to}));
    }

    fn person(&mut self, name: &str) -> String {
        let next = (self.people.len() + 1).to_string();
        self.people.entry(name.to_string()).or_insert(next).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let e = read(text).unwrap_err();
        format!("{e}")
    }

    #[test]
    fn malformed_aif_names_the_json_path() {
        assert_eq!(
            err(
                r#"{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}], "edges": [{"edgeID": "1", "fromID": "1", "toID": "9"}]}"#
            ),
            "$.edges[0].toID: edge to missing node \"9\""
        );
        assert_eq!(
            err(r#"{"nodes": [{"nodeID": "1", "text": "a", "type": "X"}], "edges": []}"#),
            "$.nodes[0].type: unknown node type \"X\""
        );
        assert_eq!(
            err(
                r#"{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}, {"nodeID": "2", "text": "x", "type": "RA"}], "edges": [{"fromID": "1", "toID": "2"}]}"#
            ),
            "$.nodes[1]: scheme node \"2\" has no conclusion"
        );
        let cycle = r#"{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}, {"nodeID": "2", "type": "RA", "text": ""}, {"nodeID": "3", "type": "CA", "text": ""}],
            "edges": [{"fromID": "1", "toID": "2"}, {"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "2"}, {"fromID": 1, "toID": 3}]}"#;
        assert!(
            err(cycle).contains("cycle of scheme nodes"),
            "{}",
            err(cycle)
        );
        assert!(err("{\"nodes\": [").starts_with("invalid JSON at line 1"));
        assert_eq!(err(r#"{"AIF": {"edges": []}}"#), "$.AIF: no `nodes` list");
    }
}
