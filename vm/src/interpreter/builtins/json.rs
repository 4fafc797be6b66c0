//! 25.5 The JSON Object
//! <https://tc39.es/ecma262/2024/#sec-json-object>
//!
//! `JSON.parse` (§25.5.1) and `JSON.stringify` (§25.5.2) and `JSON[@@toStringTag]`, plus
//! `JSON.rawJSON` / `JSON.isRawJSON` of JSON.parse source text access (ES2026; the reviver's
//! `context` argument of that proposal is not implemented).
//!
//! `JSON.parse` scans the UTF-16 text with a recursive-descent parser that builds the values
//! directly (the spec's "parse as a Script, then evaluate" gives the same result for valid
//! JSON); errors are `SyntaxError`s naming the position. Nesting deeper than
//! [`MAX_DEPTH`] throws a `RangeError` instead of overflowing the Rust stack (the same limit
//! applies to `stringify` and to the reviver walk).

use heap::HeapError;

use super::{arg, length_of, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, display, get_property, is_callable, is_string, key_value, own_keys,
    own_property, to_number, to_property_key, to_string_value,
};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_BOOLEAN_WRAPPER, CLASS_NUMBER_WRAPPER, CLASS_RAW_JSON,
    CLASS_STRING_WRAPPER,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::number::{number_to_string, string_to_number, to_integer_or_infinity};
use crate::runtime::object::{self, new_object};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

const J: Home = Home::On(Intrinsic::Json);

/// How deeply `parse`, `stringify` and the reviver walk may nest.
pub const MAX_DEPTH: usize = 4000;

/// The family: the `JSON` object.
pub static FAMILY: Family = Family {
    name: "JSON",
    create: Some(create_intrinsics),
    natives: &[
        native!(J, "isRawJSON", 1, json_is_raw_json),
        native!(J, "parse", 2, json_parse),
        native!(J, "rawJSON", 1, json_raw_json),
        native!(J, "stringify", 3, json_stringify),
    ],
    finish: None,
};

/// Creates a namespace object (`JSON`, `console`): an ordinary object with
/// %Object.prototype%, stored as `which` and installed as the global `name`, with
/// `@@toStringTag` `tag` (`{ [[Configurable]]: true }`) when given.
pub(crate) fn create_namespace(
    agent: &mut Agent,
    which: Intrinsic,
    name: &str,
    tag: Option<&str>,
) -> Result<(), HeapError> {
    let proto = intrinsic(agent, Intrinsic::ObjectPrototype);
    let ns = new_object(agent, proto, 8)?;
    agent.roots.vm.intrinsics[which as usize] = Value::cell(ns);
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str(name));
    object::add_property(agent, global, key, Attributes::BUILTIN, Value::cell(ns))?;
    if let Some(tag) = tag {
        super::add_to_string_tag(agent, Value::cell(ns), tag)?;
    }
    Ok(())
}

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    create_namespace(agent, Intrinsic::Json, "JSON", Some("JSON"))
}

/// IsArray (sees through Proxies; a revoked Proxy answers false here, see
/// [`is_array_checked`]).
fn is_array(v: Value) -> bool {
    super::object::is_array(v).unwrap_or(false)
}

/// IsArray(v), throwing for a revoked Proxy.
fn is_array_checked(v: Value) -> Result<bool, Throw> {
    super::object::is_array(v)
}

fn depth_error() -> Throw {
    Throw::error(
        ErrorType::RangeError,
        "Maximum call stack size exceeded (JSON nesting too deep)",
    )
}

// ----- JSON.parse -----

struct Parser<'a> {
    text: &'a [u16],
    pos: usize,
    depth: usize,
}

fn describe(unit: Option<u16>) -> String {
    match unit {
        None => "end of JSON input".into(),
        Some(u) => match char::from_u32(u32::from(u)) {
            Some(c) if !c.is_control() => format!("token '{c}'"),
            _ => format!("character U+{u:04X}"),
        },
    }
}

impl Parser<'_> {
    fn error(&self, what: &str) -> Throw {
        Throw::error(
            ErrorType::SyntaxError,
            format!("JSON.parse: {what} at position {}", self.pos),
        )
    }

    fn unexpected(&self) -> Throw {
        self.error(&format!("Unexpected {}", describe(self.peek())))
    }

    fn peek(&self) -> Option<u16> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(0x20 | 0x09 | 0x0a | 0x0d) = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, unit: u8) -> Result<(), Throw> {
        if self.peek() == Some(u16::from(unit)) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Throw> {
        for b in word.bytes() {
            self.expect(b)?;
        }
        Ok(())
    }

    /// A value (after whitespace); the result is unrooted.
    fn value(&mut self, agent: &mut Agent) -> R {
        self.skip_ws();
        match self.peek() {
            Some(0x7b) => self.object(agent),
            Some(0x5b) => self.array(agent),
            Some(0x22) => {
                let units = self.string()?;
                Ok(Value::cell(string::from_units(agent, &units)?))
            }
            Some(0x74) => self.literal("true").map(|()| Value::TRUE),
            Some(0x66) => self.literal("false").map(|()| Value::FALSE),
            Some(0x6e) => self.literal("null").map(|()| Value::NULL),
            Some(0x2d | 0x30..=0x39) => self.number(),
            _ => Err(self.unexpected()),
        }
    }

    fn digits(&mut self) -> Result<(), Throw> {
        if !matches!(self.peek(), Some(0x30..=0x39)) {
            return Err(self.unexpected());
        }
        while let Some(0x30..=0x39) = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> R {
        let start = self.pos;
        if self.peek() == Some(0x2d) {
            self.pos += 1;
        }
        if self.peek() == Some(0x30) {
            self.pos += 1;
        } else {
            self.digits()?;
        }
        if self.peek() == Some(0x2e) {
            self.pos += 1;
            self.digits()?;
        }
        if let Some(0x65 | 0x45) = self.peek() {
            self.pos += 1;
            if let Some(0x2b | 0x2d) = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        Ok(Value::number(string_to_number(&self.text[start..self.pos])))
    }

    fn hex4(&mut self) -> Result<u16, Throw> {
        let mut v = 0u16;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|u| char::from_u32(u32::from(u)))
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error("Bad Unicode escape"))?;
            v = v * 16 + d as u16;
            self.pos += 1;
        }
        Ok(v)
    }

    /// A string literal's code units (the opening quote is at `pos`).
    fn string(&mut self) -> Result<Vec<u16>, Throw> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.error("Unterminated string")),
                Some(0x22) => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(0x5c) => {
                    self.pos += 1;
                    let e = self
                        .peek()
                        .ok_or_else(|| self.error("Unterminated string"))?;
                    self.pos += 1;
                    let unit = match e {
                        0x22 => 0x22,
                        0x5c => 0x5c,
                        0x2f => 0x2f,
                        0x62 => 0x08,
                        0x66 => 0x0c,
                        0x6e => 0x0a,
                        0x72 => 0x0d,
                        0x74 => 0x09,
                        0x75 => self.hex4()?,
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("Bad escaped character"));
                        }
                    };
                    out.push(unit);
                }
                Some(u) if u < 0x20 => return Err(self.error("Bad control character in string")),
                Some(u) => {
                    out.push(u);
                    self.pos += 1;
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), Throw> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(depth_error());
        }
        Ok(())
    }

    fn array(&mut self, agent: &mut Agent) -> R {
        self.enter()?;
        self.pos += 1;
        let a = super::array_from(agent, &[])?;
        let result = agent.scope(|agent| {
            let root = agent.root(Value::cell(a));
            self.skip_ws();
            if self.peek() == Some(0x5d) {
                self.pos += 1;
                return Ok(agent.get(root));
            }
            let mut index = 0u32;
            loop {
                let v = self.value(agent)?;
                let a = as_object(agent.get(root)).expect("an array");
                object::set_element(agent, a, index, v)?;
                index += 1;
                self.skip_ws();
                match self.peek() {
                    Some(0x2c) => self.pos += 1,
                    Some(0x5d) => {
                        self.pos += 1;
                        return Ok(agent.get(root));
                    }
                    _ => return Err(self.unexpected()),
                }
            }
        });
        self.depth -= 1;
        result
    }

    fn object(&mut self, agent: &mut Agent) -> R {
        self.enter()?;
        self.pos += 1;
        let proto = ops::object_prototype(agent);
        let o = new_object(agent, proto, 4)?;
        let result = agent.scope(|agent| {
            let root = agent.root(Value::cell(o));
            self.skip_ws();
            if self.peek() == Some(0x7d) {
                self.pos += 1;
                return Ok(agent.get(root));
            }
            loop {
                self.skip_ws();
                if self.peek() != Some(0x22) {
                    return Err(self.unexpected());
                }
                let name = self.string()?;
                self.skip_ws();
                self.expect(b':')?;
                let v = self.value(agent)?;
                let key = agent.atoms.key(&name);
                let o = as_object(agent.get(root)).expect("an object");
                // Duplicate names: the last one wins (CreateDataProperty replaces).
                agent.scope(|agent| {
                    agent.root(v);
                    ops::define_own(agent, o, key, v)
                })?;
                self.skip_ws();
                match self.peek() {
                    Some(0x2c) => self.pos += 1,
                    Some(0x7d) => {
                        self.pos += 1;
                        return Ok(agent.get(root));
                    }
                    _ => return Err(self.unexpected()),
                }
            }
        });
        self.depth -= 1;
        result
    }
}

/// 25.5.1 JSON.parse ( text [ , reviver ] )
pub(crate) fn json_parse(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let jsonString be ? ToString(text).
    let text = to_string_value(agent, arg(args, 0))?;
    let units = string::units(text.as_cell().expect("a string"));
    let reviver = arg(args, 1);
    let mut parser = Parser {
        text: &units,
        pos: 0,
        depth: 0,
    };
    let unfiltered = parser.value(agent)?;
    parser.skip_ws();
    if parser.pos < units.len() {
        return Err(parser.unexpected());
    }
    // 11. If IsCallable(reviver) is true, then
    if !is_callable(reviver) {
        return Ok(unfiltered);
    }
    agent.scope(|agent| {
        let unfiltered = agent.root(unfiltered);
        // a. Let root be OrdinaryObjectCreate(%Object.prototype%).
        let proto = ops::object_prototype(agent);
        let root = new_object(agent, proto, 4)?;
        let root_local = agent.root(Value::cell(root));
        let empty = PropertyKey::Atom(agent.atoms.intern_str(""));
        // c. Perform ! CreateDataPropertyOrThrow(root, rootName, unfiltered).
        let v = agent.get(unfiltered);
        ops::define_own(agent, root, empty, v)?;
        // d. Return ? InternalizeJSONProperty(root, rootName, reviver).
        let root = agent.get(root_local);
        internalize(agent, root, empty, reviver, 0)
    })
}

/// The keys of `EnumerableOwnProperties(obj, key)`.
fn enumerable_own_keys(agent: &mut Agent, obj: Value) -> Vec<PropertyKey> {
    let Some(o) = as_object(obj) else {
        return Vec::new();
    };
    own_keys(agent, o)
        .into_iter()
        .filter(|&k| {
            !matches!(k, PropertyKey::Symbol(_))
                && own_property(agent, o, k)
                    .is_some_and(|p| p.attributes().contains(Attributes::ENUMERABLE))
        })
        .collect()
}

/// 25.5.1.1 InternalizeJSONProperty ( holder, name, reviver )
fn internalize(
    agent: &mut Agent,
    holder: Value,
    name: PropertyKey,
    reviver: Value,
    depth: usize,
) -> R {
    if depth > MAX_DEPTH {
        return Err(depth_error());
    }
    agent.scope(|agent| {
        let holder = agent.root(holder);
        if let PropertyKey::Symbol(s) = name {
            agent.root(Value::cell(s));
        }
        // 1. Let val be ? Get(holder, name).
        let h = agent.get(holder);
        let val = get_property(agent, h, name)?;
        let val = agent.root(val);
        // 2. If val is an Object, then
        if let Some(o) = as_object(agent.get(val)) {
            let keys: Vec<PropertyKey> = if is_array_checked(agent.get(val))? {
                // b. i. Let len be ? LengthOfArrayLike(val).
                let len = length_of(agent, o)?;
                (0..len).map(PropertyKey::Index).collect()
            } else {
                // c. i. Let keys be ? EnumerableOwnProperties(val, key).
                enumerable_own_keys(agent, agent.get(val))
            };
            for key in keys {
                let v = agent.get(val);
                let new_element = internalize(agent, v, key, reviver, depth + 1)?;
                let o = as_object(agent.get(val)).expect("an object");
                if new_element.is_undefined() {
                    // Perform ? val.[[Delete]](prop).
                    ops::try_delete(agent, o, key)?;
                } else {
                    // Perform ? CreateDataProperty(val, prop, newElement).
                    agent.root(new_element);
                    ops::create_data_property(agent, o, key, new_element)?;
                }
            }
        }
        // 3. Return ? Call(reviver, holder, « name, val »).
        let name_value = key_value(agent, name)?;
        let name_value = agent.root(name_value);
        let args = [agent.get(name_value), agent.get(val)];
        let h = agent.get(holder);
        call(agent, reviver, h, &args)
    })
}

/// JSON.rawJSON ( text )
fn json_raw_json(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let jsonString be ? ToString(text).
    let text = to_string_value(agent, arg(args, 0))?;
    let units = string::units(text.as_cell().expect("a string"));
    // 2. Throw a SyntaxError if jsonString is empty, or starts or ends with whitespace.
    let ws = |u: Option<&u16>| matches!(u, None | Some(0x09 | 0x0a | 0x0d | 0x20));
    if ws(units.first()) || ws(units.last()) {
        return Err(Throw::error(
            ErrorType::SyntaxError,
            "JSON.rawJSON: the text must not be empty or start or end with whitespace",
        ));
    }
    // 3. Parse it as a JSON text; objects and arrays are not allowed.
    if matches!(units.first(), Some(0x7b | 0x5b)) {
        return Err(Throw::error(
            ErrorType::SyntaxError,
            "JSON.rawJSON: the text must be a primitive JSON value",
        ));
    }
    agent.scope(|agent| {
        let text = agent.root(text);
        let mut parser = Parser {
            text: &units,
            pos: 0,
            depth: 0,
        };
        parser.value(agent)?;
        if parser.pos < units.len() {
            return Err(parser.unexpected());
        }
        // 4–6. A frozen null-prototype object with [[IsRawJSON]] and `rawJSON`.
        let obj = object::new_object_with_class(agent, Value::NULL, 1, CLASS_RAW_JSON, 0)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str("rawJSON"));
        let t = agent.get(text);
        object::add_property(agent, obj, key, Attributes::ENUMERABLE, t)?;
        object::prevent_extensions(obj);
        Ok(Value::cell(obj))
    })
}

/// JSON.isRawJSON ( O )
fn json_is_raw_json(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        as_object(arg(args, 0)).is_some_and(|o| object::class(o) == CLASS_RAW_JSON),
    ))
}

// ----- JSON.stringify -----

struct State {
    /// `[[ReplacerFunction]]` (undefined if none; rooted by the caller).
    replacer: Value,
    /// `[[PropertyList]]`.
    property_list: Option<Vec<PropertyKey>>,
    /// `[[Stack]]`: the objects being serialised (rooted by the frames that pushed them).
    stack: Vec<Value>,
    /// `[[Indent]]`.
    indent: Vec<u16>,
    /// `[[Gap]]`.
    gap: Vec<u16>,
    out: Vec<u16>,
}

/// `JSON.stringify(value)` for Rust callers (`console`'s `%j`); `value` rooted by the caller.
pub fn stringify_value(agent: &mut Agent, value: Value) -> R {
    json_stringify(agent, Value::UNDEFINED, &[value], Value::UNDEFINED)
}

/// 25.5.2 JSON.stringify ( value [ , replacer [ , space ] ] )
fn json_stringify(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let (value, replacer, space) = (arg(args, 0), arg(args, 1), arg(args, 2));
    agent.scope(|agent| {
        let mut state = State {
            replacer: Value::UNDEFINED,
            property_list: None,
            stack: Vec::new(),
            indent: Vec::new(),
            gap: Vec::new(),
            out: Vec::new(),
        };
        // 4. If replacer is an Object, then
        if let Some(r) = as_object(replacer) {
            if is_callable(replacer) {
                state.replacer = replacer;
            } else if is_array(replacer) {
                // b. ii. Let len be ? LengthOfArrayLike(replacer).
                let len = length_of(agent, r)?;
                let mut list: Vec<PropertyKey> = Vec::new();
                for i in 0..len {
                    let v = get_property(agent, replacer, PropertyKey::Index(i))?;
                    let item = if is_string(v) || v.is_number() {
                        Some(to_property_key(agent, v)?)
                    } else if let Some(o) = as_object(v) {
                        let c = object::class(o);
                        if c == CLASS_STRING_WRAPPER || c == CLASS_NUMBER_WRAPPER {
                            let s = to_string_value(agent, v)?;
                            Some(to_property_key(agent, s)?)
                        } else {
                            None
                        }
                    } else {
                        None
                    };
                    if let Some(item) = item {
                        if !list.contains(&item) {
                            list.push(item);
                        }
                    }
                }
                state.property_list = Some(list);
            }
        }
        // 5. If space is an Object, then (unwrap Number and String objects)
        let mut space = space;
        if let Some(o) = as_object(space) {
            match object::class(o) {
                CLASS_NUMBER_WRAPPER => space = Value::number(to_number(agent, space)?),
                CLASS_STRING_WRAPPER => space = to_string_value(agent, space)?,
                _ => {}
            }
        }
        // 6–8. The gap.
        if let Some(n) = space.as_number() {
            let n = to_integer_or_infinity(n).clamp(0.0, 10.0) as usize;
            state.gap = vec![0x20; n];
        } else if is_string(space) {
            let units = string::units(space.as_cell().expect("a string"));
            state.gap = units[..units.len().min(10)].to_vec();
        }
        // 9. Let wrapper be OrdinaryObjectCreate(%Object.prototype%).
        let value_local = agent.root(value);
        let proto = ops::object_prototype(agent);
        let wrapper = new_object(agent, proto, 1)?;
        let wrapper = agent.root(Value::cell(wrapper));
        let empty = PropertyKey::Atom(agent.atoms.intern_str(""));
        let w = as_object(agent.get(wrapper)).expect("an object");
        let v = agent.get(value_local);
        ops::define_own(agent, w, empty, v)?;
        // 12. Return ? SerializeJSONProperty(state, the empty String, wrapper).
        let w = agent.get(wrapper);
        if serialize_property(agent, &mut state, empty, w)? {
            Ok(Value::cell(string::from_units(agent, &state.out)?))
        } else {
            Ok(Value::UNDEFINED)
        }
    })
}

/// 25.5.2.2 SerializeJSONProperty ( state, key, holder ): appends the text to `state.out`;
/// `false` means the result is undefined (nothing appended).
fn serialize_property(
    agent: &mut Agent,
    state: &mut State,
    key: PropertyKey,
    holder: Value,
) -> Result<bool, Throw> {
    agent.scope(|agent| {
        let holder = agent.root(holder);
        // 1. Let value be ? Get(holder, key).
        let h = agent.get(holder);
        let mut value = get_property(agent, h, key)?;
        let mut value_local = agent.root(value);
        // 2. If value is an Object or value is a BigInt, then
        if as_object(value).is_some() || value.is_bigint() {
            let to_json = PropertyKey::Atom(agent.atoms.intern_str("toJSON"));
            let f = get_property(agent, value, to_json)?;
            if is_callable(f) {
                agent.root(f);
                let k = key_value(agent, key)?;
                agent.root(k);
                let v = agent.get(value_local);
                value = call(agent, f, v, &[k])?;
                value_local = agent.root(value);
            }
        }
        // 3. If state.[[ReplacerFunction]] is not undefined, then
        if !state.replacer.is_undefined() {
            let k = key_value(agent, key)?;
            agent.root(k);
            let (h, v) = (agent.get(holder), agent.get(value_local));
            value = call(agent, state.replacer, h, &[k, v])?;
            value_local = agent.root(value);
        }
        // 4. If value is an Object, then unwrap Number, String, Boolean (and BigInt) objects.
        if let Some(o) = as_object(value) {
            // A raw JSON object serialises as its text (JSON.parse source text access).
            if object::class(o) == CLASS_RAW_JSON {
                let key = PropertyKey::Atom(agent.atoms.intern_str("rawJSON"));
                let text = ops::lookup_data(agent, o, key).unwrap_or(Value::UNDEFINED);
                if is_string(text) {
                    state
                        .out
                        .extend(string::units(text.as_cell().expect("a string")));
                    return Ok(true);
                }
            }
            match object::class(o) {
                CLASS_NUMBER_WRAPPER => value = Value::number(to_number(agent, value)?),
                CLASS_STRING_WRAPPER => value = to_string_value(agent, value)?,
                CLASS_BOOLEAN_WRAPPER => {
                    value = object::internal_slot(o, 0).unwrap_or(Value::FALSE)
                }
                crate::interpreter::realm::CLASS_BIGINT_WRAPPER => {
                    value = object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED)
                }
                _ => {}
            }
            value_local = agent.root(value);
        }
        let value = agent.get(value_local);
        // 5–8. null, booleans, strings.
        if value.is_null() {
            state.out.extend("null".encode_utf16());
        } else if let Some(b) = value.as_bool() {
            state
                .out
                .extend(if b { "true" } else { "false" }.encode_utf16());
        } else if is_string(value) {
            // The units are read in place (flattening a rope allocates; `value` is rooted).
            let flat = string::flatten(agent, value.as_cell().expect("a string"))?;
            quote_units(
                &mut state.out,
                string::view(agent, flat).expect("a flat string"),
            );
        } else if let Some(n) = value.as_number() {
            // 9. If value is a Number, then finite → ToString(value), else "null".
            if let Some(i) = value.as_int() {
                let mut buffer = [0u8; 11];
                let digits = ops::int_decimal(i, &mut buffer);
                state.out.extend(digits.iter().map(|&b| u16::from(b)));
            } else if n.is_finite() {
                state.out.extend(number_to_string(n).encode_utf16());
            } else {
                state.out.extend("null".encode_utf16());
            }
        } else if as_object(value).is_some() && !is_callable(value) {
            // 11. If value is an Object and IsCallable(value) is false, then
            if is_array(value) {
                serialize_array(agent, state, value)?;
            } else {
                serialize_object(agent, state, value)?;
            }
        } else if value.is_undefined() || ops::is_symbol(value) || is_callable(value) {
            // 12. Return undefined.
            return Ok(false);
        } else {
            // 10. BigInt.
            return Err(type_error(if value.is_bigint() {
                "Do not know how to serialize a BigInt".to_string()
            } else {
                format!("Do not know how to serialize {}", display(agent, value))
            }));
        }
        Ok(true)
    })
}

/// QuoteJSONString of borrowed units: Latin-1 text with nothing to escape is copied as is.
fn quote_units(out: &mut Vec<u16>, units: string::Units<'_>) {
    match units {
        string::Units::Latin1(bytes)
            if bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') =>
        {
            out.reserve(bytes.len() + 2);
            out.push(0x22);
            out.extend(bytes.iter().map(|&b| u16::from(b)));
            out.push(0x22);
        }
        string::Units::Utf16(units) => quote(out, units),
        _ => quote(out, &units.to_vec()),
    }
}

/// 25.5.2.3 QuoteJSONString ( value )
fn quote(out: &mut Vec<u16>, units: &[u16]) {
    out.push(0x22);
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        let escape = |out: &mut Vec<u16>, c: u16| {
            out.extend(format!("\\u{c:04x}").encode_utf16());
        };
        match c {
            0x08 => out.extend([0x5c, 0x62]),
            0x09 => out.extend([0x5c, 0x74]),
            0x0a => out.extend([0x5c, 0x6e]),
            0x0c => out.extend([0x5c, 0x66]),
            0x0d => out.extend([0x5c, 0x72]),
            0x22 => out.extend([0x5c, 0x22]),
            0x5c => out.extend([0x5c, 0x5c]),
            c if c < 0x20 => escape(out, c),
            0xd800..=0xdbff => {
                if let Some(&next @ 0xdc00..=0xdfff) = units.get(i + 1) {
                    out.extend([c, next]);
                    i += 1;
                } else {
                    escape(out, c);
                }
            }
            0xdc00..=0xdfff => escape(out, c),
            c => out.push(c),
        }
        i += 1;
    }
    out.push(0x22);
}

fn push_cycle_check(agent: &Agent, state: &mut State, value: Value) -> Result<(), Throw> {
    // 1. If state.[[Stack]] contains value, throw a TypeError exception.
    if state.stack.contains(&value) {
        let _ = agent;
        return Err(type_error("Converting circular structure to JSON"));
    }
    if state.stack.len() >= MAX_DEPTH {
        return Err(depth_error());
    }
    state.stack.push(value);
    Ok(())
}

fn newline_indent(state: &mut State) {
    state.out.push(0x0a);
    let indent = state.indent.clone();
    state.out.extend(indent);
}

/// 25.5.2.5 SerializeJSONObject ( state, value )
fn serialize_object(agent: &mut Agent, state: &mut State, value: Value) -> Result<(), Throw> {
    push_cycle_check(agent, state, value)?;
    let stepback = state.indent.clone();
    let gap = state.gap.clone();
    state.indent.extend(gap.iter().copied());
    // 5–6. Let K be state.[[PropertyList]], or EnumerableOwnProperties(value, key).
    let keys = match &state.property_list {
        Some(list) => list.clone(),
        None => enumerable_own_keys(agent, value),
    };
    state.out.push(0x7b);
    let mut any = false;
    for key in keys {
        let mark = state.out.len();
        if any {
            state.out.push(0x2c);
        }
        if !gap.is_empty() {
            newline_indent(state);
        }
        let name = match key {
            PropertyKey::Index(i) => i.to_string().encode_utf16().collect(),
            PropertyKey::Atom(a) => agent.atoms.text(a).to_vec(),
            PropertyKey::Symbol(_) => Vec::new(),
        };
        quote(&mut state.out, &name);
        state.out.push(0x3a);
        if !gap.is_empty() {
            state.out.push(0x20);
        }
        if serialize_property(agent, state, key, value)? {
            any = true;
        } else {
            state.out.truncate(mark);
        }
    }
    if any && !gap.is_empty() {
        state.indent = stepback.clone();
        newline_indent(state);
    }
    state.out.push(0x7d);
    state.stack.pop();
    state.indent = stepback;
    Ok(())
}

/// 25.5.2.6 SerializeJSONArray ( state, value )
fn serialize_array(agent: &mut Agent, state: &mut State, value: Value) -> Result<(), Throw> {
    push_cycle_check(agent, state, value)?;
    let stepback = state.indent.clone();
    let gap = state.gap.clone();
    state.indent.extend(gap.iter().copied());
    // 6. Let len be ? LengthOfArrayLike(value).
    let len = length_of(agent, as_object(value).expect("an array"))?;
    state.out.push(0x5b);
    for i in 0..len {
        if i > 0 {
            state.out.push(0x2c);
        }
        if !gap.is_empty() {
            newline_indent(state);
        }
        if !serialize_property(agent, state, PropertyKey::Index(i), value)? {
            state.out.extend("null".encode_utf16());
        }
    }
    if len > 0 && !gap.is_empty() {
        state.indent = stepback.clone();
        newline_indent(state);
    }
    state.out.push(0x5d);
    state.stack.pop();
    state.indent = stepback;
    Ok(())
}
