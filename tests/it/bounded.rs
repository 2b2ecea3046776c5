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
