//! Bounded work on hostile inputs (issue 16): inputs of a few hundred KB that took minutes
//! or gigabytes now answer in proportion to their size, or stop at a documented limit.
//! The tests check what is returned, not how long it took; docs/reliability.md has the
//! timings.

use cruxmap::analysis::Dialectic;
use cruxmap::analysis::query::{MAX_CHAIN_CLAIMS, QueryOptions, evaluate, parse};

/// `[C0]` supported by `[C1]`, supported by `[C2]`, … up to `[Cn]`.
fn support_chain(n: usize) -> String {
    let mut source = String::from("[C0]: c\n\n");
    for k in 0..n {
        source.push_str(&format!("[C{}]: c\n  +> [C{k}]\n\n", k + 1));
    }
    source
}

#[test]
fn query_chains_are_cut_near_the_match_and_count_what_is_left_out() {
    let n = 2_000;
    let loaded = cruxmap::load(&support_chain(n), None);
    assert!(!loaded.has_errors());
    let view = Dialectic::new(&loaded.graph);
    let title = |c| loaded.graph.title(view.element(c)).to_string();
    for (query, inward) in [
        (format!("rests-on [C{n}]"), false),
        (format!("supports [C0] depth {}", n + 5), true),
    ] {
        let expr = parse(&query).unwrap();
        let matches = evaluate(&loaded.graph, &view, &expr, QueryOptions::default()).unwrap();
        assert_eq!(matches.len(), n, "{query}");
        for m in &matches {
            let chain = m.chain.as_ref().unwrap();
            assert!(chain.claims.len() <= MAX_CHAIN_CLAIMS, "{query}");
            assert_eq!(chain.links.len() + 1, chain.claims.len());
            let k: usize = title(m.claim)[1..].parse().unwrap();
            // The full chain runs from [Cn] down to [Ck] (or from [Ck] down to [C0]).
            let full = if inward { k + 1 } else { n - k + 1 };
            assert_eq!(
                chain.omitted_before + chain.claims.len() + chain.omitted_after,
                full,
                "{query}: [C{k}]"
            );
            // The match itself is always shown, at its end of the chain.
            let end = if inward {
                chain.claims[0]
            } else {
                *chain.claims.last().unwrap()
            };
            assert_eq!(end, m.claim);
        }
    }
    // `path` shares one chain among its matches: each gets a window around itself.
    let expr = parse(&format!("path [C{n}] [C0]")).unwrap();
    let matches = evaluate(&loaded.graph, &view, &expr, QueryOptions::default()).unwrap();
    assert_eq!(matches.len(), n + 1);
    for m in &matches {
        let chain = m.chain.as_ref().unwrap();
        assert!(chain.claims.contains(&m.claim));
        assert!(chain.claims.len() <= MAX_CHAIN_CLAIMS);
        assert_eq!(
            chain.omitted_before + chain.claims.len() + chain.omitted_after,
            n + 1
        );
    }
}

/// A microtext file whose `n` relations all aim at the head of a chain of `n` edges, each
/// edge's source the next edge: resolving each relation walked the whole chain with a
/// linear search per step (cubic: 2,000 took 159 s). Now the first step refuses it, since
/// only a relation can be undercut; `shared` aims them all at one relation instead.
fn microtext_edge_chain(n: usize, shared: bool) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8'?>\n<arggraph id=\"chain\">\n\
         <edu id=\"e1\">One unit.</edu>\n<adu id=\"a0\" type=\"pro\"/>\n\
         <edge id=\"s0\" src=\"e1\" trg=\"a0\" type=\"seg\"/>\n",
    );
    for i in 1..=n + 1 {
        xml.push_str(&format!(
            "<adu id=\"a{i}\" type=\"opp\"/>\n<edge id=\"s{i}\" src=\"e1\" trg=\"a{i}\" type=\"seg\"/>\n"
        ));
    }
    // [a(n+1)] supports [a0]: the relation the others undercut when `shared`.
    xml.push_str(&format!(
        "<edge id=\"x0\" src=\"a{}\" trg=\"a0\" type=\"sup\"/>\n",
        n + 1
    ));
    for i in 1..=n {
        let src = if i < n {
            format!("x{}", i + 1)
        } else {
            "a0".into()
        };
        xml.push_str(&format!(
            "<edge id=\"x{i}\" src=\"{src}\" trg=\"a0\" type=\"seg\"/>\n"
        ));
    }
    let target = if shared { "x0" } else { "x1" };
    for i in 1..=n {
        xml.push_str(&format!(
            "<edge id=\"r{i}\" src=\"a{i}\" trg=\"{target}\" type=\"und\"/>\n"
        ));
    }
    xml.push_str("</arggraph>\n");
    xml
}

#[test]
fn microtext_relations_resolve_once_and_never_through_seg_edges() {
    use cruxmap::io::microtext::{Function, read};
    let n = 1_500;
    let file = read(&microtext_edge_chain(n, true)).unwrap();
    let structure = file.structure().unwrap();
    assert_eq!(structure.central_claim(), Some(0));
    for k in 1..=n {
        assert_eq!(
            structure.target[k],
            Some((n + 1, Function::Undercut)),
            "a{k}"
        );
        assert_eq!(structure.texts[k], "One unit.");
    }
    let chain = read(&microtext_edge_chain(n, false)).unwrap();
    let err = chain.structure().unwrap_err();
    assert!(err.0.contains("a `seg` edge, not a relation"), "{err}");
}

#[test]
fn extract_with_many_given_segments_still_gives_one_tree() {
    // Exact decoding is O(n⁴); past MAX_EXACT_UNITS the units are parsed in chunks.
    let n = cruxmap::extract::draft::MAX_EXACT_UNITS * 5;
    let dir = tempfile::tempdir().unwrap();
    let mut xml = String::from("<?xml version='1.0' encoding='UTF-8'?>\n<arggraph id=\"s\">\n");
    let mut text = String::new();
    let cues = ["because", "however", "therefore", "so", "but"];
    for i in 1..=n {
        let unit = format!(
            "Unit {i} {} says something about taxes.",
            cues[i % cues.len()]
        );
        xml.push_str(&format!("<edu id=\"e{i}\"><![CDATA[{unit}]]></edu>\n"));
        text.push_str(&unit);
        text.push(' ');
    }
    xml.push_str("</arggraph>\n");
    std::fs::write(dir.path().join("units.xml"), xml).unwrap();
    std::fs::write(dir.path().join("text.txt"), text).unwrap();
    let out = assert_cmd::Command::cargo_bin("cruxmap")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "extract",
            "text.txt",
            "--segments",
            "units.xml",
            "-f",
            "microtext-xml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("parsing them in chunks"), "{stderr}");
    let file = cruxmap::io::microtext::read(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let structure = file.structure().unwrap();
    assert_eq!(structure.len(), n);
    let roots = structure.target.iter().filter(|t| t.is_none()).count();
    assert_eq!(roots, 1, "one central claim");
}

#[test]
fn cruxes_of_a_conclusion_with_many_reasons_need_no_budget() {
    // Each of the 20,000 reasons had its own walk over a fresh array of every claim.
    let mut source = String::from("[C]: c\n");
    for i in 0..20_000 {
        source.push_str(&format!("  <+ reason {i}\n"));
    }
    source.push_str("  <+ [Shared]: shared\n  <+ [Also]: also\n    <+ [Shared]\n");
    let loaded = cruxmap::load(&source, None);
    let view = Dialectic::new(&loaded.graph);
    let context = cruxmap::analysis::cruxes::Context::new(&loaded.graph, &view);
    let c = view.claim(loaded.graph.statement_id("C").unwrap().into());
    let report = context.cruxes(c, 5);
    assert!(report.incomplete.is_empty(), "{:?}", report.incomplete);
}

#[test]
fn cruxes_stop_at_the_work_budget_and_say_which_test_stopped() {
    use cruxmap::analysis::cruxes::Context;
    // [C0] attacked by [C1], attacked by [C2], …: defeating each claim relabels the chain
    // down to [C0], quadratic in the chain.
    let n = 400;
    let mut source = String::from("[C0]: c\n\n");
    for k in 0..n {
        source.push_str(&format!("[C{}]: c\n  -> [C{k}]\n\n", k + 1));
    }
    let loaded = cruxmap::load(&source, None);
    assert!(!loaded.has_errors());
    let view = Dialectic::new(&loaded.graph);
    let context = Context::new(&loaded.graph, &view);
    let c0 = view.claim(loaded.graph.statement_id("C0").unwrap().into());
    let full = context.cruxes(c0, 1_000);
    assert!(full.incomplete.is_empty());
    // The chain alternates in and out; defeating each claim that is in flips [C0].
    assert_eq!(
        full.cruxes.iter().filter(|k| k.defeat.is_some()).count(),
        n / 2
    );
    let cut = context.cruxes_within(c0, 1_000, 5_000);
    assert_eq!(cut.incomplete, ["decisive"]);
    let found = cut.cruxes.iter().filter(|k| k.defeat.is_some()).count();
    assert!(found > 0 && found < n / 2, "{found}");
    // What was found within the budget agrees with the full answer.
    for k in cut.cruxes.iter().filter(|k| k.defeat.is_some()) {
        let same = full.cruxes.iter().find(|f| f.claim == k.claim).unwrap();
        assert_eq!(same.defeat, k.defeat);
    }
}
