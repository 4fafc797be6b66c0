//! 22.2 RegExp (Regular Expression) Objects
//! <https://tc39.es/ecma262/2024/#sec-regexp-regular-expression-objects>
//!
//! The `RegExp` constructor (§22.2.4), `RegExp[@@species]` (§22.2.5.2), the methods and
//! accessors of `RegExp.prototype` (§22.2.6), %RegExpStringIteratorPrototype% (§22.2.9) and
//! Annex B's `RegExp.prototype.compile` (§B.2.4.1). Matching is done by the `regress`
//! crate; the compiled matchers live in the agent's table (`runtime::regexp`), and a RegExp
//! object (`CLASS_REGEXP`) holds its [[OriginalSource]], [[OriginalFlags]] and the index of
//! its matcher in internal slots. Also the abstract operations String.prototype's methods
//! share: RegExpCreate, IsRegExp, GetSubstitution, AdvanceStringIndex, SpeciesConstructor.

use heap::{HeapError, ObjectRef};

use super::{arg, array_from, iter_result, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, define_own, get_property, is_callable, same_value, to_boolean, to_number,
    to_string_value, Descriptor,
};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_REGEXP, CLASS_REGEXP_STRING_ITERATOR,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::{to_integer_or_infinity, to_length, to_uint32};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::string;
use crate::runtime::value::Value;

const RP: Home = Home::On(Intrinsic::RegExpPrototype);
const RC: Home = Home::On(Intrinsic::RegExpConstructor);
const RSIP: Home = Home::On(Intrinsic::RegExpStringIteratorPrototype);

/// RegExp internal slot: [[OriginalSource]] (a string).
const RX_SOURCE: usize = 0;
/// RegExp internal slot: [[OriginalFlags]] (a string).
const RX_FLAGS: usize = 1;
/// RegExp internal slot: [[RegExpMatcher]], the index of the compiled matcher in the agent's
/// table, or `undefined` before RegExpInitialize.
const RX_MATCHER: usize = 2;

/// RegExp String Iterator internal slots: [[IteratingRegExp]], [[IteratedString]],
/// [[Global]], [[Unicode]], [[Done]].
const RSI_REGEXP: usize = 0;
const RSI_STRING: usize = 1;
const RSI_GLOBAL: usize = 2;
const RSI_UNICODE: usize = 3;
const RSI_DONE: usize = 4;

/// The family: `RegExp`, `RegExp.prototype` and %RegExpStringIteratorPrototype%.
pub static FAMILY: Family = Family {
    name: "RegExp",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "RegExp",
            2,
            regexp_constructor,
            constructor(
                Some(Intrinsic::RegExpConstructor),
                Some(Intrinsic::RegExpPrototype)
            )
        ),
        native!(RC, "escape", 1, escape),
        native!(RC, "[Symbol.species]", species_getter, getter),
        native!(RP, "compile", 2, compile),
        native!(RP, "exec", 1, exec),
        native!(
            RP,
            "dotAll",
            |a, t, _, _| flag_getter(a, t, 's', "dotAll"),
            getter
        ),
        native!(RP, "flags", flags_getter, getter),
        native!(
            RP,
            "global",
            |a, t, _, _| flag_getter(a, t, 'g', "global"),
            getter
        ),
        native!(
            RP,
            "hasIndices",
            |a, t, _, _| flag_getter(a, t, 'd', "hasIndices"),
            getter
        ),
        native!(
            RP,
            "ignoreCase",
            |a, t, _, _| flag_getter(a, t, 'i', "ignoreCase"),
            getter
        ),
        native!(
            RP,
            "multiline",
            |a, t, _, _| flag_getter(a, t, 'm', "multiline"),
            getter
        ),
        native!(RP, "source", source_getter, getter),
        native!(
            RP,
            "sticky",
            |a, t, _, _| flag_getter(a, t, 'y', "sticky"),
            getter
        ),
        native!(RP, "test", 1, test),
        native!(RP, "toString", 0, to_string),
        native!(
            RP,
            "unicode",
            |a, t, _, _| flag_getter(a, t, 'u', "unicode"),
            getter
        ),
        native!(
            RP,
            "unicodeSets",
            |a, t, _, _| flag_getter(a, t, 'v', "unicodeSets"),
            getter
        ),
        native!(RP, "[Symbol.match]", 1, symbol_match),
        native!(RP, "[Symbol.matchAll]", 1, symbol_match_all),
        native!(RP, "[Symbol.replace]", 2, symbol_replace),
        native!(RP, "[Symbol.search]", 1, symbol_search),
        native!(RP, "[Symbol.split]", 2, symbol_split),
        native!(RSIP, "next", 0, string_iterator_next),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = object::new_object(agent, op, 8)?;
    agent.roots.vm.intrinsics[Intrinsic::RegExpPrototype as usize] = Value::cell(proto);
    // %IteratorPrototype% (the Iterator family is created before this one).
    let iter_proto = intrinsic(agent, Intrinsic::IteratorPrototype);
    let rsip = object::new_object(agent, iter_proto, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::RegExpStringIteratorPrototype as usize] =
        Value::cell(rsip);
    super::add_to_string_tag(agent, Value::cell(rsip), "RegExp String Iterator")?;
    Ok(())
}

// ----- Small helpers -----

fn syntax_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::SyntaxError, message)
}

fn units_of(v: Value) -> Vec<u16> {
    string::units(v.as_cell().expect("a string"))
}

/// `ToString(v)` as code units.
pub(crate) fn to_units(agent: &mut Agent, v: Value) -> Result<Vec<u16>, Throw> {
    let s = to_string_value(agent, v)?;
    Ok(units_of(s))
}

fn new_units(agent: &mut Agent, units: &[u16]) -> R {
    Ok(Value::cell(string::from_units(agent, units)?))
}

fn symbol_key(agent: &Agent, which: Intrinsic) -> PropertyKey {
    PropertyKey::Symbol(intrinsic(agent, which).as_cell().expect("a symbol"))
}

fn key(agent: &mut Agent, text: &str) -> PropertyKey {
    let units: Vec<u16> = text.encode_utf16().collect();
    agent.atoms.key(&units)
}

/// `Get(v, name)`.
fn get_named(agent: &mut Agent, v: Value, name: &str) -> R {
    let k = key(agent, name);
    get_property(agent, v, k)
}

/// `Set(obj, key, value, true)`.
fn set(agent: &mut Agent, obj: Value, key: PropertyKey, value: Value) -> Result<(), Throw> {
    ops::set_property(agent, obj, key, value, true)
}

fn set_last_index(agent: &mut Agent, obj: Value, index: f64) -> Result<(), Throw> {
    set(
        agent,
        obj,
        PropertyKey::Atom(names::LAST_INDEX),
        Value::number(index),
    )
}

/// `ToLength(Get(obj, "lastIndex"))`.
fn get_last_index(agent: &mut Agent, obj: Value) -> Result<f64, Throw> {
    let v = get_property(agent, obj, PropertyKey::Atom(names::LAST_INDEX))?;
    Ok(to_length(to_number(agent, v)?) as f64)
}

/// The RegExp object `v`, if it has a [[RegExpMatcher]] (initialised).
fn as_regexp(v: Value) -> Option<ObjectRef> {
    as_object(v).filter(|&o| {
        object::class(o) == CLASS_REGEXP
            && object::internal_slot(o, RX_MATCHER).is_some_and(|m| m.as_int().is_some())
    })
}

fn this_object(this: Value, method: &str) -> Result<ObjectRef, Throw> {
    as_object(this).ok_or_else(|| {
        type_error(format!(
            "RegExp.prototype.{method} called on incompatible receiver"
        ))
    })
}

/// 7.2.8 IsRegExp ( argument )
pub(crate) fn is_regexp(agent: &mut Agent, v: Value) -> Result<bool, Throw> {
    if as_object(v).is_none() {
        return Ok(false);
    }
    let k = symbol_key(agent, Intrinsic::SymbolMatch);
    let matcher = get_property(agent, v, k)?;
    if !matcher.is_undefined() {
        return Ok(to_boolean(matcher));
    }
    Ok(as_regexp(v).is_some())
}

/// 22.1.3.19.1 AdvanceStringIndex ( S, index, unicode )
pub(crate) fn advance_string_index(s: &[u16], index: f64, unicode: bool) -> f64 {
    if !unicode || index + 1.0 >= s.len() as f64 {
        return index + 1.0;
    }
    let i = index as usize;
    if (0xD800..0xDC00).contains(&s[i]) && (0xDC00..0xE000).contains(&s[i + 1]) {
        index + 2.0
    } else {
        index + 1.0
    }
}

/// 7.3.22 SpeciesConstructor ( O, defaultConstructor )
pub(crate) fn species_constructor(agent: &mut Agent, o: Value, default: Intrinsic) -> R {
    let c = get_property(agent, o, PropertyKey::Atom(names::CONSTRUCTOR))?;
    if c.is_undefined() {
        return Ok(intrinsic(agent, default));
    }
    if as_object(c).is_none() {
        return Err(type_error("object.constructor is not an object"));
    }
    let k = symbol_key(agent, Intrinsic::SymbolSpecies);
    let s = agent.scope(|agent| {
        agent.root(c);
        get_property(agent, c, k)
    })?;
    if s.is_nullish() {
        return Ok(intrinsic(agent, default));
    }
    if ops::is_constructor(agent, s) {
        return Ok(s);
    }
    Err(type_error(
        "object.constructor[Symbol.species] is not a constructor",
    ))
}

// ----- Creation -----

/// 22.2.3.2 RegExpAlloc ( newTarget )
fn regexp_alloc(agent: &mut Agent, new_target: Value) -> Result<ObjectRef, Throw> {
    let proto = prototype_from_constructor(agent, new_target, Intrinsic::RegExpPrototype)?;
    let obj = new_object_with_class(agent, proto, 2, CLASS_REGEXP, 3)?;
    agent.scope(|agent| {
        agent.root(Value::cell(obj));
        ops::define_property_or_throw(
            agent,
            obj,
            PropertyKey::Atom(names::LAST_INDEX),
            Descriptor {
                value: Some(Value::UNDEFINED),
                writable: Some(true),
                enumerable: Some(false),
                configurable: Some(false),
                ..Descriptor::default()
            },
        )?;
        Ok(obj)
    })
}

/// Checks that `flags` are distinct members of `dgimsuyv`, not both `u` and `v`.
fn valid_flags(flags: &[u16]) -> Option<String> {
    let mut seen = [false; 128];
    for &u in flags {
        let c = char::from_u32(u32::from(u)).filter(|c| "dgimsuyv".contains(*c))?;
        if seen[c as usize] {
            return None;
        }
        seen[c as usize] = true;
    }
    if seen[b'u' as usize] && seen[b'v' as usize] {
        return None;
    }
    Some(String::from_utf16_lossy(flags))
}

/// 22.2.3.3 RegExpInitialize ( obj, pattern, flags ): `obj` is rooted by the caller.
fn regexp_initialize(agent: &mut Agent, obj: ObjectRef, pattern: Value, flags: Value) -> R {
    agent.scope(|agent| {
        agent.root(flags);
        // 1-4. P and F as strings.
        let p = if pattern.is_undefined() {
            ops::new_string(agent, "")?
        } else {
            to_string_value(agent, pattern)?
        };
        let p_root = agent.root(p);
        let f = if flags.is_undefined() {
            ops::new_string(agent, "")?
        } else {
            to_string_value(agent, flags)?
        };
        let f_root = agent.root(f);
        // 5-6. Validate the flags.
        let flag_units = units_of(f);
        let Some(flag_text) = valid_flags(&flag_units) else {
            return Err(syntax_error(format!(
                "Invalid regular expression flags '{}'",
                String::from_utf16_lossy(&flag_units)
            )));
        };
        // 7-16. Parse the pattern.
        let pattern_units = units_of(p);
        let index = match agent.roots.vm.regexps.compile(&pattern_units, &flag_text) {
            Ok(i) => i,
            Err(e) => {
                return Err(syntax_error(format!(
                    "Invalid regular expression: /{}/{flag_text}: {e}",
                    String::from_utf16_lossy(&pattern_units)
                )))
            }
        };
        let (p, f) = (agent.get(p_root), agent.get(f_root));
        object::set_internal_slot(agent, obj, RX_SOURCE, p);
        object::set_internal_slot(agent, obj, RX_FLAGS, f);
        object::set_internal_slot(agent, obj, RX_MATCHER, Value::int(index as i32));
        // 12. Perform ? Set(obj, "lastIndex", +0𝔽, true).
        set_last_index(agent, Value::cell(obj), 0.0)?;
        Ok(Value::cell(obj))
    })
}

/// 22.2.3.1 RegExpCreate ( P, F )
pub(crate) fn regexp_create(agent: &mut Agent, pattern: Value, flags: Value) -> R {
    agent.scope(|agent| {
        agent.root(pattern);
        agent.root(flags);
        let nt = intrinsic(agent, Intrinsic::RegExpConstructor);
        let obj = regexp_alloc(agent, nt)?;
        agent.root(Value::cell(obj));
        regexp_initialize(agent, obj, pattern, flags)
    })
}

/// The `CreateRegExp` instruction: a new RegExp object for a literal (its pattern and flags
/// were validated when the literal was scanned).
pub fn create_from_literal(agent: &mut Agent, pattern: &str, flags: &str) -> R {
    agent.scope(|agent| {
        let p = ops::new_string(agent, pattern)?;
        agent.root(p);
        let f = ops::new_string(agent, flags)?;
        agent.root(f);
        regexp_create(agent, p, f)
    })
}

/// 22.2.4.1 RegExp ( pattern, flags )
fn regexp_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    agent.scope(|agent| {
        // 1. Let patternIsRegExp be ? IsRegExp(pattern).
        let pattern_is_regexp = is_regexp(agent, pattern)?;
        // 2-3. A call returns `pattern` itself when it is a RegExp with this constructor.
        let new_target = if nt.is_undefined() {
            let nt = intrinsic(agent, Intrinsic::RegExpConstructor);
            if pattern_is_regexp && flags.is_undefined() {
                let ctor = get_property(agent, pattern, PropertyKey::Atom(names::CONSTRUCTOR))?;
                if same_value(nt, ctor) {
                    return Ok(pattern);
                }
            }
            nt
        } else {
            nt
        };
        agent.root(new_target);
        // 4-6. P and F.
        let (p, f) = if let Some(rx) = as_regexp(pattern) {
            let p = object::internal_slot(rx, RX_SOURCE).unwrap_or(Value::UNDEFINED);
            let f = if flags.is_undefined() {
                object::internal_slot(rx, RX_FLAGS).unwrap_or(Value::UNDEFINED)
            } else {
                flags
            };
            (p, f)
        } else if pattern_is_regexp {
            let p = get_named(agent, pattern, "source")?;
            agent.root(p);
            let f = if flags.is_undefined() {
                get_named(agent, pattern, "flags")?
            } else {
                flags
            };
            (p, f)
        } else {
            (pattern, flags)
        };
        agent.root(p);
        agent.root(f);
        // 7-8. O = RegExpAlloc(newTarget); RegExpInitialize(O, P, F).
        let obj = regexp_alloc(agent, new_target)?;
        agent.root(Value::cell(obj));
        regexp_initialize(agent, obj, p, f)
    })
}

/// 22.2.5.1 RegExp.escape ( S ) (ES2025)
fn escape(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let s = arg(args, 0);
    if !ops::is_string(s) {
        return Err(type_error("RegExp.escape requires a string"));
    }
    let units = units_of(s);
    let mut out: Vec<u16> = Vec::with_capacity(units.len() * 2);
    let lit = |text: &str, out: &mut Vec<u16>| out.extend(text.encode_utf16());
    for (i, c) in char::decode_utf16(units.iter().copied()).enumerate() {
        let cp = c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from);
        let ch = char::from_u32(cp);
        // 4.a. An initial decimal digit or ASCII letter is written as \xHH.
        if i == 0 && ch.is_some_and(|c| c.is_ascii_alphanumeric()) {
            lit(&format!("\\x{cp:02x}"), &mut out);
            continue;
        }
        // 22.2.5.1.1 EncodeForRegExpEscape ( c )
        if ch.is_some_and(|c| "^$\\.*+?()[]{}|/".contains(c)) {
            out.push(u16::from(b'\\'));
            out.push(cp as u16);
            continue;
        }
        let control = match cp {
            0x09 => Some("\\t"),
            0x0A => Some("\\n"),
            0x0B => Some("\\v"),
            0x0C => Some("\\f"),
            0x0D => Some("\\r"),
            _ => None,
        };
        if let Some(c) = control {
            lit(c, &mut out);
            continue;
        }
        let punctuator = ch.is_some_and(|c| ",-=<>#&!%:;@~'`\"".contains(c));
        let whitespace = cp <= 0xFFFF && crate::runtime::number::is_str_whitespace(cp as u16);
        let surrogate = (0xD800..0xE000).contains(&cp);
        if punctuator || whitespace || surrogate {
            if cp <= 0xFF {
                lit(&format!("\\x{cp:02x}"), &mut out);
            } else {
                lit(&format!("\\u{cp:04x}"), &mut out);
            }
            continue;
        }
        match ch {
            Some(c) => {
                let mut buf = [0u16; 2];
                out.extend_from_slice(c.encode_utf16(&mut buf));
            }
            None => out.push(cp as u16),
        }
    }
    new_units(agent, &out)
}

/// 22.2.5.2 get RegExp [ @@species ]
fn species_getter(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

/// B.2.4.1 RegExp.prototype.compile ( pattern, flags )
fn compile(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let Some(o) = as_regexp(this) else {
        return Err(type_error(
            "RegExp.prototype.compile called on incompatible receiver",
        ));
    };
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    let (p, f) = if let Some(rx) = as_regexp(pattern) {
        if !flags.is_undefined() {
            return Err(type_error(
                "Cannot supply flags when constructing one RegExp from another",
            ));
        }
        (
            object::internal_slot(rx, RX_SOURCE).unwrap_or(Value::UNDEFINED),
            object::internal_slot(rx, RX_FLAGS).unwrap_or(Value::UNDEFINED),
        )
    } else {
        (pattern, flags)
    };
    regexp_initialize(agent, o, p, f)
}

// ----- Matching -----

/// 22.2.7.2 RegExpBuiltinExec ( R, S ): `r` and `s` are rooted by the caller.
/// `text` is the code units of `s`.
fn regexp_builtin_exec(agent: &mut Agent, r: ObjectRef, s: Value, text: &[u16]) -> R {
    let length = text.len() as f64;
    // 2. Let lastIndex be ℝ(? ToLength(? Get(R, "lastIndex"))).
    let mut last_index = get_last_index(agent, Value::cell(r))?;
    // 3-7. The flags.
    let flags = object::internal_slot(r, RX_FLAGS)
        .map(units_of)
        .unwrap_or_default();
    let has = |c: u8| flags.contains(&u16::from(c));
    let (global, sticky, has_indices) = (has(b'g'), has(b'y'), has(b'd'));
    let full_unicode = has(b'u') || has(b'v');
    if !global && !sticky {
        last_index = 0.0;
    }
    let matcher = object::internal_slot(r, RX_MATCHER)
        .and_then(Value::as_int)
        .unwrap_or(0) as u32;
    // 13. The matcher loop: the leftmost match at or after lastIndex (a sticky RegExp must
    // match exactly at lastIndex).
    let found = if last_index > length {
        None
    } else {
        // With `u`/`v` the input is code points: a lastIndex inside a surrogate pair
        // starts at the pair's character (13.b "the character obtained from element
        // lastIndex").
        let mut start = last_index as usize;
        if full_unicode
            && start > 0
            && start < text.len()
            && (0xDC00..0xE000).contains(&text[start])
            && (0xD800..0xDC00).contains(&text[start - 1])
        {
            start -= 1;
        }
        agent
            .roots
            .vm
            .regexps
            .find(matcher, text, start, full_unicode, sticky)
    };
    let Some(m) = found else {
        if global || sticky {
            set_last_index(agent, Value::cell(r), 0.0)?;
        }
        return Ok(Value::NULL);
    };
    let whole = m.groups[0].clone().unwrap_or(0..0);
    // 15-16. Update lastIndex for global or sticky RegExps.
    if global || sticky {
        set_last_index(agent, Value::cell(r), whole.end as f64)?;
    }
    agent.scope(|agent| {
        // 20-23. A = ArrayCreate(n + 1) with index, input and the match.
        let a = array_from(agent, &[])?;
        let a_root = agent.root(Value::cell(a));
        define_own(
            agent,
            a,
            PropertyKey::Atom(names::INDEX),
            Value::number(whole.start as f64),
        )?;
        define_own(agent, a, PropertyKey::Atom(names::INPUT), s)?;
        for (i, g) in m.groups.iter().enumerate() {
            let v = match g {
                Some(range) => new_units(agent, &text[range.clone()])?,
                None => Value::UNDEFINED,
            };
            let a = agent.get(a_root).as_cell().expect("an object");
            define_own(agent, a, PropertyKey::Index(i as u32), v)?;
        }
        // 29-33. The groups object.
        let has_groups = !m.names.is_empty();
        let groups = if has_groups {
            let g = new_object_with_class(
                agent,
                Value::NULL,
                2,
                crate::interpreter::realm::CLASS_ORDINARY,
                0,
            )?;
            let g_root = agent.root(Value::cell(g));
            for (name, range) in &m.names {
                let v = match range {
                    Some(range) => new_units(agent, &text[range.clone()])?,
                    None => Value::UNDEFINED,
                };
                let k = key(agent, name);
                let g = agent.get(g_root).as_cell().expect("an object");
                define_own(agent, g, k, v)?;
            }
            agent.get(g_root)
        } else {
            Value::UNDEFINED
        };
        let groups_root = agent.root(groups);
        let a = agent.get(a_root).as_cell().expect("an object");
        define_own(agent, a, PropertyKey::Atom(names::GROUPS), groups)?;
        // 34. MakeMatchIndicesIndexPairArray for the `d` flag.
        if has_indices {
            let indices = array_from(agent, &[])?;
            let indices_root = agent.root(Value::cell(indices));
            for (i, g) in m.groups.iter().enumerate() {
                let v = index_pair(agent, g)?;
                let indices = agent.get(indices_root).as_cell().expect("an object");
                define_own(agent, indices, PropertyKey::Index(i as u32), v)?;
            }
            let group_indices = if has_groups {
                let g = new_object_with_class(
                    agent,
                    Value::NULL,
                    2,
                    crate::interpreter::realm::CLASS_ORDINARY,
                    0,
                )?;
                let g_root = agent.root(Value::cell(g));
                for (name, range) in &m.names {
                    let v = index_pair(agent, range)?;
                    let k = key(agent, name);
                    let g = agent.get(g_root).as_cell().expect("an object");
                    define_own(agent, g, k, v)?;
                }
                agent.get(g_root)
            } else {
                Value::UNDEFINED
            };
            let indices = agent.get(indices_root).as_cell().expect("an object");
            define_own(
                agent,
                indices,
                PropertyKey::Atom(names::GROUPS),
                group_indices,
            )?;
            let a = agent.get(a_root).as_cell().expect("an object");
            let k = key(agent, "indices");
            let indices = agent.get(indices_root);
            define_own(agent, a, k, indices)?;
        }
        let _ = agent.get(groups_root);
        Ok(agent.get(a_root))
    })
}

/// GetMatchIndexPair: `[start, end]`, or `undefined` for a group that did not participate.
fn index_pair(agent: &mut Agent, range: &Option<std::ops::Range<usize>>) -> R {
    match range {
        Some(r) => Ok(Value::cell(array_from(
            agent,
            &[Value::number(r.start as f64), Value::number(r.end as f64)],
        )?)),
        None => Ok(Value::UNDEFINED),
    }
}

/// 22.2.7.1 RegExpExec ( R, S ): `r` and `s` are rooted by the caller.
pub(crate) fn regexp_exec(agent: &mut Agent, r: Value, s: Value) -> R {
    regexp_exec_text(agent, r, s, &units_of(s))
}

/// RegExpExec with the code units of `s` already at hand (the loops of @@match, @@replace
/// and @@split read them once).
fn regexp_exec_text(agent: &mut Agent, r: Value, s: Value, text: &[u16]) -> R {
    let exec = get_named(agent, r, "exec")?;
    // The original %RegExp.prototype.exec% on a RegExp: run it on the units at hand.
    if let Some(rx) = as_regexp(r) {
        if super::native_id_of(exec) == Some(super::native_id(&FAMILY, "exec")) {
            return regexp_builtin_exec(agent, rx, s, text);
        }
    }
    if is_callable(exec) {
        let result = agent.scope(|agent| {
            agent.root(exec);
            crate::interpreter::call(agent, exec, r, &[s])
        })?;
        if !result.is_null() && as_object(result).is_none() {
            return Err(type_error(
                "The result of a RegExp exec method must be an object or null",
            ));
        }
        return Ok(result);
    }
    let Some(rx) = as_regexp(r) else {
        return Err(type_error(
            "RegExp exec method called on incompatible receiver",
        ));
    };
    regexp_builtin_exec(agent, rx, s, text)
}

/// 22.2.6.2 RegExp.prototype.exec ( string )
fn exec(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let Some(r) = as_regexp(this) else {
        return Err(type_error(
            "RegExp.prototype.exec called on incompatible receiver",
        ));
    };
    let s = to_string_value(agent, arg(args, 0))?;
    agent.scope(|agent| {
        agent.root(s);
        regexp_builtin_exec(agent, r, s, &units_of(s))
    })
}

/// 22.2.6.16 RegExp.prototype.test ( S )
fn test(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    this_object(this, "test")?;
    let s = to_string_value(agent, arg(args, 0))?;
    agent.scope(|agent| {
        agent.root(s);
        let m = regexp_exec(agent, this, s)?;
        Ok(Value::bool(!m.is_null()))
    })
}

// ----- Accessors -----

/// 22.2.6.4.1 RegExpHasFlag ( R, codeUnit ), for the flag getters.
fn flag_getter(_agent: &mut Agent, this: Value, flag: char, name: &str) -> R {
    let Some(r) = as_object(this) else {
        return Err(type_error(format!(
            "RegExp.prototype.{name} getter called on non-object"
        )));
    };
    match object::internal_slot(r, RX_FLAGS).filter(|_| object::class(r) == CLASS_REGEXP) {
        Some(f) if f.as_cell().is_some() => Ok(Value::bool(units_of(f).contains(&(flag as u16)))),
        _ => {
            if object::class(r) != CLASS_REGEXP && same_value(this, regexp_prototype(_agent)) {
                return Ok(Value::UNDEFINED);
            }
            Err(type_error(format!(
                "RegExp.prototype.{name} getter called on incompatible receiver"
            )))
        }
    }
}

fn regexp_prototype(agent: &Agent) -> Value {
    intrinsic(agent, Intrinsic::RegExpPrototype)
}

/// 22.2.6.4 get RegExp.prototype.flags
fn flags_getter(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    if as_object(this).is_none() {
        return Err(type_error(
            "RegExp.prototype.flags getter called on non-object",
        ));
    }
    let mut out = String::new();
    for (c, name) in [
        ('d', "hasIndices"),
        ('g', "global"),
        ('i', "ignoreCase"),
        ('m', "multiline"),
        ('s', "dotAll"),
        ('u', "unicode"),
        ('v', "unicodeSets"),
        ('y', "sticky"),
    ] {
        let k = key(agent, name);
        if to_boolean(get_property(agent, this, k)?) {
            out.push(c);
        }
    }
    ops::new_string(agent, &out)
}

/// 22.2.6.13 get RegExp.prototype.source (with 22.2.6.13.1 EscapeRegExpPattern).
fn source_getter(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let Some(r) = as_object(this) else {
        return Err(type_error(
            "RegExp.prototype.source getter called on non-object",
        ));
    };
    let Some(src) = object::internal_slot(r, RX_SOURCE)
        .filter(|v| object::class(r) == CLASS_REGEXP && v.as_cell().is_some())
    else {
        if same_value(this, regexp_prototype(agent)) {
            return ops::new_string(agent, "(?:)");
        }
        return Err(type_error(
            "RegExp.prototype.source getter called on incompatible receiver",
        ));
    };
    let units = units_of(src);
    if units.is_empty() {
        return ops::new_string(agent, "(?:)");
    }
    // Escape `/` outside classes and line terminators so `/${source}/${flags}` re-parses.
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let (mut in_class, mut escaped) = (false, false);
    for &u in &units {
        let lit = |s: &str, out: &mut Vec<u16>| out.extend(s.encode_utf16());
        match u {
            0x0A => lit(if escaped { "n" } else { "\\n" }, &mut out),
            0x0D => lit(if escaped { "r" } else { "\\r" }, &mut out),
            0x2028 => lit(if escaped { "u2028" } else { "\\u2028" }, &mut out),
            0x2029 => lit(if escaped { "u2029" } else { "\\u2029" }, &mut out),
            0x2F if !escaped && !in_class => lit("\\/", &mut out),
            _ => out.push(u),
        }
        if escaped {
            escaped = false;
        } else if u == u16::from(b'\\') {
            escaped = true;
        } else if u == u16::from(b'[') {
            in_class = true;
        } else if u == u16::from(b']') {
            in_class = false;
        }
    }
    new_units(agent, &out)
}

/// 22.2.6.17 RegExp.prototype.toString ( )
fn to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_object(this, "toString")?;
    let source = get_named(agent, this, "source")?;
    let mut out = vec![u16::from(b'/')];
    out.extend(to_units(agent, source)?);
    out.push(u16::from(b'/'));
    let flags = get_named(agent, this, "flags")?;
    out.extend(to_units(agent, flags)?);
    new_units(agent, &out)
}

// ----- The Symbol-keyed protocol methods -----

/// `ToString(Get(rx, "flags"))` as code units.
fn get_flags(agent: &mut Agent, rx: Value) -> Result<Vec<u16>, Throw> {
    let flags = get_named(agent, rx, "flags")?;
    to_units(agent, flags)
}

/// `ToString(Get(result, "0"))`.
fn match_string(agent: &mut Agent, result: Value) -> R {
    let v = get_property(agent, result, PropertyKey::Index(0))?;
    to_string_value(agent, v)
}

/// After an empty match: lastIndex = AdvanceStringIndex(S, ToLength(lastIndex), unicode).
fn advance_after_empty(
    agent: &mut Agent,
    rx: Value,
    s: &[u16],
    full_unicode: bool,
) -> Result<(), Throw> {
    let this_index = get_last_index(agent, rx)?;
    let next = advance_string_index(s, this_index, full_unicode);
    set_last_index(agent, rx, next)
}

/// 22.2.6.8 RegExp.prototype [ @@match ] ( string )
fn symbol_match(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    this_object(this, "[Symbol.match]")?;
    agent.scope(|agent| {
        let s = to_string_value(agent, arg(args, 0))?;
        agent.root(s);
        let flags = get_flags(agent, this)?;
        if !flags.contains(&u16::from(b'g')) {
            return regexp_exec(agent, this, s);
        }
        let full_unicode = flags.contains(&u16::from(b'u')) || flags.contains(&u16::from(b'v'));
        set_last_index(agent, this, 0.0)?;
        let a = array_from(agent, &[])?;
        let a_root = agent.root(Value::cell(a));
        let text = units_of(s);
        let mut n = 0u32;
        loop {
            let result = regexp_exec_text(agent, this, s, &text)?;
            if result.is_null() {
                return Ok(if n == 0 {
                    Value::NULL
                } else {
                    agent.get(a_root)
                });
            }
            let m = agent.scope(|agent| {
                agent.root(result);
                match_string(agent, result)
            })?;
            let empty = string::len(m.as_cell().expect("a string")) == 0;
            let a = agent.get(a_root).as_cell().expect("an object");
            define_own(agent, a, PropertyKey::Index(n), m)?;
            if empty {
                advance_after_empty(agent, this, &text, full_unicode)?;
            }
            n += 1;
        }
    })
}

/// 22.2.6.9 RegExp.prototype [ @@matchAll ] ( string )
fn symbol_match_all(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    this_object(this, "[Symbol.matchAll]")?;
    agent.scope(|agent| {
        let s = to_string_value(agent, arg(args, 0))?;
        agent.root(s);
        let c = species_constructor(agent, this, Intrinsic::RegExpConstructor)?;
        agent.root(c);
        let flags = get_flags(agent, this)?;
        let flags_value = new_units(agent, &flags)?;
        agent.root(flags_value);
        let matcher = crate::interpreter::construct(agent, c, &[this, flags_value], c)?;
        agent.root(matcher);
        let last_index = get_last_index(agent, this)?;
        set_last_index(agent, matcher, last_index)?;
        let global = flags.contains(&u16::from(b'g'));
        let full_unicode = flags.contains(&u16::from(b'u')) || flags.contains(&u16::from(b'v'));
        // 22.2.9.1 CreateRegExpStringIterator ( R, S, global, fullUnicode )
        let proto = intrinsic(agent, Intrinsic::RegExpStringIteratorPrototype);
        let it = new_object_with_class(agent, proto, 0, CLASS_REGEXP_STRING_ITERATOR, 5)?;
        object::set_internal_slot(agent, it, RSI_REGEXP, matcher);
        object::set_internal_slot(agent, it, RSI_STRING, s);
        object::set_internal_slot(agent, it, RSI_GLOBAL, Value::bool(global));
        object::set_internal_slot(agent, it, RSI_UNICODE, Value::bool(full_unicode));
        object::set_internal_slot(agent, it, RSI_DONE, Value::FALSE);
        Ok(Value::cell(it))
    })
}

/// 22.2.9.2.1 %RegExpStringIteratorPrototype%.next ( )
fn string_iterator_next(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let Some(it) = as_object(this).filter(|&o| object::class(o) == CLASS_REGEXP_STRING_ITERATOR)
    else {
        return Err(type_error(
            "%RegExpStringIteratorPrototype%.next called on incompatible receiver",
        ));
    };
    let slot = |i| object::internal_slot(it, i).unwrap_or(Value::UNDEFINED);
    if slot(RSI_DONE) == Value::TRUE {
        return iter_result(agent, Value::UNDEFINED, true);
    }
    let (r, s) = (slot(RSI_REGEXP), slot(RSI_STRING));
    let global = slot(RSI_GLOBAL) == Value::TRUE;
    let full_unicode = slot(RSI_UNICODE) == Value::TRUE;
    agent.scope(|agent| {
        agent.root(r);
        agent.root(s);
        let m = regexp_exec(agent, r, s)?;
        if m.is_null() {
            object::set_internal_slot(agent, it, RSI_DONE, Value::TRUE);
            return iter_result(agent, Value::UNDEFINED, true);
        }
        agent.root(m);
        if !global {
            object::set_internal_slot(agent, it, RSI_DONE, Value::TRUE);
            return iter_result(agent, m, false);
        }
        let matched = match_string(agent, m)?;
        if string::len(matched.as_cell().expect("a string")) == 0 {
            advance_after_empty(agent, r, &units_of(s), full_unicode)?;
        }
        iter_result(agent, m, false)
    })
}

/// 22.2.6.12 RegExp.prototype [ @@search ] ( string )
fn symbol_search(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    this_object(this, "[Symbol.search]")?;
    agent.scope(|agent| {
        let s = to_string_value(agent, arg(args, 0))?;
        agent.root(s);
        let previous = get_property(agent, this, PropertyKey::Atom(names::LAST_INDEX))?;
        agent.root(previous);
        if !same_value(previous, Value::int(0)) {
            set_last_index(agent, this, 0.0)?;
        }
        let result = regexp_exec(agent, this, s)?;
        agent.root(result);
        let current = get_property(agent, this, PropertyKey::Atom(names::LAST_INDEX))?;
        if !same_value(current, previous) {
            set(agent, this, PropertyKey::Atom(names::LAST_INDEX), previous)?;
        }
        if result.is_null() {
            return Ok(Value::int(-1));
        }
        get_property(agent, result, PropertyKey::Atom(names::INDEX))
    })
}

/// 22.2.6.14 RegExp.prototype [ @@split ] ( string, limit )
fn symbol_split(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    this_object(this, "[Symbol.split]")?;
    agent.scope(|agent| {
        let s = to_string_value(agent, arg(args, 0))?;
        agent.root(s);
        let text = units_of(s);
        // 4-10. The splitter: a new RegExp from the species constructor, with `y`.
        let c = species_constructor(agent, this, Intrinsic::RegExpConstructor)?;
        agent.root(c);
        let mut flags = get_flags(agent, this)?;
        let unicode_matching = flags.contains(&u16::from(b'u')) || flags.contains(&u16::from(b'v'));
        if !flags.contains(&u16::from(b'y')) {
            flags.push(u16::from(b'y'));
        }
        let new_flags = new_units(agent, &flags)?;
        agent.root(new_flags);
        let splitter = crate::interpreter::construct(agent, c, &[this, new_flags], c)?;
        agent.root(splitter);
        let a = array_from(agent, &[])?;
        let a_root = agent.root(Value::cell(a));
        let mut length_a = 0u32;
        let limit = arg(args, 1);
        let lim = if limit.is_undefined() {
            u32::MAX
        } else {
            to_uint32(to_number(agent, limit)?)
        };
        if lim == 0 {
            return Ok(agent.get(a_root));
        }
        let push = |agent: &mut Agent, v: Value, n: &mut u32| -> Result<(), Throw> {
            let a = agent.get(a_root).as_cell().expect("an object");
            define_own(agent, a, PropertyKey::Index(*n), v)?;
            *n += 1;
            Ok(())
        };
        let size = text.len();
        if size == 0 {
            let z = regexp_exec(agent, splitter, s)?;
            if z.is_null() {
                push(agent, s, &mut length_a)?;
            }
            return Ok(agent.get(a_root));
        }
        let (mut p, mut q) = (0usize, 0usize);
        while q < size {
            set_last_index(agent, splitter, q as f64)?;
            let z = regexp_exec_text(agent, splitter, s, &text)?;
            if z.is_null() {
                q = advance_string_index(&text, q as f64, unicode_matching) as usize;
                continue;
            }
            let z_root = agent.root(z);
            let e = (get_last_index(agent, splitter)? as usize).min(size);
            if e == p {
                q = advance_string_index(&text, q as f64, unicode_matching) as usize;
                continue;
            }
            let t = new_units(agent, &text[p..q.max(p)])?;
            push(agent, t, &mut length_a)?;
            if length_a == lim {
                return Ok(agent.get(a_root));
            }
            p = e;
            let z = agent.get(z_root);
            let z_obj = as_object(z).expect("RegExpExec returns an object or null");
            let captures = super::length_of(agent, z_obj)?.saturating_sub(1);
            for i in 1..=captures {
                let z = agent.get(z_root);
                let next = get_property(agent, z, PropertyKey::Index(i))?;
                push(agent, next, &mut length_a)?;
                if length_a == lim {
                    return Ok(agent.get(a_root));
                }
            }
            q = p;
        }
        let t = new_units(agent, &text[p.min(size)..])?;
        push(agent, t, &mut length_a)?;
        Ok(agent.get(a_root))
    })
}

/// 22.1.3.19.1 GetSubstitution ( matched, str, position, captures, namedCaptures,
/// replacementTemplate ): `captures` (strings or undefined) and `named_captures` are rooted
/// by the caller.
pub(crate) fn get_substitution(
    agent: &mut Agent,
    matched: &[u16],
    s: &[u16],
    position: usize,
    captures: &[Value],
    named_captures: Value,
    template: &[u16],
) -> Result<Vec<u16>, Throw> {
    let dollar = u16::from(b'$');
    let digit = |u: u16| (u16::from(b'0')..=u16::from(b'9')).contains(&u);
    let mut result = Vec::with_capacity(template.len());
    let m = captures.len();
    let mut i = 0;
    while i < template.len() {
        let rest = &template[i..];
        if rest[0] != dollar || rest.len() == 1 {
            result.push(rest[0]);
            i += 1;
            continue;
        }
        let c = rest[1];
        if c == dollar {
            result.push(dollar);
            i += 2;
        } else if c == u16::from(b'&') {
            result.extend_from_slice(matched);
            i += 2;
        } else if c == u16::from(b'`') {
            result.extend_from_slice(&s[..position.min(s.len())]);
            i += 2;
        } else if c == u16::from(b'\'') {
            let start = (position + matched.len()).min(s.len());
            result.extend_from_slice(&s[start..]);
            i += 2;
        } else if digit(c) {
            let two = rest.len() > 2 && digit(rest[2]);
            let mut digit_count = if two { 2 } else { 1 };
            let d = |u: u16| usize::from(u - u16::from(b'0'));
            let mut index = if two { d(c) * 10 + d(rest[2]) } else { d(c) };
            if index > m && digit_count == 2 {
                digit_count = 1;
                index = d(c);
            }
            if (1..=m).contains(&index) {
                let capture = captures[index - 1];
                if !capture.is_undefined() {
                    result.extend(units_of(capture));
                }
            } else {
                result.extend_from_slice(&rest[..1 + digit_count]);
            }
            i += 1 + digit_count;
        } else if c == u16::from(b'<') {
            let gt = rest.iter().position(|&u| u == u16::from(b'>'));
            match gt {
                Some(gt) if !named_captures.is_undefined() => {
                    let name = &rest[2..gt];
                    let k = agent.atoms.key(name);
                    let capture = get_property(agent, named_captures, k)?;
                    if !capture.is_undefined() {
                        result.extend(to_units(agent, capture)?);
                    }
                    i += gt + 1;
                }
                _ => {
                    result.extend_from_slice(&rest[..2]);
                    i += 2;
                }
            }
        } else {
            result.push(dollar);
            i += 1;
        }
    }
    Ok(result)
}

/// 22.2.6.11 RegExp.prototype [ @@replace ] ( string, replaceValue )
fn symbol_replace(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    this_object(this, "[Symbol.replace]")?;
    agent.scope(|agent| {
        let s = to_string_value(agent, arg(args, 0))?;
        agent.root(s);
        let text = units_of(s);
        let length_s = text.len();
        let mut replace_value = arg(args, 1);
        let functional = is_callable(replace_value);
        let mut template = Vec::new();
        if !functional {
            template = to_units(agent, replace_value)?;
            replace_value = Value::UNDEFINED;
        }
        let flags = get_flags(agent, this)?;
        let global = flags.contains(&u16::from(b'g'));
        let full_unicode = flags.contains(&u16::from(b'u')) || flags.contains(&u16::from(b'v'));
        if global {
            set_last_index(agent, this, 0.0)?;
        }
        // 11-12. Collect the results.
        let mut results = Vec::new();
        loop {
            let result = regexp_exec_text(agent, this, s, &text)?;
            if result.is_null() {
                break;
            }
            results.push(agent.root(result));
            if !global {
                break;
            }
            let m = match_string(agent, result)?;
            if string::len(m.as_cell().expect("a string")) == 0 {
                advance_after_empty(agent, this, &text, full_unicode)?;
            }
        }
        // 13-15. Build the result.
        let mut accumulated: Vec<u16> = Vec::new();
        let mut next_source_position = 0usize;
        for r in results {
            agent.scope(|agent| -> Result<(), Throw> {
                let result = agent.get(r);
                let obj = as_object(result).expect("an object");
                let n_captures = super::length_of(agent, obj)?.saturating_sub(1);
                let matched = match_string(agent, result)?;
                let matched = units_of(matched);
                let position = get_property(agent, result, PropertyKey::Atom(names::INDEX))?;
                let position = to_integer_or_infinity(to_number(agent, position)?)
                    .clamp(0.0, length_s as f64) as usize;
                let mut captures = Vec::with_capacity(n_captures as usize);
                for n in 1..=n_captures {
                    let result = agent.get(r);
                    let mut cap = get_property(agent, result, PropertyKey::Index(n))?;
                    if !cap.is_undefined() {
                        cap = to_string_value(agent, cap)?;
                    }
                    agent.root(cap);
                    captures.push(cap);
                }
                let result = agent.get(r);
                let named = get_property(agent, result, PropertyKey::Atom(names::GROUPS))?;
                agent.root(named);
                let replacement = if functional {
                    let mut call_args = Vec::with_capacity(captures.len() + 4);
                    let m = new_units(agent, &matched)?;
                    agent.root(m);
                    call_args.push(m);
                    call_args.extend_from_slice(&captures);
                    call_args.push(Value::number(position as f64));
                    call_args.push(s);
                    if !named.is_undefined() {
                        call_args.push(named);
                    }
                    let f = arg(args, 1);
                    let v = crate::interpreter::call(agent, f, Value::UNDEFINED, &call_args)?;
                    to_units(agent, v)?
                } else {
                    if named.is_null() {
                        return Err(type_error("Cannot convert null to object"));
                    }
                    get_substitution(
                        agent, &matched, &text, position, &captures, named, &template,
                    )?
                };
                if position >= next_source_position {
                    accumulated.extend_from_slice(&text[next_source_position..position]);
                    accumulated.extend_from_slice(&replacement);
                    next_source_position = position + matched.len();
                }
                Ok(())
            })?;
        }
        let _ = replace_value;
        if next_source_position < length_s {
            accumulated.extend_from_slice(&text[next_source_position..]);
        }
        new_units(agent, &accumulated)
    })
}
