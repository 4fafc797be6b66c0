//! The JS corpus: every `vm/tests/js/**/NAME.js` (a script) and `NAME.mjs` (a module) runs
//! and its output must equal `NAME.out`. Modules a test imports are named `*_fixture.mjs`
//! (or `*_fixture.json`) and do not run on their own.
//!
//! The output is what the script prints (`print`, `console.log`) followed, if the script
//! ends with an uncaught exception, by the engine's report of it (`Uncaught TypeError: …`).
//! Each script runs twice: on a normal heap and under `HeapConfig::stress(1)` (a collection
//! at every allocation, the heap verifier after each). Set `AGORA_CORPUS_FILTER=substring`
//! to run part of the corpus, `AGORA_CORPUS_BLESS=1` to (re)write the `.out` files from the
//! normal run — then read every changed `.out` before committing it.

use std::path::{Path, PathBuf};

use heap::HeapConfig;
use vm::interpreter::{capture_output, take_output};
use vm::runtime::gc::new_heap;
use vm::runtime::Agent;

fn run_with(config: HeapConfig, path: &Path, name: &str, src: &str) -> String {
    let heap = new_heap(config);
    let mut agent = Agent::new(&heap);
    capture_output(&mut agent);
    let error = if path.extension().is_some_and(|e| e == "mjs") {
        vm::run_module(&mut agent, path, name, src)
            .err()
            .map(|e| e.to_string())
    } else {
        vm::run_script(&mut agent, name, src)
            .err()
            .map(|e| e.to_string())
    };
    let mut out = take_output(&mut agent);
    if let Some(e) = error {
        out.push_str(&format!("{e}\n"));
    }
    let report = agent.verify_heap();
    assert!(report.is_ok(), "{name}: heap verification failed: {report}");
    out
}

fn scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            scripts(&path, out);
        } else if path.extension().is_some_and(|e| e == "js" || e == "mjs")
            && !path
                .file_stem()
                .is_some_and(|s| s.to_string_lossy().ends_with("_fixture"))
        {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut all = Vec::new();
    scripts(&root, &mut all);
    let filter = std::env::var("AGORA_CORPUS_FILTER").unwrap_or_default();
    all.retain(|p| p.to_string_lossy().contains(&filter));
    all
}

fn check(config: fn() -> HeapConfig, what: &str) {
    let bless = std::env::var_os("AGORA_CORPUS_BLESS").is_some() && what == "normal";
    let mut failures = Vec::new();
    let all = corpus();
    assert!(!all.is_empty(), "no corpus scripts found");
    for path in &all {
        let src = std::fs::read_to_string(path).expect("a UTF-8 script");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected_path = path.with_extension("out");
        let actual = run_with(config(), path, &name, &src);
        if bless {
            std::fs::write(&expected_path, &actual).expect("writing the .out file");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .out file", path.display()));
        if actual != expected {
            failures.push(format!(
                "--- {} ({what})\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
    }
    eprintln!(
        "js corpus ({what}): {} scripts, {} failed",
        all.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus scripts failed ({what}):\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_normal_heap() {
    check(HeapConfig::default, "normal");
}

#[test]
fn corpus_under_gc_stress() {
    check(|| HeapConfig::stress(1), "gc-stress 1");
}
