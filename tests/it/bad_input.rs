//! Every kind of bad input gets a located diagnostic with a hint, and never a panic.

use cruxmap::syntax::{LineIndex, Severity};

use super::read;

/// Renders diagnostics as `line:col severity code: message (hint)`, one per line.
fn diagnostics(source: &str) -> String {
    let loaded = cruxmap::load(source, None);
    let lines = LineIndex::new(source);
    loaded
        .diagnostics
        .iter()
        .map(|d| {
            let at = lines.line_col(source, d.span.start as usize);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!(
                "{}:{} {severity} {}: {}{}",
                at.line,
                at.column,
                d.code,
                d.message,
                d.hint
                    .as_ref()
                    .map(|h| format!(" (hint: {h})"))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn invalid_fixtures_have_located_diagnostics_with_hints() {
    let mut names: Vec<_> = std::fs::read_dir(super::repo("tests/fixtures/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let source = std::fs::read_to_string(&path).unwrap();
        let rendered = diagnostics(&source);
        assert!(
            !rendered.is_empty(),
            "{} gave no diagnostic",
            path.display()
        );
        for line in rendered.lines() {
            assert!(line.contains("(hint: "), "no hint in {line}");
        }
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn inconsistent_dedent_is_an_error_at_the_relation_symbol() {
    let d = diagnostics(&read("tests/fixtures/invalid/bad-indentation.argdown"));
    assert!(d.starts_with("3:3 error relation-not-indented"), "{d}");
}

#[test]
fn empty_and_blank_files_give_empty_maps() {
    for source in ["", "\n\n  \n", "// only a comment\n", "/* block */"] {
        let loaded = cruxmap::load(source, None);
        assert!(
            loaded.diagnostics.is_empty(),
            "{source:?}: {:?}",
            loaded.diagnostics
        );
        assert!(loaded.graph.is_empty());
    }
}

#[test]
fn ten_thousand_levels_of_nesting_do_not_overflow_the_stack() {
    let mut source = String::from("[Root]: the root\n");
    for depth in 1..=10_000 {
        source.push_str(&" ".repeat(depth));
        source.push_str(&format!("+ [N{depth}]: level {depth}\n"));
    }
    let loaded = cruxmap::load(&source, None);
    assert!(!loaded.has_errors());
    assert_eq!(loaded.graph.statement_count(), 10_001);
    assert_eq!(loaded.graph.relation_count(), 10_000);
    // Every export walks the deep chain without recursion too.
    let json = cruxmap::io::json::write(&loaded.graph);
    assert_eq!(cruxmap::io::json::read(&json).unwrap(), loaded.graph);
    assert!(cruxmap::render::dot::write(&loaded.graph, &Default::default()).contains("s10001"));
}

#[test]
fn non_utf8_bytes_are_reported_with_their_offset() {
    let bytes = b"[A]: caf\xe9 au lait\n";
    let diag = cruxmap::syntax::decode(bytes).unwrap_err();
    assert_eq!(diag.code, "not-utf8");
    assert_eq!(diag.span.start, 8);
    assert!(diag.message.contains("0xe9"));
}

#[test]
fn a_large_file_parses_in_one_pass() {
    // About 20 MB of generated Argdown.
    let mut source = String::new();
    let mut seed = 1;
    while source.len() < 20_000_000 {
        source.push_str(&cruxmap::generate::random_map(
            &cruxmap::generate::GenerateOptions {
                statements: 5_000,
                seed,
                all_features: false,
                ..Default::default()
            },
        ));
        seed += 1;
    }
    let parsed = cruxmap::syntax::parse(&source);
    assert!(!parsed.has_errors());
    assert!(parsed.document.elements.len() > 100_000);
}

#[test]
fn hostile_text_stays_text() {
    let source = "[A]: <script>alert(\"x\")</script> & \\\\ \"quotes\" {k: \"v\"}\n";
    let loaded = cruxmap::load(source, None);
    let a = loaded
        .graph
        .statement(loaded.graph.statement_id("A").unwrap());
    assert!(a.text().contains("<script>"));
}
