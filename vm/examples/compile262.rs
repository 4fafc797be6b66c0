//! Compile-level test262 sweep: parses every test262 file the parser accepts (as a module for
//! `flags: [module]`, else sloppy and/or strict, with the same front-matter logic as
//! `parse262`), compiles it, and checks that the compiler never panics and that its output
//! passes `bytecode::verify`. Prints counts per top-level directory; failures go to a file
//! (by default `$TMPDIR/compile262-failures.txt`).
//!
//! Usage: `cargo run --release -p agora-vm --example compile262 -- /work/test262/test
//! [--failures FILE] [--verbose] [--top N]` (`--top` lists the files with the most
//! scale-prefixed instructions).

use std::collections::BTreeMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Instant;

use vm::bytecode::{decode, verify, Executable, Scale};
use vm::compiler::{compile_module, compile_script};
use vm::parser::{parse_module, parse_script, ScriptOptions};
use vm::source::Source;

#[path = "support/test262.rs"]
mod support;

use support::{read_meta, walk, SKIPPED_FEATURES};

/// Encoding statistics of compiled code.
#[derive(Default, Clone, Copy)]
struct Stats {
    /// Code bytes.
    bytes: usize,
    /// Instructions.
    instructions: usize,
    /// Instructions with a `Wide` / `ExtraWide` prefix.
    prefixed: usize,
    /// Code bytes if every scaled operand were four bytes (no prefixes).
    fixed_u32_bytes: usize,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.bytes += other.bytes;
        self.instructions += other.instructions;
        self.prefixed += other.prefixed;
        self.fixed_u32_bytes += other.fixed_u32_bytes;
    }
}

/// What happened to one file in one mode.
enum Outcome {
    /// The parser rejected it (not the compiler's business).
    ParseError,
    /// Compiled and verified.
    Ok(Stats),
    /// The compiler reported a (compile-time) SyntaxError.
    CompileError(String),
    /// The compiler panicked or produced unverifiable code.
    Failure(String),
}

fn stats(exe: &Executable) -> Stats {
    let mut out = Stats {
        bytes: exe.code.len(),
        ..Stats::default()
    };
    let mut pc = 0;
    while let Ok((instruction, scale, next)) = decode(&exe.code, pc) {
        out.instructions += 1;
        out.prefixed += usize::from(scale != Scale::Single);
        let opcode = instruction.opcode();
        out.fixed_u32_bytes += opcode.size(Scale::Quadruple) - 1;
        pc = next;
    }
    for f in exe.functions() {
        out.add(stats(f));
    }
    out
}

fn compile_one(name: &str, text: &str, module: bool, strict: bool) -> Outcome {
    let text = if strict {
        format!("\"use strict\";\n{text}")
    } else {
        text.to_string()
    };
    let source = Source::new(name, text);
    let result = catch_unwind(AssertUnwindSafe(|| {
        if module {
            let Ok(ast) = parse_module(&source) else {
                return Outcome::ParseError;
            };
            match compile_module(&ast, &source) {
                Ok(exe) => match verify(&exe) {
                    Ok(()) => Outcome::Ok(stats(&exe)),
                    Err(e) => Outcome::Failure(format!("verifier: {e}")),
                },
                Err(e) => Outcome::CompileError(e.render()),
            }
        } else {
            let Ok(ast) = parse_script(&source, ScriptOptions::default()) else {
                return Outcome::ParseError;
            };
            match compile_script(&ast, &source) {
                Ok(exe) => match verify(&exe) {
                    Ok(()) => Outcome::Ok(stats(&exe)),
                    Err(e) => Outcome::Failure(format!("verifier: {e}")),
                },
                Err(e) => Outcome::CompileError(e.render()),
            }
        }
    }));
    match result {
        Ok(outcome) => outcome,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Outcome::Failure(format!("compiler panicked: {message}"))
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = None;
    let mut failures_path = std::env::temp_dir().join("compile262-failures.txt");
    let mut verbose = false;
    let mut top_n = 0usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--failures" => failures_path = PathBuf::from(args.next().expect("--failures FILE")),
            "--verbose" => verbose = true,
            "--top" => top_n = args.next().and_then(|n| n.parse().ok()).expect("--top N"),
            _ => root = Some(PathBuf::from(arg)),
        }
    }
    let root = root.expect("usage: compile262 TEST262_TEST_DIR [--failures FILE] [--verbose]");
    std::panic::set_hook(Box::new(|_| {}));
    let mut files = Vec::new();
    walk(&root, &mut files);
    let started = Instant::now();
    // directory → (compiled, failed, skipped, compile-time errors)
    let mut stats: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut failures = String::new();
    let mut compilations = 0usize;
    let mut totals = Stats::default();
    let mut per_file: Vec<(usize, usize, String)> = Vec::new();
    let mut without_prefix = 0usize;
    for path in &files {
        let relative = path.strip_prefix(&root).unwrap_or(path);
        let top = if relative.components().count() > 1 {
            relative.components().next().map_or(String::new(), |c| {
                c.as_os_str().to_string_lossy().into_owned()
            })
        } else {
            ".".into()
        };
        let entry = stats.entry(top).or_default();
        let Ok(text) = fs::read_to_string(path) else {
            entry[2] += 1;
            continue;
        };
        let Some(meta) = read_meta(&text) else {
            entry[2] += 1;
            continue;
        };
        if meta
            .features
            .iter()
            .any(|f| SKIPPED_FEATURES.iter().any(|(name, _)| name == f))
            || meta.negative_phase.as_deref() == Some("parse")
        {
            entry[2] += 1;
            continue;
        }
        let has = |flag: &str| meta.flags.iter().any(|f| f == flag);
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
        let mut compiled_any = false;
        let mut compile_error = false;
        for (module, strict) in modes {
            match compile_one(&name, &text, module, strict) {
                Outcome::ParseError => {}
                Outcome::Ok(s) => {
                    compiled_any = true;
                    compilations += 1;
                    totals.add(s);
                    without_prefix += usize::from(s.prefixed == 0);
                    if top_n > 0 {
                        per_file.push((s.prefixed, s.instructions, name.to_string()));
                    }
                }
                Outcome::CompileError(e) => {
                    compile_error = true;
                    if verbose {
                        println!("compile-time error in {name}: {e}");
                    }
                }
                Outcome::Failure(f) => {
                    let mode = if module {
                        "module"
                    } else if strict {
                        "strict"
                    } else {
                        "sloppy"
                    };
                    problem = Some(format!("{mode}: {f}"));
                    break;
                }
            }
        }
        match problem {
            Some(p) => {
                entry[1] += 1;
                if verbose {
                    println!("FAIL {name}: {p}");
                }
                failures.push_str(&format!("{name}\n  {}\n", p.replace('\n', "\n  ")));
            }
            None if compiled_any => entry[0] += 1,
            None if compile_error => entry[3] += 1,
            None => entry[2] += 1,
        }
    }
    println!(
        "compile-level test262 results for {} ({:.1?}; {compilations} compilations)",
        root.display(),
        started.elapsed(),
    );
    println!(
        "  bytecode: {} KiB, {} instructions ({:.2} bytes each), {:.3}% with a scale prefix; \
         with fixed 4-byte operands it would be {} KiB ({:.2}x)",
        totals.bytes / 1024,
        totals.instructions,
        totals.bytes as f64 / totals.instructions.max(1) as f64,
        100.0 * totals.prefixed as f64 / totals.instructions.max(1) as f64,
        totals.fixed_u32_bytes / 1024,
        totals.fixed_u32_bytes as f64 / totals.bytes.max(1) as f64,
    );
    println!(
        "  {without_prefix} of {compilations} compilations ({:.1}%) need no scale prefix at all",
        100.0 * without_prefix as f64 / compilations.max(1) as f64
    );
    if top_n > 0 {
        per_file.sort_by_key(|f| std::cmp::Reverse(f.0));
        println!("  files with the most prefixed instructions:");
        for (prefixed, instructions, name) in per_file.iter().take(top_n) {
            println!("    {prefixed:>8} of {instructions:>8}  {name}");
        }
    }
    let mut total = [0usize; 4];
    for (dir, [ok, failed, skipped, errors]) in &stats {
        println!(
            "  {dir:<12} {ok:>6} compiled+verified {failed:>5} failed {errors:>4} compile-time errors {skipped:>5} skipped"
        );
        total[0] += ok;
        total[1] += failed;
        total[2] += skipped;
        total[3] += errors;
    }
    println!(
        "  {:<12} {:>6} compiled+verified {:>5} failed {:>4} compile-time errors {:>5} skipped",
        "total", total[0], total[1], total[3], total[2]
    );
    fs::write(&failures_path, failures).expect("write the failure list");
    println!("failures written to {}", failures_path.display());
}
