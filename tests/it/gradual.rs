//! Gradual semantics: invariants on random acyclic bipolar graphs (proptest), and the
//! strengths checked against a Python reference when one is installed.

use cruxmap::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics};
use proptest::prelude::*;

const ALL: [GradualSemantics; 3] = [
    GradualSemantics::QuadraticEnergy,
    GradualSemantics::DfQuad,
    GradualSemantics::Euler,
];

type Pairs = Vec<(u32, u32)>;

/// A random acyclic bipolar graph: every relation goes from a higher to a lower number.
fn acyclic() -> impl Strategy<Value = (usize, Pairs, Pairs, Vec<f64>)> {
    (2usize..=8).prop_flat_map(|n| {
        let pair = (1..n as u32).prop_flat_map(|a| (Just(a), 0..a));
        (
            Just(n),
            prop::collection::vec(pair.clone(), 0..10),
            prop::collection::vec(pair, 0..10),
            prop::collection::vec(
                prop_oneof![Just(0.0), Just(0.5), Just(1.0), 0.0..=1.0f64],
                n,
            ),
        )
    })
}

/// The graph as Argdown, for failure messages.
fn argdown(n: usize, attacks: &Pairs, supports: &Pairs, base: &[f64]) -> String {
    let mut out: String = (0..n)
        .map(|i| format!("[A{i}]: claim {i}. {{base: {}}}\n\n", base[i]))
        .collect();
    for (a, b) in attacks {
        out += &format!("[A{a}]\n  -> [A{b}]\n\n");
    }
    for (a, b) in supports {
        out += &format!("[A{a}]\n  +> [A{b}]\n\n");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_new_attacker_never_raises_and_a_new_supporter_never_lowers(
        (n, attacks, supports, base) in acyclic(),
        target in 0u32..8,
        new_base in 0.0..=1.0f64,
    ) {
        let target = target % n as u32;
        let mut base2 = base.clone();
        base2.push(new_base);
        let newcomer = n as u32;
        for semantics in ALL {
            let before = Bipolar::new(n, &attacks, &supports)
                .evaluate(semantics, &base, GradualOptions::default())
                .values[target as usize];
            let mut more = attacks.clone();
            more.push((newcomer, target));
            let attacked = Bipolar::new(n + 1, &more, &supports)
                .evaluate(semantics, &base2, GradualOptions::default())
                .values[target as usize];
            let mut more = supports.clone();
            more.push((newcomer, target));
            let supported = Bipolar::new(n + 1, &attacks, &more)
                .evaluate(semantics, &base2, GradualOptions::default())
                .values[target as usize];
            prop_assert!(attacked <= before + 1e-12, "{:?}: attacker raised [A{}] {} → {} in\n{}",
                semantics, target, before, attacked, argdown(n, &attacks, &supports, &base));
            prop_assert!(supported >= before - 1e-12, "{:?}: supporter lowered [A{}] {} → {} in\n{}",
                semantics, target, before, supported, argdown(n, &attacks, &supports, &base));
        }
    }

    #[test]
    fn an_unattacked_unsupported_claim_keeps_its_base_score(
        (n, attacks, supports, base) in acyclic(),
    ) {
        for semantics in ALL {
            let s = Bipolar::new(n, &attacks, &supports)
                .evaluate(semantics, &base, GradualOptions::default());
            for c in 0..n as u32 {
                let has_parents = attacks.iter().chain(&supports).any(|&(_, b)| b == c);
                if !has_parents {
                    prop_assert_eq!(s.values[c as usize], base[c as usize]);
                }
                prop_assert!((0.0..=1.0).contains(&s.values[c as usize]));
            }
        }
    }
}

#[test]
fn map_strengths_read_base_scores_and_relations_from_argdown() {
    // [C] has a supporter of base 0.9 and an attacker of base 0.5: QE energy 0.4.
    let source = "[C]: c. {base: 0.7}\n  + [R]: r. {base: 0.9}\n  - [O]: o.\n";
    let graph = cruxmap::load(source, None).graph;
    let view = cruxmap::analysis::Dialectic::new(&graph);
    let base = cruxmap::analysis::semantics::base_scores(&graph, &view, 0.5).unwrap();
    let s = Bipolar::from_map(&view).evaluate(
        GradualSemantics::QuadraticEnergy,
        &base,
        GradualOptions::default(),
    );
    let h = 0.16 / 1.16;
    assert!(
        (s.values[0] - (0.7 + 0.3 * h)).abs() < 1e-12,
        "{:?}",
        s.values
    );
}

/// The Python reference (scripts/check-gradual.py) on 40 random graphs, when python3 with
/// the `formal-argumentation` package is available (scripts/check-gradual.sh installs it;
/// CRUXMAP_PYTHON names another interpreter).
#[test]
fn strengths_agree_with_the_python_reference() {
    let python = std::env::var("CRUXMAP_PYTHON").unwrap_or_else(|_| "python3".into());
    let cache = std::env::var("HOME")
        .map(|h| std::path::PathBuf::from(h).join(".cache/cruxmap/gradual-venv/bin/python"))
        .ok()
        .filter(|p| p.exists());
    let candidates: Vec<String> = std::iter::once(python)
        .chain(cache.map(|p| p.display().to_string()))
        .collect();
    let found = candidates.into_iter().find(|py| {
        std::process::Command::new(py)
            .args(["-c", "import argumentation.gradual.dfquad"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(python) = found else {
        eprintln!(
            "skipped: no python3 with the formal-argumentation package (scripts/check-gradual.sh installs it)"
        );
        return;
    };
    let binary = assert_cmd::cargo::cargo_bin("cruxmap");
    let out = std::process::Command::new(python)
        .arg(super::repo("scripts/check-gradual.py"))
        .arg(binary)
        .args(["--graphs", "40", "--seed", "7"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("all agree"), "{stdout}");
}

#[test]
fn svg_shaded_by_strength_has_a_legend_of_the_bands_used() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("m.argdown");
    // [C] has two supporters at base 1 (Euler strength 0.84); [W] stands alone at 0.1.
    std::fs::write(
        &map,
        "[C]: c.\n  + [A]: a. {base: 1}\n  + [B]: b. {base: 1}\n\n[W]: w. {base: 0.1}\n",
    )
    .unwrap();
    let out = dir.path().join("m.svg");
    let (code, _, stderr) = super::run_cruxmap(&[
        "render",
        map.to_str().unwrap(),
        "--color-by",
        "strength",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("strength 0.8–1"), "strong band missing");
    assert!(svg.contains("strength 0–0.2"), "weak band missing");
    assert!(
        !svg.contains("strength 0.4–0.6"),
        "an unused band is in the legend"
    );
}

/// A random bipolar graph, cycles allowed (no self-loops).
fn any_graph() -> impl Strategy<Value = (usize, Pairs, Pairs, Vec<f64>)> {
    (2usize..=7).prop_flat_map(|n| {
        let pair = (0..n as u32, 0..n as u32).prop_filter("no self-loop", |(a, b)| a != b);
        (
            Just(n),
            prop::collection::vec(pair.clone(), 0..10),
            prop::collection::vec(pair, 0..10),
            prop::collection::vec(prop_oneof![Just(0.5), 0.0..=1.0f64], n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn removal_effects_equal_evaluating_the_map_without_the_claim(
        (n, attacks, supports, base) in any_graph(),
    ) {
        use cruxmap::analysis::impact::{Impact, Measure};
        let options = GradualOptions::default();
        let graph = Bipolar::new(n, &attacks, &supports);
        for semantics in ALL {
            let strengths = graph.evaluate(semantics, &base, options);
            // Cycles that do not settle make both sides approximate; skip those maps.
            prop_assume!(strengths.unconverged.is_empty());
            let impact = Impact::new(&graph, semantics, &base, &strengths.values, options);
            let effects = impact.effects(0, Measure::Removal);
            for x in 1..n as u32 {
                let keep = |&&(a, b): &&(u32, u32)| a != x && b != x;
                let a: Pairs = attacks.iter().filter(keep).copied().collect();
                let s: Pairs = supports.iter().filter(keep).copied().collect();
                let without = Bipolar::new(n, &a, &s).evaluate(semantics, &base, options);
                let expected = strengths.values[0] - without.values[0];
                prop_assert!(
                    (effects[x as usize] - expected).abs() < 1e-6,
                    "{:?}: removing [A{}] for [A0]: {} vs {} in\n{}",
                    semantics, x, effects[x as usize], expected,
                    argdown(n, &attacks, &supports, &base)
                );
            }
        }
    }
}

#[test]
fn evaluate_prints_strengths_as_json_and_rejects_bad_base_scores() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("m.argdown");
    std::fs::write(&map, "[C]: c. {base: 0.7}\n  - [O]: o.\n").unwrap();
    let (code, stdout, stderr) = super::run_cruxmap(&[
        "evaluate",
        map.to_str().unwrap(),
        "-s",
        "df-quad",
        "-f",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["semantics"], "df-quad");
    assert_eq!(doc["claims"][0]["id"], "[C]");
    // DF-QuAD: one attacker at 0.5 takes half of the base score away.
    assert_eq!(doc["claims"][0]["strength"], 0.35);
    assert_eq!(doc["claims"][1]["strength"], 0.5);
    std::fs::write(&map, "[C]: c.\n  - [O]: o. {base: -0.2}\n").unwrap();
    let (code, _, stderr) = super::run_cruxmap(&["evaluate", map.to_str().unwrap(), "-s", "euler"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("m.argdown:2:5: [O] has base -0.2, which is not a number in [0, 1]"),
        "{stderr}"
    );
}
