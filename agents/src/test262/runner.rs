//! Runs many test262 tests: finds them under `test/` (filters select by path substring),
//! skips what the skip list names, and runs the rest on a pool of worker threads, each test
//! variant as one engine subprocess with a timeout (see [`super::protocol`]). Shows progress
//! on stderr (a bar on a terminal, a line every few seconds otherwise) and builds the
//! per-directory summary table and the JSON report.

use std::collections::BTreeMap;
use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use heap::sync::atomic::{AtomicUsize, Ordering};
use heap::sync::{lock, thread, wait_timeout, Arc, Condvar, Mutex};

use super::expectations::{Change, SkipList};
use super::harness::{self, HostOptions, Run, Status, Variant};
use super::metadata;
use super::protocol::{run_engine, EngineCommand};

/// How progress is shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// A bar if stderr is a terminal, else periodic lines.
    Auto,
    /// A redrawn bar.
    Bar,
    /// A plain line every few seconds.
    Lines,
    /// Nothing.
    Off,
}

/// What to run and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The test262 checkout (with `harness/` and `test/`).
    pub test262_dir: PathBuf,
    /// The engine command.
    pub engine: EngineCommand,
    /// Worker threads (and so engine processes at once).
    pub jobs: usize,
    /// Per-run timeout.
    pub timeout: Duration,
    /// Path substrings under `test/`; empty selects everything.
    pub filters: Vec<String>,
    /// What not to run.
    pub skip: SkipList,
    /// Host properties.
    pub host: HostOptions,
    /// Progress display.
    pub progress: ProgressMode,
}

/// One run's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunResult {
    /// The test's path under `test/`, with `/` separators.
    pub path: String,
    /// The variant.
    pub variant: Variant,
    /// How it ended.
    pub status: Status,
    /// Why, if it did not pass.
    pub reason: String,
    /// Wall-clock time of the engine run.
    pub duration: Duration,
}

/// A selected test that was not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The test's path under `test/`.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// Everything a run produced.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every run, sorted by path then variant.
    pub results: Vec<RunResult>,
    /// Every skipped test, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Wall-clock time of the whole run.
    pub elapsed: Duration,
}

/// Normalizes a filter: `/` separators, no leading `./` or `test/`.
pub fn normalize_filter(filter: &str) -> String {
    let f = filter.replace('\\', "/");
    let f = f.trim_start_matches("./");
    f.strip_prefix("test/").unwrap_or(f).to_string()
}

/// True if `path` (under `test/`) is selected by `filters` (normalized).
pub fn selected(path: &str, filters: &[String]) -> bool {
    filters.is_empty() || filters.iter().any(|f| path.contains(f.as_str()))
}

/// True for a file that is a test: `*.js` and not a `_FIXTURE`.
fn is_test_file(name: &str) -> bool {
    name.ends_with(".js") && !name.contains("_FIXTURE")
}

fn walk(dir: &Path, relative: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &child, out)?;
        } else if is_test_file(&name) {
            out.push(child);
        }
    }
    Ok(())
}

/// Every test path under `test262_dir/test` selected by `filters`, sorted.
pub fn discover(test262_dir: &Path, filters: &[String]) -> std::io::Result<Vec<String>> {
    let mut all = Vec::new();
    walk(&test262_dir.join("test"), "", &mut all)?;
    all.retain(|p| selected(p, filters));
    Ok(all)
}

/// What a worker found for one test.
enum TestOutcome {
    Skipped(Skipped),
    Ran(Vec<RunResult>),
}

/// Reads, plans and runs one test.
fn run_test(config: &Config, path: &str, scratch: &Path) -> TestOutcome {
    let skip = |reason: String| {
        TestOutcome::Skipped(Skipped {
            path: path.to_string(),
            reason,
        })
    };
    if let Some(reason) = config.skip.path_reason(path) {
        return skip(reason);
    }
    let file = config.test262_dir.join("test").join(path);
    let failure = |reason: String| {
        TestOutcome::Ran(vec![RunResult {
            path: path.to_string(),
            variant: Variant::Sloppy,
            status: Status::Fail,
            reason,
            duration: Duration::ZERO,
        }])
    };
    let source = match fs::read_to_string(&file) {
        Ok(source) => source,
        Err(e) => return failure(format!("cannot read the test: {e}")),
    };
    let meta = match metadata::parse(&source) {
        Ok(meta) => meta,
        Err(e) => return failure(e.to_string()),
    };
    if let Some(reason) = config.skip.meta_reason(&meta) {
        return skip(reason);
    }
    let variants = match harness::variants(&meta, config.host) {
        Ok(variants) => variants,
        Err(reason) => return skip(reason),
    };
    let results = variants
        .into_iter()
        .map(|variant| {
            let run = Run::new(&config.test262_dir, &file, &meta, variant);
            let start = Instant::now();
            let outcome = run_engine(&config.engine, &run.engine_args(), config.timeout, scratch);
            let duration = start.elapsed();
            let verdict = harness::judge(&meta, &outcome);
            RunResult {
                path: path.to_string(),
                variant,
                status: verdict.status,
                reason: verdict.reason,
                duration,
            }
        })
        .collect();
    TestOutcome::Ran(results)
}

/// Counts for progress display.
#[derive(Default, Clone, Copy)]
struct Tally {
    done: usize,
    pass: usize,
    fail: usize,
    skipped: usize,
}

struct Shared {
    outcomes: Mutex<(Vec<TestOutcome>, Tally)>,
    changed: Condvar,
}

fn scratch_root() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("agora-test262-{}-{nanos}", std::process::id()))
}

/// Runs the tests at `paths` (under `test/`) and collects the report.
pub fn run_paths(config: &Config, paths: Vec<String>) -> std::io::Result<Report> {
    let start = Instant::now();
    let total = paths.len();
    let jobs = config.jobs.max(1).min(total.max(1));
    let root = scratch_root();
    fs::create_dir_all(&root)?;
    let paths = Arc::new(paths);
    let next = Arc::new(AtomicUsize::new(0));
    let shared = Arc::new(Shared {
        outcomes: Mutex::new((Vec::with_capacity(total), Tally::default())),
        changed: Condvar::new(),
    });
    let mut workers = Vec::new();
    for worker in 0..jobs {
        let scratch = root.join(format!("w{worker}"));
        fs::create_dir_all(&scratch)?;
        let (config, paths, next, shared) =
            (config.clone(), paths.clone(), next.clone(), shared.clone());
        let handle = thread::Builder::new()
            .name(format!("test262-{worker}"))
            .spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(index) else { break };
                let outcome = run_test(&config, path, &scratch);
                let mut guard = lock(&shared.outcomes);
                let tally = &mut guard.1;
                tally.done += 1;
                match &outcome {
                    TestOutcome::Skipped(_) => tally.skipped += 1,
                    TestOutcome::Ran(runs) => {
                        if runs.iter().all(|r| r.status == Status::Pass) {
                            tally.pass += 1;
                        } else {
                            tally.fail += 1;
                        }
                    }
                }
                guard.0.push(outcome);
                drop(guard);
                shared.changed.notify_all();
            })?;
        workers.push(handle);
    }

    let mode = match config.progress {
        ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Bar,
        ProgressMode::Auto => ProgressMode::Lines,
        mode => mode,
    };
    let mut last_line = Instant::now();
    let mut guard = lock(&shared.outcomes);
    loop {
        let tally = guard.1;
        if mode == ProgressMode::Bar {
            draw_bar(tally, total, start.elapsed());
        } else if mode == ProgressMode::Lines && last_line.elapsed() >= Duration::from_secs(10) {
            last_line = Instant::now();
            eprintln!("{}", progress_text(tally, total, start.elapsed()));
        }
        if tally.done == total {
            break;
        }
        let wait = if mode == ProgressMode::Bar { 100 } else { 500 };
        guard = wait_timeout(&shared.changed, guard, Duration::from_millis(wait)).0;
    }
    let outcomes = std::mem::take(&mut guard.0);
    let tally = guard.1;
    drop(guard);
    if mode == ProgressMode::Bar {
        eprintln!();
    } else if mode == ProgressMode::Lines {
        eprintln!("{}", progress_text(tally, total, start.elapsed()));
    }
    for worker in workers {
        if worker.join().is_err() {
            return Err(std::io::Error::other("a test262 worker panicked"));
        }
    }
    let _ = fs::remove_dir_all(&root);

    let mut report = Report {
        elapsed: start.elapsed(),
        ..Report::default()
    };
    for outcome in outcomes {
        match outcome {
            TestOutcome::Skipped(s) => report.skipped.push(s),
            TestOutcome::Ran(runs) => report.results.extend(runs),
        }
    }
    report
        .results
        .sort_by(|a, b| (&a.path, a.variant).cmp(&(&b.path, b.variant)));
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

/// Finds the selected tests and runs them.
pub fn run(config: &Config) -> std::io::Result<Report> {
    let filters: Vec<String> = config.filters.iter().map(|f| normalize_filter(f)).collect();
    let paths = discover(&config.test262_dir, &filters)?;
    run_paths(config, paths)
}

fn progress_text(tally: Tally, total: usize, elapsed: Duration) -> String {
    format!(
        "test262: {}/{} tests, {} passed, {} failed, {} skipped, {:.0}s",
        tally.done,
        total,
        tally.pass,
        tally.fail,
        tally.skipped,
        elapsed.as_secs_f64()
    )
}

fn draw_bar(tally: Tally, total: usize, elapsed: Duration) {
    const WIDTH: usize = 30;
    let filled = (tally.done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let bar: String = "#".repeat(filled) + &"-".repeat(WIDTH - filled);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{bar}] {}/{} pass {} fail {} skip {} {:.0}s\x1b[K",
        tally.done,
        total,
        tally.pass,
        tally.fail,
        tally.skipped,
        elapsed.as_secs_f64()
    );
    let _ = err.flush();
}

/// The directory a test is summarized under: its first `depth` directory components.
pub fn summary_dir(path: &str, depth: usize) -> String {
    let dirs: Vec<&str> = path.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    if dirs.is_empty() {
        return ".".into();
    }
    dirs[..dirs.len().min(depth)].join("/")
}

#[derive(Default, Clone, Copy)]
struct Row {
    runs: usize,
    pass: usize,
    fail: usize,
    timeout: usize,
    crash: usize,
    skipped: usize,
}

impl Row {
    fn add(&mut self, other: &Row) {
        self.runs += other.runs;
        self.pass += other.pass;
        self.fail += other.fail;
        self.timeout += other.timeout;
        self.crash += other.crash;
        self.skipped += other.skipped;
    }
}

/// The per-directory summary table (directories cut at `depth` components).
pub fn summary_table(report: &Report, depth: usize) -> String {
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for r in &report.results {
        let row = rows.entry(summary_dir(&r.path, depth)).or_default();
        row.runs += 1;
        match r.status {
            Status::Pass => row.pass += 1,
            Status::Fail => row.fail += 1,
            Status::Timeout => row.timeout += 1,
            Status::Crash => row.crash += 1,
        }
    }
    for s in &report.skipped {
        rows.entry(summary_dir(&s.path, depth)).or_default().skipped += 1;
    }
    let mut total = Row::default();
    for row in rows.values() {
        total.add(row);
    }
    let width = rows
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max("directory".len());
    let mut out = format!(
        "{:<width$} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
        "directory", "runs", "pass", "fail", "timeout", "crash", "skipped", "pass%"
    );
    let line = |name: &str, row: &Row| {
        let percent = if row.runs == 0 {
            100.0
        } else {
            row.pass as f64 * 100.0 / row.runs as f64
        };
        format!(
            "{name:<width$} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6.1}%\n",
            row.runs, row.pass, row.fail, row.timeout, row.crash, row.skipped, percent
        )
    };
    for (name, row) in &rows {
        out.push_str(&line(name, row));
    }
    out.push_str(&line("total", &total));
    out
}

/// The JSON report: a summary, every run, every skipped test, and the changes against the
/// expectations.
pub fn json_report(config: &Config, report: &Report, changes: &[Change]) -> serde_json::Value {
    use serde_json::json;
    let count = |status: Status| report.results.iter().filter(|r| r.status == status).count();
    json!({
        "engine": config.engine.program.display().to_string(),
        "test262_dir": config.test262_dir.display().to_string(),
        "elapsed_ms": report.elapsed.as_millis() as u64,
        "summary": {
            "runs": report.results.len(),
            "pass": count(Status::Pass),
            "fail": count(Status::Fail),
            "timeout": count(Status::Timeout),
            "crash": count(Status::Crash),
            "skipped": report.skipped.len(),
            "changes": changes.len(),
        },
        "results": report.results.iter().map(|r| json!({
            "path": r.path,
            "variant": r.variant.name(),
            "status": r.status.name(),
            "reason": r.reason,
            "duration_ms": r.duration.as_millis() as u64,
        })).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|s| json!({
            "path": s.path,
            "reason": s.reason,
        })).collect::<Vec<_>>(),
        "changes": changes.iter().map(|c| json!({
            "path": c.path,
            "variant": c.variant.name(),
            "kind": c.kind(),
            "expected": c.expected.name(),
            "actual": c.actual.map(Status::name),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_summary_dirs() {
        assert_eq!(normalize_filter("test/built-ins/Array"), "built-ins/Array");
        assert_eq!(normalize_filter("./language"), "language");
        let filters = vec!["built-ins/Array/".to_string(), "async".to_string()];
        assert!(selected("built-ins/Array/from/a.js", &filters));
        assert!(selected(
            "language/statements/async-function/x.js",
            &filters
        ));
        assert!(!selected("built-ins/ArrayBuffer/x.js", &filters));
        assert!(selected("anything.js", &[]));
        assert_eq!(
            summary_dir("built-ins/Array/from/a.js", 2),
            "built-ins/Array"
        );
        assert_eq!(summary_dir("language/a.js", 2), "language");
        assert_eq!(summary_dir("a.js", 2), ".");
        assert!(is_test_file("a.js") && !is_test_file("a_FIXTURE.js") && !is_test_file("a.json"));
    }

    #[test]
    fn table() {
        let run = |path: &str, status| RunResult {
            path: path.into(),
            variant: Variant::Sloppy,
            status,
            reason: String::new(),
            duration: Duration::ZERO,
        };
        let report = Report {
            results: vec![
                run("a/b/c.js", Status::Pass),
                run("a/b/d.js", Status::Fail),
                run("x/y.js", Status::Crash),
            ],
            skipped: vec![Skipped {
                path: "x/z.js".into(),
                reason: "r".into(),
            }],
            elapsed: Duration::ZERO,
        };
        let table = summary_table(&report, 2);
        let lines: Vec<Vec<&str>> = table
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(lines[1], ["a/b", "2", "1", "1", "0", "0", "0", "50.0%"]);
        assert_eq!(lines[2], ["x", "1", "0", "0", "0", "1", "1", "0.0%"]);
        assert_eq!(lines[3], ["total", "3", "1", "1", "0", "1", "1", "33.3%"]);
    }
}
