//! The interactive map: one self-contained HTML file holding the built-in layout's SVG, the
//! per-claim facts as JSON (text, tags, section, data, source line, relations, grounded
//! label, cruxes) and a small hand-written script for pan, zoom, search, a side panel,
//! "rests on" highlighting and collapsible sections.
//!
//! Owns the page and its data; no file access, no network: the page loads nothing.
//! Claim text only ever reaches the page as escaped SVG text or as JSON the script puts in
//! place with `textContent`, never as markup.

use serde_json::{Map, Value, json};

use super::svg::{self, Positions, SvgOptions, element_name};
use super::text::escape_xml;
use crate::analysis::cruxes::{Context, Crux, conclusions};
use crate::analysis::{Claim, Dialectic, Link};
use crate::model::{ArgumentGraph, ElementId};

/// The page's stylesheet.
const STYLE: &str = include_str!("html/map.css");
/// The page's script.
const SCRIPT: &str = include_str!("html/map.js");

/// Cruxes listed per conclusion in the panel.
const CRUXES_PER_CONCLUSION: usize = 5;

/// What to draw and how.
#[derive(Clone, Debug, Default)]
pub struct HtmlOptions {
    /// How the map itself is drawn; `ids` is always turned on.
    pub svg: SvgOptions,
    /// Conclusions whose cruxes are computed at most (each costs a walk of the map); the
    /// rest show none. `None` for all.
    pub max_crux_conclusions: Option<usize>,
    /// Open the live-preview channel (`cruxmap serve`): the script listens for redraws.
    pub live: bool,
}

/// Renders `graph` as one self-contained interactive HTML page.
pub fn write(graph: &ArgumentGraph, options: &HtmlOptions) -> String {
    write_seeded(graph, options, None).0
}

/// Renders `graph` like [`write`], keeping boxes where `seed` (the previous drawing's
/// positions) had them as far as the edit allows; returns the page and the new positions.
pub fn write_seeded(
    graph: &ArgumentGraph,
    options: &HtmlOptions,
    seed: Option<&Positions>,
) -> (String, Positions) {
    let (drawing, positions) = drawing(graph, options, seed);
    let data = data_json(graph, options);
    let page = assemble(&page_title(graph), &drawing, &data, options.live);
    (page, positions)
}

/// The page around a drawing (from [`drawing`]) and its data (from [`data_json`]); `live`
/// makes the script follow the live preview's redraws.
pub fn assemble(title: &str, drawing: &str, data: &str, live: bool) -> String {
    let mut out = String::with_capacity(drawing.len() + data.len() + SCRIPT.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // An empty icon, so the browser asks for no /favicon.ico.
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    // Nothing may be fetched: inline style and script only, no connections but the live
    // preview's own origin.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; \
         connect-src 'self'\">\n",
    );
    out.push_str(&format!("<title>{}</title>\n", escape_xml(title)));
    out.push_str("<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n");
    out.push_str(if live {
        "<body data-live=\"1\">\n"
    } else {
        "<body>\n"
    });
    out.push_str(&format!(
        "<header><h1>{}</h1>\
         <input type=\"search\" id=\"search\" placeholder=\"Search titles, texts, #tags\" aria-label=\"Search claims\">\
         <span id=\"count\" aria-live=\"polite\"></span>\
         <button id=\"prev\" title=\"Previous match (Shift+Enter)\">&#8593;</button>\
         <button id=\"next\" title=\"Next match (Enter)\">&#8595;</button>\
         <span class=\"sep\"></span>\
         <button id=\"zoom-out\" title=\"Zoom out (-)\">&#8722;</button>\
         <button id=\"zoom-in\" title=\"Zoom in (+)\">+</button>\
         <button id=\"fit\" title=\"Fit to screen (0)\">Fit</button></header>\n",
        escape_xml(title)
    ));
    out.push_str("<div id=\"banner\" role=\"alert\" hidden></div>\n");
    out.push_str("<main><div id=\"viewport\" tabindex=\"0\"><div id=\"canvas\">\n");
    out.push_str(drawing);
    out.push_str(
        "</div></div>\n<aside id=\"panel\"><div id=\"claim\" hidden></div>\
         <p id=\"hint\">Click a claim to see its text, reasons and objections. \
         Drag to pan, wheel or +/- to zoom, 0 to fit.</p>\
         <h2>Sections</h2><ul id=\"sections\"></ul></aside></main>\n",
    );
    out.push_str("<script type=\"application/json\" id=\"cruxmap-data\">");
    out.push_str(data);
    out.push_str("</script>\n<script>\n");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// The SVG of the map with `data-` attributes on boxes, relations and sections, seeded
/// with `seed`, and where its boxes went.
pub fn drawing(
    graph: &ArgumentGraph,
    options: &HtmlOptions,
    seed: Option<&Positions>,
) -> (String, Positions) {
    let svg_options = SvgOptions {
        ids: true,
        ..options.svg.clone()
    };
    svg::write_seeded(graph, &svg_options, seed)
}

/// The page's title: the map's front-matter title, else its source name.
pub fn page_title(graph: &ArgumentGraph) -> String {
    graph
        .front_matter
        .get("title")
        .and_then(|t| t.as_str())
        .or(graph.source_name.as_deref())
        .unwrap_or("argument map")
        .to_string()
}

/// The per-claim facts as JSON, safe to put inside a `<script>` element.
pub fn data_json(graph: &ArgumentGraph, options: &HtmlOptions) -> String {
    script_json(&data(graph, options))
}

/// JSON text of `value`, safe to put inside a `<script>` element.
pub fn script_json(value: &Value) -> String {
    script_safe(&value.to_string())
}

/// Makes JSON text safe inside `<script>`: `<`, `>` and `&` only occur inside JSON strings,
/// where `\u003c` and friends mean the same, so `</script>` and `<!--` cannot appear.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators end a line in older JavaScript.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The page's data: `title`, `sections` (`title`, `parent`) and `claims`, indexed like the
/// map's [`Dialectic`] view, each with `id`, `title`, `text`, `kind`, `tags`, `sec`, `data`,
/// `loc`, `label`, and its links: `sup`/`att` (what supports and attacks it) and
/// `supp`/`atts` (what it supports and attacks), as `[claim, kind]` pairs, and `cruxes` as
/// `[claim, why]` for a conclusion.
pub fn data(graph: &ArgumentGraph, options: &HtmlOptions) -> Value {
    let view = Dialectic::new(graph);
    let context = Context::new(graph, &view);
    let mut cruxes: Vec<Vec<Value>> = vec![Vec::new(); view.len()];
    let targets = conclusions(&view);
    let limit = options.max_crux_conclusions.unwrap_or(usize::MAX);
    for &c in targets.iter().take(limit) {
        cruxes[c as usize] = context
            .cruxes(c, CRUXES_PER_CONCLUSION)
            .cruxes
            .iter()
            .map(|crux| json!([crux.claim, why(crux)]))
            .collect();
    }
    let links = |list: &[(Claim, Link)]| -> Value {
        list.iter()
            .map(|&(c, link)| json!([c, link.name()]))
            .collect()
    };
    let name = graph.source_name.as_deref().unwrap_or("-");
    let claims: Vec<Value> = (0..view.len() as Claim)
        .map(|c| {
            let element = view.element(c);
            let (kind, data, line) = match element {
                ElementId::Statement(s) => {
                    let s = graph.statement(s);
                    ("statement", &s.data, s.location().map(|l| l.line))
                }
                ElementId::Argument(a) => {
                    let a = graph.argument(a);
                    (
                        "argument",
                        &a.data,
                        a.members.first().map(|m| m.location.line),
                    )
                }
            };
            let mut claim = Map::new();
            claim.insert("id".into(), element_name(graph, element).into());
            claim.insert("title".into(), graph.title(element).into());
            claim.insert("text".into(), graph.text(element).into());
            claim.insert("kind".into(), kind.into());
            claim.insert(
                "tags".into(),
                graph
                    .tags(element)
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .into(),
            );
            claim.insert("sec".into(), json!(graph.section(element)));
            claim.insert("data".into(), Value::Object(data.clone()));
            if let Some(line) = line.filter(|&l| l > 0) {
                claim.insert("loc".into(), format!("{name}:{line}").into());
            }
            claim.insert(
                "label".into(),
                context.grounded.labels[c as usize].name().into(),
            );
            claim.insert("sup".into(), links(view.supporters_of(c)));
            claim.insert("att".into(), links(view.attackers_of(c)));
            claim.insert("supp".into(), links(view.supported_by(c)));
            claim.insert("atts".into(), links(view.attacked_by(c)));
            if !cruxes[c as usize].is_empty() {
                claim.insert(
                    "cruxes".into(),
                    Value::Array(std::mem::take(&mut cruxes[c as usize])),
                );
            }
            Value::Object(claim)
        })
        .collect();
    let sections: Vec<Value> = graph
        .sections
        .iter()
        .map(|s| json!({"title": s.title, "parent": s.parent}))
        .collect();
    json!({"title": page_title(graph), "sections": sections, "claims": claims})
}

/// Why a crux matters, in a few words.
fn why(crux: &Crux) -> String {
    let mut out: Vec<String> = Vec::new();
    if crux.load_bearing {
        out.push("load-bearing".into());
    }
    if let Some(change) = crux.defeat {
        out.push(format!(
            "defeating it makes the conclusion {}",
            change.after.name()
        ));
    }
    if let Some(change) = crux.drop {
        out.push(format!(
            "dropping it makes the conclusion {}",
            change.after.name()
        ));
    }
    if crux.contested.is_some() {
        out.push("contested between sources".into());
    }
    if let Some((lines, all)) = crux.shared {
        out.push(format!("{lines} of {all} lines of support rest on it"));
    }
    out.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(source: &str) -> String {
        let loaded = crate::load(source, Some("map.argdown"));
        write(&loaded.graph, &HtmlOptions::default())
    }

    /// The JSON block between its tags.
    fn embedded(html: &str) -> &str {
        let start = html.find("id=\"cruxmap-data\">").expect("data block") + 18;
        let end = start + html[start..].find("</script>").expect("end of data block");
        &html[start..end]
    }

    #[test]
    fn every_claim_box_carries_its_argdown_name() {
        let html = page("[A]: a.\n  + <B>: b.\n");
        assert!(html.contains(r#"data-id="[A]""#));
        assert!(html.contains(r#"data-id="&lt;B&gt;""#));
    }

    #[test]
    fn hostile_claim_text_cannot_close_the_data_script() {
        let html = page("[X]: </script><script>alert(1)</script> <!-- </svg> & more\n");
        let data = embedded(&html);
        assert!(!data.contains('<'));
        let value: Value = serde_json::from_str(data).expect("valid JSON");
        let text = value["claims"][0]["text"].as_str().expect("text");
        assert!(text.starts_with("</script><script>alert(1)</script>"));
        assert!(text.contains("<!--") && text.contains("</svg>"));
        // One script element for data and one for the code, none from the claim.
        assert_eq!(html.matches("<script").count(), 2);
    }

    #[test]
    fn data_lists_links_label_and_location() {
        let html = page("[C]: c.\n  + [R]: r.\n  - [O]: o.\n");
        let value: Value = serde_json::from_str(embedded(&html)).expect("valid JSON");
        let claims = value["claims"].as_array().expect("claims");
        let c = claims.iter().find(|c| c["id"] == "[C]").expect("[C]");
        assert_eq!(c["loc"], "map.argdown:1");
        assert_eq!(c["sup"].as_array().map(Vec::len), Some(1));
        assert_eq!(c["att"].as_array().map(Vec::len), Some(1));
        assert_eq!(c["label"], "out");
        assert!(c["cruxes"].as_array().is_some_and(|x| !x.is_empty()));
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        let html = page("[A]: see https://example.org\n");
        for needle in ["src=\"http", "href=\"http", "@import", "url(http", "url(//"] {
            assert!(!html.contains(needle), "{needle}");
        }
    }
}
