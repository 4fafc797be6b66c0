//! End-to-end tests of the test262 runner: `agora-test262` drives `fake-engine` (which obeys
//! `// fake:` directives instead of running JavaScript) over the synthetic test262 tree in
//! `tests/fixtures/test262`, copied to a scratch directory so tests can edit it. Checks the
//! variants, negative phases, async tests, timeouts, crashes, the skip list, the ratchet in
//! both directions, `--update-expectations`, filters and the JSON report.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const RUNNER: &str = env!("CARGO_BIN_EXE_agora-test262");
const FAKE_ENGINE: &str = env!("CARGO_BIN_EXE_fake-engine");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch copy of the fixture tree plus an expectations path, removed on drop.
struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let root = std::env::temp_dir().join(format!(
            "agora-test262-runner-{}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&root);
        copy_dir(&fixtures().join("test262"), &root.join("test262"));
        Sandbox { root }
    }

    fn test262(&self) -> PathBuf {
        self.root.join("test262")
    }

    fn expectations(&self) -> PathBuf {
        self.root.join("expectations.txt")
    }

    fn json(&self) -> PathBuf {
        self.root.join("results.json")
    }

    fn test_file(&self, path: &str) -> PathBuf {
        self.test262().join("test").join(path)
    }

    /// Runs the runner with the fake engine, a short timeout and the fixture skip list.
    fn run(&self, extra: &[&str], filters: &[&str]) -> Output {
        let mut command = Command::new(RUNNER);
        command
            .args(["--engine", FAKE_ENGINE, "--jobs", "4", "--timeout", "1"])
            .args(["--progress", "off"])
            .arg("--skip-list")
            .arg(fixtures().join("skip.txt"))
            .arg("--expectations")
            .arg(self.expectations())
            .arg("--json")
            .arg(self.json())
            .args(extra)
            .arg(self.test262())
            .args(filters);
        command.output().expect("the runner starts")
    }

    fn read_json(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.json()).unwrap()).unwrap()
    }

    fn expectation_lines(&self) -> Vec<String> {
        fs::read_to_string(self.expectations())
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(String::from)
            .collect()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every non-pass of the fixture tree, as the expectations file lists them.
const NON_PASSES: &[&str] = &[
    "async/failure.js sloppy fail",
    "async/silent.js sloppy fail",
    "bad/no-frontmatter.js sloppy fail",
    "crash/abort.js strict crash",
    "crash/exit3.js strict crash",
    "crash/panic.js strict crash",
    "negative/harness-error.js sloppy fail",
    "negative/no-error.js sloppy fail",
    "negative/parse-late.js strict fail",
    "negative/wrong-type.js sloppy fail",
    "timeout/hang.js strict timeout",
    "variants/strict-fails.js strict fail",
];

/// `(path, variant) → (status, reason)` from the JSON report.
fn results(json: &Value) -> Vec<(String, String, String, String)> {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |key: &str| r[key].as_str().unwrap().to_string();
            (s("path"), s("variant"), s("status"), s("reason"))
        })
        .collect()
}

#[test]
fn a_full_run_judges_every_kind_of_test() {
    let sandbox = Sandbox::new("full");
    let output = sandbox.run(&[], &[]);
    let out = stdout(&output);
    // An empty (missing) expectations file: every non-pass is a new failure.
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("12 change(s)"), "{out}");
    assert!(out.contains("new failure timeout/hang.js (strict): expected pass, got timeout"));

    let json = sandbox.read_json();
    let runs = results(&json);
    let find = |path: &str, variant: &str| {
        runs.iter()
            .find(|r| r.0 == path && r.1 == variant)
            .unwrap_or_else(|| panic!("no {path} {variant} in {runs:?}"))
            .clone()
    };
    let status = |path: &str, variant: &str| find(path, variant).2;

    // Variants.
    let variants_of = |path: &str| -> Vec<String> {
        runs.iter()
            .filter(|r| r.0 == path)
            .map(|r| r.1.clone())
            .collect()
    };
    assert_eq!(variants_of("pass/plain.js"), ["sloppy", "strict"]);
    assert_eq!(variants_of("variants/only-strict.js"), ["strict"]);
    assert_eq!(variants_of("variants/no-strict.js"), ["sloppy"]);
    assert_eq!(variants_of("variants/raw.js"), ["sloppy"]);
    assert_eq!(variants_of("module/mod.js"), ["module"]);
    assert!(variants_of("module/dep_FIXTURE.js").is_empty());
    for (path, variant) in [
        ("pass/plain.js", "sloppy"),
        ("pass/plain.js", "strict"),
        ("pass/includes.js", "strict"),
        ("variants/only-strict.js", "strict"),
        ("variants/no-strict.js", "sloppy"),
        ("variants/raw.js", "sloppy"),
        ("variants/strict-fails.js", "sloppy"),
        ("module/mod.js", "module"),
    ] {
        assert_eq!(
            status(path, variant),
            "pass",
            "{path} {variant}: {:?}",
            find(path, variant)
        );
    }
    let strict_fails = find("variants/strict-fails.js", "strict");
    assert_eq!(
        (strict_fails.2.as_str(), strict_fails.3.as_str()),
        (
            "fail",
            "runtime error: TypeError: thrown by the fake engine"
        )
    );

    // Negative tests: phase and type must both match.
    assert_eq!(status("negative/parse-ok.js", "sloppy"), "pass");
    assert_eq!(status("negative/parse-ok.js", "strict"), "pass");
    assert_eq!(status("negative/human-parse.js", "sloppy"), "pass");
    assert_eq!(status("negative/runtime-ok.js", "sloppy"), "pass");
    assert_eq!(status("negative/resolution-ok.js", "module"), "pass");
    let late = find("negative/parse-late.js", "strict");
    assert_eq!(
        late.3,
        "expected parse SyntaxError, got runtime SyntaxError: thrown by the fake engine"
    );
    assert!(find("negative/wrong-type.js", "sloppy")
        .3
        .contains("got runtime RangeError"));
    assert!(find("negative/no-error.js", "sloppy")
        .3
        .contains("the test completed"));
    assert!(find("negative/harness-error.js", "sloppy")
        .3
        .contains("(harness) SyntaxError"));

    // Async tests.
    assert_eq!(status("async/complete.js", "sloppy"), "pass");
    assert_eq!(status("async/complete.js", "strict"), "pass");
    assert_eq!(
        find("async/failure.js", "sloppy").3,
        "Test262:AsyncTestFailure:Test262Error: boom"
    );
    assert!(find("async/silent.js", "sloppy")
        .3
        .contains("did not print"));

    // Timeouts and crashes.
    assert_eq!(status("timeout/hang.js", "strict"), "timeout");
    let abort = find("crash/abort.js", "strict");
    assert_eq!(
        (abort.2.as_str(), abort.3.as_str()),
        ("crash", "killed by signal 6 (SIGABRT)")
    );
    let panic = find("crash/panic.js", "strict");
    assert!(panic.3.starts_with("exit status 101"), "{panic:?}");
    assert_eq!(find("crash/exit3.js", "strict").3, "exit status 3");
    assert!(find("bad/no-frontmatter.js", "sloppy")
        .3
        .contains("bad frontmatter"));

    // Skips: by feature, by path, by flag; never run, never in the expectations.
    let skipped: Vec<(String, String)> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "intl402/format.js".into(),
                "path intl402/: no ECMA-402 in the fake engine".into()
            ),
            (
                "skip/can-block-false.js".into(),
                "flag CanBlockIsFalse: the agent can block".into()
            ),
            (
                "skip/decorators.js".into(),
                "feature decorators: not supported by the fake engine".into()
            ),
        ]
    );

    // The summary.
    let summary = &json["summary"];
    assert_eq!(summary["runs"], 28);
    assert_eq!(summary["pass"], 16);
    assert_eq!(summary["fail"], 8);
    assert_eq!(summary["timeout"], 1);
    assert_eq!(summary["crash"], 3);
    assert_eq!(summary["skipped"], 3);
    assert_eq!(summary["changes"], 12);
    let change = &json["changes"][0];
    assert_eq!(change["path"], "async/failure.js");
    assert_eq!(change["kind"], "new failure");
    assert_eq!(change["expected"], "pass");
    assert_eq!(change["actual"], "fail");
    assert!(json["results"][0]["duration_ms"].is_u64());
    assert!(json["engine"].as_str().unwrap().contains("fake-engine"));

    // The per-directory table.
    let table_line = |dir: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(dir))
            .unwrap_or_else(|| panic!("no row {dir} in\n{out}"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        table_line("crash"),
        ["crash", "3", "0", "0", "0", "3", "0", "0.0%"]
    );
    assert_eq!(
        table_line("skip"),
        ["skip", "0", "0", "0", "0", "0", "2", "100.0%"]
    );
    assert_eq!(table_line("total")[1..3], ["28", "16"]);
}

#[test]
fn the_ratchet_reports_changes_both_ways_and_updates() {
    let sandbox = Sandbox::new("ratchet");
    // Record the current state.
    let output = sandbox.run(&["--update-expectations"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(sandbox.expectation_lines(), NON_PASSES);
    let text = fs::read_to_string(sandbox.expectations()).unwrap();
    assert!(text.starts_with("# agora's test262 expectations"));

    // The same results again: no changes.
    let output = sandbox.run(&[], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("results match"));

    // One test starts passing, another starts failing, a third fails differently, and a
    // failing test disappears.
    fs::write(
        sandbox.test_file("variants/strict-fails.js"),
        "/*---\ndescription: fixed\n---*/\n",
    )
    .unwrap();
    fs::write(
        sandbox.test_file("pass/plain.js"),
        "/*---\ndescription: broken\nflags: [noStrict]\n---*/\n// fake: throw Test262Error\n",
    )
    .unwrap();
    fs::write(
        sandbox.test_file("crash/exit3.js"),
        "/*---\ndescription: now times out\nflags: [onlyStrict]\n---*/\n// fake: hang\n",
    )
    .unwrap();
    fs::remove_file(sandbox.test_file("async/silent.js")).unwrap();
    let output = sandbox.run(&[], &[]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    let changes: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    assert_eq!(
        changes,
        [
            "stale       async/silent.js (sloppy): expected fail, got not run",
            "changed     crash/exit3.js (strict): expected crash, got timeout — timed out",
            "new failure pass/plain.js (sloppy): expected pass, got fail — runtime error: \
             Test262Error: thrown by the fake engine",
            "new pass    variants/strict-fails.js (strict): expected fail, got pass",
        ],
        "{out}"
    );
    let json = sandbox.read_json();
    let kinds: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["stale", "changed", "new failure", "new pass"]);
    assert_eq!(json["changes"][0]["actual"], Value::Null);
    // Reporting does not touch the file.
    assert_eq!(sandbox.expectation_lines(), NON_PASSES);

    // Updating accepts the new state, and the next run is clean.
    let output = sandbox.run(&["--update-expectations"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let lines = sandbox.expectation_lines();
    assert!(lines.contains(&"pass/plain.js sloppy fail".to_string()));
    assert!(lines.contains(&"crash/exit3.js strict timeout".to_string()));
    assert!(!lines
        .iter()
        .any(|l| l.starts_with("variants/strict-fails.js")));
    assert!(!lines.iter().any(|l| l.starts_with("async/silent.js")));
    assert_eq!(lines.len(), NON_PASSES.len() - 1);
    let output = sandbox.run(&[], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn filters_select_tests_and_leave_other_expectations_alone() {
    let sandbox = Sandbox::new("filters");
    fs::write(
        sandbox.expectations(),
        "negative/wrong-type.js sloppy fail\nnegative/no-error.js sloppy fail\ncrash/abort.js strict crash\nintl402/format.js sloppy fail\n",
    )
    .unwrap();
    // Only negative/ and one named file; `test/` prefixes are accepted.
    let output = sandbox.run(
        &["--update-expectations"],
        &["test/negative/", "async/complete"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let json = sandbox.read_json();
    let paths: Vec<String> = results(&json).into_iter().map(|r| r.0).collect();
    assert!(paths
        .iter()
        .all(|p| p.starts_with("negative/") || p == "async/complete.js"));
    assert!(paths.contains(&"async/complete.js".to_string()));
    assert_eq!(json["summary"]["runs"], 11);
    // Entries outside the filters stay, entries inside are rewritten.
    assert_eq!(
        sandbox.expectation_lines(),
        [
            "crash/abort.js strict crash",
            "intl402/format.js sloppy fail",
            "negative/harness-error.js sloppy fail",
            "negative/no-error.js sloppy fail",
            "negative/parse-late.js strict fail",
            "negative/wrong-type.js sloppy fail",
        ]
    );
}

#[test]
fn usage_and_setup_errors_exit_with_2() {
    let sandbox = Sandbox::new("usage");
    let run = |args: &[&str]| Command::new(RUNNER).args(args).output().unwrap();
    let no_engine = run(&[sandbox.test262().to_str().unwrap()]);
    assert_eq!(no_engine.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_engine.stderr).contains("--engine is required"));
    let missing = run(&[
        "--engine",
        "/nonexistent/engine",
        sandbox.test262().to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    let not_test262 = run(&["--engine", FAKE_ENGINE, sandbox.root.to_str().unwrap()]);
    assert_eq!(not_test262.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_test262.stderr).contains("not a test262 checkout"));
    fs::write(sandbox.expectations(), "garbage line\n").unwrap();
    let bad = sandbox.run(&[], &["pass/"]);
    assert_eq!(bad.status.code(), Some(2));
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("usage: agora-test262"));
}

/// Reads every frontmatter of a real test262 checkout (set `TEST262_DIR`); ignored by default
/// because test262 is not part of the repository.
#[test]
#[ignore]
fn every_real_frontmatter_parses() {
    let dir = PathBuf::from(std::env::var("TEST262_DIR").unwrap_or("/work/test262".into()));
    let tests = agents::test262::runner::discover(&dir, &[]).unwrap();
    assert!(tests.len() > 1000);
    let mut failures = Vec::new();
    for path in &tests {
        let source = fs::read_to_string(dir.join("test").join(path)).unwrap();
        match agents::test262::metadata::parse(&source) {
            Ok(meta) => {
                let yaml = agents::test262::metadata::frontmatter(&source).unwrap_or("");
                if yaml
                    .lines()
                    .any(|l| l.trim_start().starts_with("negative:"))
                    && meta.negative.is_none()
                {
                    failures.push(format!("{path}: negative not read"));
                }
            }
            Err(e) => failures.push(format!("{path}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
