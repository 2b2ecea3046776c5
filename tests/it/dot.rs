//! DOT output is well-formed whatever the claim text holds.

use cruxmap::render::dot::{DotOptions, write};

#[test]
fn hostile_claim_text_still_gives_valid_dot() {
    let source = concat!(
        "# Section \"quoted\" \\ back\n\n",
        "[Q\"uote]: He said \"no\" \\ and \\<b\\>bold\\</b\\> & more \\}\\{ -- \\\\n\n",
        "  + [Tricky <>&]: \u{7}bell and tab\tand emoji \u{1f600} and 'single'\n",
        "  - <Arg \"x\">: \\<script\\>alert(1)\\</script\\>\n",
    );
    let loaded = cruxmap::load(source, None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let dot = write(&loaded.graph, &DotOptions::default());
    assert!(dot.contains("&lt;script&gt;"));
    // Graphviz must accept the file. CI installs it (.ci/run); elsewhere the check is
    // skipped with a note when `dot` is missing.
    let child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("note: Graphviz `dot` not installed; DOT not checked by dot");
            return;
        }
        Err(e) => panic!("CI must have Graphviz installed: {e}"),
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot rejected:\n{}\n{dot}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "dot warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The claim text stays text in the drawing, too.
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains("&lt;script&gt;"));
}

#[test]
fn sections_become_nested_clusters_and_relations_are_styled() {
    let source = "# Top\n\n## Sub\n\n[A]: a\n  + [B]: b\n  - [C]: c\n";
    let loaded = cruxmap::load(source, None);
    let dot = write(&loaded.graph, &DotOptions::default());
    let top = dot.find("cluster_1").unwrap();
    let sub = dot.find("cluster_2").unwrap();
    assert!(top < sub);
    assert!(dot.contains("arrowhead=normal"));
    assert!(dot.contains("arrowhead=tee"));
    assert!(dot.contains("rankdir=BT"));
}

/// Pieces of text that mean something to DOT, HTML-like labels, Graphviz escapes or XML.
const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "\\\\",
    "\\N",
    "\\G",
    "\\E",
    "\\H",
    "\\T",
    "\\L",
    "\\l",
    "\\n",
    "\\r",
    "]",
    "[",
    "[]",
    "<",
    ">",
    "<>",
    "&",
    "&amp;",
    "&#93;",
    "{",
    "}",
    ";",
    "=",
    ",",
    "-->",
    "->",
    "--",
    "<B>",
    "</B>",
    "<BR/>",
    "<TABLE>",
    "<!--",
    "<![CDATA[x]]>",
    "]]>",
    "'",
    "%",
    "@",
    "#",
    "\u{1b}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{7f}",
    "\u{9b}",
    "\u{202e}",
    "\u{0}",
    "é",
    "\u{1f600}",
];

/// Graphviz `dot` as a command, or `None` with a notice when it is not installed (CI must
/// have it).
fn run_dot(dot: &str) -> Option<std::process::Output> {
    use std::io::Write;
    let child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("note: Graphviz `dot` not installed; DOT not checked by dot");
            return None;
        }
        Err(e) => panic!("CI must have Graphviz installed: {e}"),
    };
    let mut stdin = child.stdin.take().unwrap();
    let dot = dot.to_string();
    // Write from a thread: dot may fill its output pipe before reading all its input.
    let writer = std::thread::spawn(move || stdin.write_all(dot.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    Some(out)
}

/// What a drawn text should read: control characters dropped, whitespace collapsed.
fn drawn(text: &str) -> String {
    let text = cruxmap::render::text::drop_controls(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn any_claim_text_gives_dot_that_graphviz_draws_with_the_same_text() {
    // Every piece alone and every pair, as titles, texts and section titles; short
    // enough that no label is wrapped.
    let mut texts: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    for a in HOSTILE {
        for b in HOSTILE.iter().step_by(5) {
            texts.push(format!("{a}{b}"));
            texts.push(format!("x {a} y {b}"));
        }
    }
    let sections: Vec<serde_json::Value> = HOSTILE
        .iter()
        .map(|t| serde_json::json!({"title": format!("S {t}"), "level": 1, "location": [1, 1, 0, 0]}))
        .collect();
    let statements: Vec<serde_json::Value> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({
                // Titles must be unique; the text is the hostile part too.
                "title": format!("{t}{i}"),
                "text": t,
                "members": [{
                    "text": t, "definition": true, "role": "top-level",
                    "location": [1, 1, 0, 0],
                }],
                "section": i % sections.len(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "cruxmap": 1, "mode": "loose", "sections": sections,
        "statements": statements, "arguments": [], "relations": [],
    });
    let graph = cruxmap::io::json::read(&doc.to_string()).unwrap();
    let dot = write(&graph, &DotOptions::default());
    let Some(out) = run_dot(&dot) else { return };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot rejected it: {stderr}");
    assert!(out.stderr.is_empty(), "dot warned: {stderr}");
    let svg = String::from_utf8(out.stdout).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let svg = roxmltree::Document::parse_with_options(&svg, options).unwrap();
    let shown: std::collections::HashSet<String> = svg
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    let tooltips: std::collections::HashSet<String> = svg
        .descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        // Graphviz keeps runs of spaces in SVG as a space and no-break spaces.
        .map(|t| t.replace('\u{a0}', " "))
        .collect();
    for (i, t) in texts.iter().enumerate() {
        let title = format!("{t}{i}");
        assert!(shown.contains(&drawn(&title)), "title {title:?} not drawn");
        if !drawn(t).is_empty() {
            assert!(
                shown.contains(&drawn(t)),
                "text {t:?} not drawn as {:?}",
                drawn(t)
            );
        }
        let tooltip = drop_controls_only(&format!("{title}: {t}"));
        assert!(tooltips.contains(&tooltip), "tooltip {tooltip:?} not kept");
    }
    for t in HOSTILE {
        let title = drawn(&format!("S {t}"));
        assert!(shown.contains(&title), "section {title:?} not drawn");
    }
}

/// A tooltip keeps its spaces; only control characters go.
fn drop_controls_only(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[test]
fn sections_nested_deeper_than_the_cluster_limit_share_their_ancestors_cluster() {
    use cruxmap::render::dot::MAX_CLUSTER_DEPTH;
    // 2,000 nested sections gave 28 MB of indented DOT and took 40 s.
    let depth = 500;
    // Argdown headings stop at level 6; cruxmap JSON can nest sections without end.
    let sections: Vec<serde_json::Value> = (0..depth)
        .map(|i| {
            let mut s = serde_json::json!({
                "title": format!("S{i}"), "level": (i + 1).min(255), "location": [1, 1, 0, 0],
            });
            if i > 0 {
                s["parent"] = serde_json::json!(i - 1);
            }
            s
        })
        .collect();
    let doc = serde_json::json!({
        "cruxmap": 1, "mode": "loose", "sections": sections, "arguments": [], "relations": [],
        "statements": [{
            "title": "Deep", "text": "deep", "section": depth - 1,
            "members": [{"text": "deep", "definition": true, "role": "top-level",
                         "location": [1, 1, 0, 0]}],
        }],
    });
    let graph = cruxmap::io::json::read(&doc.to_string()).unwrap();
    let dot = write(&graph, &DotOptions::default());
    assert_eq!(dot.matches("subgraph cluster_").count(), MAX_CLUSTER_DEPTH);
    assert!(dot.len() < 20_000, "{} bytes", dot.len());
    // The deep claim sits in the deepest cluster drawn.
    let deepest = dot
        .find(&format!("label=\"S{}\"", MAX_CLUSTER_DEPTH - 1))
        .unwrap();
    assert!(dot[deepest..].contains("Deep"));
    if let Some(out) = run_dot(&dot) {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
