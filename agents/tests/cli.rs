//! End-to-end tests of the `agora` command: the built binary runs small scripts written to a
//! scratch directory — printing, exit statuses, SyntaxError rendering, `--print-bytecode`,
//! `--gc-stress`, `--trace-gc`, the test262 engine protocol, `--help` — and `agora-test262`
//! drives the real `agora` over a fixture test.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const AGORA: &str = env!("CARGO_BIN_EXE_agora");
const RUNNER: &str = env!("CARGO_BIN_EXE_agora-test262");

/// A scratch directory, removed on drop.
struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let root = std::env::temp_dir().join(format!("agora-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        Scratch { root }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root.join(name);
        fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn agora<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(AGORA)
        .args(args)
        .output()
        .expect("agora starts")
}

/// Runs agora with `input` piped to its standard input (not a terminal).
fn agora_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(AGORA)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("agora starts");
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin
        .write_all(input.as_bytes())
        .expect("agora reads its input");
    drop(stdin);
    child.wait_with_output().expect("agora finishes")
}

fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn runs_a_script_and_prints() {
    let dir = Scratch::new("print");
    let script = dir.file(
        "hello.js",
        "function add(a, b) { return a + b; }\nprint('sum ' + add(2, 3));\n\
         print(scriptArgs.length + ' ' + scriptArgs[0] + ' ' + scriptArgs[1]);\n",
    );
    let output = agora([path(&script), "one", "--two"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(out(&output), "sum 5\n2 one --two\n");
    let output = agora(["-e", "print(6 * 7)"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(out(&output), "42\n");
}

#[test]
fn the_example_runs() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/hello.js");
    let output = agora([path(&example)]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert!(
        out(&output).starts_with("Hello, agora!\n"),
        "{}",
        out(&output)
    );
    assert!(out(&output).contains("caught RangeError: out of range"));
}

#[test]
fn uncaught_exceptions_exit_1() {
    let output = agora(["-e", "print('before'); null.x; print('after');"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(out(&output), "before\n");
    assert!(
        err(&output).starts_with("Uncaught TypeError: "),
        "{}",
        err(&output)
    );
    let output = agora(["-e", "throw 'plain'"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(err(&output).trim_end(), "Uncaught plain");
}

#[test]
fn uncaught_errors_print_their_stack() {
    let scratch = Scratch::new("stack");
    let script = scratch.file(
        "app.js",
        "function inner(x) {\n  return x.y.z;\n}\nfunction outer() { return new Thing(); }\n\
         function Thing() { inner({}); }\nouter();\n",
    );
    let output = agora([path(&script)]);
    assert_eq!(output.status.code(), Some(1));
    let file = path(&script);
    let expected = format!(
        "Uncaught TypeError: Cannot read properties of undefined (reading 'z')\n\
         \x20   at inner ({file}:2:10)\n\
         \x20   at new Thing ({file}:5:20)\n\
         \x20   at outer ({file}:4:27)\n\
         \x20   at {file}:6:1\n"
    );
    assert_eq!(err(&output), expected);
    // A caught error's `stack` starts with its ToString header.
    let output = agora([
        "-e",
        "function f() { return new RangeError('r') } var s = f().stack; print(s.slice(0, s.indexOf('\\n')));",
    ]);
    assert_eq!(out(&output), "RangeError: r\n");
}

#[test]
fn syntax_errors_are_rendered_with_a_caret() {
    let dir = Scratch::new("syntax");
    let script = dir.file("bad.js", "print(1);\nlet x = (1 + );\n");
    let output = agora([path(&script)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(out(&output), "", "nothing ran");
    let stderr = err(&output);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "SyntaxError: Unexpected token ')'");
    assert!(lines[1].ends_with("bad.js:2:14"), "{stderr}");
    assert_eq!(lines[2], "  let x = (1 + );");
    assert_eq!(lines[3], "               ^");
}

#[test]
fn usage_errors_exit_2() {
    let output = agora(["--no-such-flag", "x.js"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(err(&output).contains("unknown option --no-such-flag"));
    let output = agora(["/nonexistent/missing.js"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output).starts_with("agora: cannot read /nonexistent/missing.js: "),
        "{}",
        err(&output)
    );
    let output = agora(["--gc-stress", "many", "x.js"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn runs_modules() {
    let dir = Scratch::new("modules");
    dir.file(
        "lib.js",
        "export let n = 1;\nexport function bump() { n++; }\nexport default 'lib';\n",
    );
    let main = dir.file(
        "main.mjs",
        "import lib, { n, bump } from './lib.js';\nbump();\n\
         const m = await import('./lib.js');\nprint(lib, n, m.n, typeof import.meta.url);\n",
    );
    let output = agora([path(&main)]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(out(&output), "lib 2 2 string\n");

    // `--module` for any file name; `-e` code resolves specifiers against the working
    // directory.
    let plain = dir.file("plain.js", "import { n } from './lib.js'; print(n);\n");
    let output = agora(["--module", path(&plain)]);
    assert_eq!(out(&output), "1\n", "{}", err(&output));
    let output = agora(["--module", "-e", "print(typeof import.meta)"]);
    assert_eq!(out(&output), "object\n", "{}", err(&output));

    // A missing export is a SyntaxError before any module code runs; an evaluation error
    // is an uncaught exception. Both exit 1.
    let missing = dir.file(
        "missing.mjs",
        "print('ran');\nimport { nope } from './lib.js';\n",
    );
    let output = agora([path(&missing)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(out(&output), "");
    assert!(
        err(&output).starts_with(
            "Uncaught SyntaxError: The requested module './lib.js' does not provide an export named 'nope'"
        ),
        "{}",
        err(&output)
    );

    // The test262 host reports the phase: parse (the file), resolution (its imports),
    // runtime (evaluation, including a rejected top-level await).
    let cases = [
        (
            "parse.mjs",
            "export let = 1;\n",
            "phase=parse type=SyntaxError",
        ),
        (
            "resolution.mjs",
            "import { nope } from './lib.js';\n",
            "phase=resolution type=SyntaxError",
        ),
        (
            "runtime.mjs",
            "await Promise.reject(new RangeError('r'));\n",
            "phase=runtime type=RangeError",
        ),
    ];
    for (name, text, expected) in cases {
        let file = dir.file(name, text);
        let output = agora(["--test262", "--module", path(&file)]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(
            err(&output)
                .lines()
                .any(|l| l.starts_with(&format!("test262-error {expected}"))),
            "{name}: {}",
            err(&output)
        );
    }
}

#[test]
fn help_and_version() {
    let output = agora(["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(out(&output).starts_with("usage: agora"));
    assert!(out(&output).contains("--print-bytecode"));
    let output = agora(["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        out(&output),
        format!("agora {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn print_bytecode_lists_every_function() {
    let dir = Scratch::new("bytecode");
    let script = dir.file(
        "f.js",
        "function twice(x) { return x * 2; }\nprint(twice(4));\n",
    );
    let output = agora(["--print-bytecode", path(&script)]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    let stdout = out(&output);
    assert!(stdout.contains("LdaGlobal"), "{stdout}");
    assert!(stdout.contains("twice"), "{stdout}");
    assert!(stdout.ends_with("8\n"), "the script ran after the listing");
    let output = agora(["--print-bytecode", "--no-run", path(&script)]);
    assert_eq!(output.status.code(), Some(0));
    assert!(out(&output).contains("Return"), "{}", out(&output));
    assert!(!out(&output).ends_with("8\n"), "--no-run did not run it");
}

#[test]
fn gc_stress_runs_an_allocating_program() {
    let output = agora([
        "--gc-stress",
        "1",
        "-e",
        "let a = []; for (let i = 0; i < 200; i++) { a[i] = { v: 'x' + i }; }\n\
         let n = 0; for (let i = 0; i < a.length; i++) { n += a[i].v.length; }\nprint(n);",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(out(&output), "690\n");
}

#[test]
fn trace_gc_prints_one_line_per_phase() {
    // About 10 MB of garbage: below the default cycle trigger, so ask for cycles every MiB.
    let output = Command::new(AGORA)
        .env("AGORA_GC_DEBUG", "trigger=1048576")
        .args([
            "--trace-gc",
            "-e",
            "let keep = [];\n\
             for (let i = 0; i < 100000; i++) { const o = { i: i, s: 'x' + i }; \
             if (i % 1000 === 0) keep[keep.length] = o; }\nprint(keep.length);",
        ])
        .output()
        .expect("agora starts");
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(out(&output), "100\n");
    let stderr = err(&output);
    assert!(stderr.lines().any(|l| l.starts_with("[gc] ")), "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with("[gc] ")), "{stderr}");
}

#[test]
fn heap_limit_turns_exhaustion_into_an_exception() {
    let output = agora([
        "--heap-limit",
        "8",
        "-e",
        "let keep = []; for (let i = 0; ; i++) { keep[i] = { s: 'x' + i }; }",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", err(&output));
    assert!(err(&output).starts_with("Uncaught "), "{}", err(&output));
}

#[test]
fn test262_protocol_lines() {
    let dir = Scratch::new("test262");
    let include = dir.file(
        "harness.js",
        "function Test262Error(message) { this.message = message; }\n\
         Test262Error.prototype.name = 'Test262Error';\n",
    );
    let type_error = dir.file("type-error.js", "print('ran'); null.x;\n");
    let output = agora(["--test262", "--include", path(&include), path(&type_error)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(out(&output), "ran\n");
    let stderr = err(&output);
    assert!(
        stderr.lines().any(|l| l
            == "test262-error phase=runtime type=TypeError \
                message=Cannot read properties of null (reading 'x')"),
        "{stderr}"
    );

    // Includes run first, in the same realm; `constructor.name` gives the type.
    let custom = dir.file("custom.js", "throw new Test262Error('nope');\n");
    let output = agora(["--test262", "--include", path(&include), path(&custom)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err(&output)
            .lines()
            .any(|l| l == "test262-error phase=runtime type=Test262Error message=nope"),
        "{}",
        err(&output)
    );

    let parse = dir.file("parse.js", "var = 1;\n");
    let output = agora(["--test262", path(&parse)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = err(&output);
    assert!(stderr.starts_with("SyntaxError: "), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("test262-error phase=parse type=SyntaxError message=")),
        "{stderr}"
    );

    // `--strict` prepends "use strict": a sloppy-only construct becomes a parse error, one
    // line further down.
    let octal = dir.file("octal.js", "var x = 010;\n");
    let output = agora(["--test262", path(&octal)]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    let output = agora(["--test262", "--strict", path(&octal)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(err(&output).contains("octal.js:2:"), "{}", err(&output));
    assert!(err(&output).contains("test262-error phase=parse type=SyntaxError"));

    // Errors in includes are harness errors.
    let broken = dir.file("broken.js", "oops(\n");
    let ok = dir.file("ok.js", "print('never');\n");
    let output = agora(["--test262", "--include", path(&broken), path(&ok)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(out(&output), "");
    assert!(
        err(&output)
            .lines()
            .any(|l| l.starts_with("test262-error phase=harness type=SyntaxError")),
        "{}",
        err(&output)
    );
}

#[test]
fn the_test262_runner_drives_agora() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = Scratch::new("runner");
    let output = Command::new(RUNNER)
        .args(["--engine", AGORA, "--jobs", "2", "--timeout", "20"])
        .args(["--progress", "off"])
        .arg("--skip-list")
        .arg(fixtures.join("skip.txt"))
        .arg("--expectations")
        .arg(dir.root.join("expectations.txt"))
        .arg("--json")
        .arg(dir.root.join("results.json"))
        .arg(fixtures.join("test262"))
        .arg("pass/plain.js")
        .output()
        .expect("the runner starts");
    let report = fs::read_to_string(dir.root.join("results.json")).unwrap_or_default();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}{report}",
        out(&output),
        err(&output)
    );
    let json: serde_json::Value = serde_json::from_str(&report).unwrap();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{report}");
    for result in results {
        assert_eq!(result["status"], "pass", "{report}");
    }
}

#[test]
fn piped_stdin_runs_as_one_script() {
    // Like `node < file`: no prompts, no values echoed; declarations span lines.
    let output = agora_stdin(&[], "let x = 2;\nprint(x * 21)\n1 + 1\n");
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(out(&output), "42\n");
    let output = agora_stdin(&["-", "arg"], "print(scriptArgs[0]); null.x");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(out(&output), "arg\n");
    assert!(
        err(&output).starts_with("Uncaught TypeError"),
        "{}",
        err(&output)
    );
}

#[test]
fn the_repl_reads_piped_input_with_dash_i() {
    let input = "1 + 1\n'str'\nlet o = {\n  a: [1, 2],\n}\no\nnull.x\n\
                 Promise.resolve(7).then(v => print('job', v)), 'sync'\n\
                 class A { get v() { return 3 } }\nnew A().v\n.help\n.exit\nprint('not run')\n";
    let output = agora_stdin(&["-i"], input);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    let text = out(&output);
    let expected = "> 2\n> 'str'\n> ... ... undefined\n> { a: [ 1, 2 ] }\n\
                    > Uncaught TypeError: Cannot read properties of null (reading 'x')\n\
                    > job 7\n'sync'\n> undefined\n> 3\n> .break";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.contains(".exit     Exit the REPL"), "{text}");
    assert!(!text.contains("not run"), "{text}");
    // Ctrl-D (end of input) exits cleanly.
    let output = agora_stdin(&["-i"], "let z = 5\nz\n");
    assert_eq!(out(&output), "> undefined\n> 5\n> \n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn stack_limit_bounds_recursion() {
    let output = agora(["--stack-limit", "100", "-e", "function f(){f()} f()"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err(&output).starts_with("Uncaught RangeError: Maximum call stack size exceeded"),
        "{}",
        err(&output)
    );
    // The script's own frame counts: 99 nested calls fit in 100 frames.
    let depth = "let d = 0; function f() { d++; f() } try { f() } catch (e) { print(d) }";
    let output = agora(["--stack-limit", "100", "-e", depth]);
    assert_eq!(out(&output), "99\n");
    let output = agora(["--stack-limit=20000", "-e", depth]);
    assert_eq!(out(&output), "19999\n");
    // The REPL goes on after the RangeError.
    let output = agora_stdin(
        &["-i", "--stack-limit", "50"],
        "function g(){g()}\ng()\n'after'\n",
    );
    assert!(
        out(&output).contains("> Uncaught RangeError: Maximum call stack size exceeded\n"),
        "{}",
        out(&output)
    );
    assert!(out(&output).contains("> 'after'\n"), "{}", out(&output));
}
