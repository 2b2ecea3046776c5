//! GraphML for graph tools: yEd, Gephi, networkx. Statements and arguments are nodes with
//! title, text, kind, tags and section; relations are edges with their type; each node also
//! carries a yEd `ShapeNode` label, so yEd shows titles without any mapping.
//!
//! Owns the mapping from the model to GraphML; write only.

use std::fmt::Write as _;

use crate::model::{ArgumentGraph, Edge, ElementId};

/// XML-escapes text for an element body or an attribute.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes `graph` as GraphML.
pub fn write(graph: &ArgumentGraph) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xmlns:y=\"http://www.yworks.com/xml/graphml\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n",
        "  <key id=\"title\" for=\"node\" attr.name=\"title\" attr.type=\"string\"/>\n",
        "  <key id=\"text\" for=\"node\" attr.name=\"text\" attr.type=\"string\"/>\n",
        "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key id=\"tags\" for=\"node\" attr.name=\"tags\" attr.type=\"string\"/>\n",
        "  <key id=\"section\" for=\"node\" attr.name=\"section\" attr.type=\"string\"/>\n",
        "  <key id=\"graphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n",
        "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n",
        "  <graph id=\"map\" edgedefault=\"directed\">\n",
    ));
    let mut ids: Vec<(ElementId, String)> = Vec::new();
    for (id, _) in graph.statements() {
        ids.push((id.into(), format!("s{}", ids.len())));
    }
    let statements = ids.len();
    for (id, _) in graph.arguments() {
        ids.push((id.into(), format!("a{}", ids.len() - statements)));
    }
    let key: foldhash::HashMap<ElementId, &str> =
        ids.iter().map(|(e, k)| (*e, k.as_str())).collect();
    for (id, node) in &ids {
        let kind = match id {
            ElementId::Statement(_) => "statement",
            ElementId::Argument(_) => "argument",
        };
        let tags: Vec<&str> = graph.tags(*id).iter().map(String::as_str).collect();
        let section = graph
            .section(*id)
            .map(|s| graph.sections[s].title.as_str())
            .unwrap_or("");
        let title = xml(graph.title(*id));
        let _ = writeln!(out, "    <node id=\"{node}\">");
        let _ = writeln!(out, "      <data key=\"title\">{title}</data>");
        let _ = writeln!(
            out,
            "      <data key=\"text\">{}</data>",
            xml(graph.text(*id))
        );
        let _ = writeln!(out, "      <data key=\"kind\">{kind}</data>");
        let _ = writeln!(
            out,
            "      <data key=\"tags\">{}</data>",
            xml(&tags.join(" "))
        );
        let _ = writeln!(out, "      <data key=\"section\">{}</data>", xml(section));
        let shape = if kind == "argument" {
            "roundrectangle"
        } else {
            "rectangle"
        };
        let _ = writeln!(
            out,
            "      <data key=\"graphics\"><y:ShapeNode><y:Geometry width=\"180\" height=\"60\"/>\
             <y:Shape type=\"{shape}\"/><y:NodeLabel>{title}</y:NodeLabel></y:ShapeNode></data>"
        );
        out.push_str("    </node>\n");
    }
    for (k, (from, to, edge)) in graph.edges().enumerate() {
        let relation = match edge {
            Edge::Relation(r) => r.kind.argdown_name(),
            Edge::Premise => "premise",
            Edge::Conclusion => "conclusion",
            // Implied by the structures; tools recompute nothing, so leave them out.
            Edge::Derived(_) => continue,
        };
        let _ = writeln!(
            out,
            "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\"><data key=\"relation\">{relation}</data></edge>",
            key[&from], key[&to]
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
