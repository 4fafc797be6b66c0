//! 21.4 Date Objects
//! <https://tc39.es/ecma262/2024/#sec-date-objects>
//!
//! The `Date` constructor (§21.4.2), its statics `now`, `parse`, `UTC` (§21.4.3), the methods
//! of `Date.prototype` (§21.4.4) and the Annex B methods `getYear`, `setYear` and
//! `toGMTString` (§B.2.3). A Date object has class `CLASS_DATE` and its time value
//! (`[[DateValue]]`, a Number, NaN for an invalid date) in internal slot 0;
//! `Date.prototype` is an ordinary object.
//!
//! One concept per file: the time-value arithmetic in [`time_math`], the local time zone in
//! [`zone`], the string forms in [`format`] and `Date.parse` in [`parse`].
//! `toLocaleString`/`toLocaleDateString`/`toLocaleTimeString` give the `toString` forms
//! (there is no Intl).

use heap::HeapError;

use super::{arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, is_callable, is_string, to_number, to_primitive, Hint,
};
use crate::interpreter::realm::{intrinsic, prototype_from_constructor, Intrinsic, CLASS_DATE};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

pub mod format;
pub mod parse;
pub mod time_math;
pub mod zone;

use time_math::{
    date_from_time, full_year, hour_from_time, make_date, make_day, make_time, min_from_time,
    month_from_time, ms_from_time, sec_from_time, time_clip, week_day, year_from_time,
    MS_PER_MINUTE,
};
use zone::zone;

const DP: Home = Home::On(Intrinsic::DatePrototype);
const DC: Home = Home::On(Intrinsic::DateConstructor);

/// The family: `Date`, its statics and `Date.prototype`.
pub static FAMILY: Family = Family {
    name: "Date",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Date",
            7,
            date_constructor,
            constructor(
                Some(Intrinsic::DateConstructor),
                Some(Intrinsic::DatePrototype)
            )
        ),
        native!(DC, "now", 0, date_now),
        native!(DC, "parse", 1, date_parse),
        native!(DC, "UTC", 7, date_utc),
        native!(DP, "getDate", 0, get_date),
        native!(DP, "getDay", 0, get_day),
        native!(DP, "getFullYear", 0, get_full_year),
        native!(DP, "getHours", 0, get_hours),
        native!(DP, "getMilliseconds", 0, get_milliseconds),
        native!(DP, "getMinutes", 0, get_minutes),
        native!(DP, "getMonth", 0, get_month),
        native!(DP, "getSeconds", 0, get_seconds),
        native!(DP, "getTime", 0, get_time),
        native!(DP, "getTimezoneOffset", 0, get_timezone_offset),
        native!(DP, "getUTCDate", 0, get_utc_date),
        native!(DP, "getUTCDay", 0, get_utc_day),
        native!(DP, "getUTCFullYear", 0, get_utc_full_year),
        native!(DP, "getUTCHours", 0, get_utc_hours),
        native!(DP, "getUTCMilliseconds", 0, get_utc_milliseconds),
        native!(DP, "getUTCMinutes", 0, get_utc_minutes),
        native!(DP, "getUTCMonth", 0, get_utc_month),
        native!(DP, "getUTCSeconds", 0, get_utc_seconds),
        native!(DP, "getYear", 0, get_year),
        native!(DP, "setDate", 1, set_date),
        native!(DP, "setFullYear", 3, set_full_year),
        native!(DP, "setHours", 4, set_hours),
        native!(DP, "setMilliseconds", 1, set_milliseconds),
        native!(DP, "setMinutes", 3, set_minutes),
        native!(DP, "setMonth", 2, set_month),
        native!(DP, "setSeconds", 2, set_seconds),
        native!(DP, "setTime", 1, set_time),
        native!(DP, "setUTCDate", 1, set_utc_date),
        native!(DP, "setUTCFullYear", 3, set_utc_full_year),
        native!(DP, "setUTCHours", 4, set_utc_hours),
        native!(DP, "setUTCMilliseconds", 1, set_utc_milliseconds),
        native!(DP, "setUTCMinutes", 3, set_utc_minutes),
        native!(DP, "setUTCMonth", 2, set_utc_month),
        native!(DP, "setUTCSeconds", 2, set_utc_seconds),
        native!(DP, "setYear", 1, set_year),
        native!(DP, "toDateString", 0, to_date_string),
        native!(DP, "toISOString", 0, to_iso_string),
        native!(DP, "toJSON", 1, to_json),
        native!(DP, "toLocaleDateString", 0, to_date_string),
        native!(DP, "toLocaleString", 0, to_string),
        native!(DP, "toLocaleTimeString", 0, to_time_string),
        native!(DP, "toString", 0, to_string),
        native!(DP, "toTimeString", 0, to_time_string),
        native!(DP, "toUTCString", 0, to_utc_string),
        native!(DP, "valueOf", 0, value_of),
        native!(DP, "[Symbol.toPrimitive]", 1, to_primitive_method),
    ],
    finish: Some(finish),
};

/// Creates `Date.prototype` (an ordinary object, not a Date).
fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 8)?;
    agent.roots.vm.intrinsics[Intrinsic::DatePrototype as usize] = Value::cell(proto);
    Ok(())
}

/// B.2.3.3 `Date.prototype.toGMTString` is the same function object as `toUTCString`;
/// 21.4.4.45 `Date.prototype[@@toPrimitive]` is `{ [[Writable]]: false, [[Configurable]]: true }`.
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let proto = intrinsic(agent, Intrinsic::DatePrototype)
        .as_cell()
        .expect("an object");
    let utc_key = PropertyKey::Atom(agent.atoms.intern_str("toUTCString"));
    let to_utc = ops::lookup_data(agent, proto, utc_key).unwrap_or(Value::UNDEFINED);
    let gmt_key = PropertyKey::Atom(agent.atoms.intern_str("toGMTString"));
    object::add_property(agent, proto, gmt_key, Attributes::BUILTIN, to_utc)?;
    let sym = intrinsic(agent, Intrinsic::SymbolToPrimitive)
        .as_cell()
        .expect("a symbol");
    object::set_attributes(
        agent,
        proto,
        PropertyKey::Symbol(sym),
        Attributes::CONFIGURABLE,
    );
    Ok(())
}

// ----- Helpers -----

/// thisTimeValue ( value ): the Date object and its `[[DateValue]]`.
fn this_date(this: Value, method: &str) -> Result<(heap::ObjectRef, f64), Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_DATE)
        .and_then(|o| {
            object::internal_slot(o, 0)
                .and_then(Value::as_number)
                .map(|t| (o, t))
        })
        .ok_or_else(|| {
            type_error(format!(
                "Date.prototype.{method} called on incompatible receiver"
            ))
        })
}

/// The current time value.
fn now() -> f64 {
    let now = std::time::SystemTime::now();
    match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => after.as_millis() as f64,
        // Before the epoch: floor towards -∞, as a time value does.
        Err(before) => 0.0 - (before.duration().as_micros() as f64 / 1000.0).ceil(),
    }
}

/// Sets `[[DateValue]]` and returns it.
fn set_value(agent: &mut Agent, date: heap::ObjectRef, t: f64) -> R {
    let v = Value::number(t);
    object::set_internal_slot(agent, date, 0, v);
    Ok(v)
}

/// ToNumber of each present argument among the first `n`, left to right.
fn numbers(agent: &mut Agent, args: &[Value], n: usize) -> Result<Vec<f64>, Throw> {
    let mut out = Vec::with_capacity(n);
    for &a in args.iter().take(n) {
        out.push(to_number(agent, a)?);
    }
    Ok(out)
}

// ----- 21.4.2 The Date Constructor -----

/// 21.4.2.1 Date ( ...values )
fn date_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is undefined, then return ToDateString(the current time).
    if nt.is_undefined() {
        let text = format::to_date_string(zone(agent), now());
        return ops::new_string(agent, &text);
    }
    let tv = match args.len() {
        // 3. If numberOfArgs = 0, let dv be the time value (UTC) identifying the current time.
        0 => now(),
        // 4. Else if numberOfArgs = 1, then
        1 => {
            let value = args[0];
            // b. If value is an Object and value has a [[DateValue]] internal slot, then
            let date_value = as_object(value)
                .filter(|&o| object::class(o) == CLASS_DATE)
                .and_then(|o| object::internal_slot(o, 0))
                .and_then(Value::as_number);
            let tv = if let Some(t) = date_value {
                // i. Let tv be value.[[DateValue]].
                t
            } else {
                // c. i. Let v be ? ToPrimitive(value).
                let v = to_primitive(agent, value, Hint::Default)?;
                if is_string(v) {
                    // ii. If v is a String, then: parse v.
                    let text = string::to_rust_string(v.as_cell().expect("a string"));
                    parse::parse_date(zone(agent), &text)
                } else {
                    // iii. Else, let tv be ? ToNumber(v).
                    to_number(agent, v)?
                }
            };
            // d. Let dv be TimeClip(tv).
            time_clip(tv)
        }
        // 5. Else: the components, converted left to right.
        _ => {
            let n = numbers(agent, args, 7)?;
            let get = |i: usize, default: f64| n.get(i).copied().unwrap_or(default);
            let yr = full_year(n[0]);
            let final_date = make_date(
                make_day(yr, n[1], get(2, 1.0)),
                make_time(get(3, 0.0), get(4, 0.0), get(5, 0.0), get(6, 0.0)),
            );
            time_clip(zone(agent).utc(final_date))
        }
    };
    // 6. Let O be ? OrdinaryCreateFromConstructor(NewTarget, "%Date.prototype%", « [[DateValue]] »).
    let proto = prototype_from_constructor(agent, nt, Intrinsic::DatePrototype)?;
    let o = new_object_with_class(agent, proto, 0, CLASS_DATE, 1)?;
    // 7. Set O.[[DateValue]] to dv.
    object::set_internal_slot(agent, o, 0, Value::number(tv));
    Ok(Value::cell(o))
}

// ----- 21.4.3 Properties of the Date Constructor -----

/// 21.4.3.1 Date.now ( ): the current time value, read from the system clock (it follows
/// the wall clock, so it is not monotonic if the clock is set back).
fn date_now(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::number(now()))
}

/// 21.4.3.2 Date.parse ( string )
fn date_parse(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let text = ops::to_rust_string(agent, arg(args, 0))?;
    Ok(Value::number(parse::parse_date(zone(agent), &text)))
}

/// 21.4.3.4 Date.UTC ( year [ , month [ , date [ , hours [ , minutes [ , seconds [ , ms ] ] ] ] ] ] )
fn date_utc(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let y be ? ToNumber(year); 2.–7. the others if present (month +0, date 1, else +0).
    let y = to_number(agent, arg(args, 0))?;
    let rest = numbers(agent, args.get(1..).unwrap_or(&[]), 6)?;
    let get = |i: usize, default: f64| rest.get(i).copied().unwrap_or(default);
    // 8. yr: 1900 + ToIntegerOrInfinity(y) for 0–99.
    let yr = full_year(y);
    // 9. Return TimeClip(MakeDate(MakeDay(yr, m, dt), MakeTime(h, min, s, milli))).
    let t = make_date(
        make_day(yr, get(0, 0.0), get(1, 1.0)),
        make_time(get(2, 0.0), get(3, 0.0), get(4, 0.0), get(5, 0.0)),
    );
    Ok(Value::number(time_clip(t)))
}

// ----- 21.4.4 Properties of the Date Prototype Object: getters -----

/// A getter: NaN for an invalid date, else `field` of the (local or UTC) time.
fn get_field(
    agent: &mut Agent,
    this: Value,
    method: &str,
    local: bool,
    field: fn(f64) -> f64,
) -> R {
    // 1.–3. Let t be dateObject.[[DateValue]]; if t is NaN, return NaN.
    let (_, t) = this_date(this, method)?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    // 5. Return field(LocalTime(t)) (or of t for the UTC getters).
    let t = if local { zone(agent).local_time(t) } else { t };
    Ok(Value::number(field(t)))
}

macro_rules! getters {
    ($($(#[$doc:meta])* $name:ident, $method:literal, $local:expr, $field:expr;)*) => {
        $(
            $(#[$doc])*
            fn $name(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
                get_field(agent, this, $method, $local, $field)
            }
        )*
    };
}

getters! {
    /// 21.4.4.2 Date.prototype.getDate ( )
    get_date, "getDate", true, date_from_time;
    /// 21.4.4.3 Date.prototype.getDay ( )
    get_day, "getDay", true, week_day;
    /// 21.4.4.4 Date.prototype.getFullYear ( )
    get_full_year, "getFullYear", true, year_from_time;
    /// 21.4.4.5 Date.prototype.getHours ( )
    get_hours, "getHours", true, hour_from_time;
    /// 21.4.4.6 Date.prototype.getMilliseconds ( )
    get_milliseconds, "getMilliseconds", true, ms_from_time;
    /// 21.4.4.7 Date.prototype.getMinutes ( )
    get_minutes, "getMinutes", true, min_from_time;
    /// 21.4.4.8 Date.prototype.getMonth ( )
    get_month, "getMonth", true, month_from_time;
    /// 21.4.4.9 Date.prototype.getSeconds ( )
    get_seconds, "getSeconds", true, sec_from_time;
    /// 21.4.4.12 Date.prototype.getUTCDate ( )
    get_utc_date, "getUTCDate", false, date_from_time;
    /// 21.4.4.13 Date.prototype.getUTCDay ( )
    get_utc_day, "getUTCDay", false, week_day;
    /// 21.4.4.14 Date.prototype.getUTCFullYear ( )
    get_utc_full_year, "getUTCFullYear", false, year_from_time;
    /// 21.4.4.15 Date.prototype.getUTCHours ( )
    get_utc_hours, "getUTCHours", false, hour_from_time;
    /// 21.4.4.16 Date.prototype.getUTCMilliseconds ( )
    get_utc_milliseconds, "getUTCMilliseconds", false, ms_from_time;
    /// 21.4.4.17 Date.prototype.getUTCMinutes ( )
    get_utc_minutes, "getUTCMinutes", false, min_from_time;
    /// 21.4.4.18 Date.prototype.getUTCMonth ( )
    get_utc_month, "getUTCMonth", false, month_from_time;
    /// 21.4.4.19 Date.prototype.getUTCSeconds ( )
    get_utc_seconds, "getUTCSeconds", false, sec_from_time;
    /// B.2.3.1 Date.prototype.getYear ( ): YearFromTime(LocalTime(t)) - 1900.
    get_year, "getYear", true, |t| year_from_time(t) - 1900.0;
}

/// 21.4.4.10 Date.prototype.getTime ( )
fn get_time(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, t) = this_date(this, "getTime")?;
    Ok(Value::number(t))
}

/// 21.4.4.44 Date.prototype.valueOf ( )
fn value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, t) = this_date(this, "valueOf")?;
    Ok(Value::number(t))
}

/// 21.4.4.11 Date.prototype.getTimezoneOffset ( ): (t - LocalTime(t)) / msPerMinute.
fn get_timezone_offset(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, t) = this_date(this, "getTimezoneOffset")?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    let local = zone(agent).local_time(t);
    Ok(Value::number((t - local) / MS_PER_MINUTE))
}

// ----- Setters -----

/// The fields a setter can replace, in MakeDay/MakeTime order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    FullYear = 0,
    Month,
    Date,
    Hours,
    Minutes,
    Seconds,
    Milliseconds,
}

/// The setters of 21.4.4.20–21.4.4.34: `set[UTC]<first>(v0 [, v1 …])` replaces `count`
/// consecutive fields starting at `first` with the present arguments (ToNumber, left to
/// right, after reading t), keeps the others from the (local or UTC) time and stores
/// TimeClip(UTC(MakeDate(MakeDay(…), MakeTime(…)))).
fn set_fields(
    agent: &mut Agent,
    this: Value,
    args: &[Value],
    method: &str,
    first: Field,
    count: usize,
    local: bool,
) -> R {
    // 1.–3. Let t be dateObject.[[DateValue]].
    let (date, t) = this_date(this, method)?;
    // 4.–7. Convert the first argument always (undefined if absent), the others if present.
    let mut given = numbers(agent, args, count)?;
    if given.is_empty() {
        given.push(f64::NAN);
    }
    let t = if t.is_nan() {
        // setFullYear: "If t is NaN, set t to +0𝔽"; every other setter returns NaN.
        if first != Field::FullYear {
            return Ok(Value::number(f64::NAN));
        }
        0.0
    } else if local {
        zone(agent).local_time(t)
    } else {
        t
    };
    let mut fields = [
        year_from_time(t),
        month_from_time(t),
        date_from_time(t),
        hour_from_time(t),
        min_from_time(t),
        sec_from_time(t),
        ms_from_time(t),
    ];
    for (i, v) in given.into_iter().enumerate() {
        fields[first as usize + i] = v;
    }
    let [y, m, dt, h, min, s, ms] = fields;
    let new_date = make_date(make_day(y, m, dt), make_time(h, min, s, ms));
    let u = if local {
        zone(agent).utc(new_date)
    } else {
        new_date
    };
    set_value(agent, date, time_clip(u))
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident, $method:literal, $first:ident, $count:literal, $local:expr;)*) => {
        $(
            $(#[$doc])*
            fn $name(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
                set_fields(agent, this, args, $method, Field::$first, $count, $local)
            }
        )*
    };
}

setters! {
    /// 21.4.4.20 Date.prototype.setDate ( date )
    set_date, "setDate", Date, 1, true;
    /// 21.4.4.21 Date.prototype.setFullYear ( year [ , month [ , date ] ] )
    set_full_year, "setFullYear", FullYear, 3, true;
    /// 21.4.4.22 Date.prototype.setHours ( hour [ , min [ , sec [ , ms ] ] ] )
    set_hours, "setHours", Hours, 4, true;
    /// 21.4.4.23 Date.prototype.setMilliseconds ( ms )
    set_milliseconds, "setMilliseconds", Milliseconds, 1, true;
    /// 21.4.4.24 Date.prototype.setMinutes ( min [ , sec [ , ms ] ] )
    set_minutes, "setMinutes", Minutes, 3, true;
    /// 21.4.4.25 Date.prototype.setMonth ( month [ , date ] )
    set_month, "setMonth", Month, 2, true;
    /// 21.4.4.26 Date.prototype.setSeconds ( sec [ , ms ] )
    set_seconds, "setSeconds", Seconds, 2, true;
    /// 21.4.4.28 Date.prototype.setUTCDate ( date )
    set_utc_date, "setUTCDate", Date, 1, false;
    /// 21.4.4.29 Date.prototype.setUTCFullYear ( year [ , month [ , date ] ] )
    set_utc_full_year, "setUTCFullYear", FullYear, 3, false;
    /// 21.4.4.30 Date.prototype.setUTCHours ( hour [ , min [ , sec [ , ms ] ] ] )
    set_utc_hours, "setUTCHours", Hours, 4, false;
    /// 21.4.4.31 Date.prototype.setUTCMilliseconds ( ms )
    set_utc_milliseconds, "setUTCMilliseconds", Milliseconds, 1, false;
    /// 21.4.4.32 Date.prototype.setUTCMinutes ( min [ , sec [ , ms ] ] )
    set_utc_minutes, "setUTCMinutes", Minutes, 3, false;
    /// 21.4.4.33 Date.prototype.setUTCMonth ( month [ , date ] )
    set_utc_month, "setUTCMonth", Month, 2, false;
    /// 21.4.4.34 Date.prototype.setUTCSeconds ( sec [ , ms ] )
    set_utc_seconds, "setUTCSeconds", Seconds, 2, false;
}

/// 21.4.4.27 Date.prototype.setTime ( time )
fn set_time(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1.–2. RequireInternalSlot(dateObject, [[DateValue]]).
    let (date, _) = this_date(this, "setTime")?;
    // 3. Let t be ? ToNumber(time).  4. Let v be TimeClip(t).
    let t = to_number(agent, arg(args, 0))?;
    set_value(agent, date, time_clip(t))
}

/// B.2.3.2 Date.prototype.setYear ( year )
fn set_year(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1.–3. Let t be dateObject.[[DateValue]].
    let (date, t) = this_date(this, "setYear")?;
    // 4. Let y be ? ToNumber(year).
    let y = to_number(agent, arg(args, 0))?;
    // 5. If y is NaN, set dateObject.[[DateValue]] to NaN and return NaN.
    if y.is_nan() {
        return set_value(agent, date, f64::NAN);
    }
    // 6.–7. Let yyyy be 1900 + yi for 0 ≤ yi ≤ 99, else y.
    let yyyy = full_year(y);
    // 8. If t is NaN, set t to +0𝔽; otherwise, set t to LocalTime(t).
    let t = if t.is_nan() {
        0.0
    } else {
        zone(agent).local_time(t)
    };
    // 9. Let d be MakeDay(yyyy, MonthFromTime(t), DateFromTime(t)).
    let d = make_day(yyyy, month_from_time(t), date_from_time(t));
    // 10. Let date be MakeDate(d, TimeWithinDay(t)).
    let new_date = make_date(d, time_math::time_within_day(t));
    // 11. Set dateObject.[[DateValue]] to TimeClip(UTC(date)).
    let u = zone(agent).utc(new_date);
    set_value(agent, date, time_clip(u))
}

// ----- String forms -----

/// 21.4.4.35 Date.prototype.toDateString ( ) (also toLocaleDateString).
fn to_date_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, tv) = this_date(this, "toDateString")?;
    if tv.is_nan() {
        return ops::new_string(agent, "Invalid Date");
    }
    let t = zone(agent).local_time(tv);
    ops::new_string(agent, &format::date_string(t))
}

/// 21.4.4.36 Date.prototype.toISOString ( )
fn to_iso_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, tv) = this_date(this, "toISOString")?;
    // 4. If tv is not finite, throw a RangeError exception.
    if !tv.is_finite() {
        return Err(Throw::error(ErrorType::RangeError, "Invalid time value"));
    }
    ops::new_string(agent, &format::iso_string(tv))
}

/// 21.4.4.37 Date.prototype.toJSON ( key )
fn to_json(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    // 1. Let O be ? ToObject(this value).
    if this.is_nullish() {
        return Err(type_error(
            "Date.prototype.toJSON called on null or undefined",
        ));
    }
    // 2. Let tv be ? ToPrimitive(O, number).
    let tv = to_primitive(agent, this, Hint::Number)?;
    // 3. If tv is a Number and tv is not finite, return null.
    if tv.as_number().is_some_and(|n| !n.is_finite()) {
        return Ok(Value::NULL);
    }
    // 4. Return ? Invoke(O, "toISOString"). (A primitive `this` is used as the receiver
    // directly: its properties are those of its wrapper's prototype.)
    let key = PropertyKey::Atom(agent.atoms.intern_str("toISOString"));
    let f = ops::get_property(agent, this, key)?;
    if !is_callable(f) {
        return Err(type_error("toISOString is not a function"));
    }
    agent.scope(|agent| {
        let f = agent.root(f);
        let f = agent.get(f);
        crate::interpreter::call(agent, f, this, &[])
    })
}

/// 21.4.4.41 Date.prototype.toString ( ) (also toLocaleString).
fn to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, tv) = this_date(this, "toString")?;
    let text = format::to_date_string(zone(agent), tv);
    ops::new_string(agent, &text)
}

/// 21.4.4.42 Date.prototype.toTimeString ( ) (also toLocaleTimeString).
fn to_time_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, tv) = this_date(this, "toTimeString")?;
    if tv.is_nan() {
        return ops::new_string(agent, "Invalid Date");
    }
    let z = zone(agent);
    let text = format!(
        "{}{}",
        format::time_string(z.local_time(tv)),
        format::time_zone_string(z, tv)
    );
    ops::new_string(agent, &text)
}

/// 21.4.4.43 Date.prototype.toUTCString ( ) (and B.2.3.3 toGMTString, the same function).
fn to_utc_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (_, tv) = this_date(this, "toUTCString")?;
    ops::new_string(agent, &format::utc_string(tv))
}

/// 21.4.4.45 Date.prototype [ @@toPrimitive ] ( hint )
fn to_primitive_method(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1.–2. If O is not an Object, throw a TypeError exception.
    if as_object(this).is_none() {
        return Err(type_error(
            "Date.prototype[Symbol.toPrimitive] called on non-object",
        ));
    }
    // 3.–5. "string"/"default" → string, "number" → number, else TypeError.
    let hint = arg(args, 0);
    let text = if is_string(hint) {
        string::to_rust_string(hint.as_cell().expect("a string"))
    } else {
        String::new()
    };
    let try_first = match text.as_str() {
        "string" | "default" => Hint::String,
        "number" => Hint::Number,
        _ => return Err(type_error("Invalid hint")),
    };
    // 6. Return ? OrdinaryToPrimitive(O, tryFirst).
    ops::ordinary_to_primitive(agent, this, try_first)
}
