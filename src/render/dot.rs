//! DOT output through graphviz-rust: statements as rounded boxes, arguments as filled
//! boxes, relations coloured and shaped by kind, sections as clusters, tags as colours.
//!
//! Owns the mapping from the model to DOT; running Graphviz is the caller's choice.

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::style::{self, Palette};
use super::text::{drop_controls, escape_dot_html, quote_dot, quote_dot_twice, wrap};
use crate::model::*;

/// What to draw and how.
#[derive(Clone, Debug)]
pub struct DotOptions {
    /// Characters per line of wrapped claim text.
    pub wrap_width: usize,
    /// Lines of text at most per node before it is cut with `…`.
    pub max_lines: usize,
    /// Graphviz `rankdir`: `BT` puts conclusions on top, as Argdown does.
    pub rankdir: &'static str,
    /// If set, draw these elements in full and grey the rest (query results in context).
    pub highlight: Option<std::collections::HashSet<ElementId>>,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            wrap_width: 36,
            max_lines: 8,
            rankdir: "BT",
            highlight: None,
        }
    }
}

/// Sections nest as clusters this deep at most; deeper ones draw in their ancestor's.
pub const MAX_CLUSTER_DEPTH: usize = 32;

/// Lines of elements outside a highlight.
const FADED_LINE: &str = "#d0d3d6";

fn faded(options: &DotOptions, element: ElementId) -> bool {
    options
        .highlight
        .as_ref()
        .is_some_and(|h| !h.contains(&element))
}

fn id(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn quoted(s: &str) -> Id {
    Id::Escaped(quote_dot(s))
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(id(key), value)
}

/// The DOT node name of an element: `s1`, `s2`, … for statements, `a1`, … for arguments,
/// numbered in source order.
pub fn node_name(graph: &ArgumentGraph, element: ElementId) -> String {
    let (kind, index) = graph.order_key(element);
    format!("{}{}", if kind == 0 { 's' } else { 'a' }, index + 1)
}

/// An HTML-like label: the title in bold, then the text, wrapped. Control characters are
/// dropped before wrapping, so no line is empty (Graphviz rejects `<B></B>`).
fn html_label(title: Option<&str>, text: &str, options: &DotOptions) -> Id {
    let mut label = String::from("<");
    if let Some(title) = title {
        for (i, line) in wrap(&drop_controls(title), options.wrap_width, 3)
            .iter()
            .enumerate()
        {
            if i > 0 {
                label.push_str("<BR/>");
            }
            label.push_str("<B>");
            label.push_str(&escape_dot_html(line));
            label.push_str("</B>");
        }
    }
    for line in wrap(&drop_controls(text), options.wrap_width, options.max_lines) {
        if label.len() > 1 {
            label.push_str("<BR/>");
        }
        label.push_str(&escape_dot_html(&line));
    }
    if label.len() == 1 {
        label.push(' ');
    }
    label.push('>');
    Id::Html(label)
}

fn element_node(
    graph: &ArgumentGraph,
    element: ElementId,
    palette: &Palette,
    options: &DotOptions,
) -> DotNode {
    let (title, text, is_untitled) = match element {
        ElementId::Statement(s) => {
            let s = graph.statement(s);
            (&s.title, super::text::box_text(s.text()), s.is_untitled)
        }
        ElementId::Argument(a) => {
            let a = graph.argument(a);
            (&a.title, super::text::box_text(a.text()), a.is_untitled)
        }
    };
    let color = palette.color_of(graph, element);
    let mut attributes = vec![
        attr(
            "label",
            html_label((!is_untitled).then_some(title.as_str()), text, options),
        ),
        attr(
            "tooltip",
            Id::Escaped(quote_dot_twice(&format!("{title}: {text}"))),
        ),
    ];
    match element {
        ElementId::Statement(_) => {
            attributes.push(attr("style", quoted("rounded,filled")));
            attributes.push(attr("color", quoted(color)));
            attributes.push(attr("fillcolor", quoted(&style::tint(color))));
            attributes.push(attr("penwidth", id("2")));
        }
        ElementId::Argument(_) => {
            attributes.push(attr("style", quoted("filled")));
            attributes.push(attr("color", quoted(color)));
            attributes.push(attr("fillcolor", quoted(color)));
            attributes.push(attr("fontcolor", quoted(style::text_on(color))));
        }
    }
    if faded(options, element) {
        attributes.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "color" || k == "fillcolor" || k == "fontcolor"));
        attributes.push(attr("color", quoted(FADED_LINE)));
        attributes.push(attr("fillcolor", quoted("#f6f6f6")));
        attributes.push(attr("fontcolor", quoted("#a0a4a8")));
    } else if options.highlight.is_some() {
        attributes.push(attr("penwidth", id("3")));
    }
    DotNode::new(NodeId(id(&node_name(graph, element)), None), attributes)
}

fn edge_attributes(edge: &Edge) -> Option<Vec<Attribute>> {
    let (color, arrowhead, style, extra): (&str, &str, &str, Option<Attribute>) = match edge {
        Edge::Relation(r) => match r.kind {
            RelationKind::Support => (style::SUPPORT, "normal", "solid", None),
            RelationKind::Entails => (style::SUPPORT, "normal", "bold", None),
            RelationKind::Attack => (style::ATTACK, "tee", "solid", None),
            RelationKind::Contrary => (style::ATTACK, "tee", "bold", None),
            RelationKind::Undercut => (style::UNDERCUT, "tee", "dashed", None),
            RelationKind::Contradiction => (
                style::CONTRADICTION,
                "tee",
                "solid",
                Some(attr("dir", id("both"))),
            ),
        },
        Edge::Premise => (style::STRUCTURE, "none", "dotted", None),
        Edge::Conclusion => (style::STRUCTURE, "normal", "dotted", None),
        // Derived relations repeat what premise and conclusion edges already show.
        Edge::Derived(_) => return None,
    };
    let mut attributes = vec![
        attr("color", quoted(color)),
        attr("arrowhead", id(arrowhead)),
        attr("style", id(style)),
        attr("penwidth", id("1.6")),
    ];
    if let Edge::Relation(r) = edge {
        attributes.push(attr("tooltip", quoted(r.kind.argdown_name())));
    }
    attributes.extend(extra);
    if matches!(edge, Edge::Relation(r) if r.kind == RelationKind::Contradiction) {
        attributes.push(attr("arrowtail", id("tee")));
    }
    Some(attributes)
}

/// Builds the graphviz-rust graph of `graph`.
pub fn to_graph(graph: &ArgumentGraph, options: &DotOptions) -> Graph {
    let palette = Palette::new(graph, style::ColorBy::Tag);
    let mut root = vec![
        Stmt::Attribute(attr("rankdir", id(options.rankdir))),
        Stmt::Attribute(attr("fontname", quoted(style::FONT))),
        Stmt::Attribute(attr("nodesep", id("0.3"))),
        Stmt::Attribute(attr("ranksep", id("0.5"))),
        Stmt::Attribute(attr("bgcolor", quoted("white"))),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            attr("shape", id("box")),
            attr("fontname", quoted(style::FONT)),
            attr("fontsize", id("11")),
            attr("margin", quoted("0.15,0.08")),
        ])),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Edge(vec![
            attr("fontname", quoted(style::FONT)),
        ])),
    ];
    // Nodes go into the cluster of their section; clusters nest like headings, down to
    // MAX_CLUSTER_DEPTH, below which sections share the cluster of their ancestor at that
    // depth (DOT indents each level, so deeper nesting grew the output quadratically:
    // 2,000 nested sections gave 28 MB and took 40 s).
    let sections = graph.sections.len();
    // A section's parent comes before it; any other parent makes it a top-level section.
    let parent_of = |s: usize| graph.sections[s].parent.filter(|&p| p < s);
    let mut depth = vec![0usize; sections];
    let mut home: Vec<usize> = (0..sections).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); sections];
    for s in 0..sections {
        if let Some(p) = parent_of(s) {
            depth[s] = depth[p] + 1;
            if depth[s] >= MAX_CLUSTER_DEPTH {
                home[s] = home[p];
            } else {
                children[p].push(s);
            }
        }
    }
    let mut cluster_stmts: Vec<Vec<Stmt>> = vec![Vec::new(); sections];
    let elements = graph
        .statements()
        .map(|(id, _)| ElementId::from(id))
        .chain(graph.arguments().map(|(id, _)| ElementId::from(id)));
    for element in elements {
        let node = Stmt::Node(element_node(graph, element, &palette, options));
        match graph.section(element) {
            Some(s) if s < sections => cluster_stmts[home[s]].push(node),
            _ => root.push(node),
        }
    }
    // Build clusters innermost first: a section's index is always above its parent's.
    let mut built: Vec<Option<Subgraph>> = vec![None; sections];
    for s in (0..sections).rev() {
        if home[s] != s {
            continue;
        }
        let section = &graph.sections[s];
        let mut stmts = vec![
            Stmt::Attribute(attr("label", quoted(&section.title))),
            Stmt::Attribute(attr("style", quoted("rounded,filled"))),
            Stmt::Attribute(attr(
                "fillcolor",
                quoted(style::section_fill(section.level)),
            )),
            Stmt::Attribute(attr("color", quoted("#d0d0d0"))),
            Stmt::Attribute(attr("fontsize", id("13"))),
        ];
        stmts.append(&mut cluster_stmts[s]);
        for &c in &children[s] {
            if let Some(sub) = built[c].take() {
                stmts.push(Stmt::Subgraph(sub));
            }
        }
        built[s] = Some(Subgraph {
            id: id(&format!("cluster_{}", s + 1)),
            stmts,
        });
    }
    for (s, sub) in built.into_iter().enumerate() {
        if let Some(sub) = sub
            && parent_of(s).is_none()
        {
            root.push(Stmt::Subgraph(sub));
        }
    }
    for (from, to, edge) in graph.edges() {
        let Some(mut attributes) = edge_attributes(edge) else {
            continue;
        };
        if faded(options, from) || faded(options, to) {
            attributes.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "color"));
            attributes.push(attr("color", quoted(FADED_LINE)));
        }
        root.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id(&node_name(graph, from)), None)),
                Vertex::N(NodeId(id(&node_name(graph, to)), None)),
            ),
            attributes,
        }));
    }
    Graph::DiGraph {
        id: quoted("argument map"),
        strict: false,
        stmts: root,
    }
}

/// Renders `graph` as DOT text.
pub fn write(graph: &ArgumentGraph, options: &DotOptions) -> String {
    let mut out = to_graph(graph, options).print(&mut PrinterContext::default());
    out.push('\n');
    out
}
