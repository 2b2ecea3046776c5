//! `query`, `evaluate`, `cruxes` and the ICCMA export on the bundled debate map.

use super::run_cruxmap as run;

const MAP: &str = "graphs/alignment-faking.argdown";

#[test]
fn rests_on_instrumental_convergence_lists_chains_from_it() {
    let (code, stdout, _) = run(&[
        "query",
        MAP,
        r#"rests-on "instrumental convergence""#,
        "-f",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let matches = doc["matches"].as_array().unwrap();
    assert_eq!(doc["count"], matches.len());
    let ids: Vec<&str> = matches.iter().map(|m| m["id"].as_str().unwrap()).collect();
    // Directly and through an argument's premise and conclusion.
    assert!(ids.contains(&"[Goal guarding]"), "{ids:?}");
    assert!(
        ids.contains(&"[Alignment won't happen by default]"),
        "{ids:?}"
    );
    for m in matches {
        let path = m["path"].as_array().unwrap();
        assert_eq!(path[0], "[Instrumental convergence]");
        assert_eq!(path.last().unwrap(), &m["id"]);
    }
}

#[test]
fn a_query_with_an_ambiguous_name_lists_the_candidates() {
    let (code, _, stderr) = run(&["query", MAP, "supports scheming"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("matches"), "{stderr}");
    assert!(
        stderr.contains("[Scheming is empirically real]"),
        "{stderr}"
    );
    assert!(stderr.contains("--all"), "{stderr}");
}

#[test]
fn a_malformed_query_points_at_the_fault() {
    let (code, _, stderr) = run(&["query", MAP, "attacks [Goal guarding] and (tagged #crux"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("expected `)`"), "{stderr}");
    assert!(stderr.contains("query:1:"), "{stderr}");
}

#[test]
fn query_draws_matches_in_context_as_svg() {
    let (code, stdout, _) = run(&["query", MAP, "attacks [Goal guarding]", "-f", "svg"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("<svg"));
    assert!(stdout.contains(r#"opacity="0.3""#));
}

#[test]
fn evaluate_explains_each_label() {
    let (code, stdout, _) = run(&["evaluate", MAP, "--claim", "[Goal guarding]"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("grounded semantics:"), "{stdout}");
    assert!(
        stdout.contains(
            "out        [Goal guarding] — attacked by [Current scheming is role-play], which is in"
        ),
        "{stdout}"
    );
}

#[test]
fn evaluate_reads_iccma_files_and_answers_like_a_solver() {
    let dir = tempfile::tempdir().unwrap();
    let af = dir.path().join("cycle.af");
    // 1 and 2 attack each other; 3 attacks 2: grounded {1, 3}.
    std::fs::write(&af, "p af 3\n1 2\n2 1\n3 2\n").unwrap();
    let af = af.to_str().unwrap();
    let (code, stdout, _) = run(&["evaluate", af, "-f", "iccma"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "w 1 3\n");
    let (_, stdout, _) = run(&["evaluate", af, "-s", "stable", "-f", "iccma"]);
    assert_eq!(stdout, "w 1 3\n");
    std::fs::write(dir.path().join("bad.af"), "p af 2\n1 5\n").unwrap();
    let (code, _, stderr) = run(&["evaluate", dir.path().join("bad.af").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("bad.af:2:1"), "{stderr}");
}

#[test]
fn cruxes_rank_by_graded_score_and_keep_grounded_reasons() {
    let (code, stdout, _) = run(&[
        "cruxes",
        MAP,
        "--for",
        "alignment won't happen by default",
        "--top",
        "100",
        "-f",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc[0]["conclusion"], "[Alignment won't happen by default]");
    let cruxes = doc[0]["cruxes"].as_array().unwrap();
    let scores: Vec<f64> = cruxes
        .iter()
        .map(|k| k["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[0] > 0.0);
    for k in cruxes {
        assert_eq!(k["score"].as_f64(), k["effect"].as_f64().map(f64::abs));
    }
    let convergence = cruxes
        .iter()
        .find(|k| k["id"] == "[Instrumental convergence]")
        .unwrap();
    assert_eq!(convergence["shared_support"], serde_json::json!([3, 5]));
}

#[test]
fn cruxes_reject_an_unknown_conclusion_with_suggestions() {
    let (code, _, stderr) = run(&["cruxes", MAP, "--for", "[Instrumental]"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("similar titles: [Instrumental convergence]"),
        "{stderr}"
    );
}

#[test]
fn iccma_export_of_the_map_reads_back_with_the_same_grounded_extension() {
    let (code, exported, _) = run(&["export", MAP, "--to", "iccma"]);
    assert_eq!(code, Some(0));
    let dir = tempfile::tempdir().unwrap();
    let af = dir.path().join("map.af");
    std::fs::write(&af, &exported).unwrap();
    let (_, from_file, _) = run(&["evaluate", af.to_str().unwrap(), "-f", "iccma"]);
    let (_, from_map, _) = run(&["evaluate", MAP, "-f", "json"]);
    let from_map: serde_json::Value = serde_json::from_str(&from_map).unwrap();
    // Translate the map's names to the numbers the export gave them.
    let numbers: std::collections::HashMap<&str, &str> = exported
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter_map(|l| l.split_once(' '))
        .map(|(n, name)| (name, n))
        .collect();
    let mut expected: Vec<&str> = from_map["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["label"] == "in")
        .map(|c| numbers[c["id"].as_str().unwrap()])
        .collect();
    let mut got: Vec<&str> = from_file
        .trim()
        .trim_start_matches("w ")
        .split(' ')
        .collect();
    assert!(!expected.is_empty());
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn double_cruxes_between_two_readers_close_the_gap_from_both_sides() {
    let (code, stdout, stderr) = run(&[
        "cruxes",
        "graphs/alignment-faking-stances.argdown",
        "--for",
        "[Alignment won't happen by default]",
        "--between",
        "ann",
        "--between",
        "bob",
        "-f",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = doc[0]["double_cruxes"].as_array().unwrap();
    assert!(!found.is_empty());
    let scores: Vec<f64> = found.iter().map(|k| k["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for k in found {
        let closed = &k["gap_closed"];
        assert!(closed["ann"].as_f64().unwrap() > 0.0, "{k}");
        assert!(closed["bob"].as_f64().unwrap() > 0.0, "{k}");
        assert_ne!(k["stances"]["ann"], k["stances"]["bob"], "{k}");
    }
    // A claim both readers agree on is never listed.
    assert!(found.iter().all(|k| k["id"] != "[Opus fakes alignment]"));
}

#[test]
fn double_cruxes_reject_an_unknown_participant() {
    let (code, _, stderr) = run(&[
        "cruxes",
        "graphs/alignment-faking-stances.argdown",
        "--for",
        "[Alignment won't happen by default]",
        "--between",
        "ann",
        "--between",
        "carol",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no claim has a stance for `carol`; participants in the map: ann, bob"),
        "{stderr}"
    );
}
