//! The `agora-test262` command line (and, later, `agora test262`): parses the arguments, runs
//! the selected tests, prints the summary table and every change against the expectations,
//! writes the JSON report, and rewrites the expectations file on `--update-expectations`.
//! Exit status: 0 if the run matches the expectations (or they were updated), 1 if anything
//! changed, 2 on a usage or I/O error.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use super::expectations::{Expectations, SkipList};
use super::harness::{HostOptions, Status};
use super::protocol::EngineCommand;
use super::runner::{self, Config, ProgressMode};

/// The usage text.
pub const USAGE: &str = "\
usage: agora-test262 --engine PATH [options] TEST262_DIR [FILTER...]

Runs test262 tests under TEST262_DIR/test whose path (relative to test/) contains one of the
FILTERs (all tests if none), each as a subprocess of the engine, and compares the results with
the expectations file. Exit status: 0 = as expected, 1 = results changed, 2 = error.

options:
  --engine PATH            the engine binary (required); see design/test262.md for the protocol
  --engine-arg ARG         an argument passed to the engine before the protocol's (repeatable)
  --jobs N, -j N           parallel engine processes (default: available parallelism)
  --timeout SECS           per-run timeout, fractions allowed (default: 10)
  --json FILE              write the JSON report to FILE
  --expectations FILE      the expectations file (default: agents/test262/expectations.txt)
  --skip-list FILE         the skip list (default: agents/test262/skip.txt)
  --update-expectations    rewrite the expectations file to match this run
  --summary-depth N        directory depth of the summary table (default: 2)
  --progress MODE          auto|bar|lines|off (default: auto)
  --verbose, -v            list every run that did not pass, with its reason
  --help, -h               this text
";

/// The expectations file committed in the repository.
pub const DEFAULT_EXPECTATIONS: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/test262/expectations.txt");
/// The skip list committed in the repository.
pub const DEFAULT_SKIP_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test262/skip.txt");

/// The default `--jobs`: the machine's available parallelism (4 where it is unknown).
pub fn default_jobs() -> usize {
    heap::sync::thread::available_parallelism().map_or(4, |n| n.get())
}

/// Parsed command-line options.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--engine`.
    pub engine: PathBuf,
    /// `--engine-arg`s.
    pub engine_args: Vec<String>,
    /// `--jobs`.
    pub jobs: usize,
    /// `--timeout`.
    pub timeout: Duration,
    /// `--json`.
    pub json: Option<PathBuf>,
    /// `--expectations`.
    pub expectations: PathBuf,
    /// `--skip-list`.
    pub skip_list: PathBuf,
    /// `--update-expectations`.
    pub update: bool,
    /// `--summary-depth`.
    pub summary_depth: usize,
    /// `--progress`.
    pub progress: ProgressMode,
    /// `--verbose`.
    pub verbose: bool,
    /// `TEST262_DIR`.
    pub test262_dir: PathBuf,
    /// The filters.
    pub filters: Vec<String>,
}

/// Parses the arguments (without the program name). `Ok(None)` means `--help`.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Options>, String> {
    let mut args = args.into_iter();
    let mut engine = None;
    let mut engine_args = Vec::new();
    let mut jobs = default_jobs();
    let mut timeout = Duration::from_secs(10);
    let mut json = None;
    let mut expectations = PathBuf::from(DEFAULT_EXPECTATIONS);
    let mut skip_list = PathBuf::from(DEFAULT_SKIP_LIST);
    let mut update = false;
    let mut summary_depth = 2;
    let mut progress = ProgressMode::Auto;
    let mut verbose = false;
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--engine" => engine = Some(PathBuf::from(value("--engine")?)),
            "--engine-arg" => engine_args.push(value("--engine-arg")?),
            "--jobs" | "-j" => {
                let v = value("--jobs")?;
                jobs = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("bad --jobs `{v}`"))?;
            }
            "--timeout" => {
                let v = value("--timeout")?;
                let secs: f64 = v.parse().map_err(|_| format!("bad --timeout `{v}`"))?;
                if !(secs > 0.0 && secs.is_finite()) {
                    return Err(format!("bad --timeout `{v}`"));
                }
                timeout = Duration::from_secs_f64(secs);
            }
            "--json" => json = Some(PathBuf::from(value("--json")?)),
            "--expectations" => expectations = PathBuf::from(value("--expectations")?),
            "--skip-list" => skip_list = PathBuf::from(value("--skip-list")?),
            "--update-expectations" => update = true,
            "--summary-depth" => {
                let v = value("--summary-depth")?;
                summary_depth = v
                    .parse()
                    .map_err(|_| format!("bad --summary-depth `{v}`"))?;
            }
            "--progress" => {
                progress = match value("--progress")?.as_str() {
                    "auto" => ProgressMode::Auto,
                    "bar" => ProgressMode::Bar,
                    "lines" => ProgressMode::Lines,
                    "off" => ProgressMode::Off,
                    other => return Err(format!("bad --progress `{other}`")),
                }
            }
            "--verbose" | "-v" => verbose = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`"))
            }
            _ => positional.push(arg),
        }
    }
    let engine = engine.ok_or("--engine is required")?;
    let mut positional = positional.into_iter();
    let test262_dir = PathBuf::from(positional.next().ok_or("TEST262_DIR is required")?);
    Ok(Some(Options {
        engine,
        engine_args,
        jobs,
        timeout,
        json,
        expectations,
        skip_list,
        update,
        summary_depth,
        progress,
        verbose,
        test262_dir,
        filters: positional.collect(),
    }))
}

/// Runs the command; returns the exit status.
pub fn main(args: impl IntoIterator<Item = String>) -> i32 {
    let options = match parse_args(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return 0;
        }
        Err(e) => {
            eprintln!("agora-test262: {e}\n\n{USAGE}");
            return 2;
        }
    };
    match run(&options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("agora-test262: {e}");
            2
        }
    }
}

/// Runs with parsed options; returns the exit status.
pub fn run(options: &Options) -> Result<i32, String> {
    if !options.test262_dir.join("test").is_dir() || !options.test262_dir.join("harness").is_dir() {
        return Err(format!(
            "{} is not a test262 checkout (no test/ and harness/)",
            options.test262_dir.display()
        ));
    }
    if !options.engine.is_file() {
        return Err(format!(
            "engine {} does not exist",
            options.engine.display()
        ));
    }
    let skip = SkipList::load(&options.skip_list)?;
    let mut expectations = Expectations::load(&options.expectations)?;
    let config = Config {
        test262_dir: options.test262_dir.clone(),
        engine: EngineCommand {
            program: options.engine.clone(),
            args: options.engine_args.clone(),
        },
        jobs: options.jobs,
        timeout: options.timeout,
        filters: options.filters.clone(),
        skip: skip.clone(),
        host: HostOptions::default(),
        progress: options.progress,
    };
    let report = runner::run(&config).map_err(|e| format!("running the tests: {e}"))?;

    let filters: Vec<String> = options
        .filters
        .iter()
        .map(|f| runner::normalize_filter(f))
        .collect();
    let skipped: BTreeSet<String> = report.skipped.iter().map(|s| s.path.clone()).collect();
    let changes = expectations.compare(
        report
            .results
            .iter()
            .map(|r| (r.path.as_str(), r.variant, r.status)),
        &skipped,
        |path| runner::selected(path, &filters) && skip.path_reason(path).is_none(),
    );

    print!("{}", runner::summary_table(&report, options.summary_depth));
    if options.verbose {
        for r in report.results.iter().filter(|r| r.status != Status::Pass) {
            println!("{} {} ({}): {}", r.status, r.path, r.variant, r.reason);
        }
    }
    let reasons: std::collections::BTreeMap<(&str, _), &str> = report
        .results
        .iter()
        .map(|r| ((r.path.as_str(), r.variant), r.reason.as_str()))
        .collect();
    if !changes.is_empty() {
        println!(
            "\n{} change(s) against {}:",
            changes.len(),
            options.expectations.display()
        );
        for change in &changes {
            match reasons.get(&(change.path.as_str(), change.variant)) {
                Some(reason) if !reason.is_empty() => println!("  {change} — {reason}"),
                _ => println!("  {change}"),
            }
        }
    }
    if let Some(json) = &options.json {
        let value = runner::json_report(&config, &report, &changes);
        let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
        std::fs::write(json, text + "\n").map_err(|e| format!("{}: {e}", json.display()))?;
    }
    if options.update {
        expectations.apply(&changes);
        expectations
            .save(&options.expectations)
            .map_err(|e| format!("{}: {e}", options.expectations.display()))?;
        println!(
            "\nupdated {} ({} change(s), {} entries)",
            options.expectations.display(),
            changes.len(),
            expectations.entries.len()
        );
        return Ok(0);
    }
    if changes.is_empty() {
        println!("\nresults match {}", options.expectations.display());
        Ok(0)
    } else {
        println!("\nresults changed: fix them or rerun with --update-expectations");
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_options_and_filters() {
        let o = parse_args(args(&[
            "--engine",
            "/bin/e",
            "-j",
            "3",
            "--timeout",
            "0.5",
            "--engine-arg",
            "run",
            "/t262",
            "built-ins/Array",
            "language",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(o.engine, PathBuf::from("/bin/e"));
        assert_eq!(o.jobs, 3);
        assert_eq!(o.timeout, Duration::from_millis(500));
        assert_eq!(o.engine_args, ["run"]);
        assert_eq!(o.test262_dir, PathBuf::from("/t262"));
        assert_eq!(o.filters, ["built-ins/Array", "language"]);
        assert!(!o.update);
        assert!(parse_args(args(&["--help"])).unwrap().is_none());
        assert!(parse_args(args(&["/t262"])).is_err());
        assert!(parse_args(args(&["--engine", "e"])).is_err());
        assert!(parse_args(args(&["--engine", "e", "--timeout", "-1", "/t"])).is_err());
        assert!(parse_args(args(&["--engine", "e", "--bogus", "/t"])).is_err());
    }
}
