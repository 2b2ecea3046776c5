//! Diffs of argument maps: what counts as a change, what does not, and what follows.

use cruxmap::diff::{GraphDiff, RelationDiff, diff};
use cruxmap::generate::{GenerateOptions, random_map};
use proptest::prelude::*;

fn load(source: &str) -> cruxmap::ArgumentGraph {
    let loaded = cruxmap::load(source, Some("map.argdown"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.graph
}

fn diff_of(old: &str, new: &str) -> GraphDiff {
    diff(&load(old), &load(new))
}

const OLD: &str = "\
# Essay

[Scheming is real]: Models fake alignment today.
  + [Goal guarding]: Models protect their goals.
  - [Role-play]: It is only role-play.

Untitled claims keep their place by text.
  + [Goal guarding]

# Critique

[Tests]: Tests do not predict.
  -> [Scheming is real]
";

#[test]
fn moving_a_block_and_reindenting_change_nothing() {
    let new = "\
# Critique

[Tests]: Tests do not predict.
    -> [Scheming is real]

# Essay

Untitled claims keep their place by text.
    + [Goal guarding]

[Scheming is real]: Models fake alignment today.
    + [Goal guarding]: Models protect their goals.
    - [Role-play]: It is only role-play.
";
    assert_eq!(diff_of(OLD, new), GraphDiff::default());
}

#[test]
fn a_rename_with_the_same_text_is_one_change_not_a_delete_and_an_add() {
    let new = OLD.replace("[Role-play]", "[Just role-play]");
    let d = diff_of(OLD, &new);
    assert_eq!(d.claims.len(), 1, "{d:?}");
    assert!(d.claims[0].renamed);
    assert_eq!(d.claims[0].old.as_deref(), Some("[Role-play]"));
    assert!(d.relations.is_empty(), "{:?}", d.relations);
}

#[test]
fn a_reword_under_the_same_title_shows_the_words() {
    let new = OLD.replace(
        "Models fake alignment today.",
        "Models fake alignment rarely today.",
    );
    let d = diff_of(OLD, &new);
    assert_eq!(d.claims.len(), 1);
    let edits = d.claims[0].reworded.as_ref().unwrap();
    assert!(edits.contains(&cruxmap::diff::WordEdit::Inserted("rarely".into())));
}

#[test]
fn a_reworded_untitled_claim_is_matched_by_similar_text() {
    let new = OLD.replace(
        "keep their place by text.",
        "keep their place by their text.",
    );
    let d = diff_of(OLD, &new);
    assert_eq!(d.claims.len(), 1, "{d:?}");
    assert!(d.claims[0].reworded.is_some());
    assert!(!d.claims[0].renamed);
}

#[test]
fn support_turned_attack_is_retyped_and_follows_into_labels() {
    let new = OLD.replace("  - [Role-play]", "  + [Role-play]");
    let d = diff_of(OLD, &new);
    assert_eq!(
        d.relations,
        [RelationDiff::Retyped {
            from: "[Role-play]".into(),
            to: "[Scheming is real]".into(),
            old: "attack",
            new: "support"
        }]
    );
    // [Scheming is real] was out (attacked by the unanswered [Role-play]); still attacked by
    // [Tests], so it stays out, but [Role-play] now rests under it.
    assert!(
        d.rests_on
            .iter()
            .any(|r| r.claim == "[Scheming is real]" && r.gained == ["[Role-play]"]),
        "{:?}",
        d.rests_on
    );
}

#[test]
fn a_relation_moved_to_another_target_is_repointed() {
    let new = OLD.replace("  -> [Scheming is real]", "  -> [Goal guarding]");
    let d = diff_of(OLD, &new);
    assert_eq!(
        d.relations,
        [RelationDiff::Repointed {
            from: "[Tests]".into(),
            old_to: "[Scheming is real]".into(),
            new_to: "[Goal guarding]".into(),
            kind: "attack"
        }]
    );
}

#[test]
fn answering_the_objections_brings_their_target_in() {
    let new = format!("{OLD}\n[Answer]: Both objections fail.\n  -> [Role-play]\n  -> [Tests]\n");
    let d = diff_of(OLD, &new);
    assert!(
        d.labels.contains(&cruxmap::diff::LabelChange {
            claim: "[Scheming is real]".into(),
            old: cruxmap::analysis::semantics::Label::Out,
            new: cruxmap::analysis::semantics::Label::In,
        }),
        "{:?}",
        d.labels
    );
}

#[test]
fn moved_retagged_added_and_removed_claims_are_reported_once_each() {
    let new = OLD
        .replace(
            "[Tests]: Tests do not predict.",
            "[Tests]: Tests do not predict. #crux",
        )
        .replace("# Critique\n", "# Critique\n\n[New]: A new point.\n")
        .replace("  - [Role-play]: It is only role-play.\n", "");
    let d = diff_of(OLD, &new);
    let names: Vec<(Option<&str>, Option<&str>)> = d
        .claims
        .iter()
        .map(|c| (c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("[Role-play]"), None),
            (Some("[Tests]"), Some("[Tests]")),
            (None, Some("[New]")),
        ]
    );
    assert_eq!(d.claims[1].tags_added, ["crux"]);
}

fn reindent(source: &str) -> String {
    source
        .lines()
        .map(|l| {
            let indent = l.len() - l.trim_start_matches(' ').len();
            format!("{}{}\n", " ".repeat(indent * 2), &l[indent..])
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_map_and_its_reserialized_or_reindented_self_do_not_differ(
        seed in any::<u64>(),
        statements in 1usize..400,
    ) {
        let source = random_map(&GenerateOptions { statements, seed, ..Default::default() });
        let graph = load(&source);
        prop_assert_eq!(diff(&graph, &graph), GraphDiff::default());
        let back = cruxmap::io::json::read(&cruxmap::io::json::write(&graph)).unwrap();
        prop_assert_eq!(diff(&graph, &back), GraphDiff::default());
        let reindented = cruxmap::load(&reindent(&source), None);
        if !reindented.has_errors() {
            prop_assert_eq!(diff(&graph, &reindented.graph), GraphDiff::default(), "{}", source);
        }
    }
}

mod cli {
    use super::super::run_cruxmap as run;

    const DRAFT: &str = "graphs/versions/alignment-faking-draft.argdown";
    const MAP: &str = "graphs/alignment-faking.argdown";

    #[test]
    fn the_draft_and_the_map_differ_like_diff_1() {
        let (code, stdout, _) = run(&["diff", DRAFT, MAP]);
        assert_eq!(code, Some(1));
        assert!(
            stdout.starts_with("claims: 1 added, 0 removed, 2 changed"),
            "{stdout}"
        );
        assert!(stdout.contains("renamed from [Mere role-play]"), "{stdout}");
        assert!(
            stdout.contains("[Faking undermines trust] is now out (was in)"),
            "{stdout}"
        );
        let (code, stdout, _) = run(&["diff", MAP, MAP]);
        assert_eq!(code, Some(0));
        assert_eq!(stdout, "no change in claims or relations\n");
    }

    #[test]
    fn json_lists_each_change_once() {
        let (_, stdout, _) = run(&["diff", DRAFT, MAP, "-f", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["equal"], false);
        assert_eq!(doc["claims"].as_array().unwrap().len(), 3);
        assert_eq!(doc["relations"][0]["change"], "added");
        assert_eq!(doc["relations"][0]["type"], "attack");
    }

    #[test]
    fn git_mode_exits_zero_and_a_missing_revision_is_an_error() {
        let (code, stdout, _) = run(&[
            "diff", "--git", MAP, DRAFT, "0", "100644", MAP, "0", "100644",
        ]);
        assert_eq!(code, Some(0));
        assert!(
            stdout.starts_with("cruxmap diff graphs/alignment-faking.argdown"),
            "{stdout}"
        );
        let (code, _, stderr) = run(&["diff", "no-such-rev:graphs/x.argdown", MAP]);
        assert_eq!(code, Some(2));
        assert!(stderr.contains("git cannot show it"), "{stderr}");
    }

    #[test]
    fn svg_and_html_draw_the_union_with_changes_marked() {
        let (code, svg, _) = run(&["diff", DRAFT, MAP, "-f", "svg"]);
        assert_eq!(code, Some(1));
        roxmltree::Document::parse(&svg).unwrap();
        // The added claim in green, the renamed and reworded ones in amber.
        assert!(svg.contains(r##"stroke="#1a7f37" stroke-width="4.5""##));
        assert_eq!(
            svg.matches(r##"stroke="#bf8700" stroke-width="4.5""##)
                .count(),
            2
        );
        assert!(svg.contains("diff-legend"));
        let (_, html, _) = run(&["diff", DRAFT, MAP, "-f", "html"]);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<svg"));
        assert!(html.contains("renamed from [Mere role-play]"));
        // The drawing fits the page until "actual size" is ticked.
        assert!(html.contains(".map svg{display:block;max-width:100%;height:auto}"));
        assert!(html.contains("<input type=\"checkbox\" id=\"actual\">"));
    }

    #[test]
    fn a_removed_claim_is_drawn_in_red_in_the_union() {
        let (code, svg, _) = run(&["diff", MAP, DRAFT, "-f", "svg"]);
        assert_eq!(code, Some(1));
        assert!(svg.contains(r##"stroke="#cf222e" stroke-width="4.5" stroke-dasharray="8 4""##));
        assert!(svg.contains("Faking isn&#39;t everyday deceit"));
    }
}

/// `source` edited: every `k`-th titled definition reworded, every `k`-th `+>` turned into
/// `->`, every `k`-th top-level block dropped, one statement renamed everywhere, and two new
/// claims appended.
fn edit(source: &str, k: usize, rename: &str) -> String {
    let mut out = String::new();
    let (mut defs, mut supports) = (0, 0);
    for (i, block) in source.split("\n\n").enumerate() {
        if i > 0 && i % (k * 3) == 0 && !block.starts_with("===") {
            continue;
        }
        for line in block.lines() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            if trimmed.starts_with('[') && trimmed.contains("]: ") {
                defs += 1;
                if defs % k == 0 {
                    out.push_str(line);
                    out.push_str(" revised\n");
                    continue;
                }
            }
            if let Some(rest) = trimmed.strip_prefix("+> ") {
                supports += 1;
                if supports % k == 0 {
                    out.push_str(&format!("{indent}-> {rest}\n"));
                    continue;
                }
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    let out = out.replace(&format!("[{rename}]"), &format!("[{rename} renamed]"));
    format!(
        "{out}\n[Newcomer one]: A claim added later. #fresh\n  +> [Newcomer two]: Another one.\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn applying_the_json_diff_to_old_gives_new(
        seed in any::<u64>(),
        statements in 5usize..300,
        k in 2usize..7,
        renamed in 1usize..20,
    ) {
        let old_source = random_map(&GenerateOptions { statements, seed, ..Default::default() });
        let new_source = edit(&old_source, k, &format!("Claim {renamed}"));
        let old = cruxmap::load(&old_source, None);
        let new = cruxmap::load(&new_source, None);
        prop_assume!(!old.has_errors() && !new.has_errors());
        let d = diff(&old.graph, &new.graph);
        // The edit always adds two claims, and usually more changes.
        prop_assert!(d.claims.iter().filter(|c| c.old.is_none()).count() >= 2);
        let json = cruxmap::diff::to_json(&d);
        let patched = cruxmap::diff::apply(&cruxmap::diff::content(&old.graph), &json);
        prop_assert!(patched.is_ok(), "{:?}\n{}", patched, new_source);
        prop_assert_eq!(patched.unwrap(), cruxmap::diff::content(&new.graph));
        // Every change appears once.
        let mut claims: Vec<_> = d.claims.iter().map(|c| (c.old.clone(), c.new.clone())).collect();
        let before = claims.len();
        claims.sort();
        claims.dedup();
        prop_assert_eq!(claims.len(), before);
        let mut relations = d.relations.clone();
        relations.sort_by_key(|r| format!("{r:?}"));
        relations.dedup();
        prop_assert_eq!(relations.len(), d.relations.len());
    }
}

#[test]
fn a_removed_untitled_claim_whose_name_is_reused_reads_as_old() {
    // Regression: the old map's [Untitled 3] is removed and the new map gives that name to
    // another claim; the diff must not confuse the two.
    let old_source = random_map(&GenerateOptions {
        statements: 36,
        seed: 3765291154162448209,
        ..Default::default()
    });
    let new_source = edit(&old_source, 2, "Claim 1");
    let old = load(&old_source);
    let new = cruxmap::load(&new_source, None).graph;
    let d = diff(&old, &new);
    let removed = d
        .claims
        .iter()
        .find(|c| c.name_in_old.as_deref() == Some("[Untitled 3]"))
        .expect("the removed untitled claim");
    assert_eq!(removed.old.as_deref(), Some("[Untitled 3] (old)"));
    let patched =
        cruxmap::diff::apply(&cruxmap::diff::content(&old), &cruxmap::diff::to_json(&d)).unwrap();
    assert_eq!(patched, cruxmap::diff::content(&new));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reordering_top_level_blocks_changes_nothing(seed in any::<u64>(), statements in 1usize..300) {
        let source = random_map(&GenerateOptions {
            statements,
            seed,
            all_features: false,
            ..Default::default()
        });
        // Headings are left out: moving a block under another heading is a real change.
        let blocks: Vec<&str> = source
            .split("\n\n")
            .map(str::trim)
            .filter(|b| !b.is_empty() && !b.starts_with('#'))
            .collect();
        let forward = blocks.join("\n\n") + "\n";
        let backward = blocks.iter().rev().copied().collect::<Vec<_>>().join("\n\n") + "\n";
        let (a, b) = (load(&forward), load(&backward));
        let d = diff(&a, &b);
        prop_assert!(d.is_empty(), "{:?}\n{}", d, forward);
    }
}
