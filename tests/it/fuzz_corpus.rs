//! Replays every input kept from fuzzing (`fuzz/corpus/<target>/`: the seeds and the
//! minimised corpus; `fuzz/regressions/<target>/`: every input that once broke a promise)
//! through the same oracles the fuzz targets run.

#[path = "../../fuzz/oracles.rs"]
mod oracles;

/// An oracle: panics when an input breaks a promise.
type Oracle = fn(&[u8]);

#[test]
fn every_kept_fuzz_input_keeps_its_promises() {
    let targets: [(&str, Oracle); 8] = [
        ("argdown", oracles::argdown),
        ("json", oracles::json),
        ("query", oracles::query),
        ("iccma", oracles::iccma),
        ("microtext", oracles::microtext),
        ("extract", oracles::extract),
        ("aif", oracles::aif),
        ("kialo", oracles::kialo),
    ];
    let mut replayed = 0;
    for (target, oracle) in targets {
        for kind in ["corpus", "regressions"] {
            let dir = super::repo(&format!("fuzz/{kind}/{target}"));
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| oracle(&data));
                assert!(
                    outcome.is_ok(),
                    "{target}: {} broke a promise",
                    path.display()
                );
                replayed += 1;
            }
        }
    }
    assert!(
        replayed >= 50,
        "only {replayed} inputs replayed: is fuzz/corpus missing?"
    );
}
