//! What each fuzz target checks beyond "no panic", shared by the fuzz targets
//! (`fuzz_targets/*.rs`) and by `cargo test`, which replays the corpus in `fuzz/corpus/`.
//!
//! Each oracle takes raw bytes, as libFuzzer gives them, and panics when a promise is
//! broken.

#![allow(dead_code)] // each fuzz target uses one oracle

/// The bytes as text, as cruxmap's readers see them (invalid UTF-8 is refused before
/// parsing), capped so one input stays fast.
fn text(data: &[u8]) -> Option<&str> {
    if data.len() > 64 * 1024 {
        return None;
    }
    cruxmap::syntax::decode(data).ok()
}

/// Writing a graph as cruxmap JSON and reading it back gives the same JSON.
fn json_round_trip(graph: &cruxmap::ArgumentGraph) {
    let written = cruxmap::io::json::write(graph);
    let again = cruxmap::io::json::read(&written)
        .unwrap_or_else(|e| panic!("cruxmap JSON it wrote does not read back: {e}\n{written}"));
    assert_eq!(
        cruxmap::io::json::write(&again),
        written,
        "JSON round trip changed the map"
    );
}

/// DOT output never holds a raw control character, and its HTML labels hold no empty
/// bold element (Graphviz rejects `<B></B>`).
fn dot_is_inert(graph: &cruxmap::ArgumentGraph) {
    let dot = cruxmap::render::dot::write(graph, &cruxmap::render::dot::DotOptions::default());
    assert!(
        !dot.chars().any(|c| c.is_control() && c != '\n'),
        "control character in DOT"
    );
    assert!(!dot.contains("<B></B>"), "empty bold element in DOT");
}

/// A map read without errors, written as Argdown, reads back without errors, and what reads
/// back, written again, reads as the same map.
fn argdown_round_trip(graph: &cruxmap::ArgumentGraph) {
    use cruxmap::io::argdown;
    let once = argdown::write(graph);
    let back = argdown::read(&once, None);
    assert!(
        !back.has_errors(),
        "Argdown it wrote has errors: {:?}\n{once}",
        back.diagnostics
    );
    let twice = argdown::write(&back.graph);
    let again = argdown::read(&twice, None);
    assert!(!again.has_errors(), "{:?}\n{twice}", again.diagnostics);
    // Written again, the map is the same map: claims, texts, arguments and relations. (The
    // order of top-level blocks may still move once; that is not a change of the map.)
    assert_eq!(
        content(&again.graph),
        content(&back.graph),
        "Argdown written twice is another map:\n{once}\n----\n{twice}"
    );
}

/// A map's content, in no particular order: each element's title and text, each relation.
fn content(graph: &cruxmap::ArgumentGraph) -> Vec<String> {
    use cruxmap::model::ElementId;
    let mut out: Vec<String> = graph
        .statements()
        .map(|(id, _)| ElementId::Statement(id))
        .chain(graph.arguments().map(|(id, _)| ElementId::Argument(id)))
        .map(|id| {
            let kind = matches!(id, ElementId::Argument(_));
            format!("{kind} {:?}: {:?}", graph.title(id), graph.text(id))
        })
        .chain(graph.relations().map(|r| {
            format!(
                "{:?} {:?} {:?}",
                graph.title(r.from),
                r.relation.kind,
                graph.title(r.to)
            )
        }))
        .collect();
    out.sort();
    out
}

/// Argdown: parsing never panics; the map survives a JSON round trip and an Argdown round
/// trip, and gives inert DOT.
pub fn argdown(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let loaded = cruxmap::load(text, Some("fuzz.argdown"));
    for d in &loaded.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= text.len(),
            "diagnostic span out of bounds: {d:?}"
        );
    }
    json_round_trip(&loaded.graph);
    if !loaded.has_errors() {
        argdown_round_trip(&loaded.graph);
    }
    // The DOT check runs graphviz-rust's printer and parser, which is most of the time of
    // an execution; one input in eight (chosen by content, so a replay checks the same
    // ones) keeps it covered while the parser gets its million executions.
    if data
        .iter()
        .fold(0u8, |h, &b| h.wrapping_mul(31).wrapping_add(b))
        % 8
        == 0
    {
        dot_is_inert(&loaded.graph);
    }
}

/// cruxmap JSON: what reads, writes back and reads again to the same JSON.
pub fn json(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Ok(graph) = cruxmap::io::json::read(text) {
        json_round_trip(&graph);
        dot_is_inert(&graph);
    }
}

/// The query language: parsing never panics, and a query that parses evaluates on a small
/// map with its match chains within the cap.
pub fn query(data: &[u8]) {
    use cruxmap::analysis::query::{MAX_CHAIN_CLAIMS, QueryOptions, evaluate, parse};
    let Some(text) = text(data) else { return };
    let Ok(expr) = parse(text) else { return };
    let loaded = cruxmap::load(
        "# S\n\n[A]: a #t\n  <+ [B]: b\n    <- [C]: c\n  <+ <R>: r\n\n[D]: d\n  +> [C]\n",
        None,
    );
    let view = cruxmap::analysis::Dialectic::new(&loaded.graph);
    if let Ok(matches) = evaluate(&loaded.graph, &view, &expr, QueryOptions::default()) {
        for m in matches {
            if let Some(chain) = m.chain {
                assert!(chain.claims.len() <= MAX_CHAIN_CLAIMS);
                assert_eq!(chain.links.len() + 1, chain.claims.len());
            }
        }
    }
}

/// ICCMA 2023 and ASPARTIX: what reads writes back in the same format and reads again to
/// the same framework.
pub fn iccma(data: &[u8]) {
    use cruxmap::io::iccma;
    let Some(text) = text(data) else { return };
    let Ok(graph) = iccma::read(text) else { return };
    let written = if iccma::is_apx(text) {
        iccma::write_apx(&graph.names, &graph.attacks)
    } else {
        iccma::write_i23(&graph.names, &graph.attacks)
    };
    let again = iccma::read(&written)
        .unwrap_or_else(|e| panic!("a framework it wrote does not read back: {e}\n{written}"));
    assert_eq!(again.attacks, graph.attacks);
    assert_eq!(again.names.len(), graph.names.len());
}

/// Microtext XML: reading and reducing to a structure never panic; a structure that
/// exists written as XML reads back to the same structure.
pub fn microtext(data: &[u8]) {
    use cruxmap::io::microtext;
    let Some(text) = text(data) else { return };
    let Ok(file) = microtext::read(text) else {
        return;
    };
    let Ok(structure) = file.structure() else {
        return;
    };
    let written = microtext::write("fuzz", &file.edus, &structure);
    let again = microtext::read(&written)
        .unwrap_or_else(|e| panic!("microtext it wrote does not read back: {e}\n{written}"))
        .structure()
        .unwrap_or_else(|e| panic!("structure lost: {e}\n{written}"));
    assert_eq!(again.target, structure.target);
}

/// Extraction: any prose gives a draft whose Argdown parses without errors.
pub fn extract(data: &[u8]) {
    use std::sync::OnceLock;
    // Reading the shipped weights (770 KB of JSON) once, not per input, is what makes this
    // target fast enough for a million executions.
    static PARSER: OnceLock<cruxmap::extract::parser::Parser> = OnceLock::new();
    static ESSAY: OnceLock<cruxmap::extract::essay::EssayModel> = OnceLock::new();
    let Some(text) = text(data) else { return };
    if text.len() > 4096 {
        return; // the classifiers are slow per unit; keep inputs small
    }
    let parser = PARSER.get_or_init(cruxmap::extract::parser::Parser::shipped);
    let essay = ESSAY.get_or_init(cruxmap::extract::essay::EssayModel::shipped);
    // Both pipelines, whatever `--genre auto` would pick: each must draft Argdown that parses.
    let drafts = [
        cruxmap::extract::draft::extract(text, parser),
        cruxmap::extract::draft::extract_essay(text, essay),
    ];
    for draft in drafts.into_iter().flatten() {
        let argdown = cruxmap::extract::argdown::write(&[("fuzz", &draft)], &parser.trained_on);
        let loaded = cruxmap::load(&argdown, None);
        assert!(
            !loaded.has_errors(),
            "extracted Argdown has errors: {:?}\n{argdown}",
            loaded.diagnostics
        );
    }
}

/// AIF (and OVA's xAIF): what reads writes back as AIF that reads again, and as cruxmap
/// JSON that reads back to the same JSON.
pub fn aif(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Ok(graph) = cruxmap::io::aif::read(text) {
        json_round_trip(&graph);
        let written = cruxmap::io::aif::write(&graph);
        if let Err(e) = cruxmap::io::aif::read(&written) {
            panic!("AIF it wrote does not read back: {e}\n{written}");
        }
    }
}

/// Kialo's text export: what reads writes back as cruxmap JSON that reads back the same.
pub fn kialo(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Ok(graph) = cruxmap::io::kialo::read(text) {
        json_round_trip(&graph);
    }
}
