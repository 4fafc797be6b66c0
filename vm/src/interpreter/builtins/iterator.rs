//! 27.1.3 Iterator Objects (ES2025 iterator helpers)
//! <https://tc39.es/ecma262/2025/#sec-iterator-objects>
//!
//! The abstract `Iterator` constructor (§27.1.3.1), `Iterator.from` with
//! %WrapForValidIteratorPrototype% (§27.1.3.2.1), %Iterator.prototype% (§27.1.4: the lazy
//! helpers `map`, `filter`, `take`, `drop`, `flatMap`, the eager `reduce`, `toArray`,
//! `forEach`, `some`, `every`, `find`, `[Symbol.iterator]`, `[Symbol.dispose]`, and the
//! `constructor`/`[Symbol.toStringTag]` accessors), and %IteratorHelperPrototype%
//! (§27.1.2.1).
//!
//! The spec writes each lazy helper as an abstract closure run as a generator. Here an
//! Iterator Helper object (`CLASS_ITERATOR_HELPER`) is a small state machine whose internal
//! slots hold what the closure captures:
//!
//! | slot | holds |
//! |---|---|
//! | 0 | the underlying iterator (`[[UnderlyingIterator]].[[Iterator]]`) |
//! | 1 | its `next` method |
//! | 2 | the helper kind ([`Kind`] as an int) |
//! | 3 | the callback, or the remaining count of `take`/`drop` (a Number, maybe +∞) |
//! | 4 | the counter passed to callbacks |
//! | 5 | the generator state ([`State`] as an int) |
//! | 6, 7 | `flatMap`'s inner iterator and its `next` (`undefined` when none is active) |
//!
//! `Iterator.concat` helpers have no underlying iterator in slots 0–1; slot 3 holds an
//! internal Array of `iterable, @@iterator method` pairs, slot 4 the index of the next pair,
//! slots 6–7 the iterator being drained.

use heap::{HeapError, ObjectRef};

use super::{arg, iter_result, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, is_callable, iterator_close, iterator_step_value, to_boolean, to_number,
};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_ITERATOR_HELPER,
    CLASS_WRAP_FOR_VALID_ITERATOR,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::value::Value;

const IT: Home = Home::On(Intrinsic::IteratorConstructor);
const IP: Home = Home::On(Intrinsic::IteratorPrototype);
const HP: Home = Home::On(Intrinsic::IteratorHelperPrototype);
const WP: Home = Home::On(Intrinsic::WrapForValidIteratorPrototype);

/// The family: `Iterator`, `Iterator.from`, `Iterator.prototype` and the helper prototypes.
pub static FAMILY: Family = Family {
    name: "Iterator",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Iterator",
            0,
            iterator_constructor,
            constructor(Some(Intrinsic::IteratorConstructor), None)
        ),
        native!(IT, "from", 1, iterator_from),
        native!(IT, "concat", 0, iterator_concat),
        native!(IT, "zip", 1, super::iterator_zip::zip),
        native!(IT, "zipKeyed", 1, super::iterator_zip::zip_keyed),
        native!(IP, "map", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::Map
        )),
        native!(IP, "filter", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::Filter
        )),
        native!(IP, "take", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::Take
        )),
        native!(IP, "drop", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::Drop
        )),
        native!(IP, "chunks", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::Chunks
        )),
        native!(IP, "windows", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::Windows
        )),
        native!(IP, "flatMap", 1, |a, this, args, _| lazy(
            a,
            this,
            args,
            Kind::FlatMap
        )),
        native!(IP, "reduce", 1, reduce),
        native!(IP, "includes", 1, includes),
        native!(IP, "toArray", 0, to_array),
        native!(IP, "forEach", 1, |a, this, args, _| eager(
            a,
            this,
            args,
            Eager::ForEach
        )),
        native!(IP, "some", 1, |a, this, args, _| eager(
            a,
            this,
            args,
            Eager::Some
        )),
        native!(IP, "every", 1, |a, this, args, _| eager(
            a,
            this,
            args,
            Eager::Every
        )),
        native!(IP, "find", 1, |a, this, args, _| eager(
            a,
            this,
            args,
            Eager::Find
        )),
        native!(IP, "[Symbol.iterator]", 0, |_, this, _, _| Ok(this)),
        native!(IP, "[Symbol.dispose]", 0, dispose),
        native!(IP, "constructor", constructor_get, getter),
        native!(IP, "constructor", constructor_set, setter),
        native!(IP, "[Symbol.toStringTag]", to_string_tag_get, getter),
        native!(IP, "[Symbol.toStringTag]", to_string_tag_set, setter),
        native!(HP, "next", 0, helper_next),
        native!(HP, "return", 0, helper_return),
        native!(WP, "next", 0, wrap_next),
        native!(WP, "return", 0, wrap_return),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 16)?;
    agent.roots.vm.intrinsics[Intrinsic::IteratorPrototype as usize] = Value::cell(proto);
    for which in [
        Intrinsic::IteratorHelperPrototype,
        Intrinsic::WrapForValidIteratorPrototype,
    ] {
        let ip = intrinsic(agent, Intrinsic::IteratorPrototype);
        let p = new_object(agent, ip, 4)?;
        agent.roots.vm.intrinsics[which as usize] = Value::cell(p);
    }
    Ok(())
}

/// `Iterator.prototype` on the constructor (`{}` attributes) and %IteratorHelperPrototype%'s
/// `[Symbol.toStringTag]` "Iterator Helper" (configurable only).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    use crate::runtime::shape::Attributes;
    let ctor = intrinsic(agent, Intrinsic::IteratorConstructor)
        .as_cell()
        .expect("the Iterator constructor");
    let proto = intrinsic(agent, Intrinsic::IteratorPrototype);
    object::add_property(
        agent,
        ctor,
        PropertyKey::Atom(names::PROTOTYPE),
        Attributes::empty(),
        proto,
    )?;
    let helper = intrinsic(agent, Intrinsic::IteratorHelperPrototype);
    super::add_to_string_tag(agent, helper, "Iterator Helper")?;
    Ok(())
}

/// 27.1.3.1 Iterator ( ): only as the base of a subclass.
fn iterator_constructor(agent: &mut Agent, _this: Value, _args: &[Value], nt: Value) -> R {
    if nt.is_undefined() || nt == intrinsic(agent, Intrinsic::IteratorConstructor) {
        return Err(type_error(
            "Abstract class Iterator not directly constructable",
        ));
    }
    let proto = prototype_from_constructor(agent, nt, Intrinsic::IteratorPrototype)?;
    Ok(Value::cell(new_object(agent, proto, 4)?))
}

/// GetIteratorDirect ( obj ): the iterator and its `next` method.
fn iterator_direct(agent: &mut Agent, obj: Value) -> Result<(Value, Value), Throw> {
    if as_object(obj).is_none() {
        return Err(type_error("Iterator helper called on non-object"));
    }
    let next = ops::get_property(agent, obj, PropertyKey::Atom(names::NEXT))?;
    Ok((obj, next))
}

/// GetIteratorFlattenable ( obj, primitiveHandling ).
pub(super) fn iterator_flattenable(
    agent: &mut Agent,
    obj: Value,
    iterate_strings: bool,
) -> Result<(Value, Value), Throw> {
    if as_object(obj).is_none() && !(iterate_strings && ops::is_string(obj)) {
        return Err(type_error(format!(
            "{} is not an iterator or iterable",
            ops::display(agent, obj)
        )));
    }
    agent.scope(|agent| {
        agent.root(obj);
        let sym = intrinsic(agent, Intrinsic::SymbolIterator)
            .as_cell()
            .expect("a symbol");
        let method = ops::get_method(agent, obj, PropertyKey::Symbol(sym))?;
        let iterator = if method.is_undefined() {
            obj
        } else {
            agent.root(method);
            call(agent, method, obj, &[])?
        };
        if as_object(iterator).is_none() {
            return Err(type_error("Iterator is not an object"));
        }
        agent.root(iterator);
        iterator_direct(agent, iterator)
    })
}

/// 27.1.3.2.1 Iterator.from ( O )
fn iterator_from(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let (iterator, next) = iterator_flattenable(agent, arg(args, 0), true)?;
        agent.root(iterator);
        agent.root(next);
        // OrdinaryHasInstance(%Iterator%, iterator): %Iterator.prototype% on its chain.
        let ip = intrinsic(agent, Intrinsic::IteratorPrototype);
        let mut p = object::proto(as_object(iterator).expect("an object"));
        while let Some(o) = as_object(p) {
            if Value::cell(o) == ip {
                return Ok(iterator);
            }
            p = object::proto(o);
        }
        let wp = intrinsic(agent, Intrinsic::WrapForValidIteratorPrototype);
        let wrapper = new_object_with_class(agent, wp, 0, CLASS_WRAP_FOR_VALID_ITERATOR, 2)?;
        object::set_internal_slot(agent, wrapper, 0, iterator);
        object::set_internal_slot(agent, wrapper, 1, next);
        Ok(Value::cell(wrapper))
    })
}

fn this_wrapper(this: Value) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_WRAP_FOR_VALID_ITERATOR)
        .ok_or_else(|| type_error("not a wrapped iterator"))
}

/// 27.1.3.2.1.1.1 %WrapForValidIteratorPrototype%.next ( )
fn wrap_next(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_wrapper(this)?;
    let iterator = object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED);
    let next = object::internal_slot(o, 1).unwrap_or(Value::UNDEFINED);
    call(agent, next, iterator, &[])
}

/// 27.1.3.2.1.1.2 %WrapForValidIteratorPrototype%.return ( )
fn wrap_return(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_wrapper(this)?;
    let iterator = object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED);
    agent.scope(|agent| {
        agent.root(iterator);
        let method = ops::get_method(agent, iterator, PropertyKey::Atom(names::RETURN))?;
        if method.is_undefined() {
            return iter_result(agent, Value::UNDEFINED, true);
        }
        agent.root(method);
        call(agent, method, iterator, &[])
    })
}

/// The lazy helpers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Map = 0,
    Filter = 1,
    Take = 2,
    Drop = 3,
    FlatMap = 4,
    Concat = 5,
    Chunks = 6,
    Windows = 7,
    /// Iterator.zip / zipKeyed (`iterator_zip.rs`).
    Zip = 8,
}

impl Kind {
    fn from_int(i: i32) -> Kind {
        match i {
            0 => Kind::Map,
            1 => Kind::Filter,
            2 => Kind::Take,
            3 => Kind::Drop,
            4 => Kind::FlatMap,
            6 => Kind::Chunks,
            7 => Kind::Windows,
            8 => Kind::Zip,
            _ => Kind::Concat,
        }
    }
}

/// The generator states of a helper (§27.5: suspended-start, suspended-yield, executing,
/// completed).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    SuspendedStart = 0,
    SuspendedYield = 1,
    Executing = 2,
    Completed = 3,
}

pub(super) const SLOT_ITERATOR: usize = 0;
pub(super) const SLOT_NEXT: usize = 1;
pub(super) const SLOT_KIND: usize = 2;
pub(super) const SLOT_ARG: usize = 3;
pub(super) const SLOT_COUNTER: usize = 4;
pub(super) const SLOT_STATE: usize = 5;
pub(super) const SLOT_INNER: usize = 6;
pub(super) const SLOT_INNER_NEXT: usize = 7;
/// `chunks`/`windows`: the buffer (an Array) lives in the inner-next slot, `windows`' allow-
/// partial flag in the counter slot; the size is the argument slot.
const SLOT_BUFFER: usize = SLOT_INNER_NEXT;
const SLOT_ALLOW_PARTIAL: usize = SLOT_COUNTER;

/// `IteratorClose(iterated, completion)` for a throw completion: the original error wins.
fn close_on_throw(agent: &mut Agent, iterator: Value, error: Throw) -> Throw {
    let _ = iterator_close(agent, iterator, true);
    error
}

/// The argument validation of `map`/`filter`/`flatMap` (a callable) and `take`/`drop` (a
/// non-negative, non-NaN limit), closing the receiver on failure (§27.1.4.x steps 3–6).
fn validated_argument(agent: &mut Agent, this: Value, kind: Kind, arg0: Value) -> R {
    match kind {
        Kind::Zip => Ok(arg0),
        Kind::Chunks | Kind::Windows => {
            // An integral Number (no coercion) in 1 ..= 2^32 - 1.
            let Some(n) = arg0
                .as_number()
                .filter(|n| n.is_finite() && n.trunc() == *n)
            else {
                let error = type_error("the size must be an integral Number");
                return Err(close_on_throw(agent, this, error));
            };
            if !(1.0..=4_294_967_295.0).contains(&n) {
                let error = Throw::error(
                    ErrorType::RangeError,
                    "the size must be between 1 and 2^32 - 1",
                );
                return Err(close_on_throw(agent, this, error));
            }
            Ok(Value::number(n))
        }
        Kind::Map | Kind::Filter | Kind::FlatMap | Kind::Concat => {
            if is_callable(arg0) {
                Ok(arg0)
            } else {
                let error = type_error(format!("{} is not a function", ops::display(agent, arg0)));
                Err(close_on_throw(agent, this, error))
            }
        }
        Kind::Take | Kind::Drop => {
            let n = match to_number(agent, arg0) {
                Ok(n) => n,
                Err(e) => return Err(close_on_throw(agent, this, e)),
            };
            if n.is_nan() {
                let error = Throw::error(ErrorType::RangeError, "limit must be a number");
                return Err(close_on_throw(agent, this, error));
            }
            let n = to_integer_or_infinity(n);
            if n < 0.0 {
                let error = Throw::error(ErrorType::RangeError, "limit must be positive");
                return Err(close_on_throw(agent, this, error));
            }
            Ok(Value::number(n))
        }
    }
}

/// `Iterator.prototype.map`/`filter`/`take`/`drop`/`flatMap`/`chunks`/`windows`: validate,
/// then make the helper (CreateIteratorFromClosure).
fn lazy(agent: &mut Agent, this: Value, args: &[Value], kind: Kind) -> R {
    if as_object(this).is_none() {
        return Err(type_error("Iterator helper called on non-object"));
    }
    agent.scope(|agent| {
        let argument = validated_argument(agent, this, kind, arg(args, 0))?;
        agent.root(argument);
        // `windows(size, undersized)`: "only-full" (the default) or "allow-partial".
        let mut allow_partial = false;
        if kind == Kind::Windows {
            let undersized = arg(args, 1);
            if !undersized.is_undefined() {
                let text = if ops::is_string(undersized) {
                    ops::display(agent, undersized)
                } else {
                    String::new()
                };
                match text.as_str() {
                    "only-full" => {}
                    "allow-partial" => allow_partial = true,
                    _ => {
                        let error =
                            type_error("undersized must be \"only-full\" or \"allow-partial\"");
                        return Err(close_on_throw(agent, this, error));
                    }
                }
            }
        }
        let (iterator, next) = iterator_direct(agent, this)?;
        agent.root(next);
        let hp = intrinsic(agent, Intrinsic::IteratorHelperPrototype);
        let helper = new_object_with_class(agent, hp, 0, CLASS_ITERATOR_HELPER, 8)?;
        for (slot, value) in [
            (SLOT_ITERATOR, iterator),
            (SLOT_NEXT, next),
            (SLOT_KIND, Value::int(kind as i32)),
            (SLOT_ARG, argument),
            (
                SLOT_COUNTER,
                if kind == Kind::Windows {
                    Value::bool(allow_partial)
                } else {
                    Value::int(0)
                },
            ),
            (SLOT_STATE, Value::int(State::SuspendedStart as i32)),
            (SLOT_INNER, Value::UNDEFINED),
            (SLOT_INNER_NEXT, Value::UNDEFINED),
        ] {
            object::set_internal_slot(agent, helper, slot, value);
        }
        Ok(Value::cell(helper))
    })
}

/// Iterator.concat ( ...items ) (ES2026 iterator sequencing): every item must be an
/// iterable object; their iterators are opened one after another, lazily.
fn iterator_concat(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let mut pairs = Vec::with_capacity(args.len() * 2);
        let sym = intrinsic(agent, Intrinsic::SymbolIterator)
            .as_cell()
            .expect("a symbol");
        for &item in args {
            if as_object(item).is_none() {
                return Err(type_error(format!(
                    "{} is not an object",
                    ops::display(agent, item)
                )));
            }
            let method = ops::get_method(agent, item, PropertyKey::Symbol(sym))?;
            if method.is_undefined() {
                return Err(type_error(format!(
                    "{} is not iterable",
                    ops::display(agent, item)
                )));
            }
            agent.root(method);
            pairs.push(item);
            pairs.push(method);
        }
        let list = super::array_from(agent, &pairs)?;
        agent.root(Value::cell(list));
        let hp = intrinsic(agent, Intrinsic::IteratorHelperPrototype);
        let helper = new_object_with_class(agent, hp, 0, CLASS_ITERATOR_HELPER, 8)?;
        for (slot, value) in [
            (SLOT_ITERATOR, Value::UNDEFINED),
            (SLOT_NEXT, Value::UNDEFINED),
            (SLOT_KIND, Value::int(Kind::Concat as i32)),
            (SLOT_ARG, Value::cell(list)),
            (SLOT_COUNTER, Value::int(0)),
            (SLOT_STATE, Value::int(State::SuspendedStart as i32)),
            (SLOT_INNER, Value::UNDEFINED),
            (SLOT_INNER_NEXT, Value::UNDEFINED),
        ] {
            object::set_internal_slot(agent, helper, slot, value);
        }
        Ok(Value::cell(helper))
    })
}

/// A fresh Iterator Helper of `kind` in its suspended-start state (the caller fills the
/// kind's slots).
pub(super) fn new_helper(agent: &mut Agent, kind: Kind) -> Result<ObjectRef, Throw> {
    let hp = intrinsic(agent, Intrinsic::IteratorHelperPrototype);
    let helper = new_object_with_class(agent, hp, 0, CLASS_ITERATOR_HELPER, 8)?;
    object::set_internal_slot(agent, helper, SLOT_KIND, Value::int(kind as i32));
    object::set_internal_slot(
        agent,
        helper,
        SLOT_STATE,
        Value::int(State::SuspendedStart as i32),
    );
    Ok(helper)
}

fn this_helper(this: Value) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_ITERATOR_HELPER)
        .ok_or_else(|| type_error("not an Iterator Helper"))
}

fn slot(o: ObjectRef, i: usize) -> Value {
    object::internal_slot(o, i).unwrap_or(Value::UNDEFINED)
}

fn state(o: ObjectRef) -> State {
    match slot(o, SLOT_STATE).as_int() {
        Some(0) => State::SuspendedStart,
        Some(1) => State::SuspendedYield,
        Some(2) => State::Executing,
        _ => State::Completed,
    }
}

fn set_state(agent: &mut Agent, o: ObjectRef, s: State) {
    object::set_internal_slot(agent, o, SLOT_STATE, Value::int(s as i32));
}

/// The chunk being filled (`chunks`), made on first use.
fn new_buffer(agent: &mut Agent, o: ObjectRef) -> Result<ObjectRef, Throw> {
    if let Some(b) = as_object(slot(o, SLOT_BUFFER)) {
        return Ok(b);
    }
    let b = super::array_from(agent, &[])?;
    object::set_internal_slot(agent, o, SLOT_BUFFER, Value::cell(b));
    Ok(b)
}

/// Increments the counter slot (a Number: it may pass 2^31 - 1).
fn bump_counter(agent: &mut Agent, o: ObjectRef) -> Value {
    let counter = slot(o, SLOT_COUNTER);
    let n = counter.as_number().unwrap_or(0.0);
    object::set_internal_slot(agent, o, SLOT_COUNTER, Value::number(n + 1.0));
    counter
}

/// 27.1.2.1.1 %IteratorHelperPrototype%.next ( ): GeneratorResume of the helper's closure.
fn helper_next(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_helper(this)?;
    match state(o) {
        State::Executing => return Err(type_error("Generator is already running")),
        State::Completed => return iter_result(agent, Value::UNDEFINED, true),
        State::SuspendedStart | State::SuspendedYield => {}
    }
    set_state(agent, o, State::Executing);
    // `this` (rooted by the caller) keeps every slot alive.
    let step = agent.scope(|agent| helper_step(agent, o));
    match step {
        Ok(Some(value)) => {
            set_state(agent, o, State::SuspendedYield);
            iter_result(agent, value, false)
        }
        Ok(None) => {
            set_state(agent, o, State::Completed);
            iter_result(agent, Value::UNDEFINED, true)
        }
        Err(e) => {
            set_state(agent, o, State::Completed);
            Err(e)
        }
    }
}

/// Runs the helper's closure to its next yield (`Some`) or its end (`None`).
fn helper_step(agent: &mut Agent, o: ObjectRef) -> Result<Option<Value>, Throw> {
    let iterator = slot(o, SLOT_ITERATOR);
    let next = slot(o, SLOT_NEXT);
    let kind = Kind::from_int(slot(o, SLOT_KIND).as_int().unwrap_or(0));
    let f = slot(o, SLOT_ARG);
    match kind {
        // 27.1.4.8 map: yield mapper(value, counter).
        Kind::Map => {
            let Some(value) = iterator_step_value(agent, iterator, next)? else {
                return Ok(None);
            };
            agent.root(value);
            let counter = bump_counter(agent, o);
            match call(agent, f, Value::UNDEFINED, &[value, counter]) {
                Ok(mapped) => Ok(Some(mapped)),
                Err(e) => Err(close_on_throw(agent, iterator, e)),
            }
        }
        // 27.1.4.5 filter: yield the values the predicate selects.
        Kind::Filter => loop {
            let Some(value) = iterator_step_value(agent, iterator, next)? else {
                return Ok(None);
            };
            agent.root(value);
            let counter = bump_counter(agent, o);
            match call(agent, f, Value::UNDEFINED, &[value, counter]) {
                Ok(selected) if to_boolean(selected) => return Ok(Some(value)),
                Ok(_) => {}
                Err(e) => return Err(close_on_throw(agent, iterator, e)),
            }
        },
        // 27.1.4.11 take: at most `limit` values, then close the underlying iterator.
        Kind::Take => {
            let remaining = f.as_number().unwrap_or(0.0);
            if remaining == 0.0 {
                iterator_close(agent, iterator, false)?;
                return Ok(None);
            }
            if remaining != f64::INFINITY {
                object::set_internal_slot(agent, o, SLOT_ARG, Value::number(remaining - 1.0));
            }
            iterator_step_value(agent, iterator, next)
        }
        // 27.1.4.3 drop: skip `limit` values first.
        Kind::Drop => {
            let mut remaining = f.as_number().unwrap_or(0.0);
            while remaining > 0.0 {
                if remaining != f64::INFINITY {
                    remaining -= 1.0;
                    object::set_internal_slot(agent, o, SLOT_ARG, Value::number(remaining));
                }
                if iterator_step_value(agent, iterator, next)?.is_none() {
                    return Ok(None);
                }
            }
            iterator_step_value(agent, iterator, next)
        }
        Kind::Zip => super::iterator_zip::step(agent, o),
        // After the last, partial array the underlying iterator is gone: done.
        Kind::Chunks | Kind::Windows if iterator.is_undefined() => Ok(None),
        // chunks(size): arrays of `size` values; a shorter last one.
        Kind::Chunks => {
            let size = f.as_number().unwrap_or(1.0) as usize;
            let buffer = new_buffer(agent, o)?;
            loop {
                let Some(value) = iterator_step_value(agent, iterator, next)? else {
                    // The underlying iterator is done: nothing to close from now on.
                    object::set_internal_slot(agent, o, SLOT_ITERATOR, Value::UNDEFINED);
                    let len = object::elements_len(buffer);
                    return Ok((len > 0).then_some(Value::cell(buffer)));
                };
                agent.root(value);
                let len = object::elements_len(buffer);
                object::set_element(agent, buffer, len, value)?;
                if len as usize + 1 == size {
                    object::set_internal_slot(agent, o, SLOT_BUFFER, Value::UNDEFINED);
                    return Ok(Some(Value::cell(buffer)));
                }
            }
        }
        // windows(size, undersized): each run of `size` consecutive values (a shorter one
        // at the end for "allow-partial" when there were fewer than `size` values).
        Kind::Windows => {
            let size = f.as_number().unwrap_or(1.0) as u32;
            let allow_partial = slot(o, SLOT_ALLOW_PARTIAL) == Value::TRUE;
            let window = slot(o, SLOT_BUFFER);
            let mut values: Vec<Value> = match as_object(window) {
                Some(w) => (0..object::elements_len(w))
                    .map(|i| object::element(w, i).unwrap_or(Value::UNDEFINED))
                    .collect(),
                None => Vec::new(),
            };
            loop {
                let Some(value) = iterator_step_value(agent, iterator, next)? else {
                    object::set_internal_slot(agent, o, SLOT_ITERATOR, Value::UNDEFINED);
                    let partial =
                        allow_partial && !values.is_empty() && (values.len() as u32) < size;
                    if partial {
                        // The values stay rooted by the window slot until the copy exists.
                        let list = super::array_from(agent, &values)?;
                        object::set_internal_slot(agent, o, SLOT_BUFFER, Value::UNDEFINED);
                        return Ok(Some(Value::cell(list)));
                    }
                    return Ok(None);
                };
                agent.root(value);
                if values.len() as u32 == size {
                    values.remove(0);
                }
                values.push(value);
                // The window (an Array, traced) keeps the values alive across the steps.
                let kept = super::array_from(agent, &values)?;
                object::set_internal_slot(agent, o, SLOT_BUFFER, Value::cell(kept));
                if values.len() as u32 == size {
                    let yielded = super::array_from(agent, &values)?;
                    return Ok(Some(Value::cell(yielded)));
                }
            }
        }
        // Iterator.concat: drain each iterable's iterator in turn.
        Kind::Concat => loop {
            let inner = slot(o, SLOT_INNER);
            if !inner.is_undefined() {
                let inner_next = slot(o, SLOT_INNER_NEXT);
                match iterator_step_value(agent, inner, inner_next)? {
                    Some(value) => return Ok(Some(value)),
                    None => {
                        object::set_internal_slot(agent, o, SLOT_INNER, Value::UNDEFINED);
                        object::set_internal_slot(agent, o, SLOT_INNER_NEXT, Value::UNDEFINED);
                    }
                }
            }
            let Some(list) = as_object(f) else {
                return Ok(None);
            };
            let index = slot(o, SLOT_COUNTER).as_int().unwrap_or(0) as u32;
            if index * 2 >= object::elements_len(list) {
                return Ok(None);
            }
            object::set_internal_slot(agent, o, SLOT_COUNTER, Value::int(index as i32 + 1));
            let iterable = object::element(list, index * 2).unwrap_or(Value::UNDEFINED);
            let method = object::element(list, index * 2 + 1).unwrap_or(Value::UNDEFINED);
            let iterator = call(agent, method, iterable, &[])?;
            if as_object(iterator).is_none() {
                return Err(type_error(
                    "Result of the Symbol.iterator method is not an object",
                ));
            }
            agent.root(iterator);
            let (iterator, next) = iterator_direct(agent, iterator)?;
            object::set_internal_slot(agent, o, SLOT_INNER, iterator);
            object::set_internal_slot(agent, o, SLOT_INNER_NEXT, next);
        },
        // 27.1.4.6 flatMap: the values of each mapped iterator in turn.
        Kind::FlatMap => loop {
            let inner = slot(o, SLOT_INNER);
            if !inner.is_undefined() {
                let inner_next = slot(o, SLOT_INNER_NEXT);
                match iterator_step_value(agent, inner, inner_next) {
                    Ok(Some(value)) => return Ok(Some(value)),
                    Ok(None) => {
                        object::set_internal_slot(agent, o, SLOT_INNER, Value::UNDEFINED);
                        object::set_internal_slot(agent, o, SLOT_INNER_NEXT, Value::UNDEFINED);
                        continue;
                    }
                    Err(e) => return Err(close_on_throw(agent, iterator, e)),
                }
            }
            let Some(value) = iterator_step_value(agent, iterator, next)? else {
                return Ok(None);
            };
            agent.root(value);
            let counter = bump_counter(agent, o);
            let mapped = match call(agent, f, Value::UNDEFINED, &[value, counter]) {
                Ok(m) => m,
                Err(e) => return Err(close_on_throw(agent, iterator, e)),
            };
            agent.root(mapped);
            match iterator_flattenable(agent, mapped, false) {
                Ok((inner, inner_next)) => {
                    object::set_internal_slot(agent, o, SLOT_INNER, inner);
                    object::set_internal_slot(agent, o, SLOT_INNER_NEXT, inner_next);
                }
                Err(e) => return Err(close_on_throw(agent, iterator, e)),
            }
        },
    }
}

/// 27.1.2.1.2 %IteratorHelperPrototype%.return ( )
fn helper_return(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_helper(this)?;
    let iterator = slot(o, SLOT_ITERATOR);
    match state(o) {
        State::Executing => Err(type_error("Generator is already running")),
        State::Completed => iter_result(agent, Value::UNDEFINED, true),
        s @ (State::SuspendedStart | State::SuspendedYield)
            if slot(o, SLOT_KIND).as_int() == Some(Kind::Zip as i32) =>
        {
            // IteratorCloseAll(openIters, ReturnCompletion(undefined)). From suspended-start
            // the helper is completed first; from suspended-yield the closure resumes at its
            // Yield, so the helper is executing while the iterators close (a reentrant
            // next/return throws), and completed afterwards.
            let during = if s == State::SuspendedStart {
                State::Completed
            } else {
                State::Executing
            };
            set_state(agent, o, during);
            let closed = super::iterator_zip::close_open(agent, o, Ok(()));
            set_state(agent, o, State::Completed);
            closed?;
            iter_result(agent, Value::UNDEFINED, true)
        }
        State::SuspendedStart => {
            set_state(agent, o, State::Completed);
            // `Iterator.concat` has opened nothing yet.
            if !iterator.is_undefined() {
                iterator_close(agent, iterator, false)?;
            }
            iter_result(agent, Value::UNDEFINED, true)
        }
        State::SuspendedYield => {
            // The return completion reaches the closure at its yield: flatMap closes its
            // inner iterator first (an error there still closes the outer one).
            set_state(agent, o, State::Completed);
            let inner = slot(o, SLOT_INNER);
            if !inner.is_undefined() {
                if let Err(e) = iterator_close(agent, inner, false) {
                    if !iterator.is_undefined() {
                        return Err(close_on_throw(agent, iterator, e));
                    }
                    return Err(e);
                }
            }
            if !iterator.is_undefined() {
                iterator_close(agent, iterator, false)?;
            }
            iter_result(agent, Value::UNDEFINED, true)
        }
    }
}

/// The eager helpers that take a callback `(value, counter)`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Eager {
    ForEach,
    Some,
    Every,
    Find,
}

/// `forEach`, `some`, `every`, `find` (§27.1.4.4, .10, .7, .9… by name).
fn eager(agent: &mut Agent, this: Value, args: &[Value], which: Eager) -> R {
    if as_object(this).is_none() {
        return Err(type_error("Iterator helper called on non-object"));
    }
    let f = arg(args, 0);
    if !is_callable(f) {
        let error = type_error(format!("{} is not a function", ops::display(agent, f)));
        return Err(close_on_throw(agent, this, error));
    }
    agent.scope(|agent| {
        let (iterator, next) = iterator_direct(agent, this)?;
        agent.root(next);
        let mut counter = 0.0;
        loop {
            let Some(value) = iterator_step_value(agent, iterator, next)? else {
                return Ok(match which {
                    Eager::ForEach | Eager::Find => Value::UNDEFINED,
                    Eager::Some => Value::FALSE,
                    Eager::Every => Value::TRUE,
                });
            };
            agent.root(value);
            let result = match call(agent, f, Value::UNDEFINED, &[value, Value::number(counter)]) {
                Ok(r) => r,
                Err(e) => return Err(close_on_throw(agent, iterator, e)),
            };
            counter += 1.0;
            let found = match which {
                Eager::ForEach => None,
                Eager::Some if to_boolean(result) => Some(Value::TRUE),
                Eager::Every if !to_boolean(result) => Some(Value::FALSE),
                Eager::Find if to_boolean(result) => Some(value),
                _ => None,
            };
            if let Some(answer) = found {
                agent.root(answer);
                iterator_close(agent, iterator, false)?;
                return Ok(answer);
            }
        }
    })
}

/// Iterator.prototype.includes ( searchElement [ , skippedElements ] ) (ES2026, the
/// iterator-includes proposal): SameValueZero search after skipping `skippedElements`
/// values (an integral Number, up to 2^53 - 1, or +Infinity to skip everything); a bad
/// count closes the receiver without reading its `next`.
fn includes(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if as_object(this).is_none() {
        return Err(type_error(
            "Iterator.prototype.includes called on non-object",
        ));
    }
    let search = arg(args, 0);
    let skipped = arg(args, 1);
    let to_skip = if skipped.is_undefined() {
        0.0
    } else {
        let Some(n) = skipped.as_number() else {
            let error = type_error("skippedElements must be a Number");
            return Err(close_on_throw(agent, this, error));
        };
        if n.is_nan() || (n.is_finite() && n.trunc() != n) {
            let error = type_error("skippedElements must be an integral Number");
            return Err(close_on_throw(agent, this, error));
        }
        if n < 0.0 || (n.is_finite() && n > 9_007_199_254_740_991.0) {
            let error = Throw::error(
                ErrorType::RangeError,
                "skippedElements must be between 0 and 2^53 - 1, or Infinity",
            );
            return Err(close_on_throw(agent, this, error));
        }
        n
    };
    agent.scope(|agent| {
        let (iterator, next) = iterator_direct(agent, this)?;
        agent.root(next);
        let mut skipped = 0.0;
        while let Some(value) = iterator_step_value(agent, iterator, next)? {
            if skipped < to_skip {
                skipped += 1.0;
                continue;
            }
            let equal = match (value.as_number(), search.as_number()) {
                (Some(a), Some(b)) => crate::runtime::number::same_value_zero(a, b),
                _ => ops::strict_equals(value, search),
            };
            if equal {
                iterator_close(agent, iterator, false)?;
                return Ok(Value::TRUE);
            }
        }
        Ok(Value::FALSE)
    })
}

/// 27.1.4.10 Iterator.prototype.reduce ( reducer [ , initialValue ] )
fn reduce(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if as_object(this).is_none() {
        return Err(type_error("Iterator helper called on non-object"));
    }
    let reducer = arg(args, 0);
    if !is_callable(reducer) {
        let error = type_error(format!(
            "{} is not a function",
            ops::display(agent, reducer)
        ));
        return Err(close_on_throw(agent, this, error));
    }
    agent.scope(|agent| {
        let (iterator, next) = iterator_direct(agent, this)?;
        agent.root(next);
        let (mut accumulator, mut counter) = if args.len() >= 2 {
            (args[1], 0.0)
        } else {
            match iterator_step_value(agent, iterator, next)? {
                None => return Err(type_error("Reduce of empty iterator with no initial value")),
                Some(first) => (first, 1.0),
            }
        };
        loop {
            agent.root(accumulator);
            let Some(value) = iterator_step_value(agent, iterator, next)? else {
                return Ok(accumulator);
            };
            agent.root(value);
            let c = Value::number(counter);
            accumulator = match call(agent, reducer, Value::UNDEFINED, &[accumulator, value, c]) {
                Ok(r) => r,
                Err(e) => return Err(close_on_throw(agent, iterator, e)),
            };
            counter += 1.0;
        }
    })
}

/// 27.1.4.12 Iterator.prototype.toArray ( )
fn to_array(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    if as_object(this).is_none() {
        return Err(type_error("Iterator helper called on non-object"));
    }
    agent.scope(|agent| {
        let (iterator, next) = iterator_direct(agent, this)?;
        agent.root(next);
        let mut items = Vec::new();
        while let Some(value) = iterator_step_value(agent, iterator, next)? {
            agent.root(value);
            items.push(value);
        }
        Ok(Value::cell(super::array_from(agent, &items)?))
    })
}

/// Iterator.prototype [ @@dispose ] ( ): calls `return` if there is one.
fn dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let method = ops::get_method(agent, this, PropertyKey::Atom(names::RETURN))?;
    if !method.is_undefined() {
        agent.scope(|agent| {
            agent.root(method);
            call(agent, method, this, &[])
        })?;
    }
    Ok(Value::UNDEFINED)
}

/// 27.1.4.1.1 get Iterator.prototype.constructor
fn constructor_get(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(intrinsic(agent, Intrinsic::IteratorConstructor))
}

/// 27.1.4.1.2 set Iterator.prototype.constructor
fn constructor_set(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    setter_ignoring_prototype(
        agent,
        this,
        PropertyKey::Atom(names::CONSTRUCTOR),
        arg(args, 0),
    )
}

/// 27.1.4.14.1 get Iterator.prototype [ @@toStringTag ]
fn to_string_tag_get(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    ops::new_string(agent, "Iterator")
}

/// 27.1.4.14.2 set Iterator.prototype [ @@toStringTag ]
fn to_string_tag_set(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let sym = intrinsic(agent, Intrinsic::SymbolToStringTag)
        .as_cell()
        .expect("a symbol");
    setter_ignoring_prototype(agent, this, PropertyKey::Symbol(sym), arg(args, 0))
}

/// SetterThatIgnoresPrototypeProperties ( thisValue, home, p, v ) with home
/// %Iterator.prototype%.
fn setter_ignoring_prototype(agent: &mut Agent, this: Value, key: PropertyKey, v: Value) -> R {
    let Some(obj) = as_object(this) else {
        return Err(type_error("setter called on non-object"));
    };
    if this == intrinsic(agent, Intrinsic::IteratorPrototype) {
        return Err(type_error(
            "Cannot assign to this property of Iterator.prototype",
        ));
    }
    if ops::own_property(agent, obj, key).is_none() {
        ops::define_own(agent, obj, key, v)?;
    } else {
        ops::set_property(agent, this, key, v, true)?;
    }
    Ok(Value::UNDEFINED)
}
