//! Argdown's reading rules, one test each, on small maps whose expected reading was taken
//! from Argdown 1.7.5 itself (`argdown json`). The whole public corpus is compared by
//! `scripts/argdown-conformance.sh`; these keep each rule pinned in `cargo test`.

use serde_json::Value;

/// The map as `export --to argdown-json` shows it: statements with their members' roles and
/// texts, arguments with member texts and structures, relations as `from type to`.
fn reading(source: &str) -> (Vec<String>, Vec<String>) {
    let loaded = cruxmap::load(source, None);
    assert!(
        !loaded.has_errors(),
        "unexpected errors: {:?}",
        loaded.diagnostics
    );
    let doc: Value =
        serde_json::from_str(&cruxmap::io::argdown_json::write(&loaded.graph)).unwrap();
    let mut elements = Vec::new();
    for (title, s) in doc["statements"].as_object().unwrap() {
        let texts: Vec<String> = s["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| match m.get("text") {
                Some(t) => format!("{:?}", t.as_str().unwrap()),
                None => "-".to_string(),
            })
            .collect();
        elements.push(format!("[{title}] {}", texts.join(" | ")));
    }
    for (title, a) in doc["arguments"].as_object().unwrap() {
        let texts: Vec<&str> = a["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap_or("-"))
            .collect();
        let pcs: Vec<String> = a["pcs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{}:{}",
                    p["role"].as_str().unwrap(),
                    p["title"].as_str().unwrap()
                )
            })
            .collect();
        elements.push(format!("<{title}> {texts:?} {}", pcs.join(" ")));
    }
    let relations = doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["from"].as_str().unwrap(),
                r["relationType"].as_str().unwrap(),
                r["to"].as_str().unwrap()
            )
        })
        .collect();
    (elements, relations)
}

#[test]
fn wrapped_text_continues_on_the_next_line() {
    let (elements, relations) = reading(
        "[Claim]: Cities should plant more trees.\n  <+ <Shade>: Trees cool the streets\n  on hot summer days.\n",
    );
    assert_eq!(
        elements,
        [
            "[Claim] \"Cities should plant more trees.\"",
            "<Shade> [\"Trees cool the streets on hot summer days.\"] ",
        ]
    );
    assert_eq!(relations, ["Shade support Claim"]);
}

#[test]
fn wrapped_lines_may_start_with_a_tag_data_emphasis_a_quote_or_dots() {
    let (elements, _) =
        reading("[A]: first\n#tagged line\n*emphasised* words\n> quoted\n... and so on\n");
    assert_eq!(
        elements,
        ["[A] \"first #tagged line emphasised words > quoted ... and so on\""]
    );
}

#[test]
fn comment_lines_between_an_element_and_its_relations_are_ignored() {
    let (elements, relations) = reading(
        "[A]: first line\n// a comment line\n  + [B]: b\n  /* block\n     comment */\n  - [C]: c\n  <!-- html\n  comment -->\n  + [D]: d\n",
    );
    assert_eq!(elements.len(), 4, "{elements:?}");
    assert_eq!(relations, ["B support A", "C attack A", "D support A"]);
}

#[test]
fn indented_and_continued_headings_open_sections() {
    let source =
        "  # Urban policy\n\n[A]: a\n\n# Long heading\ncontinued here\n{isGroup: true}\n\n[B]: b\n";
    let loaded = cruxmap::load(source, None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let titles: Vec<&str> = loaded
        .graph
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles, ["Urban policy", "Long heading continued here"]);
    assert_eq!(loaded.graph.sections[1].data["isGroup"], true);
}

#[test]
fn a_relation_symbol_may_be_glued_to_the_title() {
    let (_, relations) =
        reading("[Claim]: c\n  +<Shade>: shade\n  -[Cost]: cost\n  ->[D]: d\n  +>[E]: e\n");
    assert_eq!(
        relations,
        [
            "Shade support Claim",
            "Cost attack Claim",
            "Claim attack D",
            "Claim support E"
        ]
    );
}

#[test]
fn markdown_list_items_are_one_statement_each() {
    let (elements, _) = reading(" * first item\n * second item\n\n 1. one\n 2. two\n");
    assert_eq!(
        elements,
        [
            "[Untitled 1] \"first item\"",
            "[Untitled 2] \"second item\"",
            "[Untitled 3] \"one\"",
            "[Untitled 4] \"two\"",
        ]
    );
}

#[test]
fn empty_numbered_statements_are_untitled_statements_without_text() {
    let (elements, _) = reading("<A>\n\n(1) p\n(2)\n----\n(3) /* todo */\n");
    assert_eq!(
        elements,
        [
            "[Untitled 1] \"p\"",
            "[Untitled 2] -",
            "[Untitled 3] -",
            "<A> [\"\"] premise:Untitled 1 premise:Untitled 2 main-conclusion:Untitled 3",
        ]
    );
}

#[test]
fn markdown_links_are_text_not_titles() {
    let (elements, relations) = reading(
        "[text](http://example.com) starts a paragraph\n\n[Claim]: see [the claim]([Claim]) here\n  + [a link](http://x.org) as a reason\n",
    );
    assert_eq!(
        elements,
        [
            "[Untitled 1] \"text starts a paragraph\"",
            "[Claim] \"see the claim here\"",
            "[Untitled 2] \"a link as a reason\"",
        ]
    );
    assert_eq!(relations, ["Untitled 2 support Claim"]);
}

#[test]
fn relations_at_the_indented_parents_own_indentation_belong_to_it() {
    let (_, relations) = reading(" <A>: a\n + <B>: b\n");
    assert_eq!(relations, ["B support A"]);
}

#[test]
fn brackets_in_inference_lines_and_shortcodes_are_read_as_argdown_reads_them() {
    let (elements, _) = reading(
        "<A>\n\n(1) p\n-- modus ponens [variant] --\n(2) q\n-- from: [\"1\"] --\n(3) r\n\n[S]: a .<->. b .->. c :+1: and .nope.\n",
    );
    assert!(
        elements.contains(&"[S] \"a ↔ b → c 👍 and .nope.\"".to_string()),
        "{elements:?}"
    );
    assert!(elements.contains(
        &"<A> [\"\"] premise:Untitled 1 intermediary-conclusion:Untitled 2 main-conclusion:Untitled 3"
            .to_string()
    ));
}

#[test]
fn a_flow_map_without_space_after_the_colon_is_data() {
    let loaded = cruxmap::load(
        "===\ndot:\n  sameRank:\n    - {statements:[s1, s2]}\n===\n\n[s1]: a\n",
        None,
    );
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
}

#[test]
fn an_unclosed_html_comment_is_text() {
    let loaded = cruxmap::load("[A]: x <!-- never closed\n", None);
    assert!(!loaded.has_errors());
    let id = loaded.graph.statement_id("A").unwrap();
    assert_eq!(loaded.graph.statement(id).text(), "x <!-- never closed");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.code == "unclosed-comment")
    );
}

#[test]
fn a_title_keeps_a_doubled_closing_bracket() {
    let (elements, _) = reading("<Shade>>: the title keeps its bracket\n");
    assert_eq!(elements, ["<Shade>> [\"the title keeps its bracket\"] "]);
}

#[test]
fn texts_keep_their_tags_and_lose_only_emphasis_marks() {
    let (elements, _) = reading(
        "[T]: A statement with a tag #in-the-middle of its text and *emphasis* and __bold__ here.\n",
    );
    assert_eq!(
        elements,
        ["[T] \"A statement with a tag #in-the-middle of its text and emphasis and bold here.\""]
    );
}

#[test]
fn front_matter_can_take_tags_out_of_texts() {
    let (elements, _) =
        reading("===\nmodel:\n  removeTagsFromText: true\n===\n\n[T]: a tag #here stays a tag\n");
    assert_eq!(elements, ["[T] \"a tag stays a tag\""]);
}

#[test]
fn an_argument_drawn_to_its_own_conclusion_gets_no_self_relation() {
    let (elements, relations) =
        reading("[C]: conclusion\n\n<Arg>\n\n(1) [P]: premise\n----\n(2) [C]\n  <+ <Arg>\n");
    assert!(relations.is_empty(), "{relations:?}");
    assert_eq!(elements[0], "[C] \"conclusion\" | \"\"");
}

#[test]
fn members_are_in_the_order_argdown_finishes_reading_them() {
    // The parent's occurrence is added after everything indented below it.
    let (elements, _) = reading("[Z]: first text\n  + [Y]: y\n    - [Z]: second text\n");
    assert_eq!(elements[0], "[Z] \"second text\" | \"first text\"");
}

#[test]
fn ten_thousand_relation_levels_parse_without_recursion() {
    let mut source = String::from("[R]: root\n");
    for depth in 1..=10_000 {
        source.push_str(&" ".repeat(depth));
        source.push_str(&format!("+ [N{depth}]: n\n"));
    }
    let loaded = cruxmap::load(&source, None);
    assert!(!loaded.has_errors());
    assert_eq!(loaded.graph.relation_count(), 10_000);
}

#[test]
fn syntax_errors_argdown_reports_get_a_diagnostic_on_that_line() {
    // Each of these Argdown rejects; cruxmap reports it on the line Argdown names.
    for (source, line) in [
        ("[A]: x\n+ [B]: not indented\n", 2),
        ("[A]: x\n    + [B]: y\n  + [C]: between levels\n", 3),
        ("(1) p\n----\n(2)", 3),
        ("===\na: 1\n===\n[A]: no empty line\n", 3),
        ("<A>: a\n(1) p\n----\n(2) c\n", 2),
        ("[A]: a\n  * [B]: star is no relation\n", 2),
    ] {
        let loaded = cruxmap::load(source, None);
        let lines = cruxmap::syntax::LineIndex::new(source);
        let at: Vec<u32> = loaded
            .diagnostics
            .iter()
            .map(|d| lines.line_col(source, d.span.start as usize).line)
            .collect();
        assert!(
            at.iter().any(|&l| l.abs_diff(line as u32) <= 1),
            "{source:?}: expected a diagnostic near line {line}, got {:?}",
            loaded.diagnostics
        );
    }
}

#[test]
fn every_public_argdown_file_that_argdown_accepts_loads_without_errors() {
    if !super::shared_available("corpora/argdown-public/valid") {
        return;
    }
    let dir = super::repo("../shared/corpora/argdown-public/valid");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "argdown") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
        let loaded = cruxmap::load(source, None);
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        count += 1;
    }
    assert!(count >= 300, "only {count} files");
}

#[test]
fn explode_arguments_gives_one_argument_per_inference_step() {
    let (elements, relations) = reading(
        "===\nmodel:\n  explodeArguments: true\n===\n\n[T]: thesis\n  <+ <Big>\n\n<Big>\n\n(1) a\n(2) b\n----\n(3) c\n(4) d\n-- {uses: [3, 4]} --\n(5) [T]\n",
    );
    let arguments: Vec<&String> = elements.iter().filter(|e| e.starts_with('<')).collect();
    assert_eq!(
        arguments,
        [
            "<Big - 1> [\"\", \"\"] premise:Untitled 1 premise:Untitled 2 main-conclusion:Untitled 3",
            "<Big - 2> [\"\", \"\"] premise:Untitled 3 premise:Untitled 4 main-conclusion:T",
        ]
    );
    // The intermediary conclusion is now a conclusion of step 1 and a premise of step 2.
    assert!(
        elements.contains(&"[Untitled 3] \"c\" | \"c\"".to_string()),
        "{elements:?}"
    );
    assert!(relations.is_empty(), "{relations:?}");
}

#[test]
fn long_runs_of_openers_without_closers_stay_text() {
    for opener in ["[", "<", "/* ", "<!-- ", "#( ", "=== ", "@[", "[a](b "] {
        let body = opener.repeat(20_000 / opener.len());
        let loaded = cruxmap::load(&format!("[A]: x {body}\n"), None);
        let id = loaded.graph.statement_id("A").unwrap();
        let text = loaded.graph.statement(id).text();
        assert_eq!(text, format!("x {}", body.trim_end()), "{opener:?}");
    }
}

#[test]
fn one_syntax_error_gives_one_diagnostic_and_reading_goes_on() {
    let loaded = cruxmap::load("[B]: part\n+ [X]: not indented\n\n[C]: after\n", None);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["relation-not-indented"]);
    assert!(loaded.graph.statement_id("C").is_some());
}
