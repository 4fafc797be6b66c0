//! The `console` namespace (WHATWG Console Standard, <https://console.spec.whatwg.org/>),
//! printing like Node.js.
//!
//! `console.log`/`info`/`debug` write to the same sink as `print` (the agent's captured
//! output, else stdout); `error`/`warn`/`trace` and failed `assert`s write to stderr unless
//! output is captured. Arguments are formatted like Node's `util.formatWithOptions`: a first
//! string argument may hold format specifiers (`%s %d %i %f %j %o %O %c %%`), strings print
//! raw at the top level, every other value goes through [`inspect`].
//!
//! [`inspect`] follows Node's `util.inspect` defaults (depth 2, `breakLength` 80, `compact`
//! 3, arrays over 6 items grouped in columns, `<ref *1>` / `[Circular *1]` for cycles). It
//! only reads the heap (own data properties, internal slots; accessors print as
//! `[Getter]`/`[Setter]`), so it never runs JavaScript and never allocates.

use heap::{HeapError, ObjectRef};

use super::json::create_namespace;
use super::map::Table;
use super::{arg, native, Family, Home, R};
use crate::interpreter::ops::{self, as_object, is_string, is_symbol, lookup_data, Own};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARRAY, CLASS_BOOLEAN_WRAPPER, CLASS_ERROR, CLASS_FUNCTION,
    CLASS_MAP, CLASS_NUMBER_WRAPPER, CLASS_SET, CLASS_STRING_WRAPPER, CLASS_SYMBOL_WRAPPER,
    CLASS_TYPED_ARRAY, CLASS_WEAK_MAP, CLASS_WEAK_SET, FN_FIELDS,
};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, Atom, PropertyKey};
use crate::runtime::number::{number_to_string, parse_float, parse_int};
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

const C: Home = Home::On(Intrinsic::Console);

/// The family: the `console` object.
pub static FAMILY: Family = Family {
    name: "console",
    create: Some(create_intrinsics),
    natives: &[
        native!(C, "log", 0, console_log),
        native!(C, "info", 0, console_log),
        native!(C, "debug", 0, console_log),
        native!(C, "error", 0, console_error),
        native!(C, "warn", 0, console_error),
        native!(C, "trace", 0, console_trace),
        native!(C, "assert", 0, console_assert),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    create_namespace(agent, Intrinsic::Console, "console", None)
}

/// Writes a line to the captured output, or to stdout / stderr.
fn emit(agent: &mut Agent, line: &str, to_stderr: bool) {
    use std::io::Write;
    match &mut agent.roots.vm.output {
        Some(buffer) => {
            buffer.push_str(line);
            buffer.push('\n');
        }
        // A closed stream ends the output quietly.
        None if to_stderr => {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        }
        None => {
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        }
    }
}

fn console_log(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let line = format_args(agent, args)?;
    emit(agent, &line, false);
    Ok(Value::UNDEFINED)
}

fn console_error(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let line = format_args(agent, args)?;
    emit(agent, &line, true);
    Ok(Value::UNDEFINED)
}

fn console_trace(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let line = format_args(agent, args)?;
    let line = if line.is_empty() {
        "Trace".to_string()
    } else {
        format!("Trace: {line}")
    };
    emit(agent, &line, true);
    Ok(Value::UNDEFINED)
}

fn console_assert(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    if ops::to_boolean(arg(args, 0)) {
        return Ok(Value::UNDEFINED);
    }
    let rest = args.get(1..).unwrap_or(&[]);
    let line = format_args(agent, rest)?;
    let line = if line.is_empty() {
        "Assertion failed".to_string()
    } else {
        format!("Assertion failed: {line}")
    };
    emit(agent, &line, true);
    Ok(Value::UNDEFINED)
}

fn text_of(v: Value) -> String {
    string::to_rust_string(v.as_cell().expect("a string"))
}

/// Node's `formatWithOptions`: format specifiers in a leading string, then the remaining
/// arguments separated by spaces (strings raw, everything else inspected).
pub fn format_args(agent: &mut Agent, args: &[Value]) -> Result<String, Throw> {
    let mut out = String::new();
    let mut next = 0;
    if let Some(&first) = args.first() {
        if is_string(first) && args.len() > 1 {
            next = 1;
            let f: Vec<char> = text_of(first).chars().collect();
            let mut i = 0;
            while i < f.len() {
                if f[i] == '%' && i + 1 < f.len() {
                    let spec = f[i + 1];
                    if spec == '%' {
                        out.push('%');
                        i += 2;
                        continue;
                    }
                    if "sdifjoOc".contains(spec) && next < args.len() {
                        let a = args[next];
                        next += 1;
                        out.push_str(&format_spec(agent, spec, a)?);
                        i += 2;
                        continue;
                    }
                }
                out.push(f[i]);
                i += 1;
            }
        }
    }
    for (k, &a) in args.iter().enumerate().skip(next) {
        if k > 0 || !out.is_empty() {
            out.push(' ');
        }
        if is_string(a) {
            out.push_str(&text_of(a));
        } else {
            out.push_str(&inspect(agent, a));
        }
    }
    Ok(out)
}

fn format_spec(agent: &mut Agent, spec: char, a: Value) -> Result<String, Throw> {
    Ok(match spec {
        's' => {
            if is_string(a) {
                text_of(a)
            } else if as_object(a).is_some() {
                let stack = agent.atoms.intern_str("stack");
                Inspector::new(agent, 1, stack).top(a)
            } else {
                inspect(agent, a)
            }
        }
        'd' | 'i' if a.is_bigint() => inspect(agent, a),
        'd' | 'i' | 'f' => {
            let n = if as_object(a).is_some() || is_symbol(a) {
                f64::NAN
            } else if spec == 'd' {
                ops::to_number_primitive(a).unwrap_or(f64::NAN)
            } else {
                let s = if is_string(a) {
                    string::units(a.as_cell().expect("a string"))
                } else {
                    ops::display(agent, a).encode_utf16().collect()
                };
                if spec == 'i' {
                    parse_int(&s, None)
                } else {
                    parse_float(&s)
                }
            };
            format_number(n)
        }
        'j' => {
            let s = super::json::stringify_value(agent, a)?;
            if s.is_undefined() {
                "undefined".into()
            } else {
                text_of(s)
            }
        }
        'o' | 'O' => inspect(agent, a),
        _ => String::new(), // %c: CSS, ignored
    })
}

fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else {
        number_to_string(n)
    }
}

/// `util.inspect(v)` with Node's defaults.
pub fn inspect(agent: &mut Agent, v: Value) -> String {
    let stack = agent.atoms.intern_str("stack");
    Inspector::new(agent, 2, stack).top(v)
}

const BREAK_LENGTH: usize = 80;
const COMPACT: usize = 3;
const MAX_ARRAY_LENGTH: u32 = 100;

struct Inspector<'a> {
    agent: &'a Agent,
    depth: usize,
    /// The objects being formatted (cycle detection).
    seen: Vec<ObjectRef>,
    /// Objects found to be circular, with their reference numbers.
    circular: Vec<(ObjectRef, usize)>,
    indentation: usize,
    current_depth: usize,
    /// The atom `stack`.
    stack: Atom,
}

/// What kind of brace list an object prints as.
#[derive(PartialEq)]
enum Extras {
    Object,
    Array,
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Node's strEscape: single quotes unless the text has some and no double quotes (then
/// double quotes), or has both but no backticks (then backticks).
fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

impl<'a> Inspector<'a> {
    fn new(agent: &'a Agent, depth: usize, stack: Atom) -> Inspector<'a> {
        Inspector {
            stack,
            agent,
            depth,
            seen: Vec::new(),
            circular: Vec::new(),
            indentation: 0,
            current_depth: 0,
        }
    }

    fn top(&mut self, v: Value) -> String {
        self.value(v, 0)
    }

    fn string_of(&self, v: Value) -> Option<String> {
        is_string(v).then(|| text_of(v))
    }

    fn primitive(&self, v: Value) -> Option<String> {
        if v.is_undefined() {
            return Some("undefined".into());
        }
        if v.is_null() {
            return Some("null".into());
        }
        if let Some(b) = v.as_bool() {
            return Some(b.to_string());
        }
        if let Some(n) = v.as_number() {
            return Some(format_number(n));
        }
        if let Some(s) = self.string_of(v) {
            return Some(quote(&s));
        }
        if is_symbol(v) {
            return Some(super::symbol::descriptive_string(v));
        }
        if let Some(text) = crate::runtime::bigint::decimal_text(v) {
            return Some(format!("{text}n"));
        }
        if v.as_cell().is_some_and(|c| !object::is_object(c)) {
            return Some("<internal>".into());
        }
        None
    }

    fn value(&mut self, v: Value, depth: usize) -> String {
        if let Some(p) = self.primitive(v) {
            return p;
        }
        let Some(obj) = as_object(v) else {
            return format!("{v:?}");
        };
        if self.seen.contains(&obj) {
            let id = match self.circular.iter().find(|(o, _)| *o == obj) {
                Some(&(_, id)) => id,
                None => {
                    let id = self.circular.len() + 1;
                    self.circular.push((obj, id));
                    id
                }
            };
            return format!("[Circular *{id}]");
        }
        self.raw(obj, depth)
    }

    /// The own property `key` of `obj` (data value, or an accessor description).
    fn property(&mut self, obj: ObjectRef, key: PropertyKey, depth: usize) -> String {
        match ops::own_property(self.agent, obj, key) {
            Some(Own::Data { value, .. }) => {
                self.indentation += 2;
                let s = self.value(value, depth + 1);
                self.indentation -= 2;
                s
            }
            Some(Own::Accessor { pair, .. }) => {
                let g = !object::accessor_getter(pair).is_undefined();
                let s = !object::accessor_setter(pair).is_undefined();
                match (g, s) {
                    (true, true) => "[Getter/Setter]".into(),
                    (true, false) => "[Getter]".into(),
                    (false, true) => "[Setter]".into(),
                    _ => "undefined".into(),
                }
            }
            None => "undefined".into(),
        }
    }

    fn key_text(&self, key: PropertyKey) -> String {
        match key {
            PropertyKey::Index(i) => format!("'{i}'"),
            PropertyKey::Atom(a) => {
                let s = String::from_utf16_lossy(self.agent.atoms.text(a));
                if is_identifier(&s) {
                    s
                } else {
                    quote(&s)
                }
            }
            PropertyKey::Symbol(s) => {
                format!("[{}]", super::symbol::descriptive_string(Value::cell(s)))
            }
        }
    }

    /// The enumerable own keys to show (`skip_indices` for arrays, whose elements are
    /// listed separately).
    fn keys(&self, obj: ObjectRef, skip_indices: bool) -> Vec<PropertyKey> {
        ops::own_keys(self.agent, obj)
            .into_iter()
            .filter(|&k| {
                !(skip_indices && matches!(k, PropertyKey::Index(_)))
                    && ops::own_property(self.agent, obj, k)
                        .is_some_and(|p| p.attributes().contains(Attributes::ENUMERABLE))
            })
            .collect()
    }

    fn constructor_name(&self, obj: ObjectRef) -> Option<String> {
        let mut proto = object::proto(obj);
        while let Some(p) = as_object(proto) {
            if let Some(ctor) = lookup_data(self.agent, p, PropertyKey::Atom(names::CONSTRUCTOR))
                .and_then(as_object)
            {
                if let Some(name) = lookup_data(self.agent, ctor, PropertyKey::Atom(names::NAME))
                    .and_then(|n| self.string_of(n))
                {
                    if !name.is_empty() {
                        return Some(name);
                    }
                }
            }
            proto = object::proto(p);
        }
        None
    }

    fn function_base(&self, obj: ObjectRef) -> String {
        let name = lookup_data(self.agent, obj, PropertyKey::Atom(names::NAME))
            .and_then(|n| self.string_of(n))
            .unwrap_or_default();
        let is_class =
            object::class(obj) == CLASS_FUNCTION && object::internal_slot(obj, FN_FIELDS).is_some();
        if is_class {
            let mut s = if name.is_empty() {
                "[class (anonymous)".to_string()
            } else {
                format!("[class {name}")
            };
            if let Some(parent) = as_object(object::proto(obj)) {
                let fp = intrinsic(self.agent, Intrinsic::FunctionPrototype);
                if Value::cell(parent) != fp {
                    if let Some(pn) =
                        lookup_data(self.agent, parent, PropertyKey::Atom(names::NAME))
                            .and_then(|n| self.string_of(n))
                    {
                        s.push_str(&format!(" extends {pn}"));
                    }
                }
            }
            s.push(']');
            return s;
        }
        if name.is_empty() {
            "[Function (anonymous)]".into()
        } else {
            format!("[Function: {name}]")
        }
    }

    fn raw(&mut self, obj: ObjectRef, depth: usize) -> String {
        let class = object::class(obj);
        let ctor = self.constructor_name(obj);
        let null_proto = object::proto(obj).is_null();
        let is_fn = ops::is_callable(Value::cell(obj));
        let is_array = class == CLASS_ARRAY;
        // Too deep: a short tag.
        if depth > self.depth {
            if is_fn {
                return self.function_base(obj);
            }
            if is_array {
                return "[Array]".into();
            }
            return match ctor {
                _ if null_proto => "[Object: null prototype]".into(),
                Some(name) => format!("[{name}]"),
                None => "[Object]".into(),
            };
        }
        let prefix = |fallback: &str, size: Option<u32>| -> String {
            let name = match &ctor {
                Some(n) => n.clone(),
                None if null_proto => format!("[{fallback}: null prototype]"),
                None => fallback.to_string(),
            };
            match size {
                Some(n) => format!("{name}({n}) "),
                None if name == fallback => String::new(),
                None => format!("{name} "),
            }
        };
        let mut base = String::new();
        let mut extras = Extras::Object;
        let braces: (String, String);
        let mut entries_len = 0u32;
        let keys;
        match class {
            CLASS_ARRAY => {
                extras = Extras::Array;
                entries_len = object::elements_len(obj);
                let p = if ctor.as_deref() == Some("Array") {
                    String::new()
                } else {
                    prefix("Array", Some(entries_len))
                };
                braces = (format!("{p}["), "]".into());
                keys = self.keys(obj, true);
            }
            CLASS_TYPED_ARRAY => {
                // Node's form: `Uint8Array(3) [ 1, 2, 3 ]`.
                extras = Extras::Array;
                let name = super::typed_array::kind(obj).name();
                entries_len = super::typed_array::length(obj).unwrap_or(0) as u32;
                braces = (format!("{}[", prefix(name, Some(entries_len))), "]".into());
                keys = self.keys(obj, true);
            }
            CLASS_MAP | CLASS_SET => {
                let fallback = if class == CLASS_MAP { "Map" } else { "Set" };
                let size = Table(obj).size();
                braces = (format!("{}{{", prefix(fallback, Some(size))), "}".into());
                entries_len = size;
                keys = self.keys(obj, false);
            }
            CLASS_WEAK_MAP | CLASS_WEAK_SET => {
                let fallback = if class == CLASS_WEAK_MAP {
                    "WeakMap"
                } else {
                    "WeakSet"
                };
                let name = ctor.clone().unwrap_or_else(|| fallback.to_string());
                return format!("{name} {{ <items unknown> }}");
            }
            _ => {
                keys = self.keys(obj, false);
                if is_fn {
                    base = self.function_base(obj);
                } else if class == CLASS_ERROR {
                    base = self.error_base(obj);
                } else if let Some(b) = self.wrapper_base(obj, class) {
                    base = b;
                }
                if !base.is_empty() && keys.is_empty() {
                    return base;
                }
                let p = if base.is_empty() {
                    prefix("Object", None)
                } else {
                    String::new()
                };
                braces = (format!("{p}{{"), "}".into());
            }
        }
        if keys.is_empty() && entries_len == 0 {
            let b = if base.is_empty() {
                String::new()
            } else {
                format!("{base} ")
            };
            if extras == Extras::Array {
                return format!("{b}{}]", braces.0);
            }
            return format!("{b}{}}}", braces.0);
        }
        self.seen.push(obj);
        self.current_depth = depth;
        let mut output: Vec<String> = Vec::new();
        match class {
            CLASS_ARRAY => self.array_entries(obj, depth, &mut output),
            CLASS_TYPED_ARRAY => {
                let len = entries_len.min(MAX_ARRAY_LENGTH);
                for i in 0..len {
                    let text = match super::typed_array::read_content(obj, f64::from(i)) {
                        Some(super::typed_array::Content::Number(n)) => {
                            self.value(Value::number(n), depth + 1)
                        }
                        Some(_) => super::typed_array::element_text(obj, i as usize)
                            .map_or_else(String::new, |t| format!("{t}n")),
                        None => "undefined".into(),
                    };
                    output.push(text);
                }
                if entries_len > len {
                    let rest = entries_len - len;
                    let s = if rest == 1 { "" } else { "s" };
                    output.push(format!("... {rest} more item{s}"));
                }
            }
            CLASS_MAP | CLASS_SET => {
                let t = Table(obj);
                self.indentation += 2;
                for p in 0..t.positions() {
                    if let Some((k, v)) = t.entry(p) {
                        let ks = self.value(k, depth + 1);
                        if class == CLASS_MAP {
                            let vs = self.value(v, depth + 1);
                            output.push(format!("{ks} => {vs}"));
                        } else {
                            output.push(ks);
                        }
                    }
                }
                self.indentation -= 2;
            }
            _ => {}
        }
        for key in keys {
            let v = self.property(obj, key, depth);
            output.push(format!("{}: {v}", self.key_text(key)));
        }
        self.seen.pop();
        if let Some(&(_, id)) = self.circular.iter().find(|(o, _)| *o == obj) {
            let reference = format!("<ref *{id}>");
            base = if base.is_empty() {
                reference
            } else {
                format!("{reference} {base}")
            };
        }
        self.reduce(output, &base, &braces, &extras, depth, obj)
    }

    fn array_entries(&mut self, obj: ObjectRef, depth: usize, output: &mut Vec<String>) {
        let len = object::elements_len(obj);
        let shown = len.min(MAX_ARRAY_LENGTH);
        let mut i = 0;
        let mut holes = 0u32;
        let flush = |holes: &mut u32, output: &mut Vec<String>| {
            if *holes > 0 {
                let s = if *holes == 1 { "" } else { "s" };
                output.push(format!("<{holes} empty item{s}>"));
                *holes = 0;
            }
        };
        while i < shown {
            match object::element(obj, i) {
                Some(v) => {
                    flush(&mut holes, output);
                    self.indentation += 2;
                    let s = self.value(v, depth + 1);
                    self.indentation -= 2;
                    output.push(s);
                }
                None => holes += 1,
            }
            i += 1;
        }
        flush(&mut holes, output);
        if len > shown {
            let rest = len - shown;
            let s = if rest == 1 { "" } else { "s" };
            output.push(format!("... {rest} more item{s}"));
        }
    }

    fn error_base(&self, obj: ObjectRef) -> String {
        let get = |key| {
            let mut o = Some(obj);
            while let Some(cur) = o {
                if let Some(v) = lookup_data(self.agent, cur, PropertyKey::Atom(key)) {
                    return Some(v);
                }
                o = as_object(object::proto(cur));
            }
            None
        };
        if let Some(stack) = get(self.stack).and_then(|s| self.string_of(s)) {
            return stack;
        }
        let name = get(names::NAME)
            .and_then(|s| self.string_of(s))
            .unwrap_or_else(|| "Error".into());
        let msg = get(names::MESSAGE)
            .and_then(|s| self.string_of(s))
            .unwrap_or_default();
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    fn wrapper_base(&mut self, obj: ObjectRef, class: u8) -> Option<String> {
        let (tag, v) = match class {
            CLASS_NUMBER_WRAPPER => ("Number", object::internal_slot(obj, 0)?),
            CLASS_STRING_WRAPPER => ("String", object::internal_slot(obj, 0)?),
            CLASS_BOOLEAN_WRAPPER => ("Boolean", object::internal_slot(obj, 0)?),
            CLASS_SYMBOL_WRAPPER => ("Symbol", object::internal_slot(obj, 0)?),
            crate::interpreter::realm::CLASS_BIGINT_WRAPPER => {
                ("BigInt", object::internal_slot(obj, 0)?)
            }
            _ => return None,
        };
        let inner = self.primitive(v)?;
        Some(format!("[{tag}: {inner}]"))
    }

    /// Node's reduceToSingleString (with groupArrayElements for long arrays).
    fn reduce(
        &mut self,
        mut output: Vec<String>,
        base: &str,
        braces: &(String, String),
        extras: &Extras,
        depth: usize,
        obj: ObjectRef,
    ) -> String {
        let entries = output.len();
        if *extras == Extras::Array && entries > 6 {
            output = self.group_array_elements(output, obj);
        }
        if self.current_depth - depth < COMPACT && entries == output.len() {
            let start = output.len() + self.indentation + braces.0.len() + base.len() + 10;
            if self.below_break_length(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    let b = if base.is_empty() {
                        String::new()
                    } else {
                        format!("{base} ")
                    };
                    return format!("{b}{} {joined} {}", braces.0, braces.1);
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        let b = if base.is_empty() {
            String::new()
        } else {
            format!("{base} ")
        };
        format!(
            "{b}{}{indentation}  {}{indentation}{}",
            braces.0,
            output.join(&format!(",{indentation}  ")),
            braces.1
        )
    }

    fn below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > BREAK_LENGTH {
            return false;
        }
        for o in output {
            total += o.chars().count();
            if total > BREAK_LENGTH {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    fn group_array_elements(&self, output: Vec<String>, obj: ObjectRef) -> Vec<String> {
        let mut total = 0usize;
        let mut max_len = 0usize;
        let mut output_len = output.len();
        if object::elements_len(obj) > MAX_ARRAY_LENGTH {
            output_len -= 1;
        }
        let separator_space = 2;
        let data_len: Vec<usize> = output.iter().map(|o| o.chars().count()).collect();
        for &len in &data_len[..output_len] {
            total += len + separator_space;
            max_len = max_len.max(len);
        }
        let actual_max = max_len + separator_space;
        if actual_max * 3 + self.indentation < BREAK_LENGTH
            && (total as f64 / actual_max as f64 > 5.0 || max_len <= 6)
        {
            let average_bias = (actual_max as f64 - total as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let columns = ((2.5 * biased_max * output_len as f64).sqrt() / biased_max)
                .round()
                .min(((BREAK_LENGTH - self.indentation) / actual_max) as f64)
                .min((COMPACT * 4) as f64)
                .min(15.0) as usize;
            if columns <= 1 {
                return output;
            }
            let mut max_line_length = Vec::new();
            for i in 0..columns {
                let mut line = 0;
                let mut j = i;
                while j < output_len {
                    line = line.max(data_len[j]);
                    j += columns;
                }
                max_line_length.push(line + separator_space);
            }
            // Numbers are right-aligned, everything else left-aligned.
            let numbers = (0..output.len() as u32).all(|i| {
                i < object::elements_len(obj)
                    && object::element(obj, i).is_some_and(|v| v.is_number())
            });
            let mut tmp = Vec::new();
            let mut i = 0;
            while i < output_len {
                let max = (i + columns).min(output_len);
                let mut line = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    let width = max_line_length[j - i];
                    line.push_str(&pad(&cell, width, numbers));
                    j += 1;
                }
                if numbers {
                    let width = max_line_length[j - i] - separator_space;
                    line.push_str(&pad(&output[j], width, true));
                } else {
                    line.push_str(&output[j]);
                }
                tmp.push(line);
                i += columns;
            }
            if output_len < output.len() {
                tmp.push(output[output_len].clone());
            }
            return tmp;
        }
        output
    }
}

fn pad(s: &str, width: usize, start: bool) -> String {
    let len = s.chars().count();
    if len >= width {
        return s.to_string();
    }
    let fill = " ".repeat(width - len);
    if start {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}
