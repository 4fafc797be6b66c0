//! The read-eval-print loop (`agora` with no program), after Node's: each input is a Script
//! run in one realm (so `let`/`const`/`class` declarations persist), its completion value is
//! printed with `console.log`'s inspect (`'strings'` quoted, `undefined` printed), an
//! uncaught error prints as `Uncaught TypeError: message` and the loop goes on; promise jobs
//! drain after every input (`run_script` does that).
//!
//! Input that stops inside a construct (an open brace, bracket or parenthesis, a template
//! literal, a comment, `a +`) continues on the next line with a `... ` prompt: [`complete`]
//! asks the parser whether its error is at the end of the input
//! (`SyntaxError::at_end_of_input`). Input that starts with `{` is tried as an expression
//! first (`{a: 1}` is an object, as in Node).
//!
//! Commands: `.exit`, `.help`, `.break`/`.clear` (drop the lines typed so far). Ctrl-D at the
//! prompt exits; Ctrl-C clears the input, and on an empty prompt twice in a row exits.
//!
//! On a terminal, lines are read with `rustyline` (editing, history kept in
//! `~/.agora_repl_history`); otherwise (`agora -i < file`) plainly from stdin, with the
//! prompts still printed so the transcript reads like a session.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use rustyline::error::ReadlineError;
use vm::interpreter::builtins::console::inspect;
use vm::runtime::agent::Agent;
use vm::source::Source;
use vm::RunError;

use super::args::ReplArgs;
use super::run::{new_agent, new_heap, EXIT_OK, EXIT_USAGE};

/// The prompt of a new input.
pub const PROMPT: &str = "> ";
/// The prompt of a continued input.
pub const CONTINUE_PROMPT: &str = "... ";

/// The `.help` text.
pub const HELP: &str = "\
.break    Discard the lines typed so far (multi-line input)
.clear    Alias for .break
.exit     Exit the REPL
.help     Print this help message

Press Ctrl+C to abort the current input, Ctrl+D (or Ctrl+C twice) to exit.
";

/// What reading one line gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A line, without its terminator.
    Line(String),
    /// Ctrl-C.
    Interrupted,
    /// Ctrl-D or the end of the input.
    Eof,
}

/// Where lines come from.
pub trait LineSource {
    /// Shows `prompt` and reads one line.
    fn read_line(&mut self, prompt: &str) -> Read;
    /// Records a finished input in the history.
    fn add_history(&mut self, _entry: &str) {}
}

/// A terminal, through rustyline.
struct Terminal {
    editor: rustyline::DefaultEditor,
    history: Option<PathBuf>,
}

impl Terminal {
    fn new() -> Result<Terminal, ReadlineError> {
        let mut editor = rustyline::DefaultEditor::new()?;
        let history =
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".agora_repl_history"));
        if let Some(path) = &history {
            // No history yet is fine.
            let _ = editor.load_history(path);
        }
        Ok(Terminal { editor, history })
    }
}

impl LineSource for Terminal {
    fn read_line(&mut self, prompt: &str) -> Read {
        match self.editor.readline(prompt) {
            Ok(line) => Read::Line(line),
            Err(ReadlineError::Interrupted) => Read::Interrupted,
            Err(ReadlineError::Eof) => Read::Eof,
            Err(e) => {
                eprintln!("agora: cannot read the terminal: {e}");
                Read::Eof
            }
        }
    }

    fn add_history(&mut self, entry: &str) {
        let _ = self.editor.add_history_entry(entry);
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if let Some(path) = &self.history {
            let _ = self.editor.save_history(path);
        }
    }
}

/// Lines from any reader (stdin that is not a terminal), prompts echoed to `out`.
pub struct Plain<R, W> {
    reader: R,
    out: W,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// Reads from `reader`, prompts to `out`.
    pub fn new(reader: R, out: W) -> Plain<R, W> {
        Plain { reader, out }
    }
}

impl<R: BufRead, W: Write> LineSource for Plain<R, W> {
    fn read_line(&mut self, prompt: &str) -> Read {
        let _ = self.out.write_all(prompt.as_bytes());
        let _ = self.out.flush();
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => Read::Eof,
            Ok(_) => {
                if line.ends_with('\n') {
                    line.pop();
                    if line.ends_with('\r') {
                        line.pop();
                    }
                }
                Read::Line(line)
            }
        }
    }
}

/// Whether the text typed so far is a whole input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completeness {
    /// Run it (it may still be a SyntaxError, reported when it runs).
    Complete,
    /// It stops inside a construct: read another line.
    Incomplete,
}

/// Asks the parser whether `text` stops inside a construct (see the module doc).
pub fn complete(text: &str) -> Completeness {
    // The final line terminator makes an unterminated one-line string an error before the
    // end (it is not continued), while `\`, a template or a comment still run to the end.
    let source = Source::new("REPL", format!("{text}\n"));
    match vm::parser::parse_script(&source, Default::default()) {
        Err(e) if e.at_end_of_input => Completeness::Incomplete,
        _ => Completeness::Complete,
    }
}

/// The text to run for an input: `{…}` as an expression when it parses as one (Node's rule:
/// input that starts with `{` and does not end with `;`).
pub fn script_text(input: &str) -> String {
    let trimmed = input.trim();
    if trimmed.starts_with('{') && !trimmed.ends_with(';') {
        let wrapped = format!("({trimmed}\n)");
        let source = Source::new("REPL", wrapped.as_str());
        if vm::parser::parse_script(&source, Default::default()).is_ok() {
            return wrapped;
        }
    }
    input.to_string()
}

/// Runs the REPL on the terminal (or plain stdin with `-i`); returns the exit status.
pub fn run(args: &ReplArgs) -> i32 {
    let heap = new_heap(&args.heap);
    let mut agent = new_agent(&heap, &args.heap);
    let stdout = std::io::stdout();
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let mut terminal = match Terminal::new() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("agora: cannot open the terminal: {e}");
                return EXIT_USAGE;
            }
        };
        println!(
            "Welcome to agora {}.\nType \".help\" for more information.",
            env!("CARGO_PKG_VERSION")
        );
        repl(&mut agent, &mut terminal, &mut stdout.lock())
    } else {
        let stdin = std::io::stdin();
        let mut plain = Plain::new(stdin.lock(), std::io::stdout());
        repl(&mut agent, &mut plain, &mut stdout.lock())
    }
}

/// The loop: reads inputs from `lines`, runs them in `agent`, prints results to `out`.
pub fn repl(agent: &mut Agent, lines: &mut dyn LineSource, out: &mut dyn Write) -> i32 {
    let mut buffer = String::new();
    let mut interrupted = false;
    let mut count = 0u32;
    loop {
        let prompt = if buffer.is_empty() {
            PROMPT
        } else {
            CONTINUE_PROMPT
        };
        let line = match lines.read_line(prompt) {
            Read::Line(line) => line,
            Read::Eof => {
                let _ = writeln!(out);
                return EXIT_OK;
            }
            Read::Interrupted => {
                if !buffer.is_empty() {
                    buffer.clear();
                } else if interrupted {
                    return EXIT_OK;
                } else {
                    interrupted = true;
                    let _ = writeln!(out, "(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
                }
                continue;
            }
        };
        interrupted = false;
        if buffer.is_empty() {
            let command = line.trim();
            if command.starts_with('.')
                && command[1..].starts_with(|c: char| c.is_ascii_alphabetic())
            {
                lines.add_history(command);
                match command {
                    ".exit" => return EXIT_OK,
                    ".help" => {
                        let _ = write!(out, "{HELP}");
                    }
                    ".break" | ".clear" => {}
                    _ => {
                        let _ = writeln!(out, "Invalid REPL keyword");
                    }
                }
                continue;
            }
            if command.is_empty() {
                continue;
            }
        } else if matches!(line.trim(), ".break" | ".clear") {
            buffer.clear();
            continue;
        }
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(&line);
        if complete(&buffer) == Completeness::Incomplete {
            continue;
        }
        let input = std::mem::take(&mut buffer);
        lines.add_history(&input);
        count += 1;
        evaluate(agent, &format!("REPL{count}"), &input, out);
        let _ = out.flush();
    }
}

/// Runs one input and prints its value or its uncaught error.
fn evaluate(agent: &mut Agent, name: &str, input: &str, out: &mut dyn Write) {
    let text = script_text(input);
    let result = vm::run_script(agent, name, &text);
    // Output of `print`/`console.log` went straight to stdout; keep the order.
    let _ = std::io::stdout().flush();
    match result {
        Ok(value) => {
            let shown = inspect(agent, value);
            let _ = writeln!(out, "{shown}");
        }
        Err(RunError::Syntax(e)) => {
            let _ = writeln!(out, "Uncaught SyntaxError: {}", e.message);
        }
        Err(RunError::Uncaught { message, stack, .. }) => {
            // Like Node, the input's own top-level frame is not shown (functions' frames are).
            let top = format!("    at {name}:");
            let stack: String = stack
                .lines()
                .filter(|line| !line.starts_with(&top))
                .map(|line| format!("{line}\n"))
                .collect();
            let _ = write!(out, "{message}\n{stack}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_inputs() {
        for text in [
            "1 + 1",
            "let x = 1;",
            "function f() { return 1 }",
            "'unterminated",
            "let x = ;",
            "}",
            "`a${1}b`",
            "/* done */ 3",
            "if (x) { y } else { z }",
            "a\n+ b",
        ] {
            assert_eq!(complete(text), Completeness::Complete, "{text:?}");
        }
    }

    #[test]
    fn incomplete_inputs() {
        for text in [
            "function f() {",
            "if (x)",
            "[1, 2,",
            "({ a: 1,",
            "f(",
            "`abc",
            "`a ${",
            "/* comment",
            "1 +",
            "class A {",
            "x =>",
            "'continued \\",
            "for (let i = 0; i < 3; i++)",
            "{\n  let x = 1;",
        ] {
            assert_eq!(complete(text), Completeness::Incomplete, "{text:?}");
        }
    }

    #[test]
    fn braces_are_objects_when_they_can_be() {
        assert_eq!(script_text("{a: 1, b: 2}"), "({a: 1, b: 2}\n)");
        assert_eq!(script_text("{ let x = 1; }"), "{ let x = 1; }");
        assert_eq!(script_text("{}"), "({}\n)");
        assert_eq!(script_text("1 + 1"), "1 + 1");
    }

    fn session(input: &str) -> String {
        let heap = new_heap(&Default::default());
        let mut agent = Agent::new(&heap);
        let mut out = Vec::new();
        let mut lines = Plain::new(input.as_bytes(), Vec::new());
        assert_eq!(repl(&mut agent, &mut lines, &mut out), EXIT_OK);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_session() {
        let out = session(
            "1 + 1\n'hi'\nlet x = 40\nconst f = () =>\n  x + 2\nf()\nnull.x\n\
             ({a: [1, 'b']})\n{a: 1}\nthrow 3\n.help\n.nope\nclass C {\n.break\nx\nundefined\n\
             function g() { throw new Error('in g') }\ng()\n",
        );
        assert_eq!(
            out,
            format!(
                "2\n'hi'\nundefined\nundefined\n42\n\
                 Uncaught TypeError: Cannot read properties of null (reading 'x')\n\
                 {{ a: [ 1, 'b' ] }}\n{{ a: 1 }}\nUncaught 3\n{HELP}Invalid REPL keyword\n40\n\
                 undefined\nundefined\nUncaught Error: in g\n    at g (REPL12:1:22)\n\n"
            )
        );
    }

    #[test]
    fn exit_and_promise_jobs() {
        let out = session("Promise.resolve(5).then(v => { globalThis.r = v })\nr\n.exit\n1\n");
        assert!(out.ends_with("5\n"), "{out:?}");
    }

    /// Interrupts, scripted.
    struct Script(Vec<Read>);

    impl LineSource for Script {
        fn read_line(&mut self, _prompt: &str) -> Read {
            if self.0.is_empty() {
                Read::Eof
            } else {
                self.0.remove(0)
            }
        }
    }

    #[test]
    fn ctrl_c_clears_then_exits() {
        let heap = new_heap(&Default::default());
        let mut agent = Agent::new(&heap);
        let mut out = Vec::new();
        let mut lines = Script(vec![
            Read::Line("[1,".into()),
            Read::Interrupted,
            Read::Line("7".into()),
            Read::Interrupted,
            Read::Interrupted,
            Read::Line("8".into()),
        ]);
        assert_eq!(repl(&mut agent, &mut lines, &mut out), EXIT_OK);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "7\n(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n"
        );
    }
}
