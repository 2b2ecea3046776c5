//! The hand-written conformance corpus and the bundled graphs load without errors.

use super::repo;

#[test]
fn conformance_corpus_and_graphs_load_without_errors() {
    let mut paths = Vec::new();
    for dir in ["tests/conformance", "graphs"] {
        for entry in std::fs::read_dir(repo(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "argdown") {
                paths.push(path);
            }
        }
    }
    assert!(paths.len() >= 20);
    for path in paths {
        let source = std::fs::read_to_string(&path).unwrap();
        let loaded = cruxmap::load(&source, None);
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}
