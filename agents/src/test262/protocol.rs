//! The engine protocol: how the runner starts an engine on one test and reads what happened.
//! The engine is any command; the runner never links it, so a crash cannot take it down.
//!
//! # Command line
//!
//! ```text
//! ENGINE [ENGINE_ARGS…] --test262 [--strict | --module] [--include HARNESS_FILE]… FILE
//! ```
//!
//! - `ENGINE_ARGS` are fixed arguments given to the runner with `--engine-arg` (e.g. a
//!   subcommand); the runner passes them first, unchanged.
//! - `--test262` selects the test262 host: the global object gets `print` and `$262` (see
//!   test262's `INTERPRETING.md`), and errors are reported as described below.
//! - `--include HARNESS_FILE` (repeated, in order): evaluate the file as a **non-strict global
//!   script** in the test's realm before `FILE`. An error while parsing or evaluating an
//!   include is reported with `phase=harness`.
//! - no mode flag: evaluate `FILE` as a non-strict global script, byte for byte.
//! - `--strict`: evaluate `FILE` as a global script whose source text is `"use strict";\n`
//!   followed by the file's contents (so line numbers in messages are one more than in the
//!   file).
//! - `--module`: evaluate `FILE` as a module; specifiers (`./x_FIXTURE.js`) and `import()`
//!   resolve against `FILE`'s directory.
//! - After `FILE` is evaluated the engine runs the job queue and event loop (promise jobs,
//!   timers, agents) until nothing is left, then exits.
//! - stdin is closed; nothing is read from it.
//!
//! # Output
//!
//! - `print(value)` writes `ToString(value)` and `\n` to **stdout**. Async tests print
//!   `Test262:AsyncTestComplete` or `Test262:AsyncTestFailure:…` through it.
//! - An uncaught error (the test's completion was a throw, or a rejected top-level module
//!   promise) is reported on **stderr**. The human form is `Uncaught <Type>: <message>`, or
//!   for a parse error `SyntaxError: <message>` followed by position lines. With `--test262`
//!   the engine also writes one machine-readable line, which is what the runner reads:
//!
//!   ```text
//!   test262-error phase=<parse|resolution|runtime|harness> type=<Type> message=<message>
//!   ```
//!
//!   - `phase=parse`: `FILE` failed ParseScript/ParseModule, including early errors; no code
//!     of `FILE` ran (includes did run, before it).
//!   - `phase=resolution`: loading, parsing or linking a module that `FILE` imports
//!     statically failed (a missing file, a syntax error in a dependency, an unresolvable or
//!     ambiguous export); no module code ran.
//!   - `phase=runtime`: evaluating `FILE` (or a job or task it queued) threw.
//!   - `phase=harness`: an include failed to parse or threw; the test is then a failure.
//!   - `<Type>`: for a thrown object, its `constructor.name` (falling back to its `name`
//!     property, then `Object`), read without running user code where possible; for a
//!     thrown primitive, its `typeof` (e.g. `number`). No spaces.
//!   - `<message>`: the error's `message` (or `String(value)`), newlines replaced by spaces.
//!
//! - **Exit status**: `0` if `FILE` and its jobs completed without an uncaught error; `1` on
//!   an uncaught error (reported as above). Anything else — another status (e.g. `2` for a
//!   usage error, `101` for a Rust panic) or death by a signal — is a **crash**.
//!
//! Without the `test262-error` line the runner falls back to the human form: a line
//! `Uncaught <Type>…` is a runtime error, a line `SyntaxError: …` a parse error. Engines
//! should not rely on the fallback for negative tests of the `resolution` phase.
//!
//! # Running
//!
//! [`run_engine`] redirects stdout and stderr to scratch files (no pipes, so no reader
//! threads and no pipe-full deadlock), polls the child, and kills it after the timeout.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use heap::sync::thread;

use super::metadata::Phase;

/// Selects the test262 host.
pub const TEST262_FLAG: &str = "--test262";
/// Run `FILE` as a strict script.
pub const STRICT_FLAG: &str = "--strict";
/// Run `FILE` as a module.
pub const MODULE_FLAG: &str = "--module";
/// Precedes each harness file.
pub const INCLUDE_FLAG: &str = "--include";
/// What `--strict` prepends to the test's source.
pub const STRICT_PREFIX: &str = "\"use strict\";\n";
/// The prefix of the machine-readable error line on stderr.
pub const ERROR_LINE_PREFIX: &str = "test262-error ";
/// What a passing async test prints.
pub const ASYNC_COMPLETE: &str = "Test262:AsyncTestComplete";
/// What a failing async test prints (followed by the reason).
pub const ASYNC_FAILURE: &str = "Test262:AsyncTestFailure";

/// The most of each output stream the runner keeps.
const OUTPUT_LIMIT: u64 = 1 << 20;

/// The engine command: a program and the fixed arguments before the protocol's.
#[derive(Debug, Clone)]
pub struct EngineCommand {
    /// The engine binary.
    pub program: PathBuf,
    /// Arguments passed before `--test262`.
    pub args: Vec<String>,
}

/// An uncaught error as the engine reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    /// When it happened; `None` if the engine did not say (or said `harness`, see
    /// [`EngineError::in_harness`]).
    pub phase: Option<Phase>,
    /// The error's constructor name.
    pub error_type: String,
    /// Its message.
    pub message: String,
}

impl EngineError {
    /// The `Type: message` line for reports.
    pub fn line(&self) -> String {
        if self.message.is_empty() {
            self.error_type.clone()
        } else {
            format!("{}: {}", self.error_type, self.message)
        }
    }
}

/// What an engine that exited normally (status 0 or 1) reported.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EngineReport {
    /// The uncaught error, if it exited with 1.
    pub error: Option<EngineError>,
    /// Everything printed to stdout.
    pub stdout: String,
}

/// How one engine run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineOutcome {
    /// Exited with 0 or 1 as the protocol says.
    Exited(EngineReport),
    /// Killed after the timeout.
    TimedOut,
    /// Anything else, with a one-line reason.
    Crashed(String),
}

/// Reads the uncaught error from stderr (the `test262-error` line, else the human form).
pub fn parse_error(stderr: &str) -> Option<EngineError> {
    for line in stderr.lines() {
        let Some(rest) = line.trim_end().strip_prefix(ERROR_LINE_PREFIX) else {
            continue;
        };
        let mut phase = None;
        let mut harness = false;
        let mut error_type = String::new();
        let mut message = String::new();
        let mut rest = rest.trim_start();
        while !rest.is_empty() {
            if let Some(m) = rest.strip_prefix("message=") {
                message = m.to_string();
                break;
            }
            let (field, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            if let Some(p) = field.strip_prefix("phase=") {
                phase = Phase::from_name(p);
                harness = p == "harness";
            } else if let Some(t) = field.strip_prefix("type=") {
                error_type = t.to_string();
            }
            rest = tail.trim_start();
        }
        if harness {
            error_type = format!("(harness) {error_type}");
        }
        return Some(EngineError {
            phase,
            error_type,
            message,
        });
    }
    // The human form.
    for line in stderr.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Uncaught ") {
            let (ty, message) = rest.split_once(':').unwrap_or((rest, ""));
            return Some(EngineError {
                phase: Some(Phase::Runtime),
                error_type: ty.trim().to_string(),
                message: message.trim().to_string(),
            });
        }
        if let Some(message) = line.strip_prefix("SyntaxError:") {
            return Some(EngineError {
                phase: Some(Phase::Parse),
                error_type: "SyntaxError".into(),
                message: message.trim().to_string(),
            });
        }
    }
    None
}

fn last_line(text: &str) -> String {
    let line = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut short: String = line.chars().take(200).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// Interprets an exit status and the captured output.
pub fn interpret(status: ExitStatus, stdout: String, stderr: &str) -> EngineOutcome {
    match status.code() {
        Some(0) => EngineOutcome::Exited(EngineReport {
            error: None,
            stdout,
        }),
        Some(1) => {
            let error = parse_error(stderr).unwrap_or_else(|| EngineError {
                phase: None,
                error_type: "(unreported)".into(),
                message: format!("exit status 1, stderr: {}", last_line(stderr)),
            });
            EngineOutcome::Exited(EngineReport {
                error: Some(error),
                stdout,
            })
        }
        Some(code) => {
            let detail = last_line(stderr);
            EngineOutcome::Crashed(if detail.is_empty() {
                format!("exit status {code}")
            } else {
                format!("exit status {code}: {detail}")
            })
        }
        None => EngineOutcome::Crashed(signal_reason(status)),
    }
}

#[cfg(unix)]
fn signal_reason(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(signal) => {
            let name = match signal {
                4 => " (SIGILL)",
                6 => " (SIGABRT)",
                7 => " (SIGBUS)",
                8 => " (SIGFPE)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                15 => " (SIGTERM)",
                _ => "",
            };
            format!("killed by signal {signal}{name}")
        }
        None => format!("abnormal exit: {status}"),
    }
}

#[cfg(not(unix))]
fn signal_reason(status: ExitStatus) -> String {
    format!("abnormal exit: {status}")
}

fn read_capped(path: &Path) -> String {
    let mut bytes = Vec::new();
    if let Ok(file) = File::open(path) {
        let _ = file.take(OUTPUT_LIMIT).read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Runs `engine` with `args`, killing it after `timeout`. `scratch` is a directory private
/// to the calling worker, where stdout and stderr are captured.
pub fn run_engine(
    engine: &EngineCommand,
    args: &[String],
    timeout: Duration,
    scratch: &Path,
) -> EngineOutcome {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let files = File::create(&out_path).and_then(|out| Ok((out, File::create(&err_path)?)));
    let (out, err) = match files {
        Ok(files) => files,
        Err(e) => return EngineOutcome::Crashed(format!("cannot create output files: {e}")),
    };
    let child = Command::new(&engine.program)
        .args(&engine.args)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return EngineOutcome::Crashed(format!(
                "cannot start {}: {e}",
                engine.program.display()
            ))
        }
    };
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return EngineOutcome::Crashed(format!("cannot wait for the engine: {e}"));
            }
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return EngineOutcome::TimedOut;
        }
        thread::sleep(pause.min(timeout.saturating_sub(start.elapsed())));
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    interpret(status, read_capped(&out_path), &read_capped(&err_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_readable_error_lines() {
        let stderr = "Uncaught TypeError: x is not a function\n    at f (a.js:1:1)\ntest262-error phase=runtime type=TypeError message=x is not a function\n";
        let e = parse_error(stderr).unwrap();
        assert_eq!(e.phase, Some(Phase::Runtime));
        assert_eq!(e.error_type, "TypeError");
        assert_eq!(e.message, "x is not a function");
        let e = parse_error("test262-error phase=parse type=SyntaxError message=").unwrap();
        assert_eq!(
            (e.phase, e.error_type.as_str()),
            (Some(Phase::Parse), "SyntaxError")
        );
        let e = parse_error("test262-error phase=harness type=SyntaxError message=bad").unwrap();
        assert_eq!(e.phase, None);
        assert_eq!(e.line(), "(harness) SyntaxError: bad");
    }

    #[test]
    fn human_form_fallback() {
        let e = parse_error("SyntaxError: Unexpected token ')'\n  --> a.js:3:7\n").unwrap();
        assert_eq!(e.phase, Some(Phase::Parse));
        assert_eq!(e.message, "Unexpected token ')'");
        let e = parse_error("Uncaught Test262Error: Expected SameValue\n").unwrap();
        assert_eq!(e.phase, Some(Phase::Runtime));
        assert_eq!(e.error_type, "Test262Error");
        assert_eq!(parse_error("nothing to see\n"), None);
    }
}
