//! Argdown's rules as the model applies them, on small maps.

use cruxmap::model::{ElementId, MemberRole, Mode, RelationKind};

fn relations(source: &str) -> Vec<String> {
    let loaded = cruxmap::load(source, None);
    let g = &loaded.graph;
    g.relations()
        .map(|r| {
            format!(
                "{} {} {}",
                g.title(r.from),
                r.relation.kind.argdown_name(),
                g.title(r.to)
            )
        })
        .collect()
}

#[test]
fn relation_symbols_point_the_right_way() {
    let source = "[S]: s\n  + [A]: a\n  - [B]: b\n  +> [C]: c\n  -> [D]: d\n  >< [E]: e\n";
    let mut r = relations(source);
    r.sort();
    assert_eq!(
        r,
        [
            "A support S",
            "B attack S",
            "S attack D",
            "S contradictory E",
            "S support C"
        ]
    );
}

#[test]
fn same_title_is_the_same_statement_even_before_its_definition() {
    let loaded = cruxmap::load(
        "[A]\n  + [B]\n\n[B]: defined later\n\n[A]: defined too\n",
        None,
    );
    let g = &loaded.graph;
    assert_eq!(g.statement_count(), 2);
    let b = g.statement(g.statement_id("B").unwrap());
    assert_eq!(b.text(), "defined later");
    assert_eq!(b.members.len(), 2);
}

#[test]
fn titles_are_matched_exactly() {
    let loaded = cruxmap::load("[Tax]: a\n\n[Tax ]: b\n\n[tax]: c\n", None);
    assert_eq!(loaded.graph.statement_count(), 3);
}

#[test]
fn untitled_elements_are_numbered_in_source_order() {
    let loaded = cruxmap::load(
        "First.\n  + Second.\n\n(1) Premise.\n----\n(2) Conclusion.\n",
        None,
    );
    let g = &loaded.graph;
    let titles: Vec<_> = g.statements().map(|(_, s)| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Untitled 1", "Untitled 2", "Untitled 4", "Untitled 5"]
    );
    assert_eq!(g.arguments().next().unwrap().1.title, "Untitled 3");
}

#[test]
fn a_reconstructed_argument_speaks_through_its_conclusion() {
    let source = "<A>: a\n  +> [T]: target\n\n(1) [P]: p\n----\n(2) [C]: c\n";
    assert_eq!(relations(source), ["C support T"]);
    let loaded = cruxmap::load(source, None);
    let g = &loaded.graph;
    let a = g.argument(g.argument_id("A").unwrap());
    assert_eq!(a.premises().count(), 1);
    assert_eq!(g.statement(a.conclusion().unwrap()).title, "C");
    let c = g.statement(g.statement_id("C").unwrap());
    assert_eq!(c.members[0].role, MemberRole::MainConclusion);
}

#[test]
fn strict_mode_reads_statement_relations_as_entailment_and_contrariness() {
    let source = "===\nmodel:\n  mode: strict\n===\n\n[S]: s\n  + [A]: a\n  - [B]: b\n  + <X>: x\n";
    let loaded = cruxmap::load(source, None);
    assert_eq!(loaded.graph.mode, Mode::Strict);
    let kinds: Vec<_> = loaded.graph.relations().map(|r| r.relation.kind).collect();
    assert_eq!(
        kinds,
        [
            RelationKind::Entails,
            RelationKind::Contrary,
            RelationKind::Support
        ]
    );
}

#[test]
fn duplicate_relations_are_merged_and_contradiction_is_symmetric() {
    let source =
        "[A]: a\n  - [B]: b\n  - [B]\n\n[B]\n  -> [A]\n\n[C]: c\n  >< [D]: d\n\n[D]\n  >< [C]\n";
    assert_eq!(relations(source), ["B attack A", "C contradictory D"]);
}

#[test]
fn pcs_implies_premise_conclusion_and_derived_edges() {
    let source = "<A>: a\n\n(1) [P]: p\n----\n(2) [Q]: q\n\n<B>: b\n\n(1) [Q]\n----\n(2) [R]: r\n";
    let loaded = cruxmap::load(source, None);
    let g = &loaded.graph;
    let a = ElementId::Argument(g.argument_id("A").unwrap());
    let b = ElementId::Argument(g.argument_id("B").unwrap());
    let derived: Vec<_> = g
        .outgoing(a)
        .filter(|(_, e)| matches!(e, cruxmap::model::Edge::Derived(RelationKind::Support)))
        .map(|(to, _)| to)
        .collect();
    assert_eq!(derived, [b]);
}

#[test]
fn tags_sections_and_data_are_kept() {
    let source = "# Energy {owner: ann}\n\n## Costs\n\n[A]: a #money #(big picture) {source: \"essay\", para: 3}\n";
    let loaded = cruxmap::load(source, None);
    let g = &loaded.graph;
    let a = g.statement(g.statement_id("A").unwrap());
    assert_eq!(a.tags.iter().collect::<Vec<_>>(), ["money", "big picture"]);
    assert_eq!(a.data["para"], 3);
    let section = &g.sections[a.section.unwrap()];
    assert_eq!(section.title, "Costs");
    assert_eq!(g.sections[section.parent.unwrap()].data["owner"], "ann");
    assert_eq!(a.location().unwrap().line, 5);
}

#[test]
fn the_debate_map_has_claims_resting_on_instrumental_convergence() {
    let source = super::read("graphs/alignment-faking.argdown");
    let loaded = cruxmap::load(&source, Some("graphs/alignment-faking.argdown"));
    let g = &loaded.graph;
    assert!(g.statement_count() >= 30);
    let ic = g
        .statement_id("Instrumental convergence")
        .expect("claim exists");
    let supported: Vec<_> = g
        .relations()
        .filter(|r| r.from == ElementId::Statement(ic) && r.relation.kind == RelationKind::Support)
        .collect();
    assert!(supported.len() >= 2);
    for (_, s) in g.statements() {
        assert!(s.data.contains_key("source"), "[{}] has no source", s.title);
    }
}
