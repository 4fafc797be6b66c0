//! Iterator.zip and Iterator.zipKeyed (ES2026, joint iteration)
//! <https://tc39.es/proposal-joint-iteration/>
//!
//! Both make an Iterator Helper (`iterator.rs`, kind `Zip`) over a list of iterators that
//! steps them in lockstep (IteratorZip). The helper's slots: the iterators as an Array of
//! (iterator, next) pairs, an Array with each one's [`OPEN`] / [`CLOSED`] / [`PADDED`]
//! status (the spec's openIters, and the `null` entries of "longest"), the mode, the padding
//! Array, and for `zipKeyed` the keys (results are then null-prototype objects).

use heap::ObjectRef;

use super::iterator::{
    iterator_flattenable, new_helper, Kind, SLOT_ARG, SLOT_COUNTER, SLOT_INNER, SLOT_INNER_NEXT,
    SLOT_NEXT,
};
use super::options::Options;
use super::{arg, array_from, type_error, R};
use crate::interpreter::ops::{
    self, as_object, iterator_close, iterator_step_done, iterator_step_value,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::object;
use crate::runtime::value::Value;

/// The iterators: (iterator, next) pairs.
const SLOT_ITERS: usize = SLOT_ARG;
/// Each iterator's status.
const SLOT_STATUS: usize = SLOT_NEXT;
/// The mode ([`SHORTEST`], [`LONGEST`], [`STRICT`]).
const SLOT_MODE: usize = SLOT_COUNTER;
/// The padding values ("longest").
const SLOT_PADDING: usize = SLOT_INNER;
/// The keys of `zipKeyed`, or `undefined` for `zip`.
const SLOT_KEYS: usize = SLOT_INNER_NEXT;

const SHORTEST: i32 = 0;
const LONGEST: i32 = 1;
const STRICT: i32 = 2;

/// In openIters.
const OPEN: i32 = 0;
/// Done or closed: out of openIters.
const CLOSED: i32 = 1;
/// Done in "longest" mode: yields its padding from now on.
const PADDED: i32 = 2;

fn element(list: ObjectRef, i: u32) -> Value {
    object::element(list, i).unwrap_or(Value::UNDEFINED)
}

/// Steps 1–7 of both: `(mode, paddingOption)` from the options bag.
fn options(agent: &mut Agent, options: Value, method: &str) -> Result<(i32, Value), Throw> {
    let options = Options::from_value(options, method)?;
    let mode = match options.choice(agent, "mode", &["shortest", "longest", "strict"], 0)? {
        0 => SHORTEST,
        1 => LONGEST,
        _ => STRICT,
    };
    let mut padding = Value::UNDEFINED;
    if mode == LONGEST {
        padding = options.get(agent, "padding")?;
        if !padding.is_undefined() && as_object(padding).is_none() {
            return Err(type_error("padding must be an object"));
        }
    }
    Ok((mode, padding))
}

/// IfAbruptCloseIterators / IteratorCloseAll for a throw completion: closes `pairs`
/// (iterator, next, …) in reverse order, ignoring their errors; returns `error`.
fn close_all_on_throw(agent: &mut Agent, pairs: &[Value], error: Throw) -> Throw {
    for pair in pairs.chunks(2).rev() {
        let _ = iterator_close(agent, pair[0], true);
    }
    error
}

/// Iterator.zip ( iterables [ , options ] )
pub(super) fn zip(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let iterables = arg(args, 0);
    if as_object(iterables).is_none() {
        return Err(type_error("Iterator.zip: iterables must be an object"));
    }
    agent.scope(|agent| {
        let (mode, padding_option) = options(agent, arg(args, 1), "Iterator.zip")?;
        agent.root(padding_option);
        // 10-12. Open every iterable's iterator (strings are rejected).
        let (input, input_next) = ops::get_iterator(agent, iterables)?;
        agent.root(input);
        agent.root(input_next);
        let mut pairs: Vec<Value> = Vec::new();
        loop {
            let next = match iterator_step_value(agent, input, input_next) {
                Ok(next) => next,
                Err(e) => return Err(close_all_on_throw(agent, &pairs, e)),
            };
            let Some(item) = next else { break };
            agent.root(item);
            match iterator_flattenable(agent, item, false) {
                Ok((iter, next)) => {
                    agent.root(iter);
                    agent.root(next);
                    pairs.push(iter);
                    pairs.push(next);
                }
                Err(e) => {
                    let e = close_all_on_throw(agent, &pairs, e);
                    let _ = iterator_close(agent, input, true);
                    return Err(e);
                }
            }
        }
        let padding = longest_padding_from_iterable(agent, mode, padding_option, &pairs)?;
        make(agent, mode, &pairs, &padding, Value::UNDEFINED)
    })
}

/// Step 14 of `zip`: the padding list ("longest"), read from the padding iterable.
fn longest_padding_from_iterable(
    agent: &mut Agent,
    mode: i32,
    padding_option: Value,
    pairs: &[Value],
) -> Result<Vec<Value>, Throw> {
    let count = pairs.len() / 2;
    let mut padding = vec![Value::UNDEFINED; if mode == LONGEST { count } else { 0 }];
    if mode != LONGEST || padding_option.is_undefined() {
        return Ok(padding);
    }
    let (iter, next) = match ops::get_iterator(agent, padding_option) {
        Ok(r) => r,
        Err(e) => return Err(close_all_on_throw(agent, pairs, e)),
    };
    agent.root(iter);
    agent.root(next);
    let mut using_iterator = true;
    for slot in padding.iter_mut() {
        if !using_iterator {
            break;
        }
        match iterator_step_value(agent, iter, next) {
            Ok(Some(v)) => {
                agent.root(v);
                *slot = v;
            }
            Ok(None) => using_iterator = false,
            Err(e) => return Err(close_all_on_throw(agent, pairs, e)),
        }
    }
    if using_iterator {
        if let Err(e) = iterator_close(agent, iter, false) {
            return Err(close_all_on_throw(agent, pairs, e));
        }
    }
    Ok(padding)
}

/// Iterator.zipKeyed ( iterables [ , options ] )
pub(super) fn zip_keyed(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(iterables) = as_object(arg(args, 0)) else {
        return Err(type_error("Iterator.zipKeyed: iterables must be an object"));
    };
    agent.scope(|agent| {
        let (mode, padding_option) = options(agent, arg(args, 1), "Iterator.zipKeyed")?;
        agent.root(padding_option);
        // 10-12. Every enumerable own property whose value is not undefined.
        let all_keys = ops::try_own_keys(agent, iterables)?;
        let mut keys: Vec<Value> = Vec::new();
        let mut pairs: Vec<Value> = Vec::new();
        for key in all_keys {
            let step = (|| -> Result<Option<(Value, Value)>, Throw> {
                let Some(desc) = ops::try_get_own_property(agent, iterables, key)? else {
                    return Ok(None);
                };
                if desc.enumerable != Some(true) {
                    return Ok(None);
                }
                let value =
                    ops::get_from_object(agent, iterables, key)?.unwrap_or(Value::UNDEFINED);
                if value.is_undefined() {
                    return Ok(None);
                }
                agent.root(value);
                iterator_flattenable(agent, value, false).map(Some)
            })();
            match step {
                Ok(Some((iter, next))) => {
                    agent.root(iter);
                    agent.root(next);
                    let key_value = ops::key_value(agent, key)?;
                    agent.root(key_value);
                    keys.push(key_value);
                    pairs.push(iter);
                    pairs.push(next);
                }
                Ok(None) => {}
                Err(e) => return Err(close_all_on_throw(agent, &pairs, e)),
            }
        }
        // 14. The padding: padding[key] for each key ("longest").
        let mut padding = Vec::new();
        if mode == LONGEST {
            for &key in &keys {
                let value = match as_object(padding_option) {
                    None => Value::UNDEFINED,
                    Some(p) => {
                        let k = match ops::to_property_key(agent, key) {
                            Ok(k) => k,
                            Err(e) => return Err(close_all_on_throw(agent, &pairs, e)),
                        };
                        match ops::get_from_object(agent, p, k) {
                            Ok(v) => v.unwrap_or(Value::UNDEFINED),
                            Err(e) => return Err(close_all_on_throw(agent, &pairs, e)),
                        }
                    }
                };
                agent.root(value);
                padding.push(value);
            }
        }
        let keys = array_from(agent, &keys)?;
        agent.root(Value::cell(keys));
        make(agent, mode, &pairs, &padding, Value::cell(keys))
    })
}

/// IteratorZip: the helper over `pairs` (everything rooted by the caller).
fn make(agent: &mut Agent, mode: i32, pairs: &[Value], padding: &[Value], keys: Value) -> R {
    agent.scope(|agent| {
        let iters = array_from(agent, pairs)?;
        agent.root(Value::cell(iters));
        let status = array_from(agent, &vec![Value::int(OPEN); pairs.len() / 2])?;
        agent.root(Value::cell(status));
        let padding = array_from(agent, padding)?;
        agent.root(Value::cell(padding));
        let helper = new_helper(agent, Kind::Zip)?;
        for (slot, value) in [
            (SLOT_ITERS, Value::cell(iters)),
            (SLOT_STATUS, Value::cell(status)),
            (SLOT_MODE, Value::int(mode)),
            (SLOT_PADDING, Value::cell(padding)),
            (SLOT_KEYS, keys),
        ] {
            object::set_internal_slot(agent, helper, slot, value);
        }
        Ok(Value::cell(helper))
    })
}

fn lists(o: ObjectRef) -> Result<(ObjectRef, ObjectRef), Throw> {
    let get = |i| as_object(object::internal_slot(o, i).unwrap_or(Value::UNDEFINED));
    match (get(SLOT_ITERS), get(SLOT_STATUS)) {
        (Some(iters), Some(status)) => Ok((iters, status)),
        _ => Err(Throw::error(
            ErrorType::InternalError,
            "a zip helper without its iterators",
        )),
    }
}

fn status_of(status: ObjectRef, i: u32) -> i32 {
    element(status, i).as_int().unwrap_or(CLOSED)
}

fn set_status(agent: &mut Agent, status: ObjectRef, i: u32, s: i32) -> Result<(), Throw> {
    object::set_element(agent, status, i, Value::int(s))?;
    Ok(())
}

/// IteratorCloseAll(openIters, completion): closes the open iterators in reverse order; a
/// throw from one becomes the completion the others are closed with.
pub(super) fn close_open(
    agent: &mut Agent,
    o: ObjectRef,
    mut completion: Result<(), Throw>,
) -> Result<(), Throw> {
    let (iters, status) = lists(o)?;
    let count = object::elements_len(status);
    for i in (0..count).rev() {
        if status_of(status, i) != OPEN {
            continue;
        }
        set_status(agent, status, i, CLOSED)?;
        let iter = element(iters, 2 * i);
        completion = match completion {
            Ok(()) => iterator_close(agent, iter, false),
            Err(e) => {
                let _ = iterator_close(agent, iter, true);
                Err(e)
            }
        };
    }
    completion
}

/// One round of IteratorZip's closure: `Some(results)` to yield, `None` when it returns.
pub(super) fn step(agent: &mut Agent, o: ObjectRef) -> Result<Option<Value>, Throw> {
    let (iters, status) = lists(o)?;
    let count = object::elements_len(status);
    if count == 0 {
        return Ok(None);
    }
    let mode = object::internal_slot(o, SLOT_MODE)
        .and_then(Value::as_int)
        .unwrap_or(SHORTEST);
    let padding = object::internal_slot(o, SLOT_PADDING).and_then(as_object);
    let mut results = Vec::with_capacity(count as usize);
    for i in 0..count {
        let result = if status_of(status, i) == PADDED {
            padding.map_or(Value::UNDEFINED, |p| element(p, i))
        } else {
            let (iter, next) = (element(iters, 2 * i), element(iters, 2 * i + 1));
            match iterator_step_value(agent, iter, next) {
                Err(e) => {
                    set_status(agent, status, i, CLOSED)?;
                    return Err(close_open(agent, o, Err(e)).expect_err("a throw stays a throw"));
                }
                Ok(Some(v)) => v,
                Ok(None) => {
                    set_status(agent, status, i, CLOSED)?;
                    match mode {
                        SHORTEST => {
                            close_open(agent, o, Ok(()))?;
                            return Ok(None);
                        }
                        STRICT => {
                            strict_finish(agent, o, i)?;
                            return Ok(None);
                        }
                        _ => {
                            let any_open = (0..count).any(|k| status_of(status, k) == OPEN);
                            if !any_open {
                                return Ok(None);
                            }
                            set_status(agent, status, i, PADDED)?;
                            padding.map_or(Value::UNDEFINED, |p| element(p, i))
                        }
                    }
                }
            }
        };
        agent.root(result);
        results.push(result);
    }
    finish_results(agent, o, &results).map(Some)
}

/// "strict" mode when iterator `i` is done: every other one must be done too.
fn strict_finish(agent: &mut Agent, o: ObjectRef, i: u32) -> Result<(), Throw> {
    let mismatch = || {
        Throw::error(
            ErrorType::TypeError,
            "Iterator.zip: the iterators have different lengths",
        )
    };
    if i != 0 {
        return close_open(agent, o, Err(mismatch()));
    }
    let (iters, status) = lists(o)?;
    for k in 1..object::elements_len(status) {
        let (iter, next) = (element(iters, 2 * k), element(iters, 2 * k + 1));
        match iterator_step_done(agent, iter, next) {
            Err(e) => {
                set_status(agent, status, k, CLOSED)?;
                return close_open(agent, o, Err(e));
            }
            Ok(true) => set_status(agent, status, k, CLOSED)?,
            Ok(false) => return close_open(agent, o, Err(mismatch())),
        }
    }
    Ok(())
}

/// finishResults: an Array (`zip`) or a null-prototype object keyed like the input
/// (`zipKeyed`). `results` rooted by the caller.
fn finish_results(agent: &mut Agent, o: ObjectRef, results: &[Value]) -> R {
    let Some(keys) = object::internal_slot(o, SLOT_KEYS).and_then(as_object) else {
        return Ok(Value::cell(array_from(agent, results)?));
    };
    agent.scope(|agent| {
        let obj = object::new_object(agent, Value::NULL, results.len())?;
        agent.root(Value::cell(obj));
        for (i, &v) in results.iter().enumerate() {
            let key = ops::to_property_key(agent, element(keys, i as u32))?;
            ops::create_data_property(agent, obj, key, v)?;
        }
        Ok(Value::cell(obj))
    })
}
