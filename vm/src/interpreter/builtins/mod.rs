//! The builtins: one file per spec object ("family"), each exporting a [`Family`] — its
//! native functions and the code that creates its intrinsic objects — and the table
//! [`FAMILIES`] that `realm::ensure_realm` walks to build a realm.
//!
//! A native function is identified by a [`NativeId`]: the family's position in [`FAMILIES`]
//! and the entry's position in the family's table. The id is stored in the function object
//! (`CLASS_NATIVE`, internal slot `FN_CODE`), so a family can reorder or add entries freely.
//!
//! Natives receive `this` and the arguments rooted by their caller; anything they compute
//! and keep across an allocation or a call back into JavaScript they root themselves. A
//! native that needs the function object it was called through (a closure made with
//! [`make_native_closure`]) reads [`callee`] before it allocates or calls anything.
//!
//! Set-up order (see `realm::ensure_realm`): the realm creates %Object.prototype%,
//! %Function.prototype%, the global object and the well-known symbols; then every family's
//! `create` runs in table order (making prototypes and namespace objects), then every
//! family's natives are installed, then every family's `finish` runs (aliases, links that
//! need another family's functions).

use heap::{HeapError, ObjectRef};

pub mod array;
pub mod array_from_async;
pub mod async_disposable_stack;
pub mod async_function;
pub mod bigint;
pub mod boolean;
pub mod console;
pub mod date;
pub mod disposable_stack;
pub mod error;
pub mod function;
pub mod generator;
pub mod global;
pub mod iterator;
pub mod iterator_zip;
pub mod json;
pub mod map;
pub mod math;
pub mod number;
pub mod object;
pub(crate) mod options;
pub mod promise;
pub mod proxy;
pub mod reflect;
pub mod regexp;
pub mod set;
pub mod string;
pub mod symbol;
pub mod test262_host;
pub mod typed_array;
pub mod weak;

pub use array::{array_iterator_step, iter_result, new_array_iterator};

use crate::interpreter::ops::{self, as_object, to_number};
use crate::interpreter::realm::{intrinsic, Intrinsic, CLASS_ARRAY, CLASS_NATIVE, FN_CODE};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object::{new_object, new_object_with_class, DEFAULT_INLINE_SLOTS};
use crate::runtime::value::Value;

/// A native function: `(agent, this, args, new_target)`; `new_target` is `undefined` for
/// `[[Call]]`. The caller roots `this` and the arguments for the duration of the call.
pub type NativeFn = fn(&mut Agent, Value, &[Value], Value) -> Result<Value, Throw>;

/// What a native table entry becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A function property (`{ writable, configurable }`, not enumerable).
    Method,
    /// A constructor: also has `[[Construct]]`. `intrinsic` records the function object in
    /// the realm; `prototype` links `F.prototype` (`{}` attributes) and
    /// `prototype.constructor` (writable, configurable).
    Constructor {
        /// Where the realm records the constructor.
        intrinsic: Option<Intrinsic>,
        /// The constructor's `prototype` object.
        prototype: Option<Intrinsic>,
    },
    /// The getter of an accessor property (`{ configurable }`); the function's name is
    /// `"get " + name`.
    Getter,
    /// The setter of an accessor property; the function's name is `"set " + name`.
    Setter,
}

/// Where a native function is installed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Home {
    /// A property of the global object.
    Global,
    /// A property of an intrinsic object (a prototype, a constructor made by an earlier
    /// entry, a namespace such as `Math`).
    On(Intrinsic),
    /// Not installed anywhere: reached through an intrinsic (`Kind::Constructor`) or made
    /// on demand with [`make_native`] / [`make_native_closure`].
    Hidden,
}

/// One entry of a family's native table.
pub struct Native {
    /// The property name: an identifier, or `[Symbol.x]` for a well-known symbol key.
    pub name: &'static str,
    /// The `length` property.
    pub length: u32,
    /// What the entry becomes.
    pub kind: Kind,
    /// The code.
    pub call: NativeFn,
    /// Where it is installed.
    pub home: Home,
}

impl Native {
    /// Has `[[Construct]]`.
    pub fn is_constructor(&self) -> bool {
        matches!(self.kind, Kind::Constructor { .. })
    }
}

/// Creates or links a family's objects (see the module documentation for the order).
pub type SetupFn = fn(&mut Agent) -> Result<(), HeapError>;

/// The builtins of one spec object.
pub struct Family {
    /// A name for diagnostics.
    pub name: &'static str,
    /// Creates the family's intrinsic objects before any native is installed.
    pub create: Option<SetupFn>,
    /// The native functions.
    pub natives: &'static [Native],
    /// Runs after every family's natives are installed.
    pub finish: Option<SetupFn>,
}

/// Every family, in set-up order: a family's `create` may use the objects created by the
/// families before it.
pub static FAMILIES: &[&Family] = &[
    &object::FAMILY,
    &function::FAMILY,
    &error::FAMILY,
    &global::FAMILY,
    &symbol::FAMILY,
    &iterator::FAMILY,
    &array::FAMILY,
    &array_from_async::FAMILY,
    &string::FAMILY,
    &regexp::FAMILY,
    &number::FAMILY,
    &boolean::FAMILY,
    &math::FAMILY,
    &date::FAMILY,
    &proxy::FAMILY,
    &reflect::FAMILY,
    &disposable_stack::FAMILY,
    &async_disposable_stack::FAMILY,
    &test262_host::FAMILY,
    &generator::FAMILY,
    &promise::FAMILY,
    &async_function::FAMILY,
    &json::FAMILY,
    &map::FAMILY,
    &set::FAMILY,
    &weak::FAMILY,
    &typed_array::array_buffer::FAMILY,
    &typed_array::prototype::FAMILY,
    &typed_array::data_view::FAMILY,
    &console::FAMILY,
    &crate::interpreter::modules::FAMILY,
    &bigint::FAMILY,
    &typed_array::base64::FAMILY,
];

/// A native function's identity: family index << [`NATIVE_ID_SHIFT`] | entry index.
pub type NativeId = u32;

/// How many bits of a [`NativeId`] hold the entry index.
pub const NATIVE_ID_SHIFT: u32 = 10;

/// The native with id `id`, if there is one.
pub fn native_by_id(id: NativeId) -> Option<&'static Native> {
    let family = FAMILIES.get((id >> NATIVE_ID_SHIFT) as usize)?;
    family
        .natives
        .get((id & ((1 << NATIVE_ID_SHIFT) - 1)) as usize)
}

/// The id of `family`'s entry named `name` (the first, if a getter and setter share it).
///
/// # Panics
/// If the family is not in [`FAMILIES`] or has no such entry: a programming error in the
/// builtin tables.
pub fn native_id(family: &'static Family, name: &str) -> NativeId {
    let f = FAMILIES
        .iter()
        .position(|&f| std::ptr::eq(f, family))
        .unwrap_or_else(|| panic!("family {} is not in FAMILIES", family.name));
    let i = family
        .natives
        .iter()
        .position(|n| n.name == name)
        .unwrap_or_else(|| panic!("family {} has no native {name}", family.name));
    ((f as u32) << NATIVE_ID_SHIFT) | i as u32
}

/// The native id of a native function object, if `f` is one.
pub fn native_id_of(f: Value) -> Option<NativeId> {
    as_object(f)
        .filter(|&o| crate::runtime::object::class(o) == CLASS_NATIVE)
        .and_then(|o| crate::runtime::object::internal_slot(o, FN_CODE))
        .and_then(Value::as_int)
        .map(|i| i as NativeId)
}

/// The function object the running native was called through. Valid only at the native's
/// entry: read it before allocating or calling anything (a nested call replaces it).
pub fn callee(agent: &Agent) -> Value {
    agent.roots.vm.native_callee
}

/// Slot `i` of the running native closure (its internal slot `1 + i`, see
/// [`make_native_closure`]); `undefined` if there is none.
pub(crate) fn closure_slot(agent: &Agent, i: usize) -> Value {
    ops::as_object(callee(agent))
        .and_then(|f| crate::runtime::object::internal_slot(f, 1 + i))
        .unwrap_or(Value::UNDEFINED)
}

/// A new native function object for the entry `id`, without extra internal slots.
pub fn make_native(agent: &mut Agent, id: NativeId) -> Result<Value, HeapError> {
    make_native_closure(agent, id, &[])
}

/// A new native function object for the entry `id` whose internal slots 1.. hold `slots`
/// (read them through [`callee`] and `object::internal_slot(f, 1 + i)`); the caller keeps
/// `slots` rooted. Its `name` and `length` come from the entry (getters and setters get the
/// `get `/`set ` prefix).
pub fn make_native_closure(
    agent: &mut Agent,
    id: NativeId,
    slots: &[Value],
) -> Result<Value, HeapError> {
    crate::interpreter::realm::make_native_function(agent, id, slots)
}

// ----- Helpers shared by the families -----

pub(crate) type R = Result<Value, Throw>;

/// `native!(home, "name", length, f)` — a method; `native!(home, "name", length, f,
/// constructor(intrinsic, prototype))` — a constructor; `getter`/`setter` likewise.
macro_rules! native {
    ($home:expr, $name:literal, $length:literal, $f:expr) => {
        $crate::interpreter::builtins::Native {
            name: $name,
            length: $length,
            kind: $crate::interpreter::builtins::Kind::Method,
            call: $f,
            home: $home,
        }
    };
    ($home:expr, $name:literal, $length:literal, $f:expr, constructor($intrinsic:expr, $prototype:expr)) => {
        $crate::interpreter::builtins::Native {
            name: $name,
            length: $length,
            kind: $crate::interpreter::builtins::Kind::Constructor {
                intrinsic: $intrinsic,
                prototype: $prototype,
            },
            call: $f,
            home: $home,
        }
    };
    ($home:expr, $name:literal, $f:expr, getter) => {
        $crate::interpreter::builtins::Native {
            name: $name,
            length: 0,
            kind: $crate::interpreter::builtins::Kind::Getter,
            call: $f,
            home: $home,
        }
    };
    ($home:expr, $name:literal, $f:expr, setter) => {
        $crate::interpreter::builtins::Native {
            name: $name,
            length: 1,
            kind: $crate::interpreter::builtins::Kind::Setter,
            call: $f,
            home: $home,
        }
    };
}
pub(crate) use native;

pub(crate) fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}

fn type_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::TypeError, message)
}

#[allow(dead_code)]
fn not_implemented(what: &str) -> Throw {
    Throw::error(
        ErrorType::InternalError,
        format!("{what} not implemented yet"),
    )
}

#[allow(dead_code)]
fn require_object(v: Value, what: &str) -> Result<ObjectRef, Throw> {
    as_object(v).ok_or_else(|| type_error(format!("{what} called on non-object")))
}

fn new_plain_object(agent: &mut Agent) -> Result<ObjectRef, Throw> {
    let proto = ops::object_prototype(agent);
    Ok(new_object(agent, proto, DEFAULT_INLINE_SLOTS)?)
}

/// A new Array with `values` (which the caller keeps rooted).
pub fn array_from(agent: &mut Agent, values: &[Value]) -> Result<ObjectRef, Throw> {
    let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
    let a = new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?;
    agent.scope(|agent| {
        agent.root(Value::cell(a));
        for (i, &v) in values.iter().enumerate() {
            crate::runtime::object::set_element(agent, a, i as u32, v)?;
        }
        Ok(a)
    })
}

/// `LengthOfArrayLike(obj)`.
pub fn length_of(agent: &mut Agent, obj: ObjectRef) -> Result<u32, Throw> {
    if crate::runtime::object::class(obj) == CLASS_ARRAY {
        return Ok(crate::runtime::object::elements_len(obj));
    }
    let len = ops::get_from_object(agent, obj, PropertyKey::Atom(names::LENGTH))?
        .unwrap_or(Value::UNDEFINED);
    let n = to_integer_or_infinity(to_number(agent, len)?);
    Ok(n.clamp(0.0, f64::from(u32::MAX - 1)) as u32)
}

/// `CreateListFromArrayLike(v)`: the values are returned rooted in the current scope.
pub fn list_from_array_like(agent: &mut Agent, v: Value) -> Result<Vec<Value>, Throw> {
    let Some(obj) = as_object(v) else {
        return Err(type_error("CreateListFromArrayLike called on non-object"));
    };
    let len = length_of(agent, obj)?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let e =
            ops::get_from_object(agent, obj, PropertyKey::Index(i))?.unwrap_or(Value::UNDEFINED);
        agent.root(e);
        out.push(e);
    }
    Ok(out)
}

/// `ToIntegerOrInfinity(ToNumber(v))`.
fn integer_arg(agent: &mut Agent, v: Value) -> Result<f64, Throw> {
    Ok(to_integer_or_infinity(to_number(agent, v)?))
}

/// `obj[@@toStringTag] = tag` (`{ [[Configurable]]: true }`), the tag of most prototypes and
/// namespace objects.
pub(crate) fn add_to_string_tag(agent: &mut Agent, obj: Value, tag: &str) -> Result<(), HeapError> {
    let sym = intrinsic(agent, Intrinsic::SymbolToStringTag)
        .as_cell()
        .expect("a symbol");
    crate::interpreter::realm::add_string_property(
        agent,
        obj,
        PropertyKey::Symbol(sym),
        tag,
        crate::runtime::shape::Attributes::CONFIGURABLE,
    )
}

/// `proto[alias] = proto[name]` (the same function object), `{ writable, configurable }`:
/// `Array.prototype[@@iterator]` is `values`, `Set.prototype.keys` is `values`, ….
pub(crate) fn alias(
    agent: &mut Agent,
    proto: Intrinsic,
    name: &str,
    alias: PropertyKey,
) -> Result<Value, HeapError> {
    let p = intrinsic(agent, proto).as_cell().expect("a prototype");
    let key = PropertyKey::Atom(agent.atoms.intern_str(name));
    let f = ops::lookup_data(agent, p, key).unwrap_or(Value::UNDEFINED);
    crate::runtime::object::add_property(
        agent,
        p,
        alias,
        crate::runtime::shape::Attributes::BUILTIN,
        f,
    )?;
    Ok(f)
}

/// The property key of well-known symbol `which`.
pub(crate) fn symbol_key(agent: &Agent, which: Intrinsic) -> PropertyKey {
    PropertyKey::Symbol(intrinsic(agent, which).as_cell().expect("a symbol"))
}

/// True if `f` is the realm's %ArrayIteratorPrototype%.next (the iteration fast path).
pub fn is_array_iterator_next(f: Value) -> bool {
    native_id_of(f)
        .and_then(native_by_id)
        .is_some_and(|n| n.home == Home::On(Intrinsic::ArrayIteratorPrototype) && n.name == "next")
}
