//! The built-in SVG layout: no overlaps, no edge through a box, escaped text, stable
//! output, and a sensible picture for degenerate maps.

use cruxmap::render::layout::{self, LayoutEdge, LayoutInput, LayoutNode, LayoutOptions, Rect};
use cruxmap::render::svg::{SvgOptions, write};
use proptest::prelude::*;

/// Points along every cubic segment of a route.
fn samples(path: &layout::EdgePath) -> Vec<(f64, f64)> {
    let mut out = vec![path.start];
    let mut from = path.start;
    for [a, b, c] in &path.segments {
        for i in 1..=16 {
            let t = i as f64 / 16.0;
            let u = 1.0 - t;
            let p = |f: fn(&(f64, f64)) -> f64| {
                u * u * u * f(&from)
                    + 3.0 * u * u * t * f(a)
                    + 3.0 * u * t * t * f(b)
                    + t * t * t * f(c)
            };
            out.push((p(|q| q.0), p(|q| q.1)));
        }
        from = *c;
    }
    out
}

fn inside(r: &Rect, (x, y): (f64, f64)) -> bool {
    // Strictly inside, with a pixel of slack for ports on the border.
    x > r.x + 1.0 && x < r.x + r.width - 1.0 && y > r.y + 1.0 && y < r.y + r.height - 1.0
}

/// Asserts the layout invariants: boxes keep their size, never overlap, and no route
/// passes through a box other than its own two ends.
fn check(input: &LayoutInput) {
    let placed = layout::layout(input, &LayoutOptions::default());
    assert_eq!(placed.nodes.len(), input.nodes.len());
    for (i, a) in placed.nodes.iter().enumerate() {
        assert_eq!(
            (a.width, a.height),
            (input.nodes[i].width, input.nodes[i].height)
        );
        for b in &placed.nodes[i + 1..] {
            assert!(!a.overlaps(b), "boxes overlap: {a:?} {b:?}");
        }
    }
    for (e, path) in input.edges.iter().zip(&placed.edges) {
        for p in samples(path) {
            for (v, r) in placed.nodes.iter().enumerate() {
                if v != e.from && v != e.to {
                    assert!(!inside(r, p), "edge {e:?} passes through box {v} at {p:?}");
                }
            }
        }
    }
}

fn random_input(seed: u64, n: usize, m: usize) -> LayoutInput {
    let mut state = seed | 1;
    let mut next = move |k: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % k.max(1) as u64) as usize
    };
    let nodes = (0..n)
        .map(|_| LayoutNode {
            width: 40.0 + next(200) as f64,
            height: 20.0 + next(80) as f64,
            cluster: if next(3) == 0 { Some(next(3)) } else { None },
        })
        .collect();
    let edges = (0..m)
        .map(|_| LayoutEdge {
            from: next(n),
            to: next(n),
        })
        .collect();
    LayoutInput {
        nodes,
        edges,
        cluster_parent: vec![None, Some(0), None],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_graphs_have_no_overlaps_and_no_edge_through_a_box(
        seed in any::<u64>(), n in 1usize..40, m in 0usize..80
    ) {
        check(&random_input(seed, n, m));
    }
}

#[test]
fn degenerate_graphs_still_lay_out() {
    let node = |cluster| LayoutNode {
        width: 120.0,
        height: 40.0,
        cluster,
    };
    let e = |from, to| LayoutEdge { from, to };
    // Empty, single node, self-loop, a hundred parallel edges, disconnected pieces.
    check(&LayoutInput::default());
    check(&LayoutInput {
        nodes: vec![node(None)],
        ..Default::default()
    });
    check(&LayoutInput {
        nodes: vec![node(None)],
        edges: vec![e(0, 0)],
        ..Default::default()
    });
    check(&LayoutInput {
        nodes: vec![node(None), node(None)],
        edges: vec![e(0, 1); 100],
        ..Default::default()
    });
    check(&LayoutInput {
        nodes: vec![node(None); 6],
        edges: vec![e(0, 1), e(2, 3), e(4, 5), e(5, 4)],
        ..Default::default()
    });
    // Six nested sections.
    check(&LayoutInput {
        nodes: (0..6).map(|c| node(Some(c))).collect(),
        edges: (0..5).map(|i| e(i, i + 1)).collect(),
        cluster_parent: vec![None, Some(0), Some(1), Some(2), Some(3), Some(4)],
    });
}

fn svg_of(source: &str) -> String {
    let loaded = cruxmap::load(source, None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let svg = write(&loaded.graph, &SvgOptions::default());
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("invalid SVG: {e}\n{svg}"));
    svg
}

#[test]
fn the_bundled_map_renders_deterministically_without_overlaps() {
    let source = super::read("graphs/alignment-faking.argdown");
    let first = svg_of(&source);
    assert_eq!(first, svg_of(&source));
    let graph = cruxmap::load(&source, None).graph;
    assert!(first.matches("<g><title>").count() >= graph.statement_count());
    assert!(first.contains("Instrumental convergence"));
}

#[test]
fn claim_text_is_escaped_in_svg() {
    let svg = svg_of("[A \\<b\\>]: \\<script\\>alert(1)\\</script\\> & \"q\" #(x & y)\n");
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;"));
    assert!(svg.contains("#x &amp; y"));
}

#[test]
fn degenerate_maps_render() {
    svg_of("");
    svg_of("[A]: alone\n");
    svg_of("[A]: a\n  + [A]\n");
    let long = "word ".repeat(2_000);
    let svg = svg_of(&format!("[Long]: {long}\n  + [B]: b\n"));
    assert!(svg.contains('…'), "long text is cut");
    let mut nested = String::new();
    for level in 1..=6 {
        nested.push_str(&format!(
            "{} Level {level}\n\n[S{level}]: in level {level}\n\n",
            "#".repeat(level)
        ));
    }
    svg_of(&nested);
}

fn render_with(source: &str, options: &SvgOptions) -> String {
    let loaded = cruxmap::load(source, None);
    let svg = write(&loaded.graph, options);
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("invalid SVG: {e}\n{svg}"));
    svg
}

/// The visible text of an SVG (tooltips left out), one string per `<text>` element.
fn visible_text(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect()
        })
        .collect()
}

/// Number of relation paths drawn.
fn relation_count(svg: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .find(|n| n.attribute("class") == Some("relations"))
        .map_or(0, |g| {
            g.children().filter(|c| c.has_tag_name("path")).count()
        })
}

const FILTER_MAP: &str = "# Left\n\n[A]: apple text #fruit\n  + [B]: banana text #fruit\n  - Untitled claim text.\n\n# Right\n\n[C]: cherry text #stone\n  + [A]\n";

#[test]
fn select_draws_only_matching_elements_and_their_relations() {
    use cruxmap::render::svg::Selector;
    let by_tag = render_with(
        FILTER_MAP,
        &SvgOptions {
            select: vec![Selector::Tag("fruit".into())],
            ..SvgOptions::default()
        },
    );
    let text = visible_text(&by_tag).join("\n");
    assert!(text.contains("apple text") && text.contains("banana text"));
    assert!(!text.contains("cherry text"));
    assert_eq!(relation_count(&by_tag), 1, "only B supports A stays");
    let by_section = render_with(
        FILTER_MAP,
        &SvgOptions {
            select: vec![Selector::Section("Right".into())],
            ..SvgOptions::default()
        },
    );
    let text = visible_text(&by_section).join("\n");
    assert!(text.contains("cherry text") && !text.contains("apple text"));
    assert_eq!(relation_count(&by_section), 0);
    // The legend lists only the tags of what is drawn.
    assert!(
        text.contains("#stone") && !text.contains("#fruit"),
        "{text}"
    );
}

#[test]
fn hide_untitled_and_label_modes_change_what_boxes_show() {
    use cruxmap::render::svg::LabelMode;
    let hidden = render_with(
        FILTER_MAP,
        &SvgOptions {
            hide_untitled: true,
            ..SvgOptions::default()
        },
    );
    assert!(!hidden.contains("Untitled claim text"));
    assert_eq!(relation_count(&hidden), 2);
    let titles = render_with(
        FILTER_MAP,
        &SvgOptions {
            labels: LabelMode::Title,
            ..SvgOptions::default()
        },
    );
    let text = visible_text(&titles).join("\n");
    assert!(!text.contains("apple text"));
    assert!(text.contains('A'));
    // An untitled statement still shows its text.
    assert!(text.contains("Untitled claim text"));
}

#[test]
fn colour_by_section_puts_sections_in_the_legend() {
    use cruxmap::render::style::ColorBy;
    let svg = render_with(
        FILTER_MAP,
        &SvgOptions {
            color_by: ColorBy::Section,
            ..SvgOptions::default()
        },
    );
    let legend = &svg[svg.find("class=\"legend\"").unwrap()..];
    assert!(legend.contains(">Left<") && legend.contains(">Right<"));
    assert!(!legend.contains("#fruit"));
}

#[test]
fn section_labels_are_drawn_over_the_edges_with_a_halo() {
    let svg = render_with(FILTER_MAP, &SvgOptions::default());
    let relations = svg.find("class=\"relations\"").unwrap();
    let labels = svg.find("class=\"section-labels\"").unwrap();
    let nodes = svg.find("class=\"nodes\"").unwrap();
    assert!(relations < labels && labels < nodes);
    let group = &svg[labels..nodes];
    assert!(group.contains(">Left</text>") && group.contains(">Right</text>"));
    assert!(group.contains("stroke=\"white\"") && group.contains("paint-order=\"stroke\""));
}

#[test]
fn render_to_an_html_file_writes_the_interactive_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.html");
    let (code, _, stderr) = super::run_cruxmap(&[
        "render",
        "graphs/alignment-faking.argdown",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"data-id="[Instrumental convergence]""#));
    assert!(html.contains(r#"<script type="application/json" id="cruxmap-data">"#));
    let (code, _, stderr) = super::run_cruxmap(&[
        "render",
        "graphs/alignment-faking.argdown",
        "-t",
        "html",
        "--engine",
        "graphviz",
    ]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("built-in layout"), "{stderr}");
}

#[test]
fn keep_layout_writes_positions_and_rejects_a_file_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let positions = dir.path().join("pos.json");
    let out = dir.path().join("map.svg");
    let args = [
        "render",
        "graphs/alignment-faking.argdown",
        "-o",
        out.to_str().unwrap(),
        "--keep-layout",
        positions.to_str().unwrap(),
    ];
    for _ in 0..2 {
        let (code, _, stderr) = super::run_cruxmap(&args);
        assert_eq!(code, Some(0), "{stderr}");
    }
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&positions).unwrap()).unwrap();
    assert_eq!(
        written["[Instrumental convergence]"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    std::fs::write(&positions, "[1, 2").unwrap();
    let (code, _, stderr) = super::run_cruxmap(&args);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not a positions file"), "{stderr}");
}

#[test]
fn serve_refuses_a_missing_file() {
    let (code, _, stderr) = super::run_cruxmap(&["serve", "no-such-map.argdown", "--port", "0"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no-such-map.argdown: no such file"),
        "{stderr}"
    );
}
