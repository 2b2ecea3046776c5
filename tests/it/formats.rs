//! The format layer: Argdown written and read back, AIF and Kialo imports, AIF round trips,
//! GraphML, and the registry as the command line uses it.

use cruxmap::ArgumentGraph;
use cruxmap::io::{Format, argdown, registry};
use cruxmap::model::{
    Argument, ElementId, Location, Member, MemberRole, Mode, Relation, RelationKind, Section,
    Statement,
};
use indexmap::IndexSet;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{repo, run_cruxmap};

/// Everything the writers promise to keep, in an order-free form (tags as a set: when an
/// element's tags come from several occurrences, their order may change).
/// Title, text, tags, data and section of an element.
type Element = (String, String, Vec<String>, Value, Option<String>);

#[derive(Debug, PartialEq)]
struct Summary {
    statements: Vec<Element>,
    arguments: Vec<(Element, Vec<String>)>,
    relations: Vec<(String, String, &'static str)>,
    sections: Vec<(String, u8, Option<usize>)>,
    mode: Mode,
}

fn name(g: &ArgumentGraph, id: ElementId) -> String {
    match id {
        ElementId::Statement(_) => format!("[{}]", g.title(id)),
        ElementId::Argument(_) => format!("<{}>", g.title(id)),
    }
}

fn sorted(tags: &IndexSet<String>) -> Vec<String> {
    let mut v: Vec<String> = tags.iter().cloned().collect();
    v.sort();
    v
}

fn summary(g: &ArgumentGraph) -> Summary {
    let section = |s: Option<usize>| s.map(|s| g.sections[s].title.clone());
    let mut statements: Vec<_> = g
        .statements()
        .map(|(_, s)| {
            (
                s.title.clone(),
                s.text().to_string(),
                sorted(&s.tags),
                Value::Object(s.data.clone()),
                section(s.section),
            )
        })
        .collect();
    statements.sort_by(|a, b| a.0.cmp(&b.0));
    let mut arguments: Vec<_> = g
        .arguments()
        .map(|(_, a)| {
            let pcs = a
                .pcs
                .iter()
                .map(|step| match step {
                    cruxmap::model::PcsStep::Statement {
                        number,
                        statement,
                        role,
                    } => format!("({number}) {} {role:?}", g.statement(*statement).title),
                    cruxmap::model::PcsStep::Inference { text, data } => {
                        format!("-- {text} {data:?}")
                    }
                })
                .collect();
            (
                (
                    a.title.clone(),
                    a.text().to_string(),
                    sorted(&a.tags),
                    Value::Object(a.data.clone()),
                    section(a.section),
                ),
                pcs,
            )
        })
        .collect();
    arguments.sort_by(|a, b| a.0.0.cmp(&b.0.0));
    let mut relations: Vec<_> = g
        .relations()
        .map(|r| {
            let (mut a, mut b) = (name(g, r.from), name(g, r.to));
            // A contradiction has no direction.
            if r.relation.kind == RelationKind::Contradiction && a > b {
                std::mem::swap(&mut a, &mut b);
            }
            (a, b, r.relation.kind.argdown_name())
        })
        .collect();
    relations.sort();
    Summary {
        statements,
        arguments,
        relations,
        sections: g
            .sections
            .iter()
            .map(|s| (s.title.clone(), s.level, s.parent))
            .collect(),
        mode: g.mode,
    }
}

fn written_and_read(g: &ArgumentGraph) -> (String, ArgumentGraph) {
    let text = argdown::write(g);
    let back = argdown::read(&text, None);
    assert!(!back.has_errors(), "{:?}\n{text}", back.diagnostics);
    (text, back.graph)
}

#[test]
fn every_conformance_map_survives_argdown_writing() {
    for entry in std::fs::read_dir(repo("tests/conformance")).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let g = cruxmap::load(&source, None).graph;
        let (text, back) = written_and_read(&g);
        assert_eq!(summary(&back), summary(&g), "{}:\n{text}", path.display());
        // Writing is canonical: once written, a map writes itself again unchanged.
        let once = argdown::write(&back);
        let (_, twice) = written_and_read(&back);
        assert_eq!(argdown::write(&twice), once, "{}", path.display());
    }
}

/// Texts no writer may change: markup, quotes, line breaks, leading relation symbols.
const HOSTILE: &[&str] = &[
    "He said \"stop\" and 'go'",
    "[Not a title]: no",
    "<Not an argument>",
    "# not a heading #tag",
    "+ looks like support",
    "<- looks like an attack",
    "-> also",
    "><",
    "(1) not a premise",
    "-- not an inference --",
    "=== not front matter ===",
    "a ====== run inside",
    "x === y === z",
    "line one\nline two",
    "two  spaces and\ttab",
    "// not a comment",
    "/* nor this */",
    "<!-- nor this -->",
    "{not: data}",
    "@[not a mention]",
    "*not emphasis* __nor this__",
    "a \\ backslash \\",
    ":shortcode: .dot.",
    "ends with a colon:",
    "1. not a list item",
    "* nor this",
];

fn statement(title: &str, text: &str, tags: &[&str], data: Map<String, Value>) -> Statement {
    Statement {
        title: title.into(),
        is_untitled: false,
        members: vec![Member {
            text: text.into(),
            has_text: true,
            is_definition: true,
            role: MemberRole::TopLevel,
            location: Location::default(),
        }],
        tags: tags.iter().map(|t| t.to_string()).collect::<IndexSet<_>>(),
        section: None,
        data,
    }
}

/// A random map: statements and arguments with hostile texts, tags, data and sections,
/// related by every kind Argdown can write between them.
fn arb_graph() -> impl Strategy<Value = ArgumentGraph> {
    let texts = proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(HOSTILE).prop_map(str::to_string),
            "[a-z\\[\\]<>#@{}\\\\:.*_\"' +=-]{1,30}",
        ],
        1..12,
    );
    (
        texts,
        1..4usize,
        proptest::collection::vec((0..12usize, 0..12usize, 0..4u8), 0..20),
        0..3usize,
        any::<u64>(),
    )
        .prop_map(|(texts, arguments, relations, sections, seed)| {
            let mut g = ArgumentGraph::new();
            for k in 0..sections {
                g.sections.push(Section {
                    title: format!("Part {k} [of] #many"),
                    level: 1,
                    parent: None,
                    tags: IndexSet::new(),
                    data: Map::new(),
                    location: Location::default(),
                });
            }
            let pick_section =
                |k: usize| (sections > 0 && (seed >> (k % 60)) & 1 == 1).then(|| k % sections);
            let mut ids: Vec<ElementId> = Vec::new();
            for (k, text) in texts.iter().enumerate() {
                let text = if text.trim().is_empty() {
                    "x"
                } else {
                    text.as_str()
                };
                let tags: &[&str] = match k % 3 {
                    0 => &[],
                    1 => &["pro", "needs source"],
                    _ => &["con"],
                };
                let mut data = Map::new();
                if k % 2 == 0 {
                    data.insert("n".into(), json!(k));
                    data.insert("note".into(), json!(text));
                }
                let mut s = statement(&format!("Claim {k}"), text, tags, data);
                s.section = pick_section(k);
                ids.push(g.add_statement(s).unwrap().into());
            }
            for k in 0..arguments {
                let a = Argument {
                    title: format!("Reason {k}"),
                    is_untitled: false,
                    members: statement("", &texts[k % texts.len()], &[], Map::new()).members,
                    pcs: Vec::new(),
                    tags: IndexSet::new(),
                    section: pick_section(k + 7),
                    data: Map::new(),
                };
                ids.push(g.add_argument(a).unwrap().into());
            }
            let statements = texts.len();
            // Argdown reads one relation where the same one is written twice.
            let mut seen = std::collections::HashSet::new();
            for (from, to, kind) in relations {
                let (from, to) = (from % ids.len(), to % ids.len());
                if from == to {
                    continue;
                }
                let kind = match kind {
                    0 => RelationKind::Support,
                    1 => RelationKind::Attack,
                    2 if to >= statements => RelationKind::Undercut,
                    3 if from < statements && to < statements => RelationKind::Contradiction,
                    _ => RelationKind::Attack,
                };
                let key = if kind == RelationKind::Contradiction {
                    (from.min(to), from.max(to), kind)
                } else {
                    (from, to, kind)
                };
                if !seen.insert(key) {
                    continue;
                }
                g.add_relation(
                    ids[from],
                    ids[to],
                    Relation {
                        kind,
                        location: None,
                    },
                );
            }
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn argdown_written_by_cruxmap_reads_back_as_the_same_map(g in arb_graph()) {
        let text = argdown::write(&g);
        let back = argdown::read(&text, None);
        prop_assert!(!back.has_errors(), "{:?}\n{}", back.diagnostics, text);
        prop_assert_eq!(summary(&back.graph), summary(&g), "{}", text);
    }
}

#[test]
fn kialo_links_make_one_statement_with_several_relations() {
    let text = std::fs::read_to_string(repo("tests/fixtures/formats/bike-lanes.txt")).unwrap();
    let g = registry::read(Format::Kialo, &text, "bike-lanes.txt")
        .unwrap()
        .graph;
    assert_eq!(g.statement_count(), 9);
    assert_eq!(
        g.front_matter["title"],
        json!("Should the town build protected bike lanes on Main Street?")
    );
    let crossings = g
        .statement_id("The lane design includes raised crossings")
        .unwrap();
    let targets: Vec<String> = g
        .relations_of(crossings.into())
        .filter(|r| r.from == crossings.into())
        .map(|r| format!("{} {}", r.relation.kind.argdown_name(), g.title(r.to)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        targets,
        [
            "support More people would cycle to work",
            "support Most collisions happen at junctions which"
        ]
    );
    // Wrapped text keeps its line break; escapes are gone.
    let wrapped = g.statement(
        g.statement_id("Protected lanes cut collisions between cyclists")
            .unwrap(),
    );
    assert_eq!(
        wrapped.text(),
        "Protected lanes cut collisions between cyclists and cars, because\ndrivers and riders no longer share one strip of asphalt."
    );
    let escaped = g.statement(g.statement_id("Delivery vans need to stop in").unwrap());
    assert_eq!(
        escaped.text(),
        "Delivery vans need to stop in front of the shops *every* morning."
    );
    let (_, back) = written_and_read(&g);
    assert_eq!(summary(&back), summary(&g));
}

#[test]
fn aif_reads_schemes_as_relations_arguments_and_provenance() {
    let text = std::fs::read_to_string(repo("tests/fixtures/formats/tram.aif")).unwrap();
    let g = registry::read(Format::Aif, &text, "tram.aif")
        .unwrap()
        .graph;
    let s = summary(&g);
    assert_eq!(s.statements.len(), 9);
    assert_eq!(
        s.relations,
        [
            (
                "[Taxi drivers would lose their airport]".to_string(),
                "<Argument for The city should extend the tram>".to_string(),
                "undercut"
            ),
            (
                "[The extension would cost more than]".into(),
                "[The city should extend the tram]".into(),
                "attack"
            ),
            (
                "[The regional fund pays half of]".into(),
                "[The extension would cost more than]".into(),
                "attack"
            ),
            (
                "[Travellers would stop clogging the ring]".into(),
                "[The city should extend the tram]".into(),
                "support"
            ),
        ]
    );
    let (_, pcs) = &s.arguments[0];
    assert_eq!(
        pcs.len(),
        4,
        "two linked premises, an inference, a conclusion: {pcs:?}"
    );
    let taxi = g.statement(
        g.statement_id("Taxi drivers would lose their airport")
            .unwrap(),
    );
    assert_eq!(taxi.data["said"][0]["speaker"], json!("Ben Okafor"));
    assert_eq!(
        taxi.data["said"][0]["timestamp"],
        json!("2025-03-01 10:02:00")
    );
    let rephrase = g.statement(g.statement_id("Taxi drivers lose income if the").unwrap());
    assert_eq!(
        rephrase.data["rephrases"],
        json!(["Taxi drivers would lose their airport"])
    );
}

#[test]
fn aif_round_trips_through_cruxmap_and_through_argdown() {
    let text = std::fs::read_to_string(repo("tests/fixtures/formats/tram.aif")).unwrap();
    let g = registry::read(Format::Aif, &text, "tram.aif")
        .unwrap()
        .graph;
    let aif = registry::write(Format::Aif, &g).unwrap();
    let again = registry::read(Format::Aif, &aif, "again.aif")
        .unwrap()
        .graph;
    assert_eq!(summary(&again), summary(&g), "{aif}");
    let (_, via_argdown) = written_and_read(&g);
    let aif2 = registry::write(Format::Aif, &via_argdown).unwrap();
    let again2 = registry::read(Format::Aif, &aif2, "again2.aif")
        .unwrap()
        .graph;
    assert_eq!(
        summary(&again2),
        summary(&g),
        "AIF → Argdown → AIF changes nothing"
    );
    // Every I-node text of the original is in the output.
    let original: Value = serde_json::from_str(&text).unwrap();
    for node in original["nodes"].as_array().unwrap() {
        if node["type"] == "I" {
            assert!(aif.contains(&serde_json::to_string(&node["text"]).unwrap()));
        }
    }
}

#[test]
fn graphml_carries_titles_kinds_and_relations_with_yed_labels() {
    let g = cruxmap::load(
        "# Part #x\n\n[A]: a & b \\<c> #t\n    <- <B>: d\n    <+ [C]: e\n",
        None,
    )
    .graph;
    let out = registry::write(Format::Graphml, &g).unwrap();
    assert!(
        out.contains("<data key=\"text\">a &amp; b &lt;c&gt; #t</data>"),
        "{out}"
    );
    assert!(out.contains("<y:NodeLabel>A</y:NodeLabel>"), "{out}");
    assert!(
        out.contains("<data key=\"section\">Part #x</data>"),
        "{out}"
    );
    assert!(out.contains("yfiles.type=\"nodegraphics\""));
    assert_eq!(out.matches("<edge ").count(), 2);
    assert!(out.contains("<data key=\"relation\">attack</data>"));
}

#[test]
fn every_command_reads_every_format() {
    let aif = repo("tests/fixtures/formats/tram.aif");
    let kialo = repo("tests/fixtures/formats/bike-lanes.txt");
    for file in [&aif, &kialo] {
        let file = file.to_str().unwrap();
        for args in [
            vec!["check", file],
            vec!["evaluate", file],
            vec!["render", file, "--to", "dot"],
            vec!["export", file, "--to", "argdown"],
            vec!["query", file, "all"],
            vec!["cruxes", file],
        ] {
            let (code, _, err) = run_cruxmap(&args);
            assert_eq!(code, Some(0), "{args:?}: {err}");
        }
    }
}

#[test]
fn convert_picks_the_output_format_from_the_extension_and_errors_name_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tram.argdown");
    let aif = repo("tests/fixtures/formats/tram.aif");
    let (code, _, err) = run_cruxmap(&[
        "convert",
        aif.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.contains("[The city should extend the tram]: The city should extend the tram line")
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"nodes": [{"nodeID": 1, "type": "I", "text": "a"}], "edges": [{"fromID": 1, "toID": 2}]}"#).unwrap();
    let (code, _, err) = run_cruxmap(&[
        "convert",
        bad.to_str().unwrap(),
        "-o",
        "-",
        "--to",
        "argdown",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("$.edges[0].toID: edge to missing node \"2\""),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    let kialo = dir.path().join("gap.txt");
    std::fs::write(
        &kialo,
        "Discussion Title: t\n\n1. a\n1.1. Pro: b\n1.3. Con: c\n",
    )
    .unwrap();
    let (code, _, err) = run_cruxmap(&["check", kialo.to_str().unwrap()]);
    // A file that does not read is a failed check.
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("line 5: claim 1.3. should be numbered 1.2."),
        "{err}"
    );
}

#[test]
fn ova3_xaif_is_read_like_aifdb() {
    let path = repo("tests/fixtures/formats/library-hours.xaif.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(Format::detect(None, &path, &text), Format::Aif);
    let g = registry::read(Format::Aif, &text, "x").unwrap().graph;
    let s = summary(&g);
    assert_eq!(
        s.relations,
        [
            (
                "[Students need a quiet place to]".to_string(),
                "[The library should open on Sundays]".to_string(),
                "support"
            ),
            (
                "[Sunday staff would cost overtime pay]".into(),
                "[The library should open on Sundays]".into(),
                "attack"
            ),
        ]
    );
    let claim = g.statement(
        g.statement_id("The library should open on Sundays")
            .unwrap(),
    );
    assert_eq!(claim.data["said"][0]["speaker"], json!("Chloe Martin"));
}

#[test]
fn fmt_keeps_comments_and_says_what_it_cannot_keep() {
    let source = "// why this map\n[A]: a *b* // on A\n  + [B]: c\n\n/* before C */\n[C]: d @[A]\n";
    let formatted = argdown::format(source).unwrap();
    assert_eq!(
        formatted.text,
        "// why this map\n// on A\n[A]: a b\n    <+ [B]: c\n\n/* before C */\n[C]: d \\@\\[A\\]\n"
    );
    assert_eq!(
        formatted.lost,
        [
            "emphasis (`*`, `_`) becomes plain text",
            "mentions (`@[Title]`) become plain text"
        ]
    );
    // Canonical text formats to itself.
    assert_eq!(
        argdown::format(&formatted.text).unwrap().text,
        formatted.text
    );
    // A map with errors is not rewritten.
    assert!(argdown::format("[A]: a <b> c\n").is_none());
}

#[test]
fn an_undercut_of_an_attack_survives_aif() {
    // Microtext: a4 undercuts the rebuttal of a1 by a3.
    let xml = std::fs::read_to_string(repo("tests/fixtures/formats/school-uniforms.xml")).unwrap();
    let g = registry::read(Format::Microtext, &xml, "x").unwrap().graph;
    let aif = registry::write(Format::Aif, &g).unwrap();
    let back = registry::read(Format::Aif, &aif, "x").unwrap().graph;
    let undercuts: Vec<(String, String)> = back
        .relations()
        .filter(|r| r.relation.kind == RelationKind::Undercut)
        .map(|r| (name(&back, r.from), name(&back, r.to)))
        .collect();
    assert_eq!(
        undercuts,
        [(
            "[Yet pupils can still express themselves]".to_string(),
            "<Attack on Schools should require uniforms>".to_string()
        )]
    );
    let attack = back.argument(
        back.argument_id("Attack on Schools should require uniforms")
            .unwrap(),
    );
    let premises: Vec<&str> = attack
        .premises()
        .map(|p| back.statement(p).text())
        .collect();
    assert_eq!(premises, ["Some say uniforms stifle self-expression."]);
    // Written again, the AIF is the same.
    assert_eq!(
        registry::write(Format::Aif, &back).unwrap().len(),
        aif.len()
    );
}

/// Writes `source`'s map as Argdown, reads it back, writes again: no errors, the same map,
/// and the same text the second time (found by the argdown fuzz target's Argdown oracle).
fn written_twice_is_canonical(source: &str) -> String {
    let g = cruxmap::load(source, None).graph;
    let (once, back) = written_and_read(&g);
    assert_eq!(summary(&back), summary(&g), "{once}");
    let (twice, again) = written_and_read(&back);
    assert_eq!(once, twice);
    assert_eq!(argdown::write(&again), twice);
    once
}

#[test]
fn a_bracketed_tag_is_never_broken_across_lines() {
    // The tag ends past the line width, so the writer wants to break inside it.
    let source = "[Space]: Public money should pay for crewed missions to Mars and the \
                  Moon, say many #space #(public spending) and more\n";
    let once = written_twice_is_canonical(source);
    assert!(once.contains("#(public spending)"), "{once}");
    let g = argdown::read(&once, None).graph;
    let s = g.statement(g.statement_id("Space").unwrap());
    assert!(s.tags.contains("public spending"), "{:?}", s.tags);
}

#[test]
fn an_exploded_step_keeps_uses_that_name_its_own_premises() {
    let source = "===\nmodel:\n    explodeArguments: true\n===\n\n<Chain>\n\n\
                  (1) first\n(2) second\n----\n(3) middle\n(4) third\n--\n{uses: [1, 4]}\n--\n\
                  (5) last\n";
    let once = written_twice_is_canonical(source);
    assert!(once.contains("{\"uses\":[1,2]}"), "{once}");
}

#[test]
fn an_argument_title_that_would_open_a_relation_is_renamed() {
    // Found by the argdown fuzz target: `<- A title>` reads as an attack, not an argument.
    let mut g = cruxmap::load("<Plain>: an argument\n", None).graph;
    let id = g.argument_id("Plain").unwrap();
    for title in ["- A title", "+ B title", "_ C title", "!-- D title"] {
        g.argument_mut(id).title = title.into();
        let (text, back) = written_and_read(&g);
        assert_eq!(back.argument_count(), 1, "{title}: {text}");
        assert_eq!(back.statement_count(), 0, "{title}: {text}");
    }
}

#[test]
fn an_exploded_last_step_without_an_inference_line_is_written_with_one() {
    // Found by the argdown fuzz target: the second step had no `----`, so it did not read back.
    let source = "===\nmodel:\n    explodeArguments: true\n===\n\n<Chain>\n\n\
                  (1) first\n(2) second\n----\n(3) middle\n(4) fourth\n(5) last\n";
    let g = cruxmap::load(source, None).graph;
    let (once, back) = written_and_read(&g);
    assert!(once.contains("----\n(5) [Untitled 5]"), "{once}");
    // The same steps, now with the inference line written out; then writing is canonical.
    assert_eq!(back.argument_count(), g.argument_count());
    let (twice, again) = written_and_read(&back);
    assert_eq!(once, twice);
    assert_eq!(argdown::write(&again), twice);
}

#[test]
fn a_tag_is_kept_in_place_only_where_it_reads_back_as_the_same_tag() {
    // Found by the argdown fuzz target: `#igh\#` reads back as the tag `igh\`, because
    // Argdown's tag characters include the backslash.
    let once = written_twice_is_canonical("[A]: text c###eH#igh## end, #ok. and #(two words)\n");
    assert!(once.contains("#ok. and #(two words)"), "{once}");
    let g = argdown::read(&once, None).graph;
    let tags = &g.statement(g.statement_id("A").unwrap()).tags;
    assert!(tags.iter().all(|t| !t.contains('\\')), "{tags:?}");
}

#[test]
fn a_tag_with_brackets_is_written_bare_as_argdown_reads_it() {
    // Found by the argdown fuzz target: `#(a[[b)` on a reference opened a title.
    let source = "[Space]: Money should fund missions. #space\n  \
                  + [Inspiration]: Missions inspire. #a[[b more. #(x]: Missions inspire. #(y z)\n  \
                  + [Inspiration]: A tag #in-the-middle of its text.\n";
    let g = cruxmap::load(source, None).graph;
    let tags = &g.statement(g.statement_id("Inspiration").unwrap()).tags;
    assert!(tags.contains("a[[b"), "{tags:?}");
    // The tag `x]: Missions inspire. #(y z` cannot be written: it is reported and left out.
    let (once, losses) = argdown::write_with_losses(&g);
    assert!(losses.0.iter().any(|l| l.contains("x]:")), "{losses:?}");
    let back = argdown::read(&once, None);
    assert!(!back.has_errors(), "{once}");
    assert_eq!(back.graph.statement_count(), 2, "{once}");
    let id = back.graph.statement_id("Inspiration").unwrap();
    assert!(back.graph.statement(id).tags.contains("a[[b"), "{once}");
    let (twice, again) = written_and_read(&back.graph);
    assert_eq!(twice, once);
    assert_eq!(summary(&again), summary(&back.graph));
}
