//! SVG output with the built-in layered layout: boxes sized to their wrapped text with the
//! metrics of the font the SVG names, relations styled by kind with a legend, sections as
//! shaded bands, colours by tag. Claim text is always escaped; output is deterministic.
//!
//! Owns the mapping from the argument graph to drawing primitives; no file access.

use std::fmt::Write as _;

use super::layout::{self, EdgePath, LayoutEdge, LayoutInput, LayoutNode, LayoutOptions, Rect};
use super::metrics::{advance, text_width};
use super::style::{self, ColorBy, Palette};
use super::text::escape_xml;
use crate::diff::Change;
use crate::model::*;

/// Font family named in the SVG; box sizes are measured with Liberation Sans, which is
/// metric-compatible with Arial and Helvetica.
pub const FONT_FAMILY: &str = "Liberation Sans, Arial, Helvetica, sans-serif";
const TITLE_SIZE: f64 = 13.0;
const TEXT_SIZE: f64 = 12.0;
const TITLE_LINE: f64 = 16.0;
const TEXT_LINE: f64 = 15.0;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 8.0;
const MARGIN: f64 = 20.0;

/// Which way relations point on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Conclusions on top, reasons below (Argdown's default).
    #[default]
    BottomToTop,
    /// Reasons on top, conclusions below.
    TopToBottom,
}

/// What to draw and how.
#[derive(Clone, Debug)]
pub struct SvgOptions {
    /// Which way relations point.
    pub direction: Direction,
    /// Widest line of text in a box, in pixels.
    pub max_text_width: f64,
    /// Lines of claim text at most before it is cut with `…`.
    pub max_lines: usize,
    /// Draw the legend.
    pub legend: bool,
    /// What decides box colours.
    pub color_by: ColorBy,
    /// What each box shows.
    pub labels: LabelMode,
    /// Draw only elements with one of these tags or in one of these sections (or their
    /// subsections); everything when empty.
    pub select: Vec<Selector>,
    /// Leave out untitled statements.
    pub hide_untitled: bool,
    /// Layout spacing.
    pub layout: LayoutOptions,
    /// If set, draw these elements in full and fade the rest (query results in context).
    pub highlight: Option<std::collections::HashSet<ElementId>>,
    /// If set, colour the marked elements and relations as a diff (added green, removed
    /// red, changed amber) and fade the rest.
    pub marks: Option<Marks>,
    /// Mark boxes, relations and section bands with `data-` attributes naming the claims
    /// and sections they draw (for the interactive HTML map).
    pub ids: bool,
}

/// Changes to colour in a drawn diff.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    /// Changed elements.
    pub elements: std::collections::HashMap<ElementId, Change>,
    /// Changed relations, by their two ends.
    pub relations: std::collections::HashMap<(ElementId, ElementId), Change>,
}

fn change_color(change: Change) -> &'static str {
    match change {
        Change::Added => "#1a7f37",
        Change::Removed => "#cf222e",
        Change::Changed => "#bf8700",
    }
}

/// What a box shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelMode {
    /// Title in bold, then the text.
    #[default]
    Both,
    /// The title only (the text where there is no title).
    Title,
    /// The text only (the title where there is no text).
    Text,
}

/// A filter of what to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// Elements with this tag.
    Tag(String),
    /// Elements in the section with this title, or in its subsections.
    Section(String),
}

impl Selector {
    fn matches(&self, graph: &ArgumentGraph, element: ElementId) -> bool {
        match self {
            Selector::Tag(tag) => graph.tags(element).contains(tag),
            Selector::Section(title) => graph
                .section_ancestry(graph.section(element))
                .iter()
                .any(|&s| &graph.sections[s].title == title),
        }
    }
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            direction: Direction::BottomToTop,
            max_text_width: 220.0,
            max_lines: 10,
            legend: true,
            color_by: ColorBy::Tag,
            labels: LabelMode::Both,
            select: Vec::new(),
            hide_untitled: false,
            layout: LayoutOptions::default(),
            highlight: None,
            marks: None,
            ids: false,
        }
    }
}

/// Greedy word wrap by measured width; a word wider than a line is split by characters.
///
/// # Complexity
/// Linear in the text: widths are summed as the line grows, never re-measured (zero-width
/// characters made the old re-measuring quadratic: 200 KB of them took 20 s).
fn wrap_measured(text: &str, max: f64, size: f64, bold: bool, max_lines: usize) -> Vec<String> {
    let size = size as f32;
    let max = max as f32;
    let space = advance(' ', bold);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // The sum of the advances of `line`, in the order `text_width` adds them, so the
    // breaks are exactly those of measuring each candidate line.
    let mut units = 0.0f32;
    for word in text.split_whitespace() {
        let mut candidate = if line.is_empty() { 0.0 } else { units + space };
        for c in word.chars() {
            candidate += advance(c, bold);
        }
        if candidate * size <= max {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            units = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone may still be too wide: split it.
        units = 0.0;
        let mut chars_in_line = 0usize;
        for c in word.chars() {
            line.push(c);
            units += advance(c, bold);
            chars_in_line += 1;
            if units * size > max && chars_in_line > 1 {
                let last = line.pop().unwrap_or(' ');
                lines.push(std::mem::take(&mut line));
                line.push(last);
                units = advance(last, bold);
                chars_in_line = 1;
            }
        }
        if lines.len() > max_lines {
            break;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, max, size, bold);
        }
    }
    lines
}

/// The longest start of `text` that fits `max` px with `…` after it, then `…`.
///
/// # Complexity
/// Linear in `text`.
fn with_ellipsis(text: &str, max: f32, size: f32, bold: bool) -> String {
    let ellipsis = advance('…', bold);
    let mut units = 0.0f32;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        units += advance(c, bold);
        if (units + ellipsis) * size > max {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", &text[..end])
}

/// The text of one box.
struct Label {
    title: Vec<String>,
    text: Vec<String>,
}

fn label(graph: &ArgumentGraph, id: ElementId, options: &SvgOptions) -> Label {
    let (title, text, untitled) = match id {
        ElementId::Statement(s) => {
            let s = graph.statement(s);
            (
                s.title.as_str(),
                super::text::box_text(s.text()),
                s.is_untitled,
            )
        }
        ElementId::Argument(a) => {
            let a = graph.argument(a);
            (
                a.title.as_str(),
                super::text::box_text(a.text()),
                a.is_untitled,
            )
        }
    };
    let max = options.max_text_width;
    let show_title = !untitled && (options.labels != LabelMode::Text || text.is_empty());
    let show_text = options.labels != LabelMode::Title || untitled;
    Label {
        title: if show_title {
            wrap_measured(title, max, TITLE_SIZE, true, 3)
        } else {
            Vec::new()
        },
        text: if show_text {
            wrap_measured(text, max, TEXT_SIZE, false, options.max_lines)
        } else {
            Vec::new()
        },
    }
}

fn box_size(label: &Label) -> (f64, f64) {
    let widest = label
        .title
        .iter()
        .map(|l| text_width(l, TITLE_SIZE as f32, true))
        .chain(
            label
                .text
                .iter()
                .map(|l| text_width(l, TEXT_SIZE as f32, false)),
        )
        .fold(40.0f32, f32::max) as f64;
    let lines = label.title.len() as f64 * TITLE_LINE + label.text.len() as f64 * TEXT_LINE;
    (
        widest.ceil() + 2.0 * PAD_X,
        lines.max(TEXT_LINE) + 2.0 * PAD_Y,
    )
}

/// A drawn edge: its kind decides colour, dash and arrowhead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stroke {
    Relation(RelationKind),
    Premise,
    Conclusion,
}

impl Stroke {
    fn color(self) -> &'static str {
        match self {
            Stroke::Relation(RelationKind::Support | RelationKind::Entails) => style::SUPPORT,
            Stroke::Relation(RelationKind::Attack | RelationKind::Contrary) => style::ATTACK,
            Stroke::Relation(RelationKind::Undercut) => style::UNDERCUT,
            Stroke::Relation(RelationKind::Contradiction) => style::CONTRADICTION,
            Stroke::Premise | Stroke::Conclusion => style::STRUCTURE,
        }
    }

    fn marker(self) -> Option<&'static str> {
        match self {
            Stroke::Relation(RelationKind::Support | RelationKind::Entails) => Some("support"),
            Stroke::Relation(RelationKind::Attack | RelationKind::Contrary) => Some("attack"),
            Stroke::Relation(RelationKind::Undercut) => Some("undercut"),
            Stroke::Relation(RelationKind::Contradiction) => Some("contradiction"),
            Stroke::Conclusion => Some("structure"),
            Stroke::Premise => None,
        }
    }

    fn attributes(self) -> &'static str {
        match self {
            Stroke::Relation(RelationKind::Entails | RelationKind::Contrary) => {
                r#" stroke-width="2.6""#
            }
            Stroke::Relation(RelationKind::Undercut) => {
                r#" stroke-width="1.8" stroke-dasharray="6 4""#
            }
            Stroke::Premise | Stroke::Conclusion => r#" stroke-width="1.3" stroke-dasharray="2 3""#,
            Stroke::Relation(_) => r#" stroke-width="1.8""#,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Stroke::Relation(kind) => kind.argdown_name(),
            Stroke::Premise => "premise",
            Stroke::Conclusion => "conclusion",
        }
    }
}

/// What the SVG writer lays out: the elements in order, their labels, the drawn edges and
/// the layout input built from them.
struct Prepared {
    elements: Vec<ElementId>,
    labels: Vec<Label>,
    strokes: Vec<Stroke>,
    /// The two elements of each stroke, in the graph's own direction.
    ends: Vec<(ElementId, ElementId)>,
    input: LayoutInput,
}

fn prepare(graph: &ArgumentGraph, options: &SvgOptions) -> Prepared {
    let shown = |e: &ElementId| {
        let untitled = matches!(e, ElementId::Statement(s) if graph.statement(*s).is_untitled);
        !(options.hide_untitled && untitled)
            && (options.select.is_empty() || options.select.iter().any(|s| s.matches(graph, *e)))
    };
    let elements: Vec<ElementId> = graph
        .statements()
        .map(|(id, _)| ElementId::from(id))
        .chain(graph.arguments().map(|(id, _)| ElementId::from(id)))
        .filter(shown)
        .collect();
    let index: std::collections::HashMap<ElementId, usize> =
        elements.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let labels: Vec<Label> = elements.iter().map(|&e| label(graph, e, options)).collect();
    let mut input = LayoutInput {
        nodes: labels
            .iter()
            .zip(&elements)
            .map(|(l, &e)| {
                let (width, height) = box_size(l);
                LayoutNode {
                    width,
                    height,
                    cluster: graph.section(e).filter(|&s| s < graph.sections.len()),
                }
            })
            .collect(),
        edges: Vec::new(),
        cluster_parent: graph
            .sections
            .iter()
            .map(|s| s.parent.filter(|&p| p < graph.sections.len()))
            .collect(),
    };
    // Every drawn edge, in the graph's own direction.
    let mut strokes = Vec::new();
    let mut ends = Vec::new();
    for (from, to, edge) in graph.edges() {
        let stroke = match edge {
            Edge::Relation(r) => Stroke::Relation(r.kind),
            Edge::Premise => Stroke::Premise,
            Edge::Conclusion => Stroke::Conclusion,
            Edge::Derived(_) => continue,
        };
        // Edges to elements left out are left out too.
        let (Some(&a), Some(&b)) = (index.get(&from), index.get(&to)) else {
            continue;
        };
        // The layout wants the upper end first.
        let (upper, lower) = match options.direction {
            Direction::BottomToTop => (b, a),
            Direction::TopToBottom => (a, b),
        };
        input.edges.push(LayoutEdge {
            from: upper,
            to: lower,
        });
        strokes.push(stroke);
        ends.push((from, to));
    }
    Prepared {
        elements,
        labels,
        strokes,
        ends,
        input,
    }
}

/// The boxes (sized to their text) and edges the SVG writer would lay out, for measuring
/// layouts (`cruxmap bench layout`).
pub fn layout_input(graph: &ArgumentGraph, options: &SvgOptions) -> LayoutInput {
    prepare(graph, options).input
}

/// Where each box was drawn, by its Argdown name (`[Title]`, `<Title>`): centre x, centre
/// y, width and height, in the frame of the layout that seeded it (the first layout's
/// frame, kept across edits), so that the next drawing can be seeded with it.
pub type Positions = indexmap::IndexMap<String, [f64; 4]>;

/// Lays out `input` (seeded with `seed`) and reads off each element's position.
fn place(
    graph: &ArgumentGraph,
    elements: &[ElementId],
    input: &LayoutInput,
    options: &SvgOptions,
    seed: Option<&Positions>,
) -> (layout::Layout, Positions) {
    let names: Vec<String> = elements.iter().map(|&e| element_name(graph, e)).collect();
    let old: Vec<Option<(f64, f64)>> = match seed {
        Some(seed) => names
            .iter()
            .map(|n| seed.get(n).map(|p| (p[0], p[1])))
            .collect(),
        None => Vec::new(),
    };
    let placed = layout::layout_seeded(input, &options.layout, &old);
    let (ox, oy) = placed.origin;
    let positions: Positions = names
        .into_iter()
        .zip(&placed.nodes)
        .map(|(name, r)| {
            let p = [
                r.x + r.width / 2.0 + ox,
                r.y + r.height / 2.0 + oy,
                r.width,
                r.height,
            ];
            (name, p.map(|v| (v * 10.0).round() / 10.0))
        })
        .collect();
    (placed, positions)
}

/// The layout the SVG writer would draw (seeded with `seed`), with its input and the
/// boxes' positions, for measuring layouts (`cruxmap bench stability`).
pub fn placed(
    graph: &ArgumentGraph,
    options: &SvgOptions,
    seed: Option<&Positions>,
) -> (LayoutInput, layout::Layout, Positions) {
    let prepared = prepare(graph, options);
    let (layout, positions) = place(graph, &prepared.elements, &prepared.input, options, seed);
    (prepared.input, layout, positions)
}

/// Renders `graph` as a standalone SVG document.
pub fn write(graph: &ArgumentGraph, options: &SvgOptions) -> String {
    write_seeded(graph, options, None).0
}

/// Renders `graph` like [`write`], with boxes kept where `seed` (the previous drawing's
/// [`Positions`]) had them as far as the edit allows; returns the SVG and the new positions.
pub fn write_seeded(
    graph: &ArgumentGraph,
    options: &SvgOptions,
    seed: Option<&Positions>,
) -> (String, Positions) {
    let palette = Palette::new(graph, options.color_by);
    let Prepared {
        elements,
        labels,
        strokes,
        ends,
        input,
    } = prepare(graph, options);
    let (placed, positions) = place(graph, &elements, &input, options, seed);
    let (ox, oy) = placed.origin;

    let legend_keys = palette.keys_of(graph, &elements);
    let legend_height = if options.legend {
        legend_height(legend_keys.len())
            + if options.marks.is_some() {
                LEGEND_ROW
            } else {
                0.0
            }
    } else {
        0.0
    };
    let width = (placed.width + 2.0 * MARGIN).max(if options.legend { 520.0 } else { 0.0 });
    let height = placed.height + 2.0 * MARGIN + legend_height;
    let mut out = String::with_capacity(1024 + elements.len() * 600);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="{FONT_FAMILY}"{o}>"#,
        w = width.ceil(),
        h = height.ceil(),
        // Where the drawing sits in the frame of the layout that seeded it, so the live
        // preview can keep unchanged boxes still on screen.
        o = if options.ids {
            format!(r#" data-origin="{ox:.1} {oy:.1}""#)
        } else {
            String::new()
        }
    );
    out.push('\n');
    let title = graph
        .front_matter
        .get("title")
        .and_then(|t| t.as_str())
        .or(graph.source_name.as_deref())
        .unwrap_or("argument map");
    let _ = writeln!(out, "<title>{}</title>", escape_xml(title));
    out.push_str(&defs());
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(out, r#"<g transform="translate({MARGIN},{MARGIN})">"#);

    // Sections: bands, then one label at the top-left of each section's first band.
    out.push_str("<g class=\"sections\">\n");
    let mut first_band: Vec<Option<Rect>> = vec![None; graph.sections.len()];
    for band in &placed.bands {
        let r = band.rect;
        let level = graph.sections.get(band.cluster).map_or(1, |s| s.level);
        let _ = writeln!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"{}/>"#,
            r.x,
            r.y,
            r.width,
            r.height,
            style::section_fill(level),
            if options.ids {
                format!(r#" data-sec="{}""#, band.cluster)
            } else {
                String::new()
            }
        );
        let slot = &mut first_band[band.cluster];
        if slot.is_none_or(|f| (r.y, r.x) < (f.y, f.x)) {
            *slot = Some(r);
        }
    }
    // The labels are drawn after the relations, with a white halo, so that an edge that
    // runs through a section's top edge passes under its label instead of over it.
    let mut section_labels = String::new();
    for (s, band) in first_band.iter().enumerate() {
        if let Some(r) = band {
            // Fit the label to its band so neighbouring sections' labels never collide.
            let label = fit(&graph.sections[s].title, r.width - 12.0, 11.0, true);
            // A nested section often starts in the same band as its parent: stagger the
            // labels by depth so they never print over each other.
            let depth = graph.section_ancestry(Some(s)).len().saturating_sub(1);
            let _ = writeln!(
                section_labels,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" font-weight="bold" fill="#5f6b75" stroke="white" stroke-width="3" stroke-linejoin="round" paint-order="stroke"><title>{}</title>{}</text>"##,
                r.x + 6.0,
                r.y + 12.0 + 12.0 * depth as f64,
                escape_xml(&graph.sections[s].title),
                escape_xml(&label)
            );
        }
    }
    out.push_str("</g>\n<g class=\"relations\" fill=\"none\">\n");
    let faded = |e: ElementId| options.highlight.as_ref().is_some_and(|h| !h.contains(&e));
    for ((path, stroke), &(from, to)) in placed.edges.iter().zip(&strokes).zip(&ends) {
        // Paths run from the upper box; turn them so they end at the relation's target.
        let path = match options.direction {
            Direction::BottomToTop => path.reversed(),
            Direction::TopToBottom => path.clone(),
        };
        let _ = write!(
            out,
            r#"<path d="{}" stroke="{}"{}"#,
            path_data(&path),
            stroke.color(),
            stroke.attributes()
        );
        if let Some(marker) = stroke.marker() {
            let _ = write!(out, r#" marker-end="url(#{marker})""#);
        }
        if *stroke == Stroke::Relation(RelationKind::Contradiction) {
            out.push_str(r#" marker-start="url(#contradiction-start)""#);
        }
        if faded(from) || faded(to) {
            out.push_str(r#" opacity="0.2""#);
        }
        if options.ids {
            let _ = write!(
                out,
                r#" data-from="{}" data-to="{}""#,
                escape_xml(&element_name(graph, from)),
                escape_xml(&element_name(graph, to))
            );
        }
        if let Some(marks) = &options.marks {
            match marks.relations.get(&(from, to)) {
                Some(&change) => {
                    let _ = write!(
                        out,
                        r#" style="stroke:{};stroke-width:3.2{}""#,
                        change_color(change),
                        if change == Change::Removed {
                            ";stroke-dasharray:7 4"
                        } else {
                            ""
                        }
                    );
                }
                None => out.push_str(r#" opacity="0.35""#),
            }
        }
        let _ = writeln!(out, "><title>{}</title></path>", stroke.name());
    }
    out.push_str("</g>\n<g class=\"section-labels\">\n");
    out.push_str(&section_labels);
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, &element) in elements.iter().enumerate() {
        draw_node(
            &mut out,
            graph,
            element,
            &labels[i],
            placed.nodes[i],
            &palette,
            options.ids,
            match &options.marks {
                Some(marks) => match marks.elements.get(&element) {
                    Some(&change) => Look::Marked(change),
                    None => Look::Faded("0.5"),
                },
                None if faded(element) => Look::Faded("0.3"),
                None => Look::Normal,
            },
        );
    }
    out.push_str("</g>\n</g>\n");
    if options.legend {
        draw_legend(
            &mut out,
            &palette,
            &legend_keys,
            MARGIN,
            placed.height + 2.0 * MARGIN,
        );
        if options.marks.is_some() {
            draw_diff_legend(
                &mut out,
                MARGIN,
                placed.height + 2.0 * MARGIN + legend_height - LEGEND_ROW,
            );
        }
    }
    out.push_str("</svg>\n");
    (out, positions)
}

/// How Argdown names an element: `[Title]` for a statement, `<Title>` for an argument.
pub fn element_name(graph: &ArgumentGraph, element: ElementId) -> String {
    match element {
        ElementId::Statement(_) => format!("[{}]", graph.title(element)),
        ElementId::Argument(_) => format!("<{}>", graph.title(element)),
    }
}

/// `text` cut with `…` to at most `max` pixels wide.
fn fit(text: &str, max: f64, size: f64, bold: bool) -> String {
    if text_width(text, size as f32, bold) as f64 <= max {
        return text.to_string();
    }
    with_ellipsis(text, max as f32, size as f32, bold)
}

fn path_data(path: &EdgePath) -> String {
    let mut d = format!("M{:.1},{:.1}", path.start.0, path.start.1);
    for [a, b, c] in &path.segments {
        let _ = write!(
            d,
            " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            a.0, a.1, b.0, b.1, c.0, c.1
        );
    }
    d
}

fn defs() -> String {
    let mut d = String::from("<defs>\n");
    let arrow = |id: &str, color: &str| {
        format!(
            r#"<marker id="{id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
        )
    };
    let tee = |id: &str, color: &str, orient: &str| {
        format!(
            r#"<marker id="{id}" viewBox="0 0 12 16" refX="12" refY="8" markerWidth="12" markerHeight="16" markerUnits="userSpaceOnUse" orient="{orient}"><path d="M5,0 L8.5,0 L8.5,16 L5,16 z" fill="{color}"/></marker>"#
        )
    };
    for line in [
        arrow("support", style::SUPPORT),
        tee("attack", style::ATTACK, "auto"),
        tee("undercut", style::UNDERCUT, "auto"),
        tee("contradiction", style::CONTRADICTION, "auto"),
        tee(
            "contradiction-start",
            style::CONTRADICTION,
            "auto-start-reverse",
        ),
        arrow("structure", style::STRUCTURE),
    ] {
        d.push_str(&line);
        d.push('\n');
    }
    d.push_str("</defs>\n");
    d
}

/// How a box is drawn.
#[derive(Clone, Copy, PartialEq)]
enum Look {
    Normal,
    Faded(&'static str),
    Marked(Change),
}

#[expect(
    clippy::too_many_arguments,
    reason = "one box's drawing inputs; a struct would only rename them"
)]
fn draw_node(
    out: &mut String,
    graph: &ArgumentGraph,
    element: ElementId,
    label: &Label,
    r: Rect,
    palette: &Palette,
    ids: bool,
    look: Look,
) {
    let color = palette.color_of(graph, element);
    let (fill, text_color, rx) = match element {
        ElementId::Statement(_) => (style::tint(color), "#1f2328".to_string(), 8.0),
        ElementId::Argument(_) => (color.to_string(), style::text_on(color).to_string(), 2.0),
    };
    let tooltip = format!("{}: {}", graph.title(element), graph.text(element));
    let _ = writeln!(
        out,
        r#"<g{}{}>{}<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{rx}" fill="{fill}" stroke="{}" stroke-width="{}"{}/>"#,
        match look {
            Look::Faded(opacity) => format!(r#" opacity="{opacity}""#),
            _ => String::new(),
        },
        if ids {
            format!(
                r#" class="claim" data-id="{}"{}"#,
                escape_xml(&element_name(graph, element)),
                graph
                    .section(element)
                    .map(|s| format!(r#" data-sec="{s}""#))
                    .unwrap_or_default()
            )
        } else {
            String::new()
        },
        // The interactive map shows the full text in its panel; a tooltip per box would
        // only add thousands of elements for the browser to parse.
        if ids {
            String::new()
        } else {
            format!("<title>{}</title>", escape_xml(&tooltip))
        },
        r.x,
        r.y,
        r.width,
        r.height,
        match look {
            Look::Marked(change) => change_color(change),
            _ => color,
        },
        if matches!(look, Look::Marked(_)) {
            "4.5"
        } else {
            "2"
        },
        if look == Look::Marked(Change::Removed) {
            r#" stroke-dasharray="8 4""#
        } else {
            ""
        },
    );
    let mut y = r.y + PAD_Y;
    let cx = r.x + r.width / 2.0;
    for line in &label.title {
        y += TITLE_LINE;
        let _ = writeln!(
            out,
            r#"<text x="{cx:.1}" y="{:.1}" font-size="{TITLE_SIZE}" font-weight="bold" text-anchor="middle" fill="{text_color}">{}</text>"#,
            y - 4.0,
            escape_xml(line)
        );
    }
    for line in &label.text {
        y += TEXT_LINE;
        let _ = writeln!(
            out,
            r#"<text x="{cx:.1}" y="{:.1}" font-size="{TEXT_SIZE}" text-anchor="middle" fill="{text_color}">{}</text>"#,
            y - 4.0,
            escape_xml(line)
        );
    }
    out.push_str("</g>\n");
}

const LEGEND_ROW: f64 = 20.0;

fn legend_height(keys: usize) -> f64 {
    let tags = keys.min(12);
    LEGEND_ROW * (2.0 + tags.div_ceil(4) as f64) + 10.0
}

fn draw_legend(
    out: &mut String,
    palette: &Palette,
    keys: &[(String, &'static str)],
    x: f64,
    y: f64,
) {
    let _ = writeln!(out, r##"<g class="legend" font-size="11" fill="#333">"##);
    let items = [
        (Stroke::Relation(RelationKind::Support), "supports"),
        (Stroke::Relation(RelationKind::Attack), "attacks"),
        (Stroke::Relation(RelationKind::Undercut), "undercuts"),
        (Stroke::Relation(RelationKind::Contradiction), "contradicts"),
        (Stroke::Conclusion, "premise / conclusion"),
    ];
    let mut at = x;
    let row = y + 4.0;
    for (stroke, name) in items {
        let _ = write!(
            out,
            r#"<path d="M{:.1},{:.1} L{:.1},{:.1}" stroke="{}" fill="none"{}"#,
            at,
            row + 6.0,
            at + 34.0,
            row + 6.0,
            stroke.color(),
            stroke.attributes()
        );
        if let Some(marker) = stroke.marker() {
            let _ = write!(out, r#" marker-end="url(#{marker})""#);
        }
        let _ = writeln!(out, "/>");
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            at + 40.0,
            row + 10.0,
            name
        );
        at += 48.0 + text_width(name, 11.0, false) as f64 + 14.0;
    }
    let row = row + LEGEND_ROW;
    let _ = writeln!(
        out,
        r##"<rect x="{x:.1}" y="{row:.1}" width="26" height="14" rx="5" fill="#eef1f3" stroke="{n}" stroke-width="2"/><text x="{:.1}" y="{:.1}">statement</text><rect x="{:.1}" y="{row:.1}" width="26" height="14" rx="1" fill="{n}"/><text x="{:.1}" y="{:.1}">argument</text>"##,
        x + 32.0,
        row + 11.0,
        x + 110.0,
        x + 142.0,
        row + 11.0,
        n = style::NEUTRAL
    );
    let prefix = if palette.by() == ColorBy::Tag {
        "#"
    } else {
        ""
    };
    for (i, (tag, color)) in keys.iter().take(12).enumerate() {
        let cx = x + (i % 4) as f64 * 160.0;
        let cy = row + LEGEND_ROW * (1 + i / 4) as f64;
        let _ = writeln!(
            out,
            r##"<rect x="{cx:.1}" y="{cy:.1}" width="14" height="14" rx="3" fill="{}" stroke="{color}" stroke-width="2"/><text x="{:.1}" y="{:.1}">{prefix}{}</text>"##,
            style::tint(color),
            cx + 20.0,
            cy + 11.0,
            escape_xml(&fit(tag, 134.0, 11.0, false))
        );
    }
    out.push_str("</g>\n");
}

fn draw_diff_legend(out: &mut String, x: f64, y: f64) {
    let _ = writeln!(
        out,
        r##"<g class="diff-legend" font-size="11" fill="#333">"##
    );
    let items = [
        (Change::Added, "added"),
        (Change::Removed, "removed"),
        (Change::Changed, "changed"),
    ];
    for (i, (change, name)) in items.into_iter().enumerate() {
        let at = x + i as f64 * 110.0;
        let _ = writeln!(
            out,
            r##"<rect x="{at:.1}" y="{y:.1}" width="26" height="14" rx="5" fill="white" stroke="{}" stroke-width="3"{}/><text x="{:.1}" y="{:.1}">{name}</text>"##,
            change_color(change),
            if change == Change::Removed {
                r#" stroke-dasharray="5 3""#
            } else {
                ""
            },
            at + 32.0,
            y + 11.0
        );
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old way: measure each candidate line whole, pop until `…` fits.
    fn with_ellipsis_by_popping(text: &str, max: f32, size: f32, bold: bool) -> String {
        let mut last = text.to_string();
        while !last.is_empty() && text_width(&format!("{last}…"), size, bold) > max {
            last.pop();
        }
        last + "…"
    }

    #[test]
    fn zero_width_marks_wrap_like_any_text() {
        // Combining marks measure 0: a line of them never fills, which made re-measuring
        // the growing line quadratic (53 s for 210 KB).
        let marks = "\u{301}".repeat(20_000);
        let text = format!("{marks}{} tail", "m".repeat(60));
        let lines = wrap_measured(&text, 220.0, TEXT_SIZE, false, 10);
        assert!(lines[0].starts_with(&marks));
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        for line in &lines {
            assert!(text_width(line, TEXT_SIZE as f32, false) <= 220.0, "{line}");
        }
        // Spaces have width: the words fill ten lines, and the tenth is cut.
        let spaced = " \u{301}".repeat(20_000);
        let lines = wrap_measured(&spaced, 220.0, TEXT_SIZE, false, 10);
        assert_eq!(lines.len(), 10);
        assert!(lines[9].ends_with('…'));
    }

    #[test]
    fn cutting_with_an_ellipsis_keeps_the_longest_start_that_fits() {
        for text in [
            "",
            "a",
            "abcdefghijklmnopqrstuvwxyz",
            "wide WWWWWWWWWW",
            "é\u{301}\u{301}xyz",
        ] {
            for max in [0.0, 5.0, 20.0, 60.0, 500.0] {
                assert_eq!(
                    with_ellipsis(text, max, 12.0, false),
                    with_ellipsis_by_popping(text, max, 12.0, false),
                    "{text:?} in {max}"
                );
            }
        }
    }
}
