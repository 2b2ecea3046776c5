//! Extraction: the microtext format, the trained parser against the gold corpus, drafts of
//! the seed texts, and bad input.

use std::path::{Path, PathBuf};

use cruxmap::extract::Parser;
use cruxmap::extract::draft;
use cruxmap::extract::eval;
use cruxmap::extract::parser::ParserTraining;
use cruxmap::io::microtext::{self, Structure};
use proptest::prelude::*;

use super::run_cruxmap;

/// Runs `cruxmap extract INPUT OPTIONS... -o OUT`, asserts that it succeeds, and returns
/// what it printed on standard error.
fn extract_to(input: &Path, options: &[&str], out: &Path) -> String {
    let mut args = vec!["extract", input.to_str().unwrap()];
    args.extend_from_slice(options);
    args.extend(["-o", out.to_str().unwrap()]);
    let (code, _, err) = run_cruxmap(&args);
    assert_eq!(code, Some(0), "{}: {err}", input.display());
    err
}

fn corpus_dir() -> PathBuf {
    super::repo("../shared/corpora/microtexts-dev")
}

fn gold_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the development corpus is beside the repository")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn gold() -> Vec<Structure> {
    gold_files()
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            microtext::read(&text).unwrap().structure().unwrap()
        })
        .collect()
}

#[test]
fn every_gold_file_reduces_to_a_tree_whose_roles_match_the_annotation() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let texts = gold();
    assert_eq!(texts.len(), 62);
    for t in &texts {
        // One central claim; following targets from any unit reaches it.
        let cc = t.central_claim().unwrap();
        assert_eq!(t.target.iter().filter(|x| x.is_none()).count(), 1);
        for start in 0..t.len() {
            let mut at = start;
            for _ in 0..t.len() {
                match t.target[at] {
                    Some((up, _)) => at = up,
                    None => break,
                }
            }
            assert_eq!(at, cc, "{:?}", t.ids);
        }
        // The roles the tree implies (attacks switch sides) are the annotated ones.
        assert_eq!(
            cruxmap::extract::parser::gold_roles(t),
            t.opponent,
            "{:?}",
            t.ids
        );
        assert!(t.texts.iter().all(|x| !x.is_empty()));
    }
}

#[test]
fn writing_a_structure_and_reading_it_back_gives_the_same_structure() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    for path in gold_files() {
        let file = microtext::read(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let structure = file.structure().unwrap();
        let xml = microtext::write(&file.id, &file.edus, &structure);
        let back = microtext::read(&xml).unwrap();
        assert_eq!(back.edus, file.edus, "{}", path.display());
        assert_eq!(back.structure().unwrap(), structure, "{}", path.display());
    }
}

#[test]
fn undercuts_and_added_premises_attach_where_the_literature_scores_them() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    // b001: a3 undercuts the edge a1 -> a5, a4 is an added premise of that undercut.
    let text = std::fs::read_to_string(corpus_dir().join("micro_b001.xml")).unwrap();
    let s = microtext::read(&text).unwrap().structure().unwrap();
    use microtext::Function::*;
    assert_eq!(
        s.target,
        vec![
            Some((4, Rebut)),
            Some((0, Support)),
            Some((0, Undercut)),
            Some((2, Support)),
            None
        ]
    );
}

#[test]
fn cross_validation_on_the_development_texts_reaches_the_targets() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    // One 5-fold split (the CLI's default is ten): each text is scored by a parser that
    // never saw it.
    let cv = eval::cross_validate(&gold(), 5, 1, 1, ParserTraining::default());
    let g = cv.mean.gold_segmentation;
    assert!(g.central_claim >= 0.85, "{g:?}");
    assert!(g.role >= 0.72, "{g:?}");
    assert!(g.function >= 0.72, "{g:?}");
    assert!(g.attachment >= 0.72, "{g:?}");
    assert!(cv.mean.segmentation_f1 >= 0.8, "{:?}", cv.mean);
}

#[test]
fn the_shipped_weights_are_what_train_extract_writes() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let trained = Parser::train(
        &gold(),
        ParserTraining::default(),
        "62 texts of microtexts-dev",
    );
    let shipped = Parser::shipped();
    assert_eq!(
        trained.to_json(),
        shipped.to_json(),
        "retrain with: cargo run --release -- train-extract --gold ../shared/corpora/microtexts-dev -o src/extract/weights.json"
    );
}

#[test]
fn extract_with_gold_segments_writes_one_relation_per_unit_in_the_corpus_format() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A segments-only file: the gold file with roles and relations removed.
    let gold = std::fs::read_to_string(corpus_dir().join("micro_b010.xml")).unwrap();
    let segments: String = gold
        .lines()
        .filter(|l| {
            !(l.contains("type=\"sup\"")
                || l.contains("type=\"reb\"")
                || l.contains("type=\"und\"")
                || l.contains("type=\"add\"")
                || l.contains("type=\"exa\""))
        })
        .map(|l| l.replace(" type=\"pro\"", "").replace(" type=\"opp\"", "") + "\n")
        .collect();
    let seg_path = dir.path().join("segs.xml");
    std::fs::write(&seg_path, &segments).unwrap();
    let out = dir.path().join("pred.xml");
    let txt = corpus_dir().join("micro_b010.txt");
    extract_to(
        &txt,
        &[
            "--segments",
            seg_path.to_str().unwrap(),
            "--format",
            "microtext-xml",
        ],
        &out,
    );
    let predicted = microtext::read(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let gold_file = microtext::read(&gold).unwrap();
    assert_eq!(predicted.id, "micro_b010");
    assert_eq!(predicted.edus, gold_file.edus);
    let ids: Vec<&String> = predicted.adus.iter().map(|(a, _)| a).collect();
    let gold_ids: Vec<&String> = gold_file.adus.iter().map(|(a, _)| a).collect();
    assert_eq!(ids, gold_ids);
    assert!(predicted.adus.iter().all(|(_, r)| r == "pro" || r == "opp"));
    let structure = predicted.structure().unwrap();
    assert_eq!(structure.target.iter().filter(|t| t.is_none()).count(), 1);
    // The same prediction as from the full gold file: roles and relations are ignored.
    let out2 = dir.path().join("pred2.xml");
    extract_to(
        &txt,
        &[
            "--segments",
            corpus_dir().join("micro_b010.xml").to_str().unwrap(),
            "--format",
            "microtext-xml",
        ],
        &out2,
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&out2).unwrap()
    );
}

#[test]
fn eval_extract_scores_gold_against_itself_perfectly_through_the_cli() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    // Predictions written by extract, scored by the library scorer against gold.
    let texts = gold();
    let parser = Parser::shipped();
    let e = eval::evaluate(&parser, &texts[..5]);
    for (_, v) in e.gold_segmentation.levels() {
        assert!((0.0..=1.0).contains(&v));
    }
    let perfect: Vec<_> = texts
        .iter()
        .map(|t| {
            let target: Vec<_> = t
                .target
                .iter()
                .map(|x| x.map(|(j, f)| (j, cruxmap::extract::parser::kind_of(f))))
                .collect();
            cruxmap::extract::decode::Tree {
                root: t.central_claim().unwrap(),
                opponent: cruxmap::extract::decode::roles(&target),
                confidence: vec![1.0; t.len()],
                target,
            }
        })
        .collect();
    let s = eval::score(&texts, &perfect);
    assert_eq!(
        [s.central_claim, s.role, s.function, s.attachment],
        [1.0; 4]
    );
    let (code, out, err) = run_cruxmap(&[
        "eval-extract",
        "--gold",
        corpus_dir().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["texts"], 62);
    assert!(err.contains("trained on these texts"), "{err}");
}

fn seed(name: &str) -> PathBuf {
    let dir = super::repo("../shared/seeds");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap()
}

#[test]
fn drafts_of_the_seed_texts_are_valid_argdown_with_provenance_on_every_claim() {
    if !super::shared_available("seeds") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for name in ["000_", "002_", "004_"] {
        let path = seed(name);
        let out = dir.path().join(format!("{name}.argdown"));
        let err = extract_to(&path, &[], &out);
        let text = std::fs::read_to_string(&out).unwrap();
        let loaded = cruxmap::load(&text, None);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let graph = &loaded.graph;
        // The podcast blurb (000) has 8 claims once its outline and metadata are left out and
        // its clauses are kept whole.
        assert!(graph.statement_count() >= 8, "{}", graph.statement_count());
        let source = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        let mut central = 0;
        for (id, s) in graph.statements() {
            let _ = id;
            let data = &s.data;
            assert!(!data.is_empty(), "every claim has data");
            let line = data["line"].as_u64().unwrap() as usize;
            assert!(line >= 1 && line <= lines.len());
            let c = data["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&c));
            assert_eq!(data["source"].as_str().unwrap(), path.to_str().unwrap());
            // The claim's first words are on that line of the source (tags, which Argdown
            // keeps in the text, are the writer's).
            let first: String = s
                .text()
                .split_whitespace()
                .filter(|w| !w.starts_with('#'))
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let squashed = lines[line - 1]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                squashed.contains(&first.replace('\\', "")),
                "{first:?} not on line {line}"
            );
            if data.get("central").is_some() {
                central += 1;
            }
            assert!(s.title.chars().count() <= 60, "{}", s.title);
        }
        assert!(central <= 1);
        if name == "004_" {
            // The critique repeats most of its text: repeats are kept once.
            assert!(err.contains("repeated sentences kept once"), "{err}");
            let repeated = graph
                .statements()
                .filter(|(_, s)| s.data.contains_key("repeats"))
                .count();
            assert!(repeated >= 5);
            let texts: Vec<String> = graph
                .statements()
                .map(|(_, s)| s.text().to_string())
                .collect();
            let mut unique = texts.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), texts.len());
        }
    }
}

#[test]
fn thread_structure_is_kept_quotes_and_list_items() {
    let text = "> Models that fake alignment cannot be trusted.\n\
                (a) I disagree. Faking alignment to keep good values is what a good agent would do, because its values are worth keeping.\n\
                (b) Moreover, training that punishes faking teaches models to hide it.\n";
    let d = draft::extract(text, &Parser::shipped()).unwrap();
    assert!(d.units[0].quoted);
    assert!(d.units[1..].iter().all(|u| !u.quoted));
    assert_eq!(d.units[1].item.as_deref(), Some("a"));
    assert_eq!(d.units.last().unwrap().item.as_deref(), Some("b"));
    assert!(!d.units[1].text.starts_with("(a)"));
    let argdown = cruxmap::extract::argdown::write(&[("thread.txt", &d)], "test");
    assert!(argdown.contains("#quoted"));
    assert!(!cruxmap::load(&argdown, None).has_errors());
}

#[test]
fn json_output_is_the_export_of_the_argdown_output() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let txt = corpus_dir().join("micro_b001.txt");
    let ad = dir.path().join("d.argdown");
    let js = dir.path().join("d.json");
    for (format, out) in [("argdown", &ad), ("json", &js)] {
        extract_to(&txt, &["--format", format], out);
    }
    let (code, exported, _) = run_cruxmap(&["export", ad.to_str().unwrap(), "--to", "json"]);
    assert_eq!(code, Some(0));
    let a = cruxmap::io::json::read(&exported).unwrap();
    let b = cruxmap::io::json::read(&std::fs::read_to_string(&js).unwrap()).unwrap();
    assert_eq!(a.statement_count(), b.statement_count());
    assert_eq!(a.relation_count(), b.relation_count());
    let titles = |g: &cruxmap::model::ArgumentGraph| {
        g.statements()
            .map(|(_, s)| s.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&a), titles(&b));
}

#[test]
fn microtext_files_are_an_import_format() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let xml = corpus_dir().join("micro_b001.xml");
    let (code, out, err) = run_cruxmap(&["export", xml.to_str().unwrap(), "--to", "argdown-json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let relations = v["relations"].as_array().unwrap();
    // a1 rebuts a5, a2 supports a1, a3 undercuts a1's attack, a4 supports a3.
    assert_eq!(relations.len(), 4, "{relations:?}");
    let kinds: Vec<&str> = relations
        .iter()
        .map(|r| r["relationType"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"undercut") && kinds.contains(&"attack"),
        "{kinds:?}"
    );
    assert!(!out.contains("time.Yes"), "unit text read twice");
}

#[test]
fn bad_input_gives_clear_errors_or_small_drafts_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let cases: Vec<(PathBuf, i32, &str)> = vec![
        (write("empty.txt", b""), 2, "empty"),
        (write("blank.txt", b"  \n\n  "), 2, "empty"),
        (write("punct.txt", b"... !!! ???"), 2, "no sentences"),
        (
            write("binary.bin", &[0u8, 159, 146, 150, 0, 1, 2]),
            2,
            "UTF-8",
        ),
        (write("nul.txt", b"text\0more"), 2, "binary"),
    ];
    for (path, want, message) in cases {
        let (code, _, err) = run_cruxmap(&["extract", path.to_str().unwrap()]);
        assert_eq!(code, Some(want), "{}: {err}", path.display());
        assert!(err.contains(message), "{}: {err}", path.display());
        assert!(!err.contains("panicked"));
    }
    // A very long sentence, other languages, a text without argument: small honest drafts.
    let long = "word ".repeat(50_000) + ".";
    let others = "Die Steuer sollte sinken, weil die Bürger entlastet werden müssen. \
                  税收应该降低，因为公民需要减轻负担。 Нет.";
    let plain = "The train leaves at nine. It has six cars.";
    for (name, text) in [
        ("long.txt", long.as_str()),
        ("de.txt", others),
        ("plain.txt", plain),
    ] {
        let path = write(name, text.as_bytes());
        let out = dir.path().join(format!("{name}.argdown"));
        extract_to(&path, &[], &out);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!cruxmap::load(&text, None).has_errors(), "{name}");
    }
    // A corrupt segments file names the line.
    let segs = write("segs.xml", b"<?xml version='1.0'?>\n<arggraph id=\"x\">\n<edu id=\"e1\">a</edu>\n<edge id=\"c1\" src=\"e1\" trg=\"a9\" type=\"seg\"/>\n</arggraph>\n");
    let txt = write("t.txt", b"a");
    let (code, _, err) = run_cruxmap(&[
        "extract",
        txt.to_str().unwrap(),
        "--segments",
        segs.to_str().unwrap(),
        "--format",
        "microtext-xml",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains(":4:") && err.contains("a9"), "{err}");
}

#[test]
fn too_large_a_text_is_refused_before_any_work() {
    let text = "a ".repeat(draft::MAX_EXTRACT_BYTES / 2 + 1);
    assert!(matches!(
        draft::extract(&text, &Parser::shipped()),
        Err(draft::ExtractError::TooLarge(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text gives a draft or a clear error; a draft is always valid Argdown whose
    /// claims are the units, and every unit's text is in the source.
    #[test]
    fn any_text_gives_valid_argdown_or_an_error(
        text in "(\\PC|[\\n.,;!?>()\\-\\[\\]{}#@<\\\\/*_]){0,400}",
    ) {
        let parser = Parser::shipped();
        if let Ok(d) = draft::extract(&text, &parser) {
            let argdown = cruxmap::extract::argdown::write(&[("p.txt", &d)], "test");
            let loaded = cruxmap::load(&argdown, None);
            prop_assert!(!loaded.has_errors(), "{:?}\n{argdown}", loaded.diagnostics);
            prop_assert_eq!(loaded.graph.statement_count() + loaded.graph.argument_count(), d.units.len());
            let squashed: String = text.split_whitespace().collect();
            for u in &d.units {
                let s: String = u.text.split_whitespace().collect();
                prop_assert!(squashed.contains(&s));
            }
            // Exactly one central claim; every other unit has a target.
            prop_assert_eq!(d.tree.target.iter().filter(|t| t.is_none()).count(), 1);
        }
    }
}

#[test]
fn markup_in_prose_stays_text_and_titles_stay_distinct() {
    let text = "This is bad <!-- really. Cats are nice. Cats are nice! Cats are nice 2. \
                A [link](x) #tag @mention {a: 1} // not a comment /* nor this */ here.";
    let d = draft::extract(text, &Parser::shipped()).unwrap();
    let argdown = cruxmap::extract::argdown::write(&[("m.txt", &d)], "test");
    let loaded = cruxmap::load(&argdown, None);
    assert!(!loaded.has_errors(), "{:?}\n{argdown}", loaded.diagnostics);
    // Every unit is its own claim, with its text intact.
    assert_eq!(
        loaded.graph.statement_count() + loaded.graph.argument_count(),
        d.units.len()
    );
    let texts: Vec<String> = loaded
        .graph
        .statements()
        .map(|(_, s)| s.text().to_string())
        .chain(loaded.graph.arguments().map(|(_, a)| a.text().to_string()))
        .collect();
    assert!(texts.iter().any(|t| t.contains("<!-- really")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("#tag @mention {a: 1} // not")),
        "{texts:?}"
    );
}

#[test]
fn pathological_stops_code_fences_and_control_characters() {
    // Full stops without spaces: one long sentence, cut into pieces, in linear time.
    let dots = "a.".repeat(200_000);
    let d = draft::extract(&dots, &Parser::shipped()).unwrap();
    assert!(!d.units.is_empty());
    // Code between fences is not prose.
    let md = "Cats should be fed.\n```\nlet x = cats.feed();\nprintln!(\"fed\");\n```\nDogs too.";
    let d = draft::extract(md, &Parser::shipped()).unwrap();
    assert!(
        d.units.iter().all(|u| !u.text.contains("feed()")),
        "{:?}",
        d.units
    );
    // Control characters survive into valid microtext XML.
    let d = draft::extract(
        "Pasted \u{1b}[31mred\u{1b}[0m text is fine.",
        &Parser::shipped(),
    )
    .unwrap();
    let edus: Vec<(String, String)> = d
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| (format!("c{}", k + 1), u.text.clone()))
        .collect();
    let structure = Structure {
        ids: (1..=edus.len()).map(|k| format!("a{k}")).collect(),
        texts: edus.iter().map(|(_, t)| t.clone()).collect(),
        edus: edus.iter().map(|(e, _)| vec![e.clone()]).collect(),
        opponent: d.tree.opponent.clone(),
        target: d
            .tree
            .target
            .iter()
            .map(|t| t.map(|(j, k)| (j, cruxmap::extract::parser::function_of(k))))
            .collect(),
    };
    // EDU ids `c1`… clash with the writer's edge ids unless it avoids them.
    let xml = microtext::write("x", &edus, &structure);
    let back = microtext::read(&xml).unwrap();
    assert_eq!(back.structure().unwrap().target, structure.target);
}

#[test]
fn microtext_files_without_a_tree_give_errors_or_every_unit() {
    let dir = tempfile::tempdir().unwrap();
    let no_adu = dir.path().join("none.xml");
    std::fs::write(
        &no_adu,
        "<arggraph id=\"x\"><edu id=\"e1\">A.</edu></arggraph>",
    )
    .unwrap();
    let (code, _, err) = run_cruxmap(&["export", no_adu.to_str().unwrap(), "--to", "json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no <adu>"), "{err}");
    // Two units and no relation: the second is not the central claim, but it is kept.
    let two = dir.path().join("two.xml");
    std::fs::write(
        &two,
        "<arggraph id=\"y\"><edu id=\"e1\">First claim here.</edu><edu id=\"e2\">Second\n   claim here.</edu>\
         <adu id=\"a1\" type=\"pro\"/><adu id=\"a2\" type=\"pro\"/>\
         <edge id=\"c1\" src=\"e1\" trg=\"a1\" type=\"seg\"/><edge id=\"c2\" src=\"e2\" trg=\"a2\" type=\"seg\"/></arggraph>",
    )
    .unwrap();
    let (code, out, err) = run_cruxmap(&["export", two.to_str().unwrap(), "--to", "argdown-json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statements"].as_object().unwrap().len(), 2, "{out}");
    assert!(out.contains("Second claim here."));
    // An empty unit in a gold folder is an error, not a crash.
    let gold = dir.path().join("gold");
    std::fs::create_dir(&gold).unwrap();
    std::fs::write(
        gold.join("g.xml"),
        "<arggraph id=\"x\"><edu id=\"e1\">A.</edu><adu id=\"a1\" type=\"pro\"/></arggraph>",
    )
    .unwrap();
    let (code, _, err) = run_cruxmap(&["eval-extract", "--gold", gold.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no text"), "{err}");
}

#[test]
fn broken_weights_and_settings_are_refused() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut parser: serde_json::Value = serde_json::from_str(&Parser::shipped().to_json()).unwrap();
    parser["weights"] = serde_json::json!([1.0, -1.0, 0.0, 0.0]);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, parser.to_string()).unwrap();
    let txt = corpus_dir().join("micro_b001.txt");
    let (code, _, err) = run_cruxmap(&[
        "extract",
        txt.to_str().unwrap(),
        "--weights",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("decoder weights"), "{err}");
    let (code, _, err) = run_cruxmap(&[
        "eval-extract",
        "--gold",
        corpus_dir().to_str().unwrap(),
        "--cross-validate",
        "--decode-weights",
        "1,-1,0,0",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--decode-weights"), "{err}");
}

#[test]
fn eval_extract_scores_prediction_files_like_the_parser_itself() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let names = ["micro_b003", "micro_b017", "micro_b040"];
    for name in names {
        extract_to(
            &corpus_dir().join(format!("{name}.txt")),
            &[
                "--segments",
                corpus_dir().join(format!("{name}.xml")).to_str().unwrap(),
                "--format",
                "microtext-xml",
            ],
            &dir.path().join(format!("{name}.xml")),
        );
    }
    let (code, out, err) = run_cruxmap(&[
        "eval-extract",
        "--gold",
        corpus_dir().to_str().unwrap(),
        "--predicted",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("59 gold file(s) have no prediction"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let gold: Vec<Structure> = names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(corpus_dir().join(format!("{n}.xml"))).unwrap();
            microtext::read(&text).unwrap().structure().unwrap()
        })
        .collect();
    let direct = eval::evaluate(&Parser::shipped(), &gold).gold_segmentation;
    let s = &v["scores"];
    for (key, want) in [
        ("central_claim", direct.central_claim),
        ("role", direct.role),
        ("function", direct.function),
        ("attachment", direct.attachment),
    ] {
        assert!((s[key].as_f64().unwrap() - want).abs() < 1e-9, "{key}: {s}");
    }
}

#[test]
fn so_and_since_give_reasons_never_attacks_or_fragments() {
    let parser = Parser::shipped();
    for text in [
        "Cities should plant more trees. Trees cool the streets on hot days, so people stay \
         healthier. However, planting is expensive.",
        "Cities should plant more trees, since trees cool the streets on hot days. But \
         planting is expensive.",
    ] {
        let d = draft::extract(text, &parser).unwrap();
        for (u, unit) in d.units.iter().enumerate() {
            let first = unit.text.split_whitespace().next().unwrap().to_lowercase();
            assert!(
                !["so", "since", "because"].contains(&first.as_str()),
                "fragment {:?} in {text}",
                unit.text
            );
            let reason = unit.text.contains(" so ") || unit.text.contains(" since ");
            if reason && let Some((_, kind)) = d.tree.target[u] {
                assert_eq!(kind, cruxmap::extract::decode::Kind::Support, "{text}");
            }
        }
    }
}

/// A short five-paragraph essay with a title, a thesis, reasons, a counter and a conclusion.
const TREE_ESSAY: &str = "Should cities plant trees\n\n\
    Many towns argue about green space every year. In my opinion, cities should plant \
    many more trees along their streets.\n\n\
    First of all, trees make summer streets much cooler. The shade of a big tree lowers \
    the heat on the pavement. For example, people walk more in shaded parks.\n\n\
    However, some people say that trees cost too much money. Planting and watering a \
    tree takes years of work.\n\n\
    In conclusion, planting trees is a wise choice for every city.";

#[test]
fn essays_get_kinds_and_claims_toward_the_thesis() {
    let text = TREE_ESSAY;
    let model = cruxmap::extract::essay::EssayModel::shipped();
    let d = draft::extract_essay(text, &model).unwrap();
    let kinds: Vec<&str> = d.units.iter().map(|u| u.kind.unwrap()).collect();
    assert!(kinds.contains(&"major-claim"), "{kinds:?}");
    assert!(kinds.contains(&"premise"), "{kinds:?}");
    // The title is left out and no unit keeps its leading discourse marker.
    for u in &d.units {
        assert!(!u.text.starts_with("Should cities"), "{}", u.text);
        assert!(!u.text.starts_with("First of all"), "{}", u.text);
        assert!(!u.text.starts_with("In conclusion"), "{}", u.text);
    }
    assert_eq!(d.units[d.tree.root].kind, Some("major-claim"));
}

#[test]
fn essay_units_have_calibrated_confidences_and_premises_attach_in_their_paragraph() {
    let text = TREE_ESSAY;
    let model = cruxmap::extract::essay::EssayModel::shipped();
    let d = draft::extract_essay(text, &model).unwrap();
    let c = &d.tree.confidence;
    assert_eq!(c.len(), d.units.len());
    assert!(c.iter().all(|p| (0.0..=1.0).contains(p)), "{c:?}");
    assert!(
        c.iter().any(|p| (p - c[0]).abs() > 0.01),
        "confidences do not differ: {c:?}"
    );
    // The model carries its Platt scaling, fitted on held-out folds (a positive slope).
    assert!(model.calibration.0 > 0.0, "{:?}", model.calibration);
    // A premise supports or attacks a unit of its own paragraph (or the central claim).
    let para = |u: usize| text[..d.units[u].span.start].matches("\n\n").count();
    for (u, t) in d.tree.target.iter().enumerate() {
        if d.units[u].kind == Some("premise")
            && let Some((to, _)) = *t
        {
            assert!(to == d.tree.root || para(to) == para(u), "{u} -> {to}");
        }
    }
}

#[test]
fn essay_scores_on_the_dev_split_stay_above_a_floor() {
    if !super::shared_available("corpora/essays") {
        return;
    }
    let dev = super::repo("../shared/corpora/essays/dev");
    let (code, out, err) =
        run_cruxmap(&["eval-extract", "--essays", "--gold", dev.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let exact = out
        .lines()
        .find(|l| l.trim_start().starts_with("exact"))
        .expect("an exact-match line");
    let number = |name: &str| -> f64 {
        let at = exact.find(name).unwrap() + name.len();
        exact[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // Measured 0.758 / 0.613 / 0.288 (docs/extraction.md); the floors leave room for noise.
    assert!(number("seg ") >= 0.72, "{out}");
    assert!(number("components ") >= 0.58, "{out}");
    assert!(number("relations ") >= 0.26, "{out}");
    let ece_line = out
        .lines()
        .find(|l| l.contains("ECE"))
        .expect("an ECE line");
    let ece: f64 = ece_line
        .split("calibrated ")
        .nth(1)
        .and_then(|r| r.split(',').next())
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(ece < 0.1, "{out}");
}

#[test]
fn essay_drafts_of_the_dev_split_carry_kinds_in_their_json() {
    if !super::shared_available("corpora/essays") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = super::repo("../shared/corpora/essays/dev/essay_dev_001.txt");
    let out = dir.path().join("d.json");
    extract_to(&input, &["--format", "json"], &out);
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(
        json.contains("\"kind\": \"major-claim\"") || json.contains("\"kind\":\"major-claim\"")
    );
}

#[test]
fn the_shipped_essay_weights_are_what_train_extract_writes() {
    if !super::shared_available("corpora/essays") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("essay.json");
    let gold = super::repo("../shared/corpora/essays/train");
    let (code, _, err) = run_cruxmap(&[
        "train-extract",
        "--essays",
        "--gold",
        gold.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        std::fs::read_to_string(&out).unwrap() == super::read("src/extract/essay-weights.json"),
        "retrain with: cruxmap train-extract --essays --gold ../shared/corpora/essays/train -o src/extract/essay-weights.json"
    );
}

/// The units of `d` that start mid-sentence: not at the start of a line (after any list or
/// quote marker), not after a sentence end (closing quotes, brackets and footnote marks
/// aside), and not opening a counter ("but …", "although …") where a draft may split.
fn mid_sentence_units(text: &str, d: &draft::Draft) -> Vec<String> {
    let mut out = Vec::new();
    for u in &d.units {
        let start = u.span.start;
        let line_start = text[..start].rfind('\n').map_or(0, |k| k + 1);
        let prefix = &text[line_start..start];
        let marker_only = prefix.chars().all(|c| {
            c.is_whitespace() || matches!(c, '>' | '-' | '*' | '(' | ')' | '.' | '\u{2022}')
        }) || {
            // A list label: "(a) ", "1. ", "b) ".
            let p = prefix.trim();
            p.len() <= 4
                && p.trim_matches(['(', ')', '.'])
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
        };
        // At the start of a line, a lower-case unit after a line that ends no sentence is
        // the rest of that sentence.
        let continues_a_line = prefix.trim().is_empty()
            && u.text.starts_with(char::is_lowercase)
            && text[..line_start]
                .trim_end_matches(['\n', '\r'])
                .rsplit('\n')
                .next()
                .is_some_and(|prev| {
                    !prev.trim().is_empty()
                        && !prev
                            .trim_end()
                            .trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}'])
                            .ends_with(['.', '!', '?', ':', ';'])
                });
        let marker_only = marker_only && !continues_a_line;
        let mut before = text[..start].trim_end();
        loop {
            let trimmed = before.trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}']);
            // A footnote mark: "systems.[1]".
            let trimmed = match trimmed.strip_suffix('[').or(None) {
                Some(t) => t,
                None => trimmed
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .strip_suffix('[')
                    .filter(|_| before.ends_with(']'))
                    .unwrap_or(trimmed),
            };
            if trimmed.len() == before.len() {
                break;
            }
            before = trimmed;
        }
        let after_end = before.is_empty() || before.ends_with(['.', '!', '?', ':', ';']);
        if !(marker_only || after_end || draft::opens_a_counter(&u.text)) {
            out.push(u.text.chars().take(40).collect());
        }
    }
    out
}

/// Units that open with "so", "since" or "because" yet attack.
fn reversed_reasons(d: &draft::Draft) -> Vec<String> {
    d.units
        .iter()
        .zip(&d.tree.target)
        .filter(|(u, t)| {
            let first = u
                .text
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or("")
                .to_lowercase();
            ["so", "since", "because"].contains(&first.as_str())
                && t.is_some_and(|(_, k)| k != cruxmap::extract::decode::Kind::Support)
        })
        .map(|(u, _)| u.text.chars().take(40).collect())
        .collect()
}

/// A draft as `extract --genre auto` makes it of a non-essay text.
fn auto_draft(text: &str) -> draft::Draft {
    assert!(!cruxmap::extract::essay::looks_like_essay(text));
    if cruxmap::extract::thread::is_thread(text) {
        cruxmap::extract::thread::extract_thread(text, &Parser::shipped()).unwrap()
    } else {
        draft::extract(text, &Parser::shipped()).unwrap()
    }
}

#[test]
fn the_fragment_check_finds_a_unit_cut_mid_sentence() {
    // The check itself: a unit that starts after a comma without a counter is a fragment.
    let text = "I wonder if models differ, and what follows from that. But it is late.";
    let mut d = draft::extract(text, &Parser::shipped()).unwrap();
    assert!(mid_sentence_units(text, &d).is_empty(), "{:?}", d.units);
    let at = text.find("and what").unwrap();
    d.units[0].span.start = at;
    d.units[0].text = text[at..].to_string();
    assert_eq!(mid_sentence_units(text, &d).len(), 1);
}

#[test]
fn seed_drafts_have_no_mid_sentence_fragments_and_no_reversed_reasons() {
    let example = "Cities should plant more trees. Trees cool the streets on hot days, so people \
                   stay healthier. However, planting is expensive.";
    let d = auto_draft(example);
    assert_eq!(d.units.len(), 3, "{:?}", d.units);
    assert!(mid_sentence_units(example, &d).is_empty());
    assert!(reversed_reasons(&d).is_empty());
    // The project's own restatements of the seeds, which are in the repository.
    for name in [
        "alignment-faking-comments",
        "alignment-faking-essay",
        "alignment-not-by-default",
    ] {
        let text = super::read(&format!("seeds/{name}.md"));
        let d = auto_draft(&text);
        let fragments = mid_sentence_units(&text, &d);
        assert!(fragments.is_empty(), "{name}: fragments {fragments:?}");
        assert!(reversed_reasons(&d).is_empty(), "{name}");
    }
    if !super::shared_available("seeds") {
        return;
    }
    for name in ["000_", "002_", "004_"] {
        let text = std::fs::read_to_string(seed(name)).unwrap();
        let d = auto_draft(&text);
        assert!(d.units.len() >= 8, "{name}: {} units", d.units.len());
        let fragments = mid_sentence_units(&text, &d);
        assert!(fragments.is_empty(), "{name}: fragments {fragments:?}");
        let reversed = reversed_reasons(&d);
        assert!(reversed.is_empty(), "{name}: reversed {reversed:?}");
    }
}

#[test]
fn a_json_thread_is_one_map_with_authors_as_sources_and_replies_across_posts() {
    let dir = tempfile::tempdir().unwrap();
    let thread = dir.path().join("thread.json");
    std::fs::write(
        &thread,
        r#"[
  {"id": "p1", "author": "ann", "text": "Hi all! Cities should plant more trees. Trees cool the streets on hot days, so people stay healthier."},
  {"id": "p2", "author": "bo", "text": "I disagree. Planting trees is expensive, and the money is needed for buses.", "reply_to": "p1"},
  {"id": "p3", "author": "cy", "text": "Good point. Buses carry far more people than trees cool.", "reply_to": "p2"},
  {"author": "dee", "text": "Trees also soak up rain and make floods less likely.", "reply_to": 0}
]"#,
    )
    .unwrap();
    let out = dir.path().join("d.json");
    let err = extract_to(&thread, &["--format", "json"], &out);
    assert!(err.contains("claims"), "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let claims: Vec<&serde_json::Value> = json["statements"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["arguments"].as_array().into_iter().flatten())
        .collect();
    let source_of = |needle: &str| -> (String, String) {
        let c = claims
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no claim with {needle:?}"));
        (
            c["data"]["source"].as_str().unwrap().to_string(),
            c["data"]["post"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(source_of("plant more trees"), ("ann".into(), "p1".into()));
    assert_eq!(source_of("expensive"), ("bo".into(), "p2".into()));
    assert_eq!(source_of("Buses carry"), ("cy".into(), "p3".into()));
    assert_eq!(source_of("floods"), ("dee".into(), "4".into()));
    // Greetings and bare stances are no claims.
    for c in &claims {
        let t = c["text"].as_str().unwrap();
        assert!(
            !t.starts_with("Hi all") && t != "I disagree." && t != "Good point.",
            "{t}"
        );
    }
    // The library: one tree, every post's central claim answering the post it replies to.
    let posts =
        cruxmap::extract::thread::parse_json(&std::fs::read_to_string(&thread).unwrap()).unwrap();
    let d = cruxmap::extract::thread::extract_posts(&posts, &Parser::shipped()).unwrap();
    let post_of = |u: usize| d.units[u].post.as_ref().unwrap().index;
    assert_eq!(post_of(d.tree.root), 0);
    let mut crossing = Vec::new();
    for (u, t) in d.tree.target.iter().enumerate() {
        if let Some((to, kind)) = *t
            && post_of(u) != post_of(to)
        {
            crossing.push((post_of(u), post_of(to), kind));
        }
    }
    use cruxmap::extract::decode::Kind;
    crossing.sort_by_key(|c| c.0);
    assert_eq!(
        crossing,
        vec![
            (1, 0, Kind::Rebut),
            (2, 1, Kind::Support),
            (3, 0, Kind::Support)
        ]
    );
    // Exactly one central claim per post: the unit that leaves its post or is the root.
    for p in 0..4 {
        let heads = (0..d.units.len())
            .filter(|&u| post_of(u) == p)
            .filter(|&u| d.tree.target[u].is_none_or(|(to, _)| post_of(to) != p))
            .count();
        assert_eq!(heads, 1, "post {p}");
    }
}

#[test]
fn a_plain_text_thread_leaves_out_titles_metadata_and_question_lists() {
    let text = "Comments\n\
                Interesting. Cities should plant more trees, because shade cools the streets.\n\
                3 hours ago\n\
                Extra note: some open questions, just brainstorming:\n\
                - Would parks do better than street trees?\n\
                - Who pays for the watering?\n\
                I don't think trees pay off. Planting is expensive and slow.\n\
                - Saplings die in dry summers.\n";
    assert!(cruxmap::extract::thread::is_thread(text));
    let d = auto_draft(text);
    let texts: Vec<&str> = d.units.iter().map(|u| u.text.as_str()).collect();
    for left_out in [
        "Interesting",
        "hours ago",
        "Extra note",
        "Would parks",
        "Who pays",
    ] {
        assert!(
            texts.iter().all(|t| !t.contains(left_out)),
            "{left_out}: {texts:?}"
        );
    }
    // Two posts with units (the question post has none); the bullet belongs to the second.
    let post = |needle: &str| {
        d.units
            .iter()
            .find(|u| u.text.contains(needle))
            .and_then(|u| u.post.as_ref())
            .map(|p| p.index)
            .unwrap()
    };
    assert_eq!(post("Cities should"), 0);
    assert_eq!(post("Saplings"), post("expensive"));
    assert_ne!(post("Saplings"), 0);
    // The second post's central claim attacks the first's.
    let first_root = d.tree.root;
    let attacks_across = d.tree.target.iter().enumerate().any(|(u, t)| {
        d.units[u].post.as_ref().unwrap().index != 0
            && t.is_some_and(|(to, k)| {
                to == first_root && k != cruxmap::extract::decode::Kind::Support
            })
    });
    assert!(attacks_across, "{texts:?} {:?}", d.tree);
    let argdown = cruxmap::extract::argdown::write(&[("thread.txt", &d)], "test");
    assert!(!cruxmap::load(&argdown, None).has_errors());
    assert!(argdown.contains("post: \"2\"") || argdown.contains("post: \"3\""));
}

#[test]
fn bad_json_threads_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (body, message) in [
        (r#"[{"author": "ann"}]"#, "has no \"text\""),
        (
            r#"[{"text": "One claim here.", "reply_to": 5}]"#,
            "not the id or index of an earlier post",
        ),
        ("[]", "no posts"),
        ("[1, 2]", "not a JSON list of posts"),
    ] {
        let f = dir.path().join("t.json");
        std::fs::write(&f, body).unwrap();
        let (code, _, err) = run_cruxmap(&["extract", f.to_str().unwrap(), "--genre", "thread"]);
        assert_eq!(code, Some(2), "{body}: {err}");
        assert!(
            err.contains(message) && err.contains("hint:"),
            "{body}: {err}"
        );
    }
    // Read as a thread without --genre too, so the message says what is wrong with it.
    let f = dir.path().join("t.json");
    std::fs::write(&f, r#"[{"text": 5}]"#).unwrap();
    let (code, _, err) = run_cruxmap(&["extract", f.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("has no \"text\""), "{err}");
    // A NUL escaped in JSON is no reason for an invalid draft.
    std::fs::write(
        &f,
        r#"[{"author": "a\u0000b", "text": "Trees cool.\u0000 Shade helps people."}]"#,
    )
    .unwrap();
    let out = dir.path().join("t.argdown");
    extract_to(&f, &["--format", "json"], &out);
}

#[test]
fn min_confidence_drops_unsure_claims_and_keeps_one_tree() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("t.txt");
    std::fs::write(
        &text,
        "Cities should plant more trees. Trees cool the streets on hot days, so people stay \
         healthier. However, planting is expensive. Blue seven quickly under the. Shade also \
         protects the pavement from cracking. And the trees give birds a home.",
    )
    .unwrap();
    for bad in ["1.5", "-0.1", "NaN"] {
        let flag = format!("--min-confidence={bad}");
        let (code, _, err) = run_cruxmap(&["extract", text.to_str().unwrap(), &flag]);
        assert_eq!(code, Some(2), "{bad}: {err}");
        assert!(err.contains("from 0 to 1"), "{bad}: {err}");
    }
    let d = draft::extract(&std::fs::read_to_string(&text).unwrap(), &Parser::shipped()).unwrap();
    let mut confidences: Vec<f64> = d.tree.confidence.clone();
    confidences.sort_by(f64::total_cmp);
    // A threshold between the lowest and the highest non-root confidence drops some.
    let non_root: Vec<f64> = (0..d.units.len())
        .filter(|&u| u != d.tree.root)
        .map(|u| d.tree.confidence[u])
        .collect();
    let lo = non_root.iter().copied().fold(f64::INFINITY, f64::min);
    let threshold = lo + 1e-9;
    let mut pruned = d.clone();
    let dropped = pruned.prune(threshold).unwrap();
    assert!(dropped >= 1);
    assert_eq!(pruned.units.len(), d.units.len() - dropped);
    assert_eq!(
        pruned.units[pruned.tree.root].text,
        d.units[d.tree.root].text
    );
    // Every kept unit reaches the central claim.
    for u in 0..pruned.units.len() {
        let mut at = u;
        for _ in 0..pruned.units.len() {
            match pruned.tree.target[at] {
                Some((t, _)) => at = t,
                None => break,
            }
        }
        assert_eq!(at, pruned.tree.root);
        assert!(u == pruned.tree.root || pruned.tree.confidence[u] >= threshold);
    }
    assert_eq!(d.clone().prune(0.0).unwrap(), 0);
    assert!(d.clone().prune(2.0).is_err());
    // Through the command: fewer claims, still valid.
    let out = dir.path().join("d.argdown");
    let err = extract_to(&text, &["--min-confidence", "0.999"], &out);
    assert!(err.contains("left out"), "{err}");
    let argdown = std::fs::read_to_string(&out).unwrap();
    assert!(!cruxmap::load(&argdown, None).has_errors());
    assert_eq!(argdown.matches("confidence:").count(), 1, "{argdown}");
}

#[test]
fn the_shipped_calibration_is_what_train_extract_writes() {
    if !super::shared_available("corpora/microtexts-dev") {
        return;
    }
    let fitted = cruxmap::extract::calibrate::fit_microtext(
        &gold(),
        ParserTraining::default(),
        "62 texts of microtexts-dev",
    );
    assert_eq!(
        fitted.to_json(),
        include_str!("../../src/extract/calibration.json"),
        "refit with: cargo run --release -- train-extract --gold ../shared/corpora/microtexts-dev -o src/extract/weights.json --calibration src/extract/calibration.json"
    );
    // Calibration has to help on folds it was not fitted on.
    assert!(fitted.ece_calibrated < fitted.ece_raw / 2.0, "{fitted:?}");
    // The shipped parser's drafts carry calibrated confidence: near the accuracy on average.
    let parser = Parser::shipped();
    let mut tree = parser.parse(&gold()[0].texts);
    let raw = tree.confidence.clone();
    parser.calibrate(&mut tree);
    assert_ne!(raw, tree.confidence);
}

#[test]
fn huge_files_one_huge_line_endless_text_and_long_threads_stay_linear_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    // 50 MB: refused before any work, with what to do.
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "Trees cool streets. ".repeat(2_500_000)).unwrap();
    for genre in ["auto", "thread"] {
        let (code, _, err) = run_cruxmap(&["extract", big.to_str().unwrap(), "--genre", genre]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("at most") && err.contains("hint: split"),
            "{err}"
        );
    }
    // One 5 MB line of sentences: a draft, its repeats kept once.
    let line = dir.path().join("line.txt");
    let mut text = String::new();
    let mut k = 0;
    while text.len() < 5_000_000 {
        text.push_str(&format!(
            "Cities should plant {} trees, since shade cools. ",
            k % 7
        ));
        k += 1;
    }
    std::fs::write(&line, &text).unwrap();
    let out = dir.path().join("line.argdown");
    let err = extract_to(&line, &[], &out);
    assert!(err.contains("repeated sentences kept once"), "{err}");
    assert!(!cruxmap::load(&std::fs::read_to_string(&out).unwrap(), None).has_errors());
    // No sentence end at all: units of at most 80 words, in every genre.
    let endless = "trees cool the streets and people walk more so shade matters ".repeat(2_000);
    for d in [
        draft::extract(&endless, &Parser::shipped()).unwrap(),
        cruxmap::extract::thread::extract_thread(&endless, &Parser::shipped()).unwrap(),
    ] {
        assert!(d.units.len() >= 200, "{}", d.units.len());
        assert!(
            d.units
                .iter()
                .all(|u| u.text.split_whitespace().count() <= 81)
        );
        let argdown = cruxmap::extract::argdown::write(&[("endless.txt", &d)], "test");
        assert!(!cruxmap::load(&argdown, None).has_errors());
    }
    // A plain-text thread of 8,000 one-line posts: linear (it once rebuilt the line index of
    // the whole text for every post, and took 36 s for 40,000 posts in a release build).
    let mut plain = String::from("Comments\n");
    for k in 0..8_000 {
        plain.push_str(&format!(
            "Post {k} says trees cool the streets in summer.\n"
        ));
    }
    let started = std::time::Instant::now();
    let d = cruxmap::extract::thread::extract_thread(&plain, &Parser::shipped()).unwrap();
    assert_eq!(d.units.len(), 8_000);
    assert_eq!(d.units[7_999].line, 8_001);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // A thread of 3,000 posts, each replying by id to an earlier one: one tree, each reply's
    // central claim pointing into the post it answers.
    let posts: Vec<serde_json::Value> = (0..3_000)
        .map(|k| {
            let mut p = serde_json::json!({
                "id": format!("p{k}"),
                "author": format!("user{}", k % 40),
                "text": format!("Trees number {k} cool the streets. I think shade matters."),
            });
            if k > 0 {
                p["reply_to"] = serde_json::json!(format!("p{}", (k * 7919) % k));
            }
            p
        })
        .collect();
    let json = serde_json::to_string(&posts).unwrap();
    let parsed = cruxmap::extract::thread::parse_json(&json).unwrap();
    let d = cruxmap::extract::thread::extract_posts(&parsed, &Parser::shipped()).unwrap();
    let post_of = |u: usize| d.units[u].post.as_ref().unwrap().index;
    assert_eq!(post_of(d.tree.root), 0);
    for (u, t) in d.tree.target.iter().enumerate() {
        if let Some((to, _)) = *t
            && post_of(to) != post_of(u)
        {
            assert_eq!(Some(post_of(to)), parsed[post_of(u)].reply_to);
        }
    }
    assert_eq!(d.tree.target.iter().filter(|t| t.is_none()).count(), 1);
}

#[test]
fn a_draft_names_the_weights_that_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let essay = dir.path().join("trees.txt");
    std::fs::write(&essay, TREE_ESSAY).unwrap();
    let (code, out, err) = run_cruxmap(&["extract", essay.to_str().unwrap(), "--genre", "essay"]);
    assert_eq!(code, Some(0), "{err}");
    let header: String = out.lines().take(2).collect();
    assert!(header.contains("essays"), "{header}");
    assert!(!header.contains("microtexts"), "{header}");
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "Cities should plant trees. Trees cool the streets.").unwrap();
    let (code, out, err) = run_cruxmap(&["extract", short.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let header: String = out.lines().take(2).collect();
    assert!(header.contains("microtexts"), "{header}");
}
