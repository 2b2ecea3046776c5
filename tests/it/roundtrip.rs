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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any text (quotes, backslashes, control characters, U+2028, non-ASCII) in titles,
    /// texts, tags and data survives the hand-written writer: the file is valid JSON that
    /// holds the very strings, and reads back to the same map.
    #[test]
    fn json_escapes_any_text(
        title in "\\PC{0,20}|[\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}é ]{1,20}",
        text in any::<String>(),
        tag in any::<String>(),
        key in any::<String>(),
    ) {
        use cruxmap::model::{ArgumentGraph, Location, Member, MemberRole, Statement};
        let mut graph = ArgumentGraph::new();
        let mut statement = Statement {
            title: title.clone(),
            is_untitled: false,
            members: vec![Member {
                has_text: true,
                text: text.clone(),
                is_definition: true,
                role: MemberRole::TopLevel,
                location: Location::default(),
            }],
            tags: Default::default(),
            section: None,
            data: Default::default(),
        };
        statement.tags.insert(tag.clone());
        statement.data.insert(key.clone(), serde_json::Value::String(text.clone()));
        graph.add_statement(statement).unwrap();
        let json = cruxmap::io::json::write(&graph);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let written = &value["statements"][0];
        prop_assert_eq!(written["title"].as_str(), Some(title.as_str()));
        prop_assert_eq!(written["members"][0]["text"].as_str(), Some(text.as_str()));
        prop_assert_eq!(written["tags"][0].as_str(), Some(tag.as_str()));
        prop_assert_eq!(written["data"][key.as_str()].as_str(), Some(text.as_str()));
        let back = cruxmap::io::json::read(&json).unwrap();
        prop_assert!(back == graph);
    }
}
