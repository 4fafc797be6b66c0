//! 22.1 String Objects
//! <https://tc39.es/ecma262/2024/#sec-string-objects>
//!
//! The `String` function (§22.1.1) and the methods of `String.prototype` (§22.1.3) so far.

use heap::HeapError;

use super::{arg, integer_arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, display, is_string, to_string_value};
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::string;
use crate::runtime::value::Value;

const SP: Home = Home::On(Intrinsic::StringPrototype);

/// The family: `String` and `String.prototype`.
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
        native!(SP, "charAt", 1, string_char_at),
        native!(SP, "charCodeAt", 1, string_char_code_at),
        native!(SP, "indexOf", 1, string_index_of),
        native!(SP, "slice", 2, string_slice),
        native!(SP, "substring", 2, string_substring),
        native!(SP, "toUpperCase", 0, |a, this, _, _| string_case(
            a, this, true
        )),
        native!(SP, "toLowerCase", 0, |a, this, _, _| string_case(
            a, this, false
        )),
        native!(SP, "toString", 0, string_value_of),
        native!(SP, "valueOf", 0, string_value_of),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    // The prototype is itself a String exotic object whose [[StringData]] is "".
    let proto = crate::runtime::object::new_object_with_class(
        agent,
        op,
        8,
        crate::interpreter::realm::CLASS_STRING_WRAPPER,
        1,
    )?;
    agent.roots.vm.intrinsics[Intrinsic::StringPrototype as usize] = Value::cell(proto);
    let empty = string::from_str(agent, "").map_err(|e| match e {
        string::StringError::OutOfMemory(e) => e,
        string::StringError::TooLong => unreachable!("an empty string"),
    })?;
    let proto = intrinsic(agent, Intrinsic::StringPrototype)
        .as_cell()
        .expect("String.prototype");
    crate::runtime::object::set_internal_slot(agent, proto, 0, Value::cell(empty));
    crate::runtime::object::add_property(
        agent,
        proto,
        crate::runtime::atoms::PropertyKey::Atom(crate::runtime::atoms::names::LENGTH),
        crate::runtime::shape::Attributes::empty(),
        Value::int(0),
    )?;
    Ok(())
}

/// 22.1.1.1 String ( value )
fn string_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let s = if args.is_empty() {
        ops::new_string(agent, "")?
    } else if nt.is_undefined() && ops::is_symbol(args[0]) {
        let text = display(agent, args[0]);
        ops::new_string(agent, &text)?
    } else {
        to_string_value(agent, args[0])?
    };
    if nt.is_undefined() {
        return Ok(s);
    }
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

/// `thisValue` of String.prototype methods: RequireObjectCoercible + ToString, as units.
fn this_units(agent: &mut Agent, this: Value, method: &str) -> Result<Vec<u16>, Throw> {
    if this.is_nullish() {
        return Err(type_error(format!(
            "String.prototype.{method} called on null or undefined"
        )));
    }
    let s = to_string_value(agent, this)?;
    Ok(string::units(s.as_cell().expect("a string")))
}

fn string_char_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "charAt")?;
    let pos = integer_arg(agent, arg(args, 0))?;
    if pos < 0.0 || pos >= units.len() as f64 {
        return ops::new_string(agent, "");
    }
    Ok(Value::cell(string::from_units(
        agent,
        &[units[pos as usize]],
    )?))
}

fn string_char_code_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "charCodeAt")?;
    let pos = integer_arg(agent, arg(args, 0))?;
    if pos < 0.0 || pos >= units.len() as f64 {
        return Ok(Value::double(f64::NAN));
    }
    Ok(Value::int(i32::from(units[pos as usize])))
}

fn string_index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "indexOf")?;
    let search = to_string_value(agent, arg(args, 0))?;
    let search = string::units(search.as_cell().expect("a string"));
    let pos = integer_arg(agent, arg(args, 1))?;
    let start = pos.clamp(0.0, units.len() as f64) as usize;
    let found = (start..=units.len())
        .find(|&i| units.len() - i >= search.len() && units[i..i + search.len()] == search[..]);
    Ok(found.map_or(Value::int(-1), |i| Value::number(i as f64)))
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

fn string_slice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "slice")?;
    let len = units.len();
    let from = relative(agent, arg(args, 0), len, 0.0)?;
    let to = relative(agent, arg(args, 1), len, len as f64)?;
    let part = if from < to { &units[from..to] } else { &[][..] };
    Ok(Value::cell(string::from_units(agent, part)?))
}

fn string_substring(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "substring")?;
    let len = units.len() as f64;
    let start = integer_arg(agent, arg(args, 0))?.clamp(0.0, len) as usize;
    let end = if arg(args, 1).is_undefined() {
        units.len()
    } else {
        integer_arg(agent, arg(args, 1))?.clamp(0.0, len) as usize
    };
    let (from, to) = (start.min(end), start.max(end));
    Ok(Value::cell(string::from_units(agent, &units[from..to])?))
}

fn string_case(agent: &mut Agent, this: Value, upper: bool) -> R {
    let units = this_units(
        agent,
        this,
        if upper { "toUpperCase" } else { "toLowerCase" },
    )?;
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let mut buf = [0u16; 2];
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => {
                if upper {
                    for u in c.to_uppercase() {
                        out.extend_from_slice(u.encode_utf16(&mut buf));
                    }
                } else {
                    for u in c.to_lowercase() {
                        out.extend_from_slice(u.encode_utf16(&mut buf));
                    }
                }
            }
            Err(e) => out.push(e.unpaired_surrogate()),
        }
    }
    Ok(Value::cell(string::from_units(agent, &out)?))
}

/// 22.1.3.35.1 ThisStringValue ( value )
fn string_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    if is_string(this) {
        return Ok(this);
    }
    if let Some(s) = ops::wrapped_primitive(this, crate::interpreter::realm::CLASS_STRING_WRAPPER) {
        return Ok(s);
    }
    Err(type_error(
        "String.prototype.valueOf requires that 'this' be a String",
    ))
}
