//! `read(write(g)) == g` for cruxmap JSON, on generated maps of every feature.

use cruxmap::generate::{GenerateOptions, random_map};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn json_round_trip_is_lossless(seed in any::<u64>(), statements in 1usize..300) {
        let source = random_map(&GenerateOptions { statements, seed, ..Default::default() });
        let loaded = cruxmap::load(&source, Some("generated.argdown"));
        prop_assert!(!loaded.has_errors(), "{:?}\n{source}", loaded.diagnostics);
        let json = cruxmap::io::json::write(&loaded.graph);
        let back = cruxmap::io::json::read(&json).unwrap();
        prop_assert!(back == loaded.graph, "round trip changed the map of:\n{source}");
        // Writing again gives the same bytes.
        prop_assert_eq!(cruxmap::io::json::write(&back), json);
    }
}

#[test]
fn json_rejects_other_versions_and_unknown_references() {
    let err = cruxmap::io::json::read(r#"{"cruxmap": 99}"#).unwrap_err();
    assert!(err.to_string().contains("version 99"));
    let err = cruxmap::io::json::read(
        r#"{"cruxmap": 1, "relations": [{"from": "[A]", "to": "[B]", "type": "support"}]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("[A]"));
}

#[test]
fn json_puts_each_statement_and_relation_on_one_line() {
    let source = super::read("graphs/alignment-faking.argdown");
    let graph = cruxmap::load(&source, None).graph;
    let json = cruxmap::io::json::write(&graph);
    let statement_lines = json
        .lines()
        .filter(|l| l.starts_with("    {\"title\":"))
        .count();
    let relation_lines = json
        .lines()
        .filter(|l| l.starts_with("    {\"from\":"))
        .count();
    assert_eq!(
        statement_lines,
        graph.statement_count() + graph.argument_count() + graph.sections.len()
    );
    assert_eq!(relation_lines, graph.relation_count());
}
