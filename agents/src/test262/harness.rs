//! How one test262 test is run and judged, without running anything: its variants (sloppy,
//! strict, module) from its flags, the harness files evaluated before it, the engine command
//! line of each run (see [`super::protocol`]), and the verdict on an engine's exit status,
//! stdout and stderr.

use std::fmt;
use std::path::{Path, PathBuf};

use super::metadata::{Metadata, Phase};
use super::protocol::{self, EngineOutcome};

/// One way of running a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    /// Global code, non-strict (also `raw` tests, which run unmodified).
    Sloppy,
    /// Global code with `"use strict";\n` prepended.
    Strict,
    /// Module code (`flags: [module]`).
    Module,
}

impl Variant {
    /// The variant's name in expectations files, JSON and reports.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Sloppy => "sloppy",
            Variant::Strict => "strict",
            Variant::Module => "module",
        }
    }

    /// Reads a variant name.
    pub fn from_name(name: &str) -> Option<Variant> {
        match name {
            "sloppy" => Some(Variant::Sloppy),
            "strict" => Some(Variant::Strict),
            "module" => Some(Variant::Module),
            _ => None,
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Host properties that decide which tests apply.
#[derive(Debug, Clone, Copy)]
pub struct HostOptions {
    /// The agent record's [[CanBlock]]: agora's main agent may block, so `true` by default;
    /// tests flagged `CanBlockIsFalse` then do not apply (and vice versa).
    pub can_block: bool,
}

impl Default for HostOptions {
    fn default() -> Self {
        HostOptions { can_block: true }
    }
}

/// The runs of a test, or why it has none.
pub fn variants(meta: &Metadata, host: HostOptions) -> Result<Vec<Variant>, String> {
    if meta.has_flag("CanBlockIsFalse") && host.can_block {
        return Err("flag CanBlockIsFalse: the agent can block".into());
    }
    if meta.has_flag("CanBlockIsTrue") && !host.can_block {
        return Err("flag CanBlockIsTrue: the agent cannot block".into());
    }
    Ok(if meta.has_flag("module") {
        vec![Variant::Module]
    } else if meta.has_flag("raw") || meta.has_flag("noStrict") {
        vec![Variant::Sloppy]
    } else if meta.has_flag("onlyStrict") {
        vec![Variant::Strict]
    } else {
        vec![Variant::Sloppy, Variant::Strict]
    })
}

/// The harness files evaluated before the test, in order: `assert.js`, `sta.js`,
/// `doneprintHandle.js` for `async` tests, then `includes`. None for `raw` tests.
pub fn harness_files(meta: &Metadata) -> Vec<String> {
    if meta.has_flag("raw") {
        return Vec::new();
    }
    let mut files = vec!["assert.js".to_string(), "sta.js".to_string()];
    if meta.has_flag("async") {
        files.push("doneprintHandle.js".to_string());
    }
    for include in &meta.includes {
        if !files.contains(include) {
            files.push(include.clone());
        }
    }
    files
}

/// One run of one test: what to give the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The test file.
    pub test: PathBuf,
    /// Which variant.
    pub variant: Variant,
    /// Harness files (full paths), evaluated as global scripts before the test, in order.
    pub includes: Vec<PathBuf>,
}

impl Run {
    /// Plans the run of `test` (a file under `test262_dir/test`) in `variant`.
    pub fn new(test262_dir: &Path, test: &Path, meta: &Metadata, variant: Variant) -> Run {
        let harness = test262_dir.join("harness");
        Run {
            test: test.to_path_buf(),
            variant,
            includes: harness_files(meta)
                .iter()
                .map(|f| harness.join(f))
                .collect(),
        }
    }

    /// The engine's arguments for this run (after the engine's own fixed arguments); see
    /// [`super::protocol`].
    pub fn engine_args(&self) -> Vec<String> {
        let mut args = vec![protocol::TEST262_FLAG.to_string()];
        match self.variant {
            Variant::Sloppy => {}
            Variant::Strict => args.push(protocol::STRICT_FLAG.to_string()),
            Variant::Module => args.push(protocol::MODULE_FLAG.to_string()),
        }
        for include in &self.includes {
            args.push(protocol::INCLUDE_FLAG.to_string());
            args.push(include.display().to_string());
        }
        args.push(self.test.display().to_string());
        args
    }

    /// The whole run as one script source, for a host that evaluates a single script (an
    /// in-process runner): the strict prefix, then each harness file, then the test. The
    /// subprocess protocol does not use it: it passes the files so that positions, module
    /// specifiers and `import()` resolve against the real test path.
    pub fn concatenated_source(&self, test_source: &str) -> std::io::Result<String> {
        let mut out = String::new();
        if self.variant == Variant::Strict {
            out.push_str(protocol::STRICT_PREFIX);
        }
        for include in &self.includes {
            out.push_str(&std::fs::read_to_string(include)?);
            out.push('\n');
        }
        out.push_str(test_source);
        Ok(out)
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// As the test expects.
    Pass,
    /// Not as the test expects.
    Fail,
    /// Killed after the per-test timeout.
    Timeout,
    /// The engine died: a signal, a panic, or an exit status the protocol does not allow.
    Crash,
}

impl Status {
    /// The status name in expectations files, JSON and reports.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Timeout => "timeout",
            Status::Crash => "crash",
        }
    }

    /// Reads a status name.
    pub fn from_name(name: &str) -> Option<Status> {
        match name {
            "pass" => Some(Status::Pass),
            "fail" => Some(Status::Fail),
            "timeout" => Some(Status::Timeout),
            "crash" => Some(Status::Crash),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A run's status with a one-line reason (empty for passes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The status.
    pub status: Status,
    /// Why, for anything but a pass.
    pub reason: String,
}

impl Verdict {
    fn pass() -> Verdict {
        Verdict {
            status: Status::Pass,
            reason: String::new(),
        }
    }

    fn fail(reason: impl Into<String>) -> Verdict {
        Verdict {
            status: Status::Fail,
            reason: reason.into(),
        }
    }
}

/// Judges a finished engine run of a test with metadata `meta`.
pub fn judge(meta: &Metadata, outcome: &EngineOutcome) -> Verdict {
    let report = match outcome {
        EngineOutcome::TimedOut => {
            return Verdict {
                status: Status::Timeout,
                reason: "timed out".into(),
            }
        }
        EngineOutcome::Crashed(reason) => {
            return Verdict {
                status: Status::Crash,
                reason: reason.clone(),
            }
        }
        EngineOutcome::Exited(report) => report,
    };
    if let Some(negative) = &meta.negative {
        let Some(error) = &report.error else {
            return Verdict::fail(format!(
                "expected {} {}, but the test completed",
                negative.phase, negative.error_type
            ));
        };
        if error.error_type != negative.error_type || error.phase != Some(negative.phase) {
            let phase = error.phase.map_or("unknown", Phase::name);
            return Verdict::fail(format!(
                "expected {} {}, got {phase} {}",
                negative.phase,
                negative.error_type,
                error.line()
            ));
        }
        return Verdict::pass();
    }
    if let Some(error) = &report.error {
        let phase = error.phase.map_or("unknown", Phase::name);
        return Verdict::fail(format!("{phase} error: {}", error.line()));
    }
    if meta.has_flag("async") {
        if let Some(line) = report
            .stdout
            .lines()
            .find(|l| l.contains(protocol::ASYNC_FAILURE))
        {
            return Verdict::fail(line.trim().to_string());
        }
        if !report.stdout.contains(protocol::ASYNC_COMPLETE) {
            return Verdict::fail(format!(
                "async test did not print {}",
                protocol::ASYNC_COMPLETE
            ));
        }
    }
    Verdict::pass()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test262::metadata::{parse_yaml, Negative};
    use crate::test262::protocol::{EngineError, EngineReport};

    fn meta(yaml: &str) -> Metadata {
        parse_yaml(yaml).unwrap()
    }

    #[test]
    fn variants_follow_the_flags() {
        let host = HostOptions::default();
        let v = |yaml: &str| variants(&meta(yaml), host).unwrap();
        assert_eq!(v(""), [Variant::Sloppy, Variant::Strict]);
        assert_eq!(v("flags: [onlyStrict]"), [Variant::Strict]);
        assert_eq!(v("flags: [noStrict]"), [Variant::Sloppy]);
        assert_eq!(v("flags: [raw]"), [Variant::Sloppy]);
        assert_eq!(v("flags: [module, async]"), [Variant::Module]);
        assert_eq!(
            v("flags: [CanBlockIsTrue]"),
            [Variant::Sloppy, Variant::Strict]
        );
        assert!(variants(&meta("flags: [CanBlockIsFalse]"), host).is_err());
        let cannot_block = HostOptions { can_block: false };
        assert!(variants(&meta("flags: [CanBlockIsTrue]"), cannot_block).is_err());
        assert!(variants(&meta("flags: [CanBlockIsFalse]"), cannot_block).is_ok());
    }

    #[test]
    fn harness_files_in_order() {
        assert_eq!(harness_files(&meta("")), ["assert.js", "sta.js"]);
        assert_eq!(
            harness_files(&meta("flags: [async]\nincludes: [asyncHelpers.js, sta.js]")),
            [
                "assert.js",
                "sta.js",
                "doneprintHandle.js",
                "asyncHelpers.js"
            ]
        );
        assert!(harness_files(&meta("flags: [raw]\nincludes: [x.js]")).is_empty());
    }

    #[test]
    fn engine_arguments() {
        let m = meta("includes: [compareArray.js]");
        let run = Run::new(
            Path::new("/t262"),
            Path::new("/t262/test/a.js"),
            &m,
            Variant::Strict,
        );
        assert_eq!(
            run.engine_args(),
            [
                "--test262",
                "--strict",
                "--include",
                "/t262/harness/assert.js",
                "--include",
                "/t262/harness/sta.js",
                "--include",
                "/t262/harness/compareArray.js",
                "/t262/test/a.js"
            ]
        );
        let raw = meta("flags: [raw]");
        let run = Run::new(
            Path::new("/t"),
            Path::new("/t/test/b.js"),
            &raw,
            Variant::Sloppy,
        );
        assert_eq!(run.engine_args(), ["--test262", "/t/test/b.js"]);
    }

    fn exited(error: Option<(Option<Phase>, &str)>, stdout: &str) -> EngineOutcome {
        EngineOutcome::Exited(EngineReport {
            error: error.map(|(phase, ty)| EngineError {
                phase,
                error_type: ty.to_string(),
                message: "m".into(),
            }),
            stdout: stdout.to_string(),
        })
    }

    #[test]
    fn judging() {
        let plain = meta("");
        assert_eq!(judge(&plain, &exited(None, "")).status, Status::Pass);
        let v = judge(
            &plain,
            &exited(Some((Some(Phase::Runtime), "Test262Error")), ""),
        );
        assert_eq!(v.status, Status::Fail);
        assert_eq!(v.reason, "runtime error: Test262Error: m");
        assert_eq!(
            judge(&plain, &EngineOutcome::TimedOut).status,
            Status::Timeout
        );
        let crash = EngineOutcome::Crashed("killed by signal 6 (SIGABRT)".into());
        assert_eq!(judge(&plain, &crash).status, Status::Crash);

        let mut negative = meta("");
        negative.negative = Some(Negative {
            phase: Phase::Parse,
            error_type: "SyntaxError".into(),
        });
        let ok = exited(Some((Some(Phase::Parse), "SyntaxError")), "");
        assert_eq!(judge(&negative, &ok).status, Status::Pass);
        let late = exited(Some((Some(Phase::Runtime), "SyntaxError")), "");
        assert_eq!(
            judge(&negative, &late).reason,
            "expected parse SyntaxError, got runtime SyntaxError: m"
        );
        let wrong = exited(Some((Some(Phase::Parse), "ReferenceError")), "");
        assert_eq!(judge(&negative, &wrong).status, Status::Fail);
        assert_eq!(judge(&negative, &exited(None, "")).status, Status::Fail);

        let async_test = meta("flags: [async]");
        let complete = exited(None, "Test262:AsyncTestComplete\n");
        assert_eq!(judge(&async_test, &complete).status, Status::Pass);
        assert_eq!(judge(&async_test, &exited(None, "")).status, Status::Fail);
        let failed = exited(None, "Test262:AsyncTestFailure:Test262Error: no\n");
        assert_eq!(
            judge(&async_test, &failed).reason,
            "Test262:AsyncTestFailure:Test262Error: no"
        );
    }
}
