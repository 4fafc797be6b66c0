//! Argument parsing for `agora`, by hand and in two steps (after ripgrep): [`LowArgs`] is the
//! command line as written, flag by flag, with no interpretation beyond value syntax;
//! [`HighArgs`] is what to do, checked for conflicts and ready for `run`.

use std::fmt;
use std::path::PathBuf;

/// A usage error: exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// The command line as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LowArgs {
    /// `--help` / `-h`.
    pub help: bool,
    /// `--version` / `-V`.
    pub version: bool,
    /// `-e CODE` / `--eval CODE`.
    pub eval: Option<String>,
    /// Positional arguments: `FILE` and the script's arguments (or, with `-e`, only the
    /// script's arguments). Option parsing stops at the first one.
    pub positional: Vec<String>,
    /// `--print-bytecode`.
    pub print_bytecode: bool,
    /// `--no-run`.
    pub no_run: bool,
    /// `--trace-gc`.
    pub trace_gc: bool,
    /// `--gc-stress N`.
    pub gc_stress: Option<u64>,
    /// `--heap-limit MB`.
    pub heap_limit_mb: Option<u64>,
    /// `--stack-limit FRAMES`.
    pub stack_limit: Option<u64>,
    /// `-i` / `--interactive`.
    pub interactive: bool,
    /// `--module`.
    pub module: bool,
    /// `--strict` (test262 host only).
    pub strict: bool,
    /// `--test262`.
    pub test262: bool,
    /// `--include FILE` (test262 host only), in order.
    pub includes: Vec<PathBuf>,
}

impl LowArgs {
    /// Parses the arguments (without the program name).
    pub fn parse<I, S>(args: I) -> Result<LowArgs, UsageError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut low = LowArgs::default();
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            if arg == "--" {
                low.positional.extend(args.by_ref());
                break;
            }
            if !arg.starts_with('-') || arg == "-" {
                low.positional.push(arg);
                low.positional.extend(args.by_ref());
                break;
            }
            // `--flag=value` is the same as `--flag value`.
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| -> Result<String, UsageError> {
                match inline.clone() {
                    Some(v) => Ok(v),
                    None => args
                        .next()
                        .ok_or_else(|| usage(format!("{name} needs a value"))),
                }
            };
            let takes_value = matches!(
                flag.as_str(),
                "-e" | "--eval" | "--gc-stress" | "--heap-limit" | "--stack-limit" | "--include"
            );
            if inline.is_some() && !takes_value {
                return Err(usage(format!("{flag} takes no value")));
            }
            match flag.as_str() {
                "-h" | "--help" => low.help = true,
                "-V" | "--version" => low.version = true,
                "-e" | "--eval" => low.eval = Some(value(&flag)?),
                "--print-bytecode" => low.print_bytecode = true,
                "--no-run" => low.no_run = true,
                "--trace-gc" => low.trace_gc = true,
                "--gc-stress" => low.gc_stress = Some(number(&flag, &value(&flag)?)?),
                "--heap-limit" => low.heap_limit_mb = Some(number(&flag, &value(&flag)?)?),
                "--stack-limit" => low.stack_limit = Some(number(&flag, &value(&flag)?)?),
                "-i" | "--interactive" => low.interactive = true,
                "--module" => low.module = true,
                "--strict" => low.strict = true,
                "--test262" => low.test262 = true,
                "--include" => low.includes.push(PathBuf::from(value(&flag)?)),
                _ => return Err(usage(format!("unknown option {flag}"))),
            }
        }
        Ok(low)
    }
}

fn number(flag: &str, text: &str) -> Result<u64, UsageError> {
    match text.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(usage(format!(
            "{flag} needs a positive integer, not {text:?}"
        ))),
    }
}

/// Heap and agent settings shared by every mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeapOptions {
    /// Print every GC event to stderr.
    pub trace_gc: bool,
    /// `HeapConfig::stress(n)`.
    pub gc_stress: Option<u64>,
    /// Local and shared limits, in MiB.
    pub heap_limit_mb: Option<u64>,
    /// The deepest JavaScript call stack, in frames (`AgentConfig::max_frames`).
    pub stack_limit: Option<u64>,
}

/// Where the program's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// `-e CODE`.
    Eval(String),
    /// Standard input (`agora -`, or no program with stdin not a terminal).
    Stdin,
}

/// Run a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunArgs {
    /// The program.
    pub input: Input,
    /// The script's arguments (the global `scriptArgs`).
    pub script_args: Vec<String>,
    /// Print the bytecode before running.
    pub print_bytecode: bool,
    /// Run it (false with `--no-run`).
    pub run: bool,
    /// Run it as a module (`--module` or a `.mjs` file).
    pub module: bool,
    /// Heap settings.
    pub heap: HeapOptions,
}

/// The test262 host (see `agents::test262::protocol`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test262Args {
    /// `--strict`.
    pub strict: bool,
    /// `--module`.
    pub module: bool,
    /// Harness files, in order.
    pub includes: Vec<PathBuf>,
    /// The test.
    pub file: PathBuf,
    /// Heap settings.
    pub heap: HeapOptions,
}

/// No program: the REPL, or (stdin not a terminal, no `-i`) a script read from stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplArgs {
    /// `-i`: the REPL even when stdin is not a terminal.
    pub interactive: bool,
    /// Heap settings.
    pub heap: HeapOptions,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HighArgs {
    /// Print the usage text.
    Help,
    /// Print the version.
    Version,
    /// No program: the REPL (or a script from stdin).
    Repl(ReplArgs),
    /// Run a program.
    Run(RunArgs),
    /// Run one test262 test.
    Test262(Test262Args),
}

impl TryFrom<LowArgs> for HighArgs {
    type Error = UsageError;

    fn try_from(low: LowArgs) -> Result<HighArgs, UsageError> {
        if low.help {
            return Ok(HighArgs::Help);
        }
        if low.version {
            return Ok(HighArgs::Version);
        }
        let heap = HeapOptions {
            trace_gc: low.trace_gc,
            gc_stress: low.gc_stress,
            heap_limit_mb: low.heap_limit_mb,
            stack_limit: low.stack_limit,
        };
        if low.test262 {
            if low.eval.is_some() || low.print_bytecode || low.no_run || low.interactive {
                return Err(usage(
                    "--test262 cannot be combined with -e, -i, --print-bytecode or --no-run",
                ));
            }
            if low.strict && low.module {
                return Err(usage("--strict and --module exclude each other"));
            }
            let mut positional = low.positional.into_iter();
            let file = positional
                .next()
                .ok_or_else(|| usage("--test262 needs a FILE"))?;
            if let Some(extra) = positional.next() {
                return Err(usage(format!(
                    "--test262 takes one FILE, unexpected {extra:?}"
                )));
            }
            return Ok(HighArgs::Test262(Test262Args {
                strict: low.strict,
                module: low.module,
                includes: low.includes,
                file: PathBuf::from(file),
                heap,
            }));
        }
        if low.strict || !low.includes.is_empty() {
            return Err(usage("--strict and --include need --test262"));
        }
        if low.no_run && !low.print_bytecode {
            return Err(usage("--no-run needs --print-bytecode"));
        }
        let mut positional = low.positional;
        if low.interactive && (low.eval.is_some() || !positional.is_empty()) {
            return Err(usage("-i runs the REPL: it takes no FILE or -e"));
        }
        if positional.is_empty() && low.eval.is_none() {
            if low.module || low.print_bytecode {
                return Err(usage(
                    "--module and --print-bytecode need a FILE, - (stdin) or -e",
                ));
            }
            return Ok(HighArgs::Repl(ReplArgs {
                interactive: low.interactive,
                heap,
            }));
        }
        let input = match low.eval {
            Some(code) => Input::Eval(code),
            None if positional[0] == "-" => {
                positional.remove(0);
                Input::Stdin
            }
            None => Input::File(PathBuf::from(positional.remove(0))),
        };
        let module = low.module
            || matches!(&input, Input::File(path)
                if path.extension().is_some_and(|e| e == "mjs"));
        Ok(HighArgs::Run(RunArgs {
            input,
            script_args: positional,
            print_bytecode: low.print_bytecode,
            run: !low.no_run,
            module,
            heap,
        }))
    }
}

/// Parses the arguments all the way.
pub fn parse<I, S>(args: I) -> Result<HighArgs, UsageError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    HighArgs::try_from(LowArgs::parse(args)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn high(args: &[&str]) -> Result<HighArgs, UsageError> {
        parse(args.iter().copied())
    }

    #[test]
    fn file_and_script_arguments() {
        let HighArgs::Run(run) = high(&["--trace-gc", "a.js", "--x", "y"]).unwrap() else {
            panic!()
        };
        assert_eq!(run.input, Input::File("a.js".into()));
        assert_eq!(run.script_args, ["--x", "y"]);
        assert!(run.heap.trace_gc && run.run && !run.module);
    }

    #[test]
    fn eval_values_and_modes() {
        let HighArgs::Run(run) = high(&["-e", "print(1)", "--gc-stress=3", "z"]).unwrap() else {
            panic!()
        };
        assert_eq!(run.input, Input::Eval("print(1)".into()));
        assert_eq!(run.heap.gc_stress, Some(3));
        assert_eq!(run.script_args, ["z"]);
        let HighArgs::Run(run) = high(&["m.mjs"]).unwrap() else {
            panic!()
        };
        assert!(run.module);
        assert_eq!(
            high(&[]).unwrap(),
            HighArgs::Repl(ReplArgs {
                interactive: false,
                heap: HeapOptions::default()
            })
        );
        let HighArgs::Repl(repl) = high(&["-i", "--stack-limit", "50"]).unwrap() else {
            panic!()
        };
        assert!(repl.interactive);
        assert_eq!(repl.heap.stack_limit, Some(50));
        let HighArgs::Run(run) = high(&["-", "a"]).unwrap() else {
            panic!()
        };
        assert_eq!(run.input, Input::Stdin);
        assert_eq!(run.script_args, ["a"]);
        let HighArgs::Run(run) = high(&["x.js", "--help"]).unwrap() else {
            panic!()
        };
        assert_eq!(run.script_args, ["--help"]);
        assert_eq!(high(&["--help", "x.js"]).unwrap(), HighArgs::Help);
    }

    #[test]
    fn test262_host() {
        let HighArgs::Test262(t) = high(&[
            "--test262",
            "--strict",
            "--include",
            "a.js",
            "--include",
            "b.js",
            "t.js",
        ])
        .unwrap() else {
            panic!()
        };
        assert!(t.strict && !t.module);
        assert_eq!(t.includes, [PathBuf::from("a.js"), PathBuf::from("b.js")]);
        assert_eq!(t.file, PathBuf::from("t.js"));
    }

    #[test]
    fn usage_errors() {
        for args in [
            &["--bogus"][..],
            &["--gc-stress"],
            &["--gc-stress", "0"],
            &["--heap-limit", "lots", "a.js"],
            &["--test262"],
            &["--test262", "--strict", "--module", "t.js"],
            &["--strict", "a.js"],
            &["--no-run", "a.js"],
            &["--trace-gc=yes", "a.js"],
            &["--stack-limit", "0", "a.js"],
            &["-i", "a.js"],
            &["-i", "-e", "1"],
            &["--test262", "-i", "t.js"],
        ] {
            assert!(high(args).is_err(), "{args:?}");
        }
    }
}
