//! Parse-level test262 conformance: walks a test262 `test/` directory (or any subdirectory),
//! decides for each test what the parser must do (fail for `negative: {phase: parse}`,
//! succeed otherwise; as a module for `flags: [module]`, else sloppy and/or strict), and
//! prints pass rates per top-level directory. Failures go to a file (by default
//! `$TMPDIR/parse262-failures.txt`).
//!
//! Usage: `cargo run --release -p agora-vm --example parse262 -- /work/test262/test
//! [--failures FILE] [--verbose]`

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use vm::parser::{parse_module, parse_script, ScriptOptions};
use vm::source::Source;

#[path = "support/test262.rs"]
mod support;

use support::{read_meta, walk, SKIPPED_FEATURES};

/// Parses `text` in one mode; returns `Ok(true)` if it parsed, `Err` if the parser panicked.
fn try_parse(
    name: &str,
    text: &str,
    module: bool,
    strict: bool,
) -> Result<Result<(), String>, String> {
    let text = if strict {
        format!("\"use strict\";\n{text}")
    } else {
        text.to_string()
    };
    let source = Source::new(name, text);
    std::panic::catch_unwind(|| {
        if module {
            parse_module(&source).map(|_| ()).map_err(|e| e.render())
        } else {
            parse_script(&source, ScriptOptions::default())
                .map(|_| ())
                .map_err(|e| e.render())
        }
    })
    .map_err(|_| "parser panicked".to_string())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = None;
    let mut failures_path = std::env::temp_dir().join("parse262-failures.txt");
    let mut verbose = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--failures" => failures_path = PathBuf::from(args.next().expect("--failures FILE")),
            "--verbose" => verbose = true,
            _ => root = Some(PathBuf::from(arg)),
        }
    }
    let root = root.expect("usage: parse262 TEST262_TEST_DIR [--failures FILE] [--verbose]");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let started = Instant::now();
    // directory → (passed, failed, skipped)
    let mut stats: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut skipped_by_feature: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = String::new();
    let mut negative = (0usize, 0usize);
    for path in &files {
        let relative = path.strip_prefix(&root).unwrap_or(path);
        let top = relative.components().next().map_or(String::new(), |c| {
            c.as_os_str().to_string_lossy().into_owned()
        });
        let top = if relative.components().count() > 1 {
            top
        } else {
            ".".into()
        };
        let entry = stats.entry(top).or_default();
        let Ok(bytes) = fs::read(path) else { continue };
        let Ok(text) = String::from_utf8(bytes) else {
            entry.2 += 1;
            continue;
        };
        let Some(meta) = read_meta(&text) else {
            entry.2 += 1;
            continue;
        };
        if let Some((feature, _)) = SKIPPED_FEATURES
            .iter()
            .find(|(f, _)| meta.features.iter().any(|x| x == f))
        {
            *skipped_by_feature.entry(feature).or_default() += 1;
            entry.2 += 1;
            continue;
        }
        let has = |flag: &str| meta.flags.iter().any(|f| f == flag);
        let expect_error = meta.negative_phase.as_deref() == Some("parse");
        let mut modes = Vec::new();
        if has("module") {
            modes.push((true, false));
        } else {
            if !has("onlyStrict") {
                modes.push((false, false));
            }
            if !has("noStrict") && !has("raw") {
                modes.push((false, true));
            }
        }
        let name = relative.to_string_lossy();
        let mut problem = None;
        for (module, strict) in modes {
            let mode = if module {
                "module"
            } else if strict {
                "strict"
            } else {
                "sloppy"
            };
            match try_parse(&name, &text, module, strict) {
                Err(panic) => problem = Some(format!("{mode}: {panic}")),
                Ok(Ok(())) if expect_error => {
                    problem = Some(format!("{mode}: parsed, expected a SyntaxError"))
                }
                Ok(Err(e)) if !expect_error => {
                    problem = Some(format!("{mode}: unexpected error\n{e}"))
                }
                Ok(_) => {}
            }
            if problem.is_some() {
                break;
            }
        }
        if expect_error {
            negative.1 += 1;
            negative.0 += usize::from(problem.is_none());
        }
        match problem {
            None => entry.0 += 1,
            Some(p) => {
                entry.1 += 1;
                if verbose {
                    println!("FAIL {name}: {p}");
                }
                failures.push_str(&format!("{name}\n  {}\n", p.replace('\n', "\n  ")));
            }
        }
    }
    println!(
        "parse-level test262 results for {} ({:.1?})",
        root.display(),
        started.elapsed()
    );
    let mut total = (0, 0, 0);
    for (dir, (pass, fail, skip)) in &stats {
        let rate = 100.0 * *pass as f64 / (*pass + *fail).max(1) as f64;
        println!("  {dir:<12} {pass:>6} passed {fail:>5} failed {skip:>5} skipped  {rate:6.2}%");
        total = (total.0 + pass, total.1 + fail, total.2 + skip);
    }
    let rate = 100.0 * total.0 as f64 / (total.0 + total.1).max(1) as f64;
    println!(
        "  {:<12} {:>6} passed {:>5} failed {:>5} skipped  {rate:6.2}%",
        "total", total.0, total.1, total.2
    );
    println!(
        "  (of these, {} of {} negative parse tests were rejected as required)",
        negative.0, negative.1
    );
    if !skipped_by_feature.is_empty() {
        println!("skipped features:");
        for (feature, count) in &skipped_by_feature {
            let reason = SKIPPED_FEATURES
                .iter()
                .find(|(f, _)| f == feature)
                .map_or("", |(_, r)| r);
            println!("  {feature:<40} {count:>5} tests  ({reason})");
        }
    }
    fs::write(&failures_path, failures).expect("write the failure list");
    println!("failures written to {}", failures_path.display());
}
