//! `fake-engine`: a stand-in engine for the test262 runner's tests. It speaks the engine
//! protocol (`agents::test262::protocol`) but runs no JavaScript: it obeys directives in the
//! test file, lines `// fake: COMMAND` (every run) or `// fake-sloppy:`, `// fake-strict:`,
//! `// fake-module:` (only in that variant), executed in order:
//!
//! - `print TEXT` — write TEXT to stdout, as `print` would;
//! - `throw TYPE` — an uncaught runtime error (exit 1);
//! - `syntax-error` — a parse error of the file (exit 1);
//! - `resolution-error TYPE` — a module resolution error (exit 1);
//! - `harness-error` — an error in an include (exit 1);
//! - `human-throw TYPE`, `human-syntax-error` — the same without the `test262-error` line;
//! - `expect-includes A B …` — throw a runtime `Test262Error` unless the `--include` file
//!   names are exactly A B … (`expect-includes` alone: none);
//! - `hang` — sleep forever; `crash` — abort; `panic` — panic; `exit N` — exit with N.
//!
//! With no directive that ends the run it exits 0. Bad usage exits 2.

use std::process::exit;
use std::time::Duration;

use heap::sync::thread;

fn error(phase: &str, ty: &str, message: &str, human: bool) -> ! {
    if phase == "parse" {
        eprintln!("SyntaxError: {message}\n  --> test.js:1:1");
    } else {
        eprintln!("Uncaught {ty}: {message}");
    }
    if !human {
        eprintln!("test262-error phase={phase} type={ty} message={message}");
    }
    exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut mode = "sloppy";
    let mut includes = Vec::new();
    let mut file = None;
    let mut test262 = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--test262" => test262 = true,
            "--strict" => mode = "strict",
            "--module" => mode = "module",
            "--include" => {
                i += 1;
                let Some(path) = args.get(i) else {
                    eprintln!("fake-engine: --include needs a file");
                    exit(2)
                };
                includes.push(path.clone());
            }
            other if other.starts_with("--") => {
                eprintln!("fake-engine: unknown option {other}");
                exit(2)
            }
            other => file = Some(other.to_string()),
        }
        i += 1;
    }
    let (Some(file), true) = (file, test262) else {
        eprintln!("usage: fake-engine --test262 [--strict|--module] [--include F]... FILE");
        exit(2)
    };
    for include in &includes {
        if std::fs::metadata(include).is_err() {
            eprintln!("fake-engine: cannot read include {include}");
            exit(2)
        }
    }
    let source = match std::fs::read_to_string(&file) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("fake-engine: cannot read {file}: {e}");
            exit(2)
        }
    };
    let names: Vec<&str> = includes
        .iter()
        .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
        .collect();
    for line in source.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("// fake") else {
            continue;
        };
        let (condition, command) = match rest.split_once(':') {
            Some((condition, command)) => (condition.trim_start_matches('-'), command.trim()),
            None => continue,
        };
        if !condition.is_empty() && condition != mode {
            continue;
        }
        let (verb, argument) = command.split_once(' ').unwrap_or((command, ""));
        let argument = argument.trim();
        match verb {
            "print" => println!("{argument}"),
            "throw" => error("runtime", argument, "thrown by the fake engine", false),
            "syntax-error" => error("parse", "SyntaxError", "fake syntax error", false),
            "resolution-error" => error("resolution", argument, "cannot resolve", false),
            "harness-error" => error("harness", "SyntaxError", "bad include", false),
            "human-throw" => error("runtime", argument, "thrown by the fake engine", true),
            "human-syntax-error" => error("parse", "SyntaxError", "fake syntax error", true),
            "expect-includes" => {
                let expected: Vec<&str> = argument.split_whitespace().collect();
                if expected != names {
                    let got = names.join(" ");
                    error(
                        "runtime",
                        "Test262Error",
                        &format!("includes were [{got}]"),
                        false,
                    )
                }
            }
            "hang" => loop {
                thread::sleep(Duration::from_secs(1));
            },
            "crash" => std::process::abort(),
            "panic" => panic!("the fake engine panics"),
            "exit" => exit(argument.parse().unwrap_or(2)),
            other => {
                eprintln!("fake-engine: unknown directive {other}");
                exit(2)
            }
        }
    }
}
