//! What `agora` does once its arguments are understood: set up the heap and the agent, run the
//! program (or print its bytecode), and report uncaught errors — in human form, and for the
//! test262 host also as the protocol's `test262-error` line.

use std::fs;
use std::io::Write;
use std::path::Path;

use heap::sync::Arc;
use heap::{GcEvent, Heap, HeapConfig};
use vm::diagnostics::SyntaxError;
use vm::interpreter::ops;
use vm::runtime::agent::Agent;
use vm::runtime::atoms::PropertyKey;
use vm::runtime::value::Value;
use vm::source::Source;
use vm::RunError;

use super::args::{HeapOptions, Input, RunArgs, Test262Args};
use crate::test262::protocol::{ERROR_LINE_PREFIX, STRICT_PREFIX};

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: an uncaught exception or a SyntaxError.
pub const EXIT_ERROR: i32 = 1;
/// Exit status: usage error, unreadable file, unsupported feature.
pub const EXIT_USAGE: i32 = 2;

/// The heap configuration the options ask for.
pub fn heap_config(options: &HeapOptions) -> HeapConfig {
    let mut config = match options.gc_stress {
        Some(n) => HeapConfig::stress(n),
        None => HeapConfig::default(),
    };
    if let Some(mb) = options.heap_limit_mb {
        let bytes = usize::try_from(mb)
            .ok()
            .and_then(|mb| mb.checked_mul(1 << 20))
            .unwrap_or(usize::MAX);
        config.local_limit = bytes;
        config.shared_limit = bytes;
    }
    if options.trace_gc {
        config.events = Some(Arc::new(|event: &GcEvent| eprintln!("{event}")));
    }
    if let Ok(spec) = std::env::var("AGORA_GC_DEBUG") {
        apply_gc_debug(&mut config, &spec);
    }
    config
}

/// `AGORA_GC_DEBUG` (a debugging aid, not a stable interface): comma-separated
/// `verify`, `zombie`, `tiny=BYTES` (tiny incremental slices), `random=SEED:N` (collect
/// with probability 1/N at each allocation), `trigger=BYTES` (start marking cycles after
/// this many bytes of allocation).
fn apply_gc_debug(config: &mut HeapConfig, spec: &str) {
    for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, value) = item.split_once('=').unwrap_or((item, ""));
        match name {
            "verify" => config.verify = true,
            "zombie" => config.zombie = true,
            "tiny" => config.tiny_slices = value.parse().ok(),
            "random" => {
                config.random_collect = value
                    .split_once(':')
                    .and_then(|(seed, n)| Some((seed.parse().ok()?, n.parse().ok()?)));
            }
            "trigger" => {
                if let Ok(bytes) = value.parse() {
                    config.min_trigger = bytes;
                }
            }
            _ => eprintln!("agora: AGORA_GC_DEBUG: unknown item {item:?}"),
        }
    }
}

/// A heap as the options ask.
pub fn new_heap(options: &HeapOptions) -> Heap {
    vm::runtime::gc::new_heap(heap_config(options))
}

/// An agent on `heap` with the options' limits (`--stack-limit`).
pub fn new_agent(heap: &Heap, options: &HeapOptions) -> Agent {
    let mut agent = Agent::new(heap);
    if let Some(frames) = options.stack_limit {
        agent.config.max_frames = usize::try_from(frames).unwrap_or(usize::MAX);
    }
    agent
}

fn read(path: &Path) -> Result<String, i32> {
    fs::read_to_string(path).map_err(|e| {
        eprintln!("agora: cannot read {}: {e}", path.display());
        EXIT_USAGE
    })
}

/// A JavaScript string literal for `text` (JSON's syntax is a subset of JavaScript's).
pub(crate) fn js_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// Runs a script (`agora FILE`, `agora -e CODE`).
pub fn run(args: &RunArgs) -> i32 {
    let (name, text) = match &args.input {
        Input::File(path) => match read(path) {
            Ok(text) => (path.display().to_string(), text),
            Err(code) => return code,
        },
        Input::Eval(code) => ("<eval>".to_string(), code.clone()),
        Input::Stdin => {
            let mut text = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
                eprintln!("agora: cannot read standard input: {e}");
                return EXIT_USAGE;
            }
            ("<stdin>".to_string(), text)
        }
    };
    if args.print_bytecode {
        let source = Source::new(name.as_str(), text.as_str());
        let compiled = if args.module {
            vm::parser::parse_module(&source)
                .and_then(|module| vm::compiler::compile_module(&module, &source))
        } else {
            vm::parser::parse_script(&source, Default::default())
                .and_then(|script| vm::compiler::compile_script(&script, &source))
        };
        match compiled {
            Ok(exe) => {
                let listing = vm::bytecode::disassemble(&exe);
                // A closed pipe (`agora --print-bytecode f.js | head`) ends the listing quietly.
                if std::io::stdout().write_all(listing.as_bytes()).is_err() {
                    return EXIT_OK;
                }
            }
            Err(e) => return syntax_error(&e),
        }
        if !args.run {
            return EXIT_OK;
        }
    }
    let heap = new_heap(&args.heap);
    let mut agent = new_agent(&heap, &args.heap);
    let prelude = format!(
        "var scriptArgs = [{}];",
        args.script_args
            .iter()
            .map(|a| js_string(a))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Err(e) = vm::run_script(&mut agent, "<agora prelude>", &prelude) {
        eprintln!("agora: internal error in the prelude: {e}");
        return EXIT_USAGE;
    }
    let result = if args.module {
        let path = match &args.input {
            Input::File(path) => path.clone(),
            // `agora --module -e CODE` (or `-`): specifiers resolve against the working directory.
            Input::Eval(_) => std::env::current_dir()
                .unwrap_or_default()
                .join("[eval].mjs"),
            Input::Stdin => std::env::current_dir()
                .unwrap_or_default()
                .join("[stdin].mjs"),
        };
        vm::run_module(&mut agent, &path, &name, &text).map_err(|e| match e {
            vm::ModuleRunError::Parse(e)
            | vm::ModuleRunError::Resolution(e)
            | vm::ModuleRunError::Evaluation(e) => e,
        })
    } else {
        vm::run_script(&mut agent, &name, &text)
    };
    match result {
        Ok(_) => EXIT_OK,
        Err(RunError::Syntax(e)) => syntax_error(&e),
        Err(RunError::Uncaught { message, stack, .. }) => {
            eprint!("{message}\n{stack}");
            EXIT_ERROR
        }
    }
}

fn syntax_error(e: &SyntaxError) -> i32 {
    eprintln!("{}", e.render());
    EXIT_ERROR
}

/// Where an error of the test262 host happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Parse,
    Resolution,
    Runtime,
    Harness,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Resolution => "resolution",
            Phase::Runtime => "runtime",
            Phase::Harness => "harness",
        }
    }
}

/// Runs one test262 test under the engine protocol of `crate::test262::protocol`.
pub fn test262(args: &Test262Args) -> i32 {
    let file_name = args.file.display().to_string();
    let mut includes = Vec::with_capacity(args.includes.len());
    for path in &args.includes {
        match read(path) {
            Ok(text) => includes.push((path.display().to_string(), text)),
            Err(code) => return code,
        }
    }
    let mut text = match read(&args.file) {
        Ok(text) => text,
        Err(code) => return code,
    };
    if args.strict {
        text.insert_str(0, STRICT_PREFIX);
    }
    let heap = new_heap(&args.heap);
    let mut agent = new_agent(&heap, &args.heap);
    if vm::interpreter::builtins::test262_host::install(&mut agent).is_err() {
        eprintln!("agora: out of memory creating the realm");
        return EXIT_ERROR;
    }
    for (name, source) in &includes {
        if let Err(e) = vm::run_script(&mut agent, name, source) {
            return report_test262(&mut agent, e, Phase::Harness);
        }
    }
    if args.module {
        return match vm::run_module(&mut agent, &args.file, &file_name, &text) {
            Ok(_) => EXIT_OK,
            Err(vm::ModuleRunError::Parse(e)) => report_test262(&mut agent, e, Phase::Parse),
            Err(vm::ModuleRunError::Resolution(e)) => {
                report_test262(&mut agent, e, Phase::Resolution)
            }
            Err(vm::ModuleRunError::Evaluation(e)) => report_test262(&mut agent, e, Phase::Runtime),
        };
    }
    match vm::run_script(&mut agent, &file_name, &text) {
        Ok(_) => EXIT_OK,
        Err(e) => {
            let phase = match e {
                RunError::Syntax(_) => Phase::Parse,
                RunError::Uncaught { .. } => Phase::Runtime,
            };
            report_test262(&mut agent, e, phase)
        }
    }
}

fn report_test262(agent: &mut Agent, error: RunError, phase: Phase) -> i32 {
    let (error_type, message) = match &error {
        RunError::Syntax(e) => {
            eprintln!("{}", e.render());
            ("SyntaxError".to_string(), e.message.clone())
        }
        RunError::Uncaught {
            value,
            message,
            stack,
        } => {
            eprint!("{message}\n{stack}");
            describe_thrown(agent, *value)
        }
    };
    eprintln!("{}", error_line(phase.name(), &error_type, &message));
    EXIT_ERROR
}

/// The protocol's machine-readable line.
fn error_line(phase: &str, error_type: &str, message: &str) -> String {
    let error_type: String = error_type.split_whitespace().collect();
    let error_type = if error_type.is_empty() {
        "Error".to_string()
    } else {
        error_type
    };
    let message = message.replace(['\r', '\n', '\u{2028}', '\u{2029}'], " ");
    format!("{ERROR_LINE_PREFIX}phase={phase} type={error_type} message={message}")
}

/// The `<Type>` and `<message>` of a thrown value, read without running user code:
/// `constructor.name`, else `name`, else `Object` for objects, `typeof` for primitives.
///
/// `value` is unrooted: nothing here allocates on the heap (atoms live off-heap).
fn describe_thrown(agent: &mut Agent, value: Value) -> (String, String) {
    let Some(obj) = ops::as_object(value) else {
        return (ops::type_of(value).to_string(), ops::display(agent, value));
    };
    let constructor = PropertyKey::Atom(agent.atoms.intern_str("constructor"));
    let name = PropertyKey::Atom(agent.atoms.intern_str("name"));
    let message = PropertyKey::Atom(agent.atoms.intern_str("message"));
    let text_of = |agent: &Agent, v: Value| -> Option<String> {
        ops::is_string(v)
            .then(|| ops::display(agent, v))
            .filter(|s| !s.is_empty())
    };
    let error_type = ops::lookup_data(agent, obj, constructor)
        .and_then(ops::as_object)
        .and_then(|c| ops::lookup_data(agent, c, name))
        .and_then(|n| text_of(agent, n))
        .or_else(|| ops::lookup_data(agent, obj, name).and_then(|n| text_of(agent, n)))
        .unwrap_or_else(|| "Object".to_string());
    let message = match ops::lookup_data(agent, obj, message) {
        Some(m) if !m.is_undefined() => ops::display(agent, m),
        _ => ops::display(agent, value),
    };
    (error_type, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_have_no_spaces_in_the_type_and_no_newlines() {
        assert_eq!(
            error_line("runtime", "Type Error", "a\nb"),
            "test262-error phase=runtime type=TypeError message=a b"
        );
        assert_eq!(
            error_line("parse", "", ""),
            "test262-error phase=parse type=Error message="
        );
    }

    #[test]
    fn thrown_values_are_described() {
        let heap = new_heap(&HeapOptions::default());
        let mut agent = Agent::new(&heap);
        let cases = [
            ("null.x", "TypeError"),
            ("throw 3", "number"),
            ("throw 'boom'", "string"),
            ("throw {}", "Object"),
            (
                "function E() {} E.prototype.message = 'm'; throw new E()",
                "E",
            ),
        ];
        for (code, expected) in cases {
            let Err(RunError::Uncaught { value, .. }) = vm::run_script(&mut agent, "t.js", code)
            else {
                panic!("{code} did not throw")
            };
            assert_eq!(describe_thrown(&mut agent, value).0, expected, "{code}");
        }
    }
}
