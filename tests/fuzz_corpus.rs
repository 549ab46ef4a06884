//! CI replays what fuzzing found: every input of the fuzz corpus (`fuzz/corpus/`) and
//! every input that once crashed a target (`fuzz/regressions/`) goes through the same
//! entry points as the fuzz targets. Long fuzzing runs happen outside CI (README).

use std::path::Path;

fn inputs(dir: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn the_read_file_corpus_replays_without_a_panic_in_our_code() {
    let corpus = inputs("fuzz/corpus/read_file");
    assert!(corpus.len() >= 6, "the seeds at least");
    for data in corpus.iter().chain(&inputs("fuzz/regressions/read_file")) {
        tender::fuzzing::read_file(data);
    }
}

#[test]
fn the_number_corpus_replays_without_a_panic() {
    let corpus = inputs("fuzz/corpus/number");
    assert!(!corpus.is_empty());
    for data in &corpus {
        tender::fuzzing::number(data);
    }
}
