//! The `agora` command: runs a script (`agora FILE.js`, `agora -e CODE`), prints bytecode,
//! traces and stresses the collector, and speaks the test262 engine protocol
//! (`agora --test262 …`, see `crate::test262::protocol`). Arguments are parsed by hand in
//! [`args`] (command line → [`args::LowArgs`] → [`args::HighArgs`]); [`run`] does the work.
//!
//! Exit status: 0 success; 1 an uncaught exception or a SyntaxError; 2 a usage error, an
//! unreadable file or a feature the engine does not have yet (the REPL).

pub mod args;
pub mod run;

use std::io::Write;

use args::HighArgs;

/// The usage text.
pub const USAGE: &str = "\
usage: agora [options] FILE [ARGS...]
       agora [options] -e CODE [ARGS...]
       agora --test262 [--strict | --module] [--include FILE]... FILE

Runs a JavaScript script. ARGS are the script's arguments (the global array `scriptArgs`);
option parsing stops at FILE.

options:
  -e, --eval CODE      run CODE instead of a file
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
        Ok(HighArgs::Repl) => {
            eprintln!(
                "agora: the REPL is not implemented yet; run a file (agora FILE.js) or code \
                 (agora -e CODE); see agora --help"
            );
            2
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
