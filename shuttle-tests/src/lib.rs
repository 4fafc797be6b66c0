//! # agora-shuttle-tests: randomized schedule tests of the heap's real concurrent code
//!
//! Built with `RUSTFLAGS="--cfg shuttle"`, `heap::sync` hands the heap shuttle's mutexes,
//! condition variables, atomics, `Arc`s and threads, and every raw access to mapped heap
//! memory (`heap::sync::raw`) becomes a scheduling point. The scenarios in `tests/` then run
//! the heap's own code — safepoints, the shared-space collector, the barrier, background
//! marking — under shuttle's schedulers, which pick the interleaving and report deadlocks.
//!
//! Without `--cfg shuttle` this crate (and every test file) is empty, so a plain
//! `cargo test --workspace` builds and passes it at once.
//!
//! This file is the harness:
//! * `check` runs a scenario under `shuttle`'s random scheduler and then under its PCT
//!   scheduler (bug depth 3), with iteration counts taken from the environment (see
//!   `Budget`). A failing execution prints shuttle's `failing schedule: "…"` string (and,
//!   for the random scheduler, its seed); `check` adds how to replay it.
//! * `replay` and `replay_file` run a scenario once along a saved schedule;
//!   `AGORA_SHUTTLE_REPLAY=<schedule or file>` makes `check` do that instead of exploring.
//! * `replay_saved` replays every schedule saved under `shuttle-tests/regressions/` for the
//!   scenarios a test file registers (each test file has a `saved_regressions` test calling it).
//!
//! See `shuttle-tests/README.md` for the commands, the environment variables and how to add a
//! regression. (Item names above are not doc links: without the cfg the items do not exist.)
#![cfg(shuttle)]

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use shuttle::scheduler::{PctScheduler, RandomScheduler, ReplayScheduler};
use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

/// Default iterations per scheduler and scenario (`AGORA_SHUTTLE_ITERS` overrides it).
pub const DEFAULT_ITERS: usize = 200;
/// Default PCT bug depth (`AGORA_SHUTTLE_PCT_DEPTH` overrides it).
pub const DEFAULT_PCT_DEPTH: usize = 3;
/// Default step bound of one execution (`AGORA_SHUTTLE_MAX_STEPS` overrides it). Every raw heap
/// access is a step, so this is far above shuttle's usual default; it still catches livelocks.
pub const DEFAULT_MAX_STEPS: usize = 2_000_000;
/// Stack of each shuttle task. Shuttle's default (60 KiB) is too small for the heap's
/// unoptimised debug frames.
pub const STACK_SIZE: usize = 1 << 20;

/// The regression directory: `shuttle-tests/regressions/`.
pub fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions")
}

fn env_usize(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    match value.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={value:?} is not a number"),
    }
}

/// How much exploring [`check`] does, from the environment:
///
/// | variable                    | default               | meaning                          |
/// |-----------------------------|-----------------------|----------------------------------|
/// | `AGORA_SHUTTLE_ITERS`       | [`DEFAULT_ITERS`]     | iterations per scheduler         |
/// | `AGORA_SHUTTLE_RANDOM_ITERS`| `AGORA_SHUTTLE_ITERS` | iterations of the random one     |
/// | `AGORA_SHUTTLE_PCT_ITERS`   | `AGORA_SHUTTLE_ITERS` | iterations of PCT                |
/// | `AGORA_SHUTTLE_PCT_DEPTH`   | 3                     | PCT bug depth                    |
/// | `AGORA_SHUTTLE_MAX_STEPS`   | [`DEFAULT_MAX_STEPS`] | step bound of one execution      |
///
/// Scenarios that are expensive pass a divisor to [`check_scaled`]; counts never drop below 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Iterations under the random scheduler.
    pub random: usize,
    /// Iterations under the PCT scheduler.
    pub pct: usize,
    /// PCT bug depth.
    pub depth: usize,
    /// Step bound of one execution.
    pub max_steps: usize,
}

impl Budget {
    /// The budget the environment asks for.
    pub fn from_env() -> Budget {
        let iters = env_usize("AGORA_SHUTTLE_ITERS").unwrap_or(DEFAULT_ITERS);
        Budget {
            random: env_usize("AGORA_SHUTTLE_RANDOM_ITERS").unwrap_or(iters),
            pct: env_usize("AGORA_SHUTTLE_PCT_ITERS").unwrap_or(iters),
            depth: env_usize("AGORA_SHUTTLE_PCT_DEPTH").unwrap_or(DEFAULT_PCT_DEPTH),
            max_steps: env_usize("AGORA_SHUTTLE_MAX_STEPS").unwrap_or(DEFAULT_MAX_STEPS),
        }
    }

    /// This budget with the iteration counts divided by `divisor` (at least 1 each, unless the
    /// environment asked for 0).
    pub fn scaled(self, divisor: usize) -> Budget {
        let scale = |n: usize| {
            if n == 0 {
                0
            } else {
                (n / divisor.max(1)).max(1)
            }
        };
        Budget {
            random: scale(self.random),
            pct: scale(self.pct),
            ..self
        }
    }
}

/// The shuttle configuration every run of the harness uses.
///
/// Failing schedules are printed to stderr, or written as `scheduleNNN.txt` files into
/// `AGORA_SHUTTLE_SAVE_DIR` when that is set (shuttle installs its panic hook once per process,
/// so every runner of a test binary must agree on this, which is why it lives here).
pub fn config(max_steps: usize) -> Config {
    let mut config = Config::new();
    config.stack_size = STACK_SIZE;
    config.max_steps = MaxSteps::FailAfter(max_steps);
    config.silence_warnings = true;
    config.failure_persistence = match std::env::var_os("AGORA_SHUTTLE_SAVE_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).expect("cannot create AGORA_SHUTTLE_SAVE_DIR");
            FailurePersistence::File(Some(dir))
        }
        None => FailurePersistence::Print,
    };
    config
}

fn test_binary() -> String {
    std::env::args()
        .next()
        .and_then(|arg0| {
            Path::new(&arg0)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .map(|name| match name.rsplit_once('-') {
            Some((stem, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => stem.to_owned(),
            _ => name,
        })
        .unwrap_or_else(|| "<test file>".to_owned())
}

fn how_to_replay(name: &str, scheduler: &str) -> String {
    let binary = test_binary();
    format!(
        "\n=== agora-shuttle: scenario `{name}` failed under the {scheduler} scheduler ===\n\
         Shuttle printed the failing schedule above (`failing schedule: \"…\"`, or the file it\n\
         was saved to with AGORA_SHUTTLE_SAVE_DIR). To replay exactly that execution:\n\
         \x20 AGORA_SHUTTLE_REPLAY='<schedule string or file>' RUSTFLAGS=\"--cfg shuttle\" \\\n\
         \x20   cargo test -p agora-shuttle-tests --target-dir target-shuttle --test {binary} -- --exact <test name>\n\
         or call `agora_shuttle_tests::replay(\"{name}\", \"<schedule>\", scenario)`.\n\
         To keep it as a regression, save it as shuttle-tests/regressions/{name}.schedule\n\
         (see shuttle-tests/README.md).\n"
    )
}

/// Runs `run`, and if it panics prints how to replay the failure, then fails.
fn explore(name: &str, scheduler: &str, run: impl FnOnce()) {
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(run)) {
        eprintln!("{}", how_to_replay(name, scheduler));
        panic::resume_unwind(payload);
    }
}

/// Explores `scenario` under the random and the PCT scheduler with the budget of the
/// environment ([`Budget::from_env`]). If `AGORA_SHUTTLE_REPLAY` is set, replays that schedule
/// (a schedule string, or the path of a file holding one) once instead.
pub fn check<F>(name: &str, scenario: F)
where
    F: Fn() + Send + Sync + 'static,
{
    check_with(name, Budget::from_env(), scenario)
}

/// [`check`] with the iteration counts divided by `divisor`, for expensive scenarios.
pub fn check_scaled<F>(name: &str, divisor: usize, scenario: F)
where
    F: Fn() + Send + Sync + 'static,
{
    check_with(name, Budget::from_env().scaled(divisor), scenario)
}

/// [`check`] with an explicit budget.
pub fn check_with<F>(name: &str, budget: Budget, scenario: F)
where
    F: Fn() + Send + Sync + 'static,
{
    if let Some(schedule) = std::env::var_os("AGORA_SHUTTLE_REPLAY") {
        let schedule = schedule.to_string_lossy().into_owned();
        let path = Path::new(&schedule);
        if path.is_file() {
            replay_file(name, path, scenario);
        } else {
            replay(name, &schedule, scenario);
        }
        return;
    }
    // Both runners need the scenario, outside any shuttle execution (so not shuttle's `Arc`,
    // which only works inside one): leak it, a few bytes per test.
    let scenario: &'static F = Box::leak(Box::new(scenario));
    let started = Instant::now();
    if budget.random > 0 {
        explore(name, "random", move || {
            let runner = Runner::new(
                RandomScheduler::new(budget.random),
                config(budget.max_steps),
            );
            runner.run(move || scenario());
        });
    }
    let random_time = started.elapsed();
    if budget.pct > 0 {
        let label = format!("PCT (depth {})", budget.depth);
        explore(name, &label, move || {
            let runner = Runner::new(
                PctScheduler::new(budget.depth, budget.pct),
                config(budget.max_steps),
            );
            runner.run(move || scenario());
        });
    }
    if std::env::var_os("AGORA_SHUTTLE_VERBOSE").is_some() {
        eprintln!(
            "agora-shuttle: {name}: {} random iterations in {:.2?}, {} PCT iterations in {:.2?}",
            budget.random,
            random_time,
            budget.pct,
            started.elapsed() - random_time
        );
    }
}

fn replay_scheduler<F>(name: &str, what: &str, scheduler: ReplayScheduler, scenario: F)
where
    F: Fn() + Send + Sync + 'static,
{
    let runner = Runner::new(scheduler, config(Budget::from_env().max_steps));
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || runner.run(scenario))) {
        eprintln!(
            "\n=== agora-shuttle: scenario `{name}` failed when replaying {what} ===\n\
             If the scenario's own assertion (or a deadlock) came first, the failure reproduced.\n\
             \"schedule ended early\", \"scheduled task is not runnable\" or \"expected context\n\
             switch\" on their own mean the schedule no longer describes an execution: the code\n\
             changed since it was recorded, or it is the first of the two schedules shuttle\n\
             prints for a panic (save the last one).\n"
        );
        panic::resume_unwind(payload);
    }
}

/// Runs `scenario` once along `schedule`, a string from shuttle's `failing schedule:` output.
pub fn replay<F>(name: &str, schedule: &str, scenario: F)
where
    F: Fn() + Send + Sync + 'static,
{
    let schedule = schedule_text(schedule);
    replay_scheduler(
        name,
        "a schedule string",
        ReplayScheduler::new_from_encoded(&schedule),
        scenario,
    );
}

/// Runs `scenario` once along the schedule saved in `path` (see [`schedule_text`] for the
/// file format).
pub fn replay_file<F>(name: &str, path: &Path, scenario: F)
where
    F: Fn() + Send + Sync + 'static,
{
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read schedule {}: {e}", path.display()));
    replay_scheduler(
        name,
        &path.display().to_string(),
        ReplayScheduler::new_from_encoded(&schedule_text(&text)),
        scenario,
    );
}

/// The schedule in a saved text: `#` lines are comments, quotes and whitespace are dropped
/// (so shuttle's output can be pasted as is, quotes included).
pub fn schedule_text(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(|line| line.chars())
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

/// A schedule saved under `regressions/`.
#[derive(Clone, Debug)]
pub struct SavedSchedule {
    /// The file.
    pub path: PathBuf,
    /// The scenario it replays: the file name up to the first `.`.
    pub scenario: String,
    /// The text of its `# known-bug:` comment line, if it has one: a failure not fixed yet,
    /// replayed only by the `#[ignore]`d test that documents it.
    pub known_bug: Option<String>,
}

/// Every `*.schedule` file under [`regressions_dir`], sorted by name.
pub fn saved_schedules() -> Vec<SavedSchedule> {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else {
        return Vec::new();
    };
    let mut saved: Vec<SavedSchedule> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "schedule"))
        .map(|path| {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            let scenario = file_name.split('.').next().unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let known_bug = text.lines().find_map(|line| {
                line.trim_start()
                    .strip_prefix("# known-bug:")
                    .map(|rest| rest.trim().to_owned())
            });
            SavedSchedule {
                path,
                scenario,
                known_bug,
            }
        })
        .collect();
    saved.sort_by(|a, b| a.path.cmp(&b.path));
    saved
}

/// A scenario a test file registers for [`replay_saved`]: its name and its function.
pub type Scenario = (&'static str, fn());

/// Replays every saved schedule (not marked `# known-bug:`) of the given scenarios. Returns how
/// many it replayed.
pub fn replay_saved(scenarios: &[Scenario]) -> usize {
    let mut replayed = 0;
    for saved in saved_schedules() {
        let Some((name, scenario)) = scenarios.iter().find(|(n, _)| *n == saved.scenario) else {
            continue;
        };
        if saved.known_bug.is_some() {
            eprintln!(
                "agora-shuttle: skipping {} (known bug; replayed by its #[ignore]d test)",
                saved.path.display()
            );
            continue;
        }
        replay_file(name, &saved.path, *scenario);
        replayed += 1;
    }
    replayed
}

/// Replays the saved schedules of a scenario with a known bug (the `#[ignore]`d test of the
/// bug calls this): every `regressions/<name>.*schedule` file, marked or not. Panics if there
/// is none.
pub fn replay_known_bug(name: &str, scenario: fn()) {
    let saved: Vec<_> = saved_schedules()
        .into_iter()
        .filter(|s| s.scenario == name)
        .collect();
    assert!(
        !saved.is_empty(),
        "no schedule saved for {name} under {}",
        regressions_dir().display()
    );
    for saved in saved {
        replay_file(name, &saved.path, scenario);
    }
}

// ----- helpers shared by the scenarios -----

/// The heap configuration of the scenarios: the verifier after every collection, zombie
/// scribbling of reclaimed memory (so a premature free shows up as `0xdb…` bytes), and no
/// wall-clock deadline on marking slices (shuttle runs slowly; a deadline would make the
/// executions depend on time, and schedules impossible to replay).
pub fn heap_config() -> heap::HeapConfig {
    heap::HeapConfig {
        verify: true,
        zombie: true,
        max_slice: std::time::Duration::from_secs(3600),
        ..heap::HeapConfig::default()
    }
}

/// Spawns a named shuttle thread (the name shows in deadlock reports).
pub fn spawn<T, F>(name: &str, f: F) -> heap::sync::thread::JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    heap::sync::thread::Builder::new()
        .name(name.to_owned())
        .spawn(f)
        .expect("spawn a shuttle thread")
}

/// Joins a thread, re-raising its panic.
pub fn join<T>(handle: heap::sync::thread::JoinHandle<T>) -> T {
    match handle.join() {
        Ok(value) => value,
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Data bytes the scenarios give every object: one word, holding an id.
pub const ID_BYTES: usize = 8;

fn id_addr(obj: heap::ObjectRef) -> usize {
    obj.addr() + heap::mock::object_size(heap::mock::slot_count(obj), 0)
}

/// Writes `id` into the first data word of a mock object allocated with at least
/// [`ID_BYTES`] data bytes.
pub fn set_id(obj: heap::ObjectRef, id: u64) {
    // SAFETY: the object is a live mock object with `ID_BYTES` of data after its slots; its
    // address is 16-aligned and the slots are words, so the data word is 8-aligned.
    unsafe { heap::sync::raw::store_word(id_addr(obj), id) }
}

/// Reads the id written by [`set_id`].
pub fn id(obj: heap::ObjectRef) -> u64 {
    // SAFETY: as for `set_id`; the object is reachable, so its memory is still mapped.
    unsafe { heap::sync::raw::load_word(id_addr(obj)) }
}

/// A mock object's header is intact: not freed (zero) and not zombie-scribbled.
pub fn assert_intact(obj: heap::ObjectRef, expected_id: u64) {
    let header = obj.header().bits();
    assert!(
        header != 0 && header != u64::from_ne_bytes([0xdb; 8]),
        "{obj:?} (id {expected_id}) was freed: header {header:#x}"
    );
    assert_eq!(
        id(obj),
        expected_id,
        "{obj:?} lost its id: it was freed and reused, or scribbled"
    );
}

/// A turn-taking handoff between threads over a shuttle mutex and condition variable: the
/// blocking call agents make inside `Mutator::park_while`.
#[derive(Default)]
pub struct Baton {
    turn: heap::sync::Mutex<usize>,
    changed: heap::sync::Condvar,
}

impl Baton {
    /// A baton held by `first`.
    pub fn new(first: usize) -> Baton {
        Baton {
            turn: heap::sync::Mutex::new(first),
            changed: heap::sync::Condvar::new(),
        }
    }

    /// Blocks until it is `me`'s turn, then hands the turn to `next`.
    pub fn take_and_pass(&self, me: usize, next: usize) {
        let mut turn = heap::sync::lock(&self.turn);
        while *turn != me {
            turn = heap::sync::wait(&self.changed, turn);
        }
        *turn = next;
        self.changed.notify_all();
    }

    /// Blocks until the turn is `me`'s (without passing it on).
    pub fn wait_for(&self, me: usize) {
        let mut turn = heap::sync::lock(&self.turn);
        while *turn != me {
            turn = heap::sync::wait(&self.changed, turn);
        }
    }

    /// Hands the turn to `next` unconditionally.
    pub fn set(&self, next: usize) {
        *heap::sync::lock(&self.turn) = next;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_text_drops_comments_quotes_and_whitespace() {
        let text = "# scenario: x\n# known-bug: y\n\"\n91a2\nb3c4\n\"\n";
        assert_eq!(schedule_text(text), "91a2b3c4");
    }

    #[test]
    fn budget_scaling_keeps_at_least_one_iteration() {
        let budget = Budget {
            random: 10,
            pct: 3,
            depth: 3,
            max_steps: 1,
        };
        assert_eq!(budget.scaled(4).random, 2);
        assert_eq!(budget.scaled(4).pct, 1);
        assert_eq!(Budget { pct: 0, ..budget }.scaled(4).pct, 0);
    }

    /// Every saved schedule must name a scenario that some test file registers, or no test
    /// would ever replay it.
    #[test]
    fn every_saved_schedule_names_a_registered_scenario() {
        let tests_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let sources: String = std::fs::read_dir(&tests_dir)
            .expect("tests/ exists")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        for saved in saved_schedules() {
            let quoted = format!("\"{}\"", saved.scenario);
            assert!(
                sources.contains(&quoted),
                "{} replays scenario {quoted}, which no file in tests/ registers",
                saved.path.display()
            );
        }
    }
}
