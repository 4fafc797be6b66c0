//! 22.1 String Objects
//! <https://tc39.es/ecma262/2024/#sec-string-objects>
//!
//! The `String` function (§22.1.1), its static functions (§22.1.2), the methods of
//! `String.prototype` (§22.1.3), %StringIteratorPrototype% (§22.1.5) and Annex B's
//! additions (§B.2.2: `substr`, the HTML methods, `trimLeft`/`trimRight`). The methods work
//! on code units (`runtime::string::units`); the RegExp-aware ones (`match`, `matchAll`,
//! `replace`, `replaceAll`, `search`, `split`) dispatch through the well-known symbols to
//! `builtins::regexp`.
//!
//! Allowed deviations: `localeCompare` compares code units, and the `toLocale*Case`
//! methods are the locale-independent mappings.

use heap::{HeapError, ObjectRef};

use super::regexp::{get_substitution, is_regexp, regexp_create, to_units};
use super::{arg, array_from, integer_arg, iter_result, native, type_error};
use super::{Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, display, get_method, get_property, is_callable, is_string, to_number,
    to_string_value,
};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_STRING_ITERATOR, CLASS_STRING_WRAPPER,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::{is_str_whitespace, to_integer_or_infinity, to_length, to_uint16};
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

const SP: Home = Home::On(Intrinsic::StringPrototype);
const SC: Home = Home::On(Intrinsic::StringConstructor);
const SIP: Home = Home::On(Intrinsic::StringIteratorPrototype);

/// The family: `String`, its statics, `String.prototype` and %StringIteratorPrototype%.
pub static FAMILY: Family = Family {
    name: "String",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "String",
            1,
            string_constructor,
            constructor(
                Some(Intrinsic::StringConstructor),
                Some(Intrinsic::StringPrototype)
            )
        ),
        native!(SC, "fromCharCode", 1, from_char_code),
        native!(SC, "fromCodePoint", 1, from_code_point),
        native!(SC, "raw", 1, raw),
        native!(SP, "at", 1, at),
        native!(SP, "charAt", 1, char_at),
        native!(SP, "charCodeAt", 1, char_code_at),
        native!(SP, "codePointAt", 1, code_point_at),
        native!(SP, "concat", 1, concat),
        native!(SP, "endsWith", 1, ends_with),
        native!(SP, "includes", 1, includes),
        native!(SP, "indexOf", 1, index_of),
        native!(SP, "isWellFormed", 0, is_well_formed),
        native!(SP, "lastIndexOf", 1, last_index_of),
        native!(SP, "localeCompare", 1, locale_compare),
        native!(SP, "match", 1, match_),
        native!(SP, "matchAll", 1, match_all),
        native!(SP, "normalize", 0, normalize),
        native!(SP, "padEnd", 1, |a, t, args, _| pad(a, t, args, false)),
        native!(SP, "padStart", 1, |a, t, args, _| pad(a, t, args, true)),
        native!(SP, "repeat", 1, repeat),
        native!(SP, "replace", 2, replace),
        native!(SP, "replaceAll", 2, replace_all),
        native!(SP, "search", 1, search),
        native!(SP, "slice", 2, slice),
        native!(SP, "split", 2, split),
        native!(SP, "startsWith", 1, starts_with),
        native!(SP, "substr", 2, substr),
        native!(SP, "substring", 2, substring),
        native!(SP, "toLocaleLowerCase", 0, |a, t, _, _| case(
            a,
            t,
            false,
            "toLocaleLowerCase"
        )),
        native!(SP, "toLocaleUpperCase", 0, |a, t, _, _| case(
            a,
            t,
            true,
            "toLocaleUpperCase"
        )),
        native!(SP, "toLowerCase", 0, |a, t, _, _| case(
            a,
            t,
            false,
            "toLowerCase"
        )),
        native!(SP, "toString", 0, value_of),
        native!(SP, "toUpperCase", 0, |a, t, _, _| case(
            a,
            t,
            true,
            "toUpperCase"
        )),
        native!(SP, "toWellFormed", 0, to_well_formed),
        native!(SP, "trim", 0, |a, t, _, _| trim(a, t, true, true, "trim")),
        native!(SP, "trimEnd", 0, |a, t, _, _| trim(
            a, t, false, true, "trimEnd"
        )),
        native!(SP, "trimStart", 0, |a, t, _, _| trim(
            a,
            t,
            true,
            false,
            "trimStart"
        )),
        native!(SP, "valueOf", 0, value_of),
        native!(SP, "[Symbol.iterator]", 0, iterator),
        native!(SP, "anchor", 1, |a, t, args, _| html(
            a, t, args, "anchor", "a", "name"
        )),
        native!(SP, "big", 0, |a, t, args, _| html(
            a, t, args, "big", "big", ""
        )),
        native!(SP, "blink", 0, |a, t, args, _| html(
            a, t, args, "blink", "blink", ""
        )),
        native!(SP, "bold", 0, |a, t, args, _| html(
            a, t, args, "bold", "b", ""
        )),
        native!(SP, "fixed", 0, |a, t, args, _| html(
            a, t, args, "fixed", "tt", ""
        )),
        native!(SP, "fontcolor", 1, |a, t, args, _| html(
            a,
            t,
            args,
            "fontcolor",
            "font",
            "color"
        )),
        native!(SP, "fontsize", 1, |a, t, args, _| html(
            a, t, args, "fontsize", "font", "size"
        )),
        native!(SP, "italics", 0, |a, t, args, _| html(
            a, t, args, "italics", "i", ""
        )),
        native!(SP, "link", 1, |a, t, args, _| html(
            a, t, args, "link", "a", "href"
        )),
        native!(SP, "small", 0, |a, t, args, _| html(
            a, t, args, "small", "small", ""
        )),
        native!(SP, "strike", 0, |a, t, args, _| html(
            a, t, args, "strike", "strike", ""
        )),
        native!(SP, "sub", 0, |a, t, args, _| html(
            a, t, args, "sub", "sub", ""
        )),
        native!(SP, "sup", 0, |a, t, args, _| html(
            a, t, args, "sup", "sup", ""
        )),
        native!(SIP, "next", 0, iterator_next),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    // 22.1.3: %String.prototype% is a String exotic object whose [[StringData]] is "".
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object_with_class(agent, op, 8, CLASS_STRING_WRAPPER, 1)?;
    agent.roots.vm.intrinsics[Intrinsic::StringPrototype as usize] = Value::cell(proto);
    let empty =
        string::from_str(agent, "").map_err(crate::interpreter::realm::string_heap_error)?;
    let proto = intrinsic(agent, Intrinsic::StringPrototype)
        .as_cell()
        .expect("an object");
    object::set_internal_slot(agent, proto, 0, Value::cell(empty));
    object::add_property(
        agent,
        proto,
        PropertyKey::Atom(names::LENGTH),
        Attributes::empty(),
        Value::int(0),
    )?;
    // %IteratorPrototype% (the Iterator family is created before this one).
    let iter_proto = intrinsic(agent, Intrinsic::IteratorPrototype);
    let sip = new_object(agent, iter_proto, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::StringIteratorPrototype as usize] = Value::cell(sip);
    super::add_to_string_tag(agent, Value::cell(sip), "String Iterator")?;
    Ok(())
}

/// B.2.2.15-16: `trimLeft`/`trimRight` are the same function objects as
/// `trimStart`/`trimEnd`.
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let sp = intrinsic(agent, Intrinsic::StringPrototype)
        .as_cell()
        .expect("an object");
    for (alias, target) in [("trimLeft", "trimStart"), ("trimRight", "trimEnd")] {
        let t: Vec<u16> = target.encode_utf16().collect();
        let tk = agent.atoms.key(&t);
        let f = ops::lookup_data(agent, sp, tk).unwrap_or(Value::UNDEFINED);
        let a: Vec<u16> = alias.encode_utf16().collect();
        let ak = agent.atoms.key(&a);
        object::add_property(
            agent,
            sp,
            ak,
            Attributes::WRITABLE | Attributes::CONFIGURABLE,
            f,
        )?;
    }
    Ok(())
}

// ----- Helpers -----

fn new_units(agent: &mut Agent, units: &[u16]) -> R {
    Ok(Value::cell(string::from_units(agent, units)?))
}

fn units_of(v: Value) -> Vec<u16> {
    string::units(v.as_cell().expect("a string"))
}

fn symbol_key(agent: &Agent, which: Intrinsic) -> PropertyKey {
    PropertyKey::Symbol(intrinsic(agent, which).as_cell().expect("a symbol"))
}

fn require_coercible(this: Value, method: &str) -> Result<(), Throw> {
    if this.is_nullish() {
        return Err(type_error(format!(
            "String.prototype.{method} called on null or undefined"
        )));
    }
    Ok(())
}

/// RequireObjectCoercible(this) + ToString, as code units.
fn this_units(agent: &mut Agent, this: Value, method: &str) -> Result<Vec<u16>, Throw> {
    require_coercible(this, method)?;
    to_units(agent, this)
}

/// RequireObjectCoercible(this) + ToString, as a string value.
fn this_string(agent: &mut Agent, this: Value, method: &str) -> R {
    require_coercible(this, method)?;
    to_string_value(agent, this)
}

/// StringIndexOf ( string, searchValue, fromIndex )
fn string_index_of(s: &[u16], search: &[u16], from: usize) -> Option<usize> {
    if search.is_empty() {
        return (from <= s.len()).then_some(from);
    }
    if search.len() > s.len() {
        return None;
    }
    (from..=s.len() - search.len()).find(|&i| s[i..i + search.len()] == *search)
}

fn is_trail(u: u16) -> bool {
    (0xDC00..0xE000).contains(&u)
}

/// 11.1.4 CodePointAt ( string, position ): (code point, code unit count, unpaired).
fn code_point_at_units(s: &[u16], i: usize) -> (u32, usize, bool) {
    let first = s[i];
    if !(0xD800..0xE000).contains(&first) {
        return (u32::from(first), 1, false);
    }
    if is_trail(first) || i + 1 == s.len() || !is_trail(s[i + 1]) {
        return (u32::from(first), 1, true);
    }
    let cp = 0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(s[i + 1]) - 0xDC00);
    (cp, 2, false)
}

/// A code point as UTF-16.
fn push_code_point(out: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        out.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        out.push(0xD800 + (c >> 10) as u16);
        out.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

/// A position argument clamped to `0..=len`.
fn clamped(agent: &mut Agent, v: Value, len: usize) -> Result<usize, Throw> {
    Ok(integer_arg(agent, v)?.clamp(0.0, len as f64) as usize)
}

// ----- The constructor and statics -----

/// 22.1.1.1 String ( value )
fn string_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1-2. s = "" or ToString(value) (a symbol is described when called, not constructed).
    let s = if args.is_empty() {
        ops::new_string(agent, "")?
    } else if nt.is_undefined() && ops::is_symbol(args[0]) {
        let text = display(agent, args[0]);
        return ops::new_string(agent, &text);
    } else {
        to_string_value(agent, args[0])?
    };
    // 3. If NewTarget is undefined, return s.
    if nt.is_undefined() {
        return Ok(s);
    }
    // 4-5. StringCreate(s, GetPrototypeFromConstructor(NewTarget, %String.prototype%)).
    agent.scope(|agent| {
        agent.root(s);
        let proto = crate::interpreter::realm::prototype_from_constructor(
            agent,
            nt,
            Intrinsic::StringPrototype,
        )?;
        Ok(Value::cell(ops::new_wrapper(agent, s, proto)?))
    })
}

/// 22.1.2.1 String.fromCharCode ( ...codeUnits )
fn from_char_code(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    if let [code] = args {
        let unit = to_uint16(to_number(agent, *code)?);
        return Ok(Value::cell(string::single_unit(agent, unit)?));
    }
    let mut out = Vec::with_capacity(args.len());
    for &a in args {
        out.push(to_uint16(to_number(agent, a)?));
    }
    new_units(agent, &out)
}

/// 22.1.2.2 String.fromCodePoint ( ...codePoints )
fn from_code_point(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let mut out = Vec::with_capacity(args.len());
    for &a in args {
        let n = to_number(agent, a)?;
        if n.fract() != 0.0 || !(0.0..=1_114_111.0).contains(&n) {
            return Err(Throw::error(
                ErrorType::RangeError,
                format!("Invalid code point {}", display(agent, Value::number(n))),
            ));
        }
        push_code_point(&mut out, n as u32);
    }
    new_units(agent, &out)
}

/// 22.1.2.4 String.raw ( template, ...substitutions )
fn raw(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let template = arg(args, 0);
    if template.is_nullish() {
        return Err(type_error("Cannot convert undefined or null to object"));
    }
    agent.scope(|agent| {
        let literals = get_property(agent, template, PropertyKey::Atom(names::RAW))?;
        if literals.is_nullish() {
            return Err(type_error("Cannot convert undefined or null to object"));
        }
        agent.root(literals);
        let len = get_property(agent, literals, PropertyKey::Atom(names::LENGTH))?;
        let literal_count = to_length(to_number(agent, len)?);
        let mut out = Vec::new();
        let subs = args.get(1..).unwrap_or(&[]);
        let mut next = 0u64;
        while next < literal_count {
            let k = if next < u64::from(u32::MAX) {
                PropertyKey::Index(next as u32)
            } else {
                let t: Vec<u16> = next.to_string().encode_utf16().collect();
                agent.atoms.key(&t)
            };
            let v = get_property(agent, literals, k)?;
            out.extend(to_units(agent, v)?);
            if next + 1 == literal_count {
                break;
            }
            if let Some(&sub) = subs.get(next as usize) {
                out.extend(to_units(agent, sub)?);
            }
            next += 1;
        }
        new_units(agent, &out)
    })
}

// ----- String.prototype -----

/// 22.1.3.1 String.prototype.at ( index )
fn at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "at")?;
    let rel = integer_arg(agent, arg(args, 0))?;
    let k = if rel >= 0.0 {
        rel
    } else {
        s.len() as f64 + rel
    };
    if k < 0.0 || k >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    new_units(agent, &[s[k as usize]])
}

/// 22.1.3.2 String.prototype.charAt ( pos )
fn char_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_string(agent, this, "charAt")?;
    let unit = agent.scope(|agent| {
        agent.root(s);
        let pos = integer_arg(agent, arg(args, 0))?;
        let cell = s.as_cell().expect("a string");
        if pos < 0.0 || pos >= string::len(cell) as f64 {
            return Ok::<_, Throw>(None);
        }
        Ok(string::unit_at(agent, cell, pos as usize)?)
    })?;
    match unit {
        Some(unit) => Ok(Value::cell(string::single_unit(agent, unit)?)),
        None => ops::new_string(agent, ""),
    }
}

/// 22.1.3.3 String.prototype.charCodeAt ( pos )
fn char_code_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // One unit is read; the string is not copied (a hot loop over a long string).
    if let (Some(cell), Some(pos)) = (this.as_cell(), arg(args, 0).as_int()) {
        if string::is_string(cell) {
            // ToIntegerOrInfinity of an int is itself and runs no code.
            let unit = match usize::try_from(pos) {
                Ok(pos) => string::unit_at(agent, cell, pos)?,
                Err(_) => None,
            };
            return Ok(unit.map_or(Value::double(f64::NAN), |u| Value::int(i32::from(u))));
        }
    }
    let s = this_string(agent, this, "charCodeAt")?;
    let s = agent.scope(|agent| {
        agent.root(s);
        let pos = integer_arg(agent, arg(args, 0))?;
        let cell = s.as_cell().expect("a string");
        if pos < 0.0 || pos >= string::len(cell) as f64 {
            return Ok::<_, Throw>(None);
        }
        Ok(string::unit_at(agent, cell, pos as usize)?)
    })?;
    Ok(s.map_or(Value::double(f64::NAN), |unit| Value::int(i32::from(unit))))
}

/// 22.1.3.4 String.prototype.codePointAt ( pos )
fn code_point_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "codePointAt")?;
    let pos = integer_arg(agent, arg(args, 0))?;
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(code_point_at_units(&s, pos as usize).0 as i32))
}

/// 22.1.3.5 String.prototype.concat ( ...args )
fn concat(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let mut s = this_units(agent, this, "concat")?;
    for &a in args {
        s.extend(to_units(agent, a)?);
    }
    new_units(agent, &s)
}

/// The search string of `includes`/`startsWith`/`endsWith`: not a RegExp.
fn search_units(agent: &mut Agent, v: Value, method: &str) -> Result<Vec<u16>, Throw> {
    if is_regexp(agent, v)? {
        return Err(type_error(format!(
            "First argument to String.prototype.{method} must not be a regular expression"
        )));
    }
    to_units(agent, v)
}

/// 22.1.3.7 String.prototype.endsWith ( searchString [ , endPosition ] )
fn ends_with(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "endsWith")?;
    let search = search_units(agent, arg(args, 0), "endsWith")?;
    let end = if arg(args, 1).is_undefined() {
        s.len()
    } else {
        clamped(agent, arg(args, 1), s.len())?
    };
    if search.len() > end {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(s[end - search.len()..end] == search[..]))
}

/// 22.1.3.8 String.prototype.includes ( searchString [ , position ] )
fn includes(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "includes")?;
    let search = search_units(agent, arg(args, 0), "includes")?;
    let start = clamped(agent, arg(args, 1), s.len())?;
    Ok(Value::bool(string_index_of(&s, &search, start).is_some()))
}

/// 22.1.3.9 String.prototype.indexOf ( searchString [ , position ] )
fn index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "indexOf")?;
    let search = to_units(agent, arg(args, 0))?;
    let start = clamped(agent, arg(args, 1), s.len())?;
    Ok(string_index_of(&s, &search, start).map_or(Value::int(-1), |i| Value::number(i as f64)))
}

/// 22.1.3.10 String.prototype.isWellFormed ( )
fn is_well_formed(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "isWellFormed")?;
    Ok(Value::bool(
        char::decode_utf16(s.iter().copied()).all(|c| c.is_ok()),
    ))
}

/// 22.1.3.11 String.prototype.lastIndexOf ( searchString [ , position ] )
fn last_index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "lastIndexOf")?;
    let search = to_units(agent, arg(args, 0))?;
    let num_pos = to_number(agent, arg(args, 1))?;
    let pos = if num_pos.is_nan() {
        f64::INFINITY
    } else {
        to_integer_or_infinity(num_pos)
    };
    if search.len() > s.len() {
        return Ok(Value::int(-1));
    }
    let start = pos.clamp(0.0, (s.len() - search.len()) as f64) as usize;
    let found = (0..=start)
        .rev()
        .find(|&i| s[i..i + search.len()] == search[..]);
    Ok(found.map_or(Value::int(-1), |i| Value::number(i as f64)))
}

/// 22.1.3.12 String.prototype.localeCompare ( that ): code-unit order of the NFC forms
/// (canonically equivalent strings compare equal, as the spec requires).
fn locale_compare(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = nfc(&this_units(agent, this, "localeCompare")?);
    let that = nfc(&to_units(agent, arg(args, 0))?);
    Ok(Value::int(match s.cmp(&that) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

/// The shared start of `match`/`matchAll`/`search`/`replace`/`replaceAll`/`split`: when
/// `v` is an Object (ES2025: primitives are not asked for the method) with a `symbol`
/// method, the method's result.
fn delegate(
    agent: &mut Agent,
    v: Value,
    symbol: Intrinsic,
    this: Value,
    rest: &[Value],
) -> Result<Option<Value>, Throw> {
    if as_object(v).is_none() {
        return Ok(None);
    }
    let k = symbol_key(agent, symbol);
    let method = get_method(agent, v, k)?;
    if method.is_undefined() {
        return Ok(None);
    }
    let mut call_args = vec![this];
    call_args.extend_from_slice(rest);
    agent.scope(|agent| {
        agent.root(method);
        crate::interpreter::call(agent, method, v, &call_args).map(Some)
    })
}

/// `Invoke(rx, symbol, [s])` on a new RegExp.
fn invoke_on_new_regexp(
    agent: &mut Agent,
    pattern: Value,
    flags: Value,
    s: Value,
    symbol: Intrinsic,
) -> R {
    agent.scope(|agent| {
        agent.root(s);
        let rx = regexp_create(agent, pattern, flags)?;
        agent.root(rx);
        let k = symbol_key(agent, symbol);
        let f = get_property(agent, rx, k)?;
        if !is_callable(f) {
            return Err(type_error("RegExp method is not a function"));
        }
        agent.root(f);
        crate::interpreter::call(agent, f, rx, &[s])
    })
}

/// 22.1.3.13 String.prototype.match ( regexp )
fn match_(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_coercible(this, "match")?;
    let regexp = arg(args, 0);
    if let Some(v) = delegate(agent, regexp, Intrinsic::SymbolMatch, this, &[])? {
        return Ok(v);
    }
    let s = to_string_value(agent, this)?;
    invoke_on_new_regexp(agent, regexp, Value::UNDEFINED, s, Intrinsic::SymbolMatch)
}

/// Throws unless `regexp` (a RegExp per IsRegExp) has the `g` flag (`matchAll`,
/// `replaceAll`).
fn require_global(agent: &mut Agent, regexp: Value, method: &str) -> Result<(), Throw> {
    if regexp.is_nullish() || !is_regexp(agent, regexp)? {
        return Ok(());
    }
    let k: Vec<u16> = "flags".encode_utf16().collect();
    let k = agent.atoms.key(&k);
    let flags = get_property(agent, regexp, k)?;
    if flags.is_nullish() {
        return Err(type_error("Cannot convert undefined or null to object"));
    }
    if !to_units(agent, flags)?.contains(&u16::from(b'g')) {
        return Err(type_error(format!(
            "String.prototype.{method} called with a non-global RegExp argument"
        )));
    }
    Ok(())
}

/// 22.1.3.14 String.prototype.matchAll ( regexp )
fn match_all(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_coercible(this, "matchAll")?;
    let regexp = arg(args, 0);
    require_global(agent, regexp, "matchAll")?;
    if let Some(v) = delegate(agent, regexp, Intrinsic::SymbolMatchAll, this, &[])? {
        return Ok(v);
    }
    let s = to_string_value(agent, this)?;
    agent.scope(|agent| {
        agent.root(s);
        let g = ops::new_string(agent, "g")?;
        agent.root(g);
        invoke_on_new_regexp(agent, regexp, g, s, Intrinsic::SymbolMatchAll)
    })
}

/// The NFC form of `units` (lone surrogates kept in place).
fn nfc(units: &[u16]) -> Vec<u16> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::with_capacity(units.len());
    let mut run = String::new();
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                out.extend(run.nfc().collect::<String>().encode_utf16());
                run.clear();
                out.push(e.unpaired_surrogate());
            }
        }
    }
    out.extend(run.nfc().collect::<String>().encode_utf16());
    out
}

/// 22.1.3.15 String.prototype.normalize ( [ form ] )
fn normalize(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    use unicode_normalization::UnicodeNormalization;
    let s = this_units(agent, this, "normalize")?;
    let form = if arg(args, 0).is_undefined() {
        "NFC".to_string()
    } else {
        ops::to_rust_string(agent, arg(args, 0))?
    };
    // Normalise each well-formed run; lone surrogates are kept as they are.
    let mut out = Vec::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<u16>| -> Result<(), Throw> {
        let n: String = match form.as_str() {
            "NFC" => run.nfc().collect(),
            "NFD" => run.nfd().collect(),
            "NFKC" => run.nfkc().collect(),
            "NFKD" => run.nfkd().collect(),
            _ => {
                return Err(Throw::error(
                    ErrorType::RangeError,
                    "The normalization form should be one of NFC, NFD, NFKC, NFKD.",
                ))
            }
        };
        out.extend(n.encode_utf16());
        run.clear();
        Ok(())
    };
    for c in char::decode_utf16(s.iter().copied()) {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                flush(&mut run, &mut out)?;
                out.push(e.unpaired_surrogate());
            }
        }
    }
    flush(&mut run, &mut out)?;
    new_units(agent, &out)
}

/// 22.1.3.16-17 String.prototype.padEnd / padStart ( maxLength [ , fillString ] )
fn pad(agent: &mut Agent, this: Value, args: &[Value], at_start: bool) -> R {
    let s = this_units(agent, this, if at_start { "padStart" } else { "padEnd" })?;
    let int_max = to_length(to_number(agent, arg(args, 0))?);
    if int_max <= s.len() as u64 {
        return new_units(agent, &s);
    }
    let filler = if arg(args, 1).is_undefined() {
        vec![0x20]
    } else {
        to_units(agent, arg(args, 1))?
    };
    if filler.is_empty() {
        return new_units(agent, &s);
    }
    let fill_len = int_max - s.len() as u64;
    if int_max > u64::from(u32::MAX >> 2) {
        return Err(Throw::error(ErrorType::RangeError, "Invalid string length"));
    }
    let mut fill: Vec<u16> = filler
        .iter()
        .copied()
        .cycle()
        .take(fill_len as usize)
        .collect();
    Ok(if at_start {
        fill.extend_from_slice(&s);
        new_units(agent, &fill)?
    } else {
        let mut out = s;
        out.append(&mut fill);
        new_units(agent, &out)?
    })
}

/// 22.1.3.18 String.prototype.repeat ( count )
fn repeat(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "repeat")?;
    let n = integer_arg(agent, arg(args, 0))?;
    if n < 0.0 || n == f64::INFINITY {
        return Err(Throw::error(
            ErrorType::RangeError,
            format!("Invalid count value: {}", display(agent, Value::number(n))),
        ));
    }
    if n == 0.0 || s.is_empty() {
        return ops::new_string(agent, "");
    }
    if n * s.len() as f64 > f64::from(u32::MAX >> 2) {
        return Err(Throw::error(ErrorType::RangeError, "Invalid string length"));
    }
    new_units(agent, &s.repeat(n as usize))
}

/// 22.1.3.19 String.prototype.replace ( searchValue, replaceValue )
fn replace(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_coercible(this, "replace")?;
    let (search_value, replace_value) = (arg(args, 0), arg(args, 1));
    if let Some(v) = delegate(
        agent,
        search_value,
        Intrinsic::SymbolReplace,
        this,
        &[replace_value],
    )? {
        return Ok(v);
    }
    agent.scope(|agent| {
        let string = to_string_value(agent, this)?;
        agent.root(string);
        let search = to_string_value(agent, search_value)?;
        agent.root(search);
        let functional = is_callable(replace_value);
        let template = if functional {
            Vec::new()
        } else {
            to_units(agent, replace_value)?
        };
        let (s, search_units) = (units_of(string), units_of(search));
        let Some(position) = string_index_of(&s, &search_units, 0) else {
            return Ok(string);
        };
        let replacement = if functional {
            let v = crate::interpreter::call(
                agent,
                replace_value,
                Value::UNDEFINED,
                &[search, Value::number(position as f64), string],
            )?;
            to_units(agent, v)?
        } else {
            get_substitution(
                agent,
                &search_units,
                &s,
                position,
                &[],
                Value::UNDEFINED,
                &template,
            )?
        };
        let mut out = s[..position].to_vec();
        out.extend(replacement);
        out.extend_from_slice(&s[position + search_units.len()..]);
        new_units(agent, &out)
    })
}

/// 22.1.3.20 String.prototype.replaceAll ( searchValue, replaceValue )
fn replace_all(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_coercible(this, "replaceAll")?;
    let (search_value, replace_value) = (arg(args, 0), arg(args, 1));
    require_global(agent, search_value, "replaceAll")?;
    if let Some(v) = delegate(
        agent,
        search_value,
        Intrinsic::SymbolReplace,
        this,
        &[replace_value],
    )? {
        return Ok(v);
    }
    agent.scope(|agent| {
        let string = to_string_value(agent, this)?;
        agent.root(string);
        let search = to_string_value(agent, search_value)?;
        agent.root(search);
        let functional = is_callable(replace_value);
        let template = if functional {
            Vec::new()
        } else {
            to_units(agent, replace_value)?
        };
        let (s, search_units) = (units_of(string), units_of(search));
        let advance_by = search_units.len().max(1);
        let mut positions = Vec::new();
        let mut position = string_index_of(&s, &search_units, 0);
        while let Some(p) = position {
            positions.push(p);
            position = string_index_of(&s, &search_units, p + advance_by);
        }
        let mut end_of_last_match = 0;
        let mut out = Vec::new();
        for p in positions {
            out.extend_from_slice(&s[end_of_last_match..p]);
            let replacement = if functional {
                let v = crate::interpreter::call(
                    agent,
                    replace_value,
                    Value::UNDEFINED,
                    &[search, Value::number(p as f64), string],
                )?;
                to_units(agent, v)?
            } else {
                get_substitution(
                    agent,
                    &search_units,
                    &s,
                    p,
                    &[],
                    Value::UNDEFINED,
                    &template,
                )?
            };
            out.extend(replacement);
            end_of_last_match = p + search_units.len();
        }
        if end_of_last_match < s.len() {
            out.extend_from_slice(&s[end_of_last_match..]);
        }
        new_units(agent, &out)
    })
}

/// 22.1.3.21 String.prototype.search ( regexp )
fn search(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_coercible(this, "search")?;
    let regexp = arg(args, 0);
    if let Some(v) = delegate(agent, regexp, Intrinsic::SymbolSearch, this, &[])? {
        return Ok(v);
    }
    let s = to_string_value(agent, this)?;
    invoke_on_new_regexp(agent, regexp, Value::UNDEFINED, s, Intrinsic::SymbolSearch)
}

/// A relative index argument (`slice`): negative counts from the end.
fn relative(agent: &mut Agent, v: Value, len: usize, default: f64) -> Result<usize, Throw> {
    let n = if v.is_undefined() {
        default
    } else {
        integer_arg(agent, v)?
    };
    let len = len as f64;
    Ok(if n < 0.0 {
        (len + n).max(0.0)
    } else {
        n.min(len)
    } as usize)
}

/// 22.1.3.22 String.prototype.slice ( start, end )
fn slice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_string(agent, this, "slice")?;
    agent.scope(|agent| {
        agent.root(s);
        let s = s.as_cell().expect("a string");
        let len = string::len(s);
        let from = relative(agent, arg(args, 0), len, 0.0)?;
        let to = relative(agent, arg(args, 1), len, len as f64)?;
        part_of(agent, s, from, to)
    })
}

/// The substring `from..to` of `s` (empty if `from >= to`), copied straight from `s`.
fn part_of(agent: &mut Agent, s: ObjectRef, from: usize, to: usize) -> R {
    if from >= to {
        return ops::new_string(agent, "");
    }
    Ok(Value::cell(string::substring(agent, s, from, to)?))
}

/// 22.1.3.23 String.prototype.split ( separator, limit )
fn split(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_coercible(this, "split")?;
    let (separator, limit) = (arg(args, 0), arg(args, 1));
    if let Some(v) = delegate(agent, separator, Intrinsic::SymbolSplit, this, &[limit])? {
        return Ok(v);
    }
    agent.scope(|agent| {
        // 3. Let S be ? ToString(O).
        let s = to_string_value(agent, this)?;
        agent.root(s);
        // 4. If limit is undefined, let lim be 2^32 - 1; else let lim be ℝ(? ToUint32(limit)).
        let lim = if limit.is_undefined() {
            u32::MAX
        } else {
            crate::runtime::number::to_uint32(to_number(agent, limit)?)
        };
        // 5. Let R be ? ToString(separator).
        let r = to_string_value(agent, separator)?;
        agent.root(r);
        // 6. If lim = 0, return CreateArrayFromList(« »).
        if lim == 0 {
            return Ok(Value::cell(array_from(agent, &[])?));
        }
        // 7. If separator is undefined, return CreateArrayFromList(« S »).
        if separator.is_undefined() {
            return Ok(Value::cell(array_from(agent, &[s])?));
        }
        // 8.–14. The pieces between occurrences of R, as ranges of S (read in place).
        let (s, r) = (
            s.as_cell().expect("a string"),
            r.as_cell().expect("a string"),
        );
        let s = string::flatten(agent, s)?;
        let r = string::flatten(agent, r)?;
        agent.root(Value::cell(s));
        agent.root(Value::cell(r));
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        {
            let su = string::view(agent, s).expect("a flat string");
            let ru = string::view(agent, r).expect("a flat string");
            if ru.is_empty() {
                ranges.extend((0..su.len()).take(lim as usize).map(|i| (i, i + 1)));
            } else if su.is_empty() {
                ranges.push((0, 0));
            } else {
                let mut i = 0;
                let mut j = su.find(ru, 0);
                while let Some(jj) = j {
                    ranges.push((i, jj));
                    if ranges.len() as u32 == lim {
                        break;
                    }
                    i = jj + ru.len();
                    j = su.find(ru, i);
                }
                if (ranges.len() as u32) < lim {
                    ranges.push((i, su.len()));
                }
            }
        }
        let mut values = Vec::with_capacity(ranges.len());
        for (from, to) in ranges {
            let v = part_of(agent, s, from, to)?;
            agent.root(v);
            values.push(v);
        }
        Ok(Value::cell(array_from(agent, &values)?))
    })
}

/// 22.1.3.24 String.prototype.startsWith ( searchString [ , position ] )
fn starts_with(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "startsWith")?;
    let search = search_units(agent, arg(args, 0), "startsWith")?;
    let start = clamped(agent, arg(args, 1), s.len())?;
    if start + search.len() > s.len() {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(s[start..start + search.len()] == search[..]))
}

/// B.2.2.1 String.prototype.substr ( start, length )
fn substr(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_string(agent, this, "substr")?;
    agent.scope(|agent| {
        agent.root(s);
        substr_of(agent, s.as_cell().expect("a string"), args)
    })
}

/// `substr` once `this` is a (rooted) string.
fn substr_of(agent: &mut Agent, s: ObjectRef, args: &[Value]) -> R {
    let size = string::len(s) as f64;
    let start = integer_arg(agent, arg(args, 0))?;
    let start = if start == f64::NEG_INFINITY {
        0.0
    } else if start < 0.0 {
        (size + start).max(0.0)
    } else {
        start.min(size)
    };
    let len = if arg(args, 1).is_undefined() {
        size
    } else {
        integer_arg(agent, arg(args, 1))?
    };
    let end = (start + len).min(size);
    if start >= end {
        return ops::new_string(agent, "");
    }
    part_of(agent, s, start as usize, end as usize)
}

/// 22.1.3.25 String.prototype.substring ( start, end )
fn substring(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_string(agent, this, "substring")?;
    agent.scope(|agent| {
        agent.root(s);
        let s = s.as_cell().expect("a string");
        let len = string::len(s);
        let start = clamped(agent, arg(args, 0), len)?;
        let end = if arg(args, 1).is_undefined() {
            len
        } else {
            clamped(agent, arg(args, 1), len)?
        };
        part_of(agent, s, start.min(end), start.max(end))
    })
}

/// Unicode's `Cased` and `Case_Ignorable` properties (for the final-sigma rule of
/// SpecialCasing), read from the regex engine's property tables.
struct CaseProperties {
    cased: Option<regress::Regex>,
    ignorable: Option<regress::Regex>,
}

impl CaseProperties {
    fn new() -> CaseProperties {
        let flags = regress::Flags::from("u");
        CaseProperties {
            cased: regress::Regex::with_flags(r"^\p{Cased}$", flags).ok(),
            ignorable: regress::Regex::with_flags(r"^\p{Case_Ignorable}$", flags).ok(),
        }
    }

    fn test(re: &Option<regress::Regex>, c: char) -> bool {
        let mut buf = [0u8; 4];
        re.as_ref()
            .is_some_and(|re| re.find(c.encode_utf8(&mut buf)).is_some())
    }
}

/// 22.1.3.28/30 toLowerCase / toUpperCase (with the final-sigma rule of SpecialCasing).
fn case(agent: &mut Agent, this: Value, upper: bool, method: &str) -> R {
    let s = this_string(agent, this, method)?;
    let s = string::flatten(agent, s.as_cell().expect("a string"))?;
    // ASCII text maps to ASCII text one byte for one byte.
    let ascii = match string::view(agent, s).expect("a flat string") {
        string::Units::Latin1(bytes) if bytes.is_ascii() => Some(if upper {
            bytes.to_ascii_uppercase()
        } else {
            bytes.to_ascii_lowercase()
        }),
        _ => None,
    };
    if let Some(bytes) = ascii {
        return Ok(Value::cell(string::from_latin1(agent, &bytes)?));
    }
    let s = string::units(s);
    let chars: Vec<Result<char, u16>> = char::decode_utf16(s.iter().copied())
        .map(|c| c.map_err(|e| e.unpaired_surrogate()))
        .collect();
    let mut out: Vec<u16> = Vec::with_capacity(s.len());
    let mut buf = [0u16; 2];
    let mut props: Option<CaseProperties> = None;
    for (i, c) in chars.iter().enumerate() {
        let c = match c {
            Ok(c) => *c,
            Err(u) => {
                out.push(*u);
                continue;
            }
        };
        if upper {
            for u in c.to_uppercase() {
                out.extend_from_slice(u.encode_utf16(&mut buf));
            }
        } else if c == '\u{03A3}' {
            let p = props.get_or_insert_with(CaseProperties::new);
            let cased =
                |c: &&Result<char, u16>| matches!(c, Ok(c) if CaseProperties::test(&p.cased, *c));
            let ignorable = |c: &&Result<char, u16>| matches!(c, Ok(c) if CaseProperties::test(&p.ignorable, *c));
            let before = chars[..i].iter().rev().find(|c| !ignorable(c));
            let after = chars[i + 1..].iter().find(|c| !ignorable(c));
            let final_sigma =
                before.is_some_and(|c| cased(&c)) && !after.is_some_and(|c| cased(&c));
            out.push(if final_sigma { 0x03C2 } else { 0x03C3 });
        } else {
            for u in c.to_lowercase() {
                out.extend_from_slice(u.encode_utf16(&mut buf));
            }
        }
    }
    new_units(agent, &out)
}

/// thisStringValue ( value ): a String or a String wrapper object's [[StringData]].
fn this_string_value(this: Value, method: &str) -> R {
    if is_string(this) {
        return Ok(this);
    }
    if let Some(s) = ops::wrapped_primitive(this, CLASS_STRING_WRAPPER) {
        return Ok(s);
    }
    Err(type_error(format!(
        "String.prototype.{method} requires that 'this' be a String"
    )))
}

/// 22.1.3.29 String.prototype.toString ( ) / 22.1.3.35 String.prototype.valueOf ( )
fn value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_string_value(this, "valueOf")
}

/// 22.1.3.31 String.prototype.toWellFormed ( )
fn to_well_formed(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let s = this_units(agent, this, "toWellFormed")?;
    let out: Vec<u16> = char::decode_utf16(s.iter().copied())
        .flat_map(|c| {
            let mut buf = [0u16; 2];
            let n = c.unwrap_or('\u{FFFD}').encode_utf16(&mut buf).len();
            buf.into_iter().take(n)
        })
        .collect();
    new_units(agent, &out)
}

/// 22.1.3.32-34 trim / trimEnd / trimStart (TrimString).
fn trim(agent: &mut Agent, this: Value, start: bool, end: bool, method: &str) -> R {
    let s = this_units(agent, this, method)?;
    let mut from = 0;
    let mut to = s.len();
    if start {
        from = s
            .iter()
            .position(|&c| !is_str_whitespace(c))
            .unwrap_or(s.len());
    }
    if end {
        to = s
            .iter()
            .rposition(|&c| !is_str_whitespace(c))
            .map_or(0, |i| i + 1);
    }
    new_units(agent, &s[from.min(to)..to])
}

/// B.2.2.2.1 CreateHTML ( string, tag, attribute, value )
fn html(
    agent: &mut Agent,
    this: Value,
    args: &[Value],
    method: &str,
    tag: &str,
    attribute: &str,
) -> R {
    let s = this_units(agent, this, method)?;
    let mut out: Vec<u16> = format!("<{tag}").encode_utf16().collect();
    if !attribute.is_empty() {
        let v = to_units(agent, arg(args, 0))?;
        out.extend(format!(" {attribute}=\"").encode_utf16());
        for u in v {
            if u == u16::from(b'"') {
                out.extend("&quot;".encode_utf16());
            } else {
                out.push(u);
            }
        }
        out.push(u16::from(b'"'));
    }
    out.push(u16::from(b'>'));
    out.extend_from_slice(&s);
    out.extend(format!("</{tag}>").encode_utf16());
    new_units(agent, &out)
}

/// 22.1.3.36 String.prototype [ @@iterator ] ( )
fn iterator(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let s = this_string(agent, this, "[Symbol.iterator]")?;
    agent.scope(|agent| {
        agent.root(s);
        let proto = intrinsic(agent, Intrinsic::StringIteratorPrototype);
        let it = new_object_with_class(agent, proto, 0, CLASS_STRING_ITERATOR, 2)?;
        object::set_internal_slot(agent, it, 0, s);
        object::set_internal_slot(agent, it, 1, Value::int(0));
        Ok(Value::cell(it))
    })
}

/// 22.1.5.1.1 %StringIteratorPrototype%.next ( )
fn iterator_next(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let Some(it): Option<ObjectRef> =
        as_object(this).filter(|&o| object::class(o) == CLASS_STRING_ITERATOR)
    else {
        return Err(type_error(
            "%StringIteratorPrototype%.next called on incompatible receiver",
        ));
    };
    let s = object::internal_slot(it, 0).unwrap_or(Value::UNDEFINED);
    if !is_string(s) {
        return iter_result(agent, Value::UNDEFINED, true);
    }
    let units = units_of(s);
    let pos = object::internal_slot(it, 1)
        .and_then(Value::as_int)
        .unwrap_or(0) as usize;
    if pos >= units.len() {
        object::set_internal_slot(agent, it, 0, Value::UNDEFINED);
        return iter_result(agent, Value::UNDEFINED, true);
    }
    let (_, n, _) = code_point_at_units(&units, pos);
    object::set_internal_slot(agent, it, 1, Value::int((pos + n) as i32));
    let v = new_units(agent, &units[pos..pos + n])?;
    iter_result(agent, v, false)
}
