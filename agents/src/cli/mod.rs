//! The `agora` command: runs a script (`agora FILE.js`, `agora -e CODE`, `agora < FILE`),
//! the REPL ([`repl`]), prints bytecode, traces and stresses the collector, and speaks the
//! test262 engine protocol (`agora --test262 …`, see `crate::test262::protocol`). Arguments
//! are parsed by hand in [`args`] (command line → [`args::LowArgs`] → [`args::HighArgs`]);
//! [`run`] does the work.
//!
//! Exit status: 0 success; 1 an uncaught exception or a SyntaxError; 2 a usage error, an
//! unreadable file or a feature the engine does not have yet.

pub mod args;
pub mod repl;
pub mod run;

use std::io::Write;

use args::HighArgs;

/// The usage text.
pub const USAGE: &str = "\
usage: agora [options] FILE [ARGS...]
       agora [options] -e CODE [ARGS...]
       agora [options] [-i]
       agora --test262 [--strict | --module] [--include FILE]... FILE

Runs a JavaScript script. ARGS are the script's arguments (the global array `scriptArgs`);
option parsing stops at FILE (`-` is standard input).

With no FILE and no -e: on a terminal, the REPL (each input runs as a script in one realm,
its value is printed; an input left open continues on the next line; .help lists the
commands, Ctrl+D exits). When standard input is not a terminal, it is read whole and run as
one script, as `node < file` does; -i runs the REPL on it line by line instead.

options:
  -e, --eval CODE      run CODE instead of a file
  -i, --interactive    the REPL even when standard input is not a terminal
  --module             run as an ES module (also for *.mjs files); import specifiers are
                       relative (./x.js, ../y.mjs), absolute or file:// paths
  --print-bytecode     print the bytecode of the script and of every nested function, then
                       run it
  --no-run             with --print-bytecode: only print (the script is still compiled, so
                       syntax errors are reported)
  --trace-gc           print one line per GC phase to stderr
  --gc-stress N        collect every N allocations, with tiny slices, the heap verifier and
                       zombie scribbling
  --heap-limit MB      limit the local and the shared heap to MB MiB each
  --stack-limit N      at most N JavaScript call frames (default 10000); one more call throws
                       RangeError: Maximum call stack size exceeded
  --test262            the test262 host: --include FILE (repeatable) runs harness files
                       first, --strict prepends \"use strict\"; errors are also reported as a
                       `test262-error phase=... type=... message=...` line
  -h, --help           this text
  -V, --version        the version

exit status: 0 success, 1 uncaught exception or SyntaxError, 2 usage error or unsupported
feature
";

/// Runs the command with `args` (without the program name); returns the exit status.
pub fn main<I, S>(args: I) -> i32
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let code = match args::parse(args) {
        Ok(HighArgs::Help) => {
            print!("{USAGE}");
            0
        }
        Ok(HighArgs::Version) => {
            println!("agora {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Ok(HighArgs::Repl(repl_args)) => {
            if repl_args.interactive || std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                repl::run(&repl_args)
            } else {
                run::run(&args::RunArgs {
                    input: args::Input::Stdin,
                    script_args: Vec::new(),
                    print_bytecode: false,
                    run: true,
                    module: false,
                    heap: repl_args.heap,
                })
            }
        }
        Ok(HighArgs::Run(run_args)) => run::run(&run_args),
        Ok(HighArgs::Test262(test_args)) => run::test262(&test_args),
        Err(e) => {
            eprintln!("agora: {e}\nsee agora --help");
            2
        }
    };
    let _ = std::io::stdout().flush();
    code
}
