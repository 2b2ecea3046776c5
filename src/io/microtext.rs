//! The XML format of the argumentative microtext corpus (Peldszus & Stede 2015, `arggraph.dtd`).
//!
//! A text is split into elementary discourse units (`edu`); argumentative units (`adu`, role
//! `pro` or `opp`) are realised by one or more of them through `seg` edges, possibly via a
//! `joint`. Between units run `sup`/`exa` (support), `reb` (rebut) edges, `und` (undercut:
//! an attack on another edge) and `add` (a further premise joined to another edge).
//!
//! [`read`] parses a file into [`MicroText`]; [`MicroText::structure`] reduces it to the
//! dependency structure that the corpus literature scores (one target per unit);
//! [`write`] writes a structure back in the corpus's own XML.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use thiserror::Error;

/// A corpus file as written: its elements in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MicroText {
    /// The `arggraph` id, e.g. `micro_b001`.
    pub id: String,
    /// The `topic_id` attribute.
    pub topic: Option<String>,
    /// The `stance` attribute (`pro`, `con`, `unclear`).
    pub stance: Option<String>,
    /// Elementary units: id and text, in document order.
    pub edus: Vec<(String, String)>,
    /// The 1-based line and column of each `edu` element.
    pub edu_positions: Vec<(u32, u32)>,
    /// Joint ids.
    pub joints: Vec<String>,
    /// Argumentative units: id and role (`pro` or `opp`; empty when the file has none).
    pub adus: Vec<(String, String)>,
    /// Every `edge` element.
    pub edges: Vec<XmlEdge>,
}

/// One `edge` element.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlEdge {
    /// Its id.
    pub id: String,
    /// The id of its source.
    pub src: String,
    /// The id of its target (an element or another edge).
    pub trg: String,
    /// `seg`, `sup`, `exa`, `add`, `reb` or `und`.
    pub kind: String,
}

/// The function of a unit towards its target, as the corpus literature scores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `sup` or `exa`.
    Support,
    /// `reb`: against the target claim.
    Rebut,
    /// `und`: against the inference from the target to what it supports.
    Undercut,
}

impl Function {
    /// Support or attack, the two-way distinction of the "function" score.
    pub fn is_attack(self) -> bool {
        !matches!(self, Function::Support)
    }
}

/// A microtext reduced to units with one outgoing relation each: the dependency tree that
/// central claim, role, function and attachment are scored on.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The ADU ids in the file's order.
    pub ids: Vec<String>,
    /// Each unit's text: its EDUs joined by spaces.
    pub texts: Vec<String>,
    /// Each unit's EDU ids.
    pub edus: Vec<Vec<String>>,
    /// `true` for the opponent role.
    pub opponent: Vec<bool>,
    /// Each unit's target unit and function; `None` for the central claim.
    pub target: Vec<Option<(usize, Function)>>,
}

impl Structure {
    /// The index of the central claim: the first unit without a target.
    pub fn central_claim(&self) -> Option<usize> {
        self.target.iter().position(Option::is_none)
    }

    /// The number of units.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// A problem in a microtext file, at a 1-based line and column.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{line}:{column}: {message}")]
pub struct MicrotextError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: &'static str,
}

const HINT: &str = "the file should follow arggraph.dtd of the microtext corpus";

fn fail(doc: &roxmltree::Document, at: usize, message: impl Into<String>) -> MicrotextError {
    let pos = doc.text_pos_at(at);
    MicrotextError {
        line: pos.row,
        column: pos.col,
        message: message.into(),
        hint: HINT,
    }
}

/// Whether `text` looks like a microtext file rather than Argdown.
pub fn is_microtext(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<?xml") || head.starts_with("<arggraph")
}

/// Where a `<!DOCTYPE …>` declaration opens an internal subset (`[`), if it does. The
/// corpus files need no DTD; an internal subset can declare entities that expand a few KB
/// into gigabytes, so it is refused. A DOCTYPE naming an external DTD is harmless: it is
/// never fetched.
fn internal_subset(text: &str) -> Option<usize> {
    let start = text.find("<!DOCTYPE")?;
    let mut quote = None;
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => return Some(start + i),
            (None, '>') => return None,
            _ => {}
        }
    }
    None
}

/// 1-based line and column (in characters) of byte `at` of `text`, counted from `from`,
/// which is at `start`: positions asked in increasing order cost O(text) in all.
fn advance_position(text: &str, from: usize, start: (u32, u32), at: usize) -> (u32, u32) {
    let (mut row, mut col) = start;
    for c in text[from..at].chars() {
        if c == '\n' {
            row += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (row, col)
}

/// Parses a microtext XML file.
///
/// # Complexity
/// Linear in the file; a DTD internal subset (entity declarations) is refused.
pub fn read(text: &str) -> Result<MicroText, MicrotextError> {
    if let Some(at) = internal_subset(text) {
        let (line, column) = advance_position(text, 0, (1, 1), at);
        return Err(MicrotextError {
            line,
            column,
            message: "the file declares a DTD internal subset (entities), which cruxmap \
                      does not read"
                .into(),
            hint: "remove the `[...]` part of <!DOCTYPE ...>; microtext files need no DTD",
        });
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|err| {
        let pos = err.pos();
        MicrotextError {
            line: pos.row,
            column: pos.col,
            message: format!("not well-formed XML: {err}"),
            hint: HINT,
        }
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "arggraph" {
        return Err(fail(
            &doc,
            root.range().start,
            format!(
                "the root element is <{}>, not <arggraph>",
                root.tag_name().name()
            ),
        ));
    }
    let mut out = MicroText {
        id: root.attribute("id").unwrap_or_default().to_string(),
        topic: root.attribute("topic_id").map(str::to_string),
        stance: root.attribute("stance").map(str::to_string),
        ..Default::default()
    };
    let required = |node: roxmltree::Node, name: &str| {
        node.attribute(name).map(str::to_string).ok_or_else(|| {
            fail(
                &doc,
                node.range().start,
                format!("<{}> has no `{name}` attribute", node.tag_name().name()),
            )
        })
    };
    let mut ids = std::collections::HashSet::new();
    // `doc.text_pos_at` counts from the start of the file each time: quadratic over units.
    let mut last = (0usize, (1u32, 1u32));
    for node in root.children().filter(roxmltree::Node::is_element) {
        let id = required(node, "id")?;
        if !ids.insert(id.clone()) {
            return Err(fail(
                &doc,
                node.range().start,
                format!("duplicate id `{id}`"),
            ));
        }
        match node.tag_name().name() {
            "edu" => {
                let text: String = node
                    .descendants()
                    .filter(roxmltree::Node::is_text)
                    .filter_map(|n| n.text())
                    .collect();
                let at = node.range().start;
                let pos = advance_position(doc.input_text(), last.0, last.1, at);
                last = (at, pos);
                out.edus.push((id, text));
                out.edu_positions.push(pos);
            }
            "joint" => out.joints.push(id),
            "adu" => {
                let role = node.attribute("type").unwrap_or_default();
                if !matches!(role, "pro" | "opp" | "") {
                    return Err(fail(
                        &doc,
                        node.range().start,
                        format!("unit `{id}` has role `{role}`; the roles are `pro` and `opp`"),
                    ));
                }
                out.adus.push((id, role.to_string()));
            }
            "edge" => {
                let kind = required(node, "type")?;
                if !matches!(kind.as_str(), "seg" | "sup" | "exa" | "add" | "reb" | "und") {
                    return Err(fail(
                        &doc,
                        node.range().start,
                        format!(
                            "edge `{id}` has type `{kind}`; the types are seg, sup, exa, add, reb, und"
                        ),
                    ));
                }
                out.edges.push(XmlEdge {
                    id,
                    src: required(node, "src")?,
                    trg: required(node, "trg")?,
                    kind,
                });
            }
            other => {
                return Err(fail(
                    &doc,
                    node.range().start,
                    format!("unexpected element <{other}> in <arggraph>"),
                ));
            }
        }
    }
    for edge in &out.edges {
        for end in [&edge.src, &edge.trg] {
            if !ids.contains(end) {
                let at = root
                    .children()
                    .find(|n| n.attribute("id") == Some(edge.id.as_str()))
                    .map_or(0, |n| n.range().start);
                return Err(fail(
                    &doc,
                    at,
                    format!(
                        "edge `{}` refers to `{end}`, which is not in the file",
                        edge.id
                    ),
                ));
            }
        }
    }
    if out.edus.is_empty() {
        return Err(fail(
            &doc,
            root.range().start,
            "the file has no <edu> units",
        ));
    }
    Ok(out)
}

/// A structural problem: the file is well-formed XML but not a microtext argument tree.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{0}")]
pub struct StructureError(pub String);

impl MicroText {
    /// The EDU ids that realise each ADU, in text order (through joints where present).
    ///
    /// # Complexity
    /// O(edges + units), with hash lookups.
    fn segments(&self) -> Vec<Vec<String>> {
        let mut seg: HashMap<&str, Vec<&str>> = HashMap::new();
        for e in self.edges.iter().filter(|e| e.kind == "seg") {
            seg.entry(e.trg.as_str()).or_default().push(e.src.as_str());
        }
        let joints: HashSet<&str> = self.joints.iter().map(String::as_str).collect();
        let order: HashMap<&str, usize> = self
            .edus
            .iter()
            .enumerate()
            .map(|(i, (e, _))| (e.as_str(), i))
            .collect();
        let none = Vec::new();
        self.adus
            .iter()
            .map(|(adu, _)| {
                let mut edus: Vec<String> = Vec::new();
                for &src in seg.get(adu.as_str()).unwrap_or(&none) {
                    if joints.contains(src) {
                        let inner = seg.get(src).unwrap_or(&none);
                        edus.extend(inner.iter().map(|e| e.to_string()));
                    } else {
                        edus.push(src.to_string());
                    }
                }
                edus.sort_by_key(|e| order.get(e.as_str()).copied());
                edus.dedup();
                edus
            })
            .collect()
    }

    /// Reduces the graph to one target per unit, the way the corpus literature scores it
    /// (Peldszus & Stede's evidence-graph evaluation): a support or rebut points at its
    /// target unit; an undercut, aimed at an edge, points at that edge's source; an
    /// additional premise (`add`) supports its co-premise. Fails when a unit has two outgoing relations or none of the units is
    /// a central claim.
    ///
    /// # Complexity
    /// O(edges + units): each id is resolved to a unit once (the walk from an edge to its
    /// source was repeated per relation, cubic on a long chain of edges).
    pub fn structure(&self) -> Result<Structure, StructureError> {
        let adu_index: HashMap<&str, usize> = self
            .adus
            .iter()
            .enumerate()
            .map(|(i, (a, _))| (a.as_str(), i))
            .collect();
        let index = |id: &str| adu_index.get(id).copied();
        let edge_by_id: HashMap<&str, &XmlEdge> =
            self.edges.iter().map(|e| (e.id.as_str(), e)).collect();
        let edge = |id: &str| edge_by_id.get(id).copied();
        // The unit each id resolves to, filled in for every id on each walk.
        let mut resolved_ids: HashMap<&str, usize> = HashMap::new();
        let n = self.adus.len();
        let mut target: Vec<Option<(usize, Function)>> = vec![None; n];
        for e in self.edges.iter().filter(|e| e.kind != "seg") {
            let Some(src) = index(&e.src) else {
                return Err(StructureError(format!(
                    "relation `{}` starts at `{}`, which is not an <adu>",
                    e.id, e.src
                )));
            };
            // A relation aimed at an edge attaches to that edge's (first) source: an
            // undercut to the premise whose inference it attacks, an additional premise
            // (`add`) to its co-premise, which it supports jointly.
            // An undercut attacks an inference, so it aims at an edge; aimed at a unit it
            // has no reading as an undercut (and was written back as a rebuttal).
            if e.kind == "und" && index(&e.trg).is_some() {
                return Err(StructureError(format!(
                    "undercut `{}` points at the unit `{}`; an undercut attacks a relation (an \
                     edge)",
                    e.id, e.trg
                )));
            }
            let mut trg = e.trg.as_str();
            let mut steps = 0;
            let mut walked: Vec<&str> = Vec::new();
            let resolved = loop {
                if let Some(t) = index(trg).or_else(|| resolved_ids.get(trg).copied()) {
                    break t;
                }
                steps += 1;
                let on = edge(trg).filter(|_| steps <= self.edges.len());
                let Some(on) = on else {
                    return Err(StructureError(format!(
                        "relation `{}` points at `{trg}`, which is neither a unit nor an edge",
                        e.id
                    )));
                };
                // Only a relation can be undercut or joined; a `seg` edge only says which text
                // a unit is made of.
                if on.kind == "seg" {
                    return Err(StructureError(format!(
                        "relation `{}` points at `{trg}`, a `seg` edge, not a relation",
                        e.id
                    )));
                }
                walked.push(trg);
                trg = on.src.as_str();
            };
            for id in walked {
                resolved_ids.insert(id, resolved);
            }
            // A unit cannot support or attack itself (an edge aimed at itself resolves to its
            // own source); such a tree has no reading, and writing it back changed it.
            if resolved == src {
                return Err(StructureError(format!(
                    "relation `{}` makes unit `{}` point at itself",
                    e.id, e.src
                )));
            }
            let function = match e.kind.as_str() {
                "reb" => Function::Rebut,
                "und" => Function::Undercut,
                _ => Function::Support,
            };
            if target[src].is_some() {
                return Err(StructureError(format!(
                    "unit `{}` has two outgoing relations",
                    e.src
                )));
            }
            target[src] = Some((resolved, function));
        }
        if n == 0 {
            return Err(StructureError(
                "the file has no <adu> units, so no argument structure".into(),
            ));
        }
        if target.iter().all(Option::is_some) {
            return Err(StructureError("no unit is the central claim".into()));
        }
        let edus = self.segments();
        if let Some(k) = edus.iter().position(Vec::is_empty) {
            return Err(StructureError(format!(
                "unit `{}` has no text: no `seg` edge links an <edu> to it",
                self.adus[k].0
            )));
        }
        Ok(Structure {
            ids: self.adus.iter().map(|(a, _)| a.clone()).collect(),
            texts: self.unit_texts(&edus),
            edus,
            opponent: self.adus.iter().map(|(_, r)| r == "opp").collect(),
            target,
        })
    }

    /// The units of a segments-only file: one unit per ADU (joined EDUs) when the file
    /// has ADUs, else one per EDU. Roles and relations, if present, are ignored.
    pub fn units(&self) -> (Vec<String>, Vec<Vec<String>>) {
        if self.adus.is_empty() {
            let ids = (1..=self.edus.len()).map(|i| format!("a{i}")).collect();
            return (
                ids,
                self.edus.iter().map(|(e, _)| vec![e.clone()]).collect(),
            );
        }
        (
            self.adus.iter().map(|(a, _)| a.clone()).collect(),
            self.segments(),
        )
    }

    /// The text of each unit made of the EDUs `units[k]`, as [`MicroText::unit_text`], with
    /// one index of the EDUs for all (`unit_text` looks each EDU up from the start).
    pub fn unit_texts(&self, units: &[Vec<String>]) -> Vec<String> {
        let texts: HashMap<&str, &str> = self
            .edus
            .iter()
            .rev() // the first EDU of an id wins, as in `edu_text`
            .map(|(e, t)| (e.as_str(), t.as_str()))
            .collect();
        units
            .iter()
            .map(|edus| {
                edus.iter()
                    .flat_map(|e| {
                        texts
                            .get(e.as_str())
                            .copied()
                            .unwrap_or("")
                            .split_whitespace()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of a unit made of the EDUs `edus`: their texts joined, white space collapsed.
    pub fn unit_text(&self, edus: &[String]) -> String {
        edus.iter()
            .flat_map(|e| self.edu_text(e).split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The text of the EDU `id`.
    pub fn edu_text(&self, id: &str) -> &str {
        self.edus
            .iter()
            .find(|(e, _)| e == id)
            .map_or("", |(_, t)| t.as_str())
    }
}

/// Writes `structure` as a corpus file named `id` with the EDUs `edus` (id, text).
///
/// Undercuts are written as `und` edges on the relation leaving their target unit (as a
/// `reb` on that unit when it is the central claim, which has no relation to undercut).
/// Control characters that XML forbids are dropped from the text.
pub fn write(id: &str, edus: &[(String, String)], structure: &Structure) -> String {
    let mut out = String::from("<?xml version='1.0' encoding='UTF-8'?>\n");
    let _ = writeln!(out, "<arggraph id=\"{}\">", attr(id));
    for (eid, text) in edus {
        let _ = writeln!(
            out,
            "  <edu id=\"{}\">{}</edu>",
            attr(eid),
            cdata(&xml_chars(text))
        );
    }
    for (i, aid) in structure.ids.iter().enumerate() {
        let role = if structure.opponent[i] { "opp" } else { "pro" };
        let _ = writeln!(out, "  <adu id=\"{}\" type=\"{role}\"/>", attr(aid));
    }
    // Edge ids `c1`, `c2`… skipping any id the units already use.
    let taken: std::collections::HashSet<&str> = edus
        .iter()
        .map(|(e, _)| e.as_str())
        .chain(structure.ids.iter().map(String::as_str))
        .collect();
    let mut next = structure.ids.len() + 1;
    let mut edge = |out: &mut String, src: &str, trg: &str, kind: &str| {
        let mut eid = format!("c{next}");
        while taken.contains(eid.as_str()) {
            next += 1;
            eid = format!("c{next}");
        }
        next += 1;
        let _ = writeln!(
            out,
            "  <edge id=\"{eid}\" src=\"{}\" trg=\"{}\" type=\"{kind}\"/>",
            attr(src),
            attr(trg)
        );
        eid
    };
    for (i, eids) in structure.edus.iter().enumerate() {
        for e in eids {
            edge(&mut out, e, &structure.ids[i], "seg");
        }
    }
    // Support and rebut edges first, so undercuts can name the edge they attack.
    let mut relation_of: Vec<Option<String>> = vec![None; structure.len()];
    for (i, t) in structure.target.iter().enumerate() {
        if let Some((j, f)) = *t
            && f != Function::Undercut
        {
            let kind = if f == Function::Support { "sup" } else { "reb" };
            relation_of[i] = Some(edge(&mut out, &structure.ids[i], &structure.ids[j], kind));
        }
    }
    // Undercuts of undercuts need the edge they attack first: write them in waves.
    let mut pending: Vec<(usize, usize)> = structure
        .target
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match *t {
            Some((j, Function::Undercut)) => Some((i, j)),
            _ => None,
        })
        .collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut waiting = Vec::new();
        for (i, j) in pending {
            if relation_of[j].is_none() && structure.target[j].is_some() {
                waiting.push((i, j));
                continue;
            }
            relation_of[i] = Some(match relation_of[j].clone() {
                Some(trg) => edge(&mut out, &structure.ids[i], &trg, "und"),
                None => edge(&mut out, &structure.ids[i], &structure.ids[j], "reb"),
            });
        }
        if waiting.len() == before {
            // Undercuts that only wait on each other (not a tree): write them as rebuttals.
            for (i, j) in waiting.drain(..) {
                relation_of[i] = Some(edge(&mut out, &structure.ids[i], &structure.ids[j], "reb"));
            }
        }
        pending = waiting;
    }
    out.push_str("</arggraph>\n");
    out
}

/// `s` without the control characters XML 1.0 forbids.
fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn attr(s: &str) -> String {
    let s = xml_chars(s);
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text as CDATA, split where the text itself contains `]]>`.
fn cdata(s: &str) -> String {
    format!("<![CDATA[{}]]>", s.replace("]]>", "]]]]><![CDATA[>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edu_positions_are_those_roxmltree_reports() {
        let text = "<?xml version='1.0'?>\n<arggraph id=\"x\">\n  <edu id=\"e1\">Ünïcode ✓</edu>\
                    <edu id=\"e2\">b</edu>\n\n    <edu id=\"e3\">c</edu>\n</arggraph>\n";
        let file = read(text).unwrap();
        let doc = roxmltree::Document::parse(text).unwrap();
        let expected: Vec<(u32, u32)> = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("edu"))
            .map(|n| doc.text_pos_at(n.range().start))
            .map(|p| (p.row, p.col))
            .collect();
        assert_eq!(file.edu_positions, expected);
    }

    #[test]
    fn a_dtd_internal_subset_is_refused_and_an_external_dtd_is_not() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE arggraph [\n<!ENTITY a \"aaaa\">\n]>\n\
                    <arggraph id=\"x\"><edu id=\"e1\">&a;</edu></arggraph>\n";
        let err = read(bomb).unwrap_err();
        assert_eq!((err.line, err.column), (2, 20));
        assert!(err.message.contains("internal subset"), "{err}");
        let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE arggraph SYSTEM \"arg[graph].dtd\">\n\
                        <arggraph id=\"x\"><edu id=\"e1\">a</edu></arggraph>\n";
        assert_eq!(read(external).unwrap().edus.len(), 1);
    }
}
