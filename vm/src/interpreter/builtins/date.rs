//! 21.4 Date Objects — only `Date.now` for now.
//! <https://tc39.es/ecma262/2024/#sec-date-objects>
//!
//! The global `Date` is a constructor function object (`length` 7) whose only property
//! besides `length`/`name` is `now`. Date objects themselves are not implemented: calling or
//! constructing `Date` throws `InternalError: Date objects are not implemented yet` rather
//! than returning something that is not a Date. There is no `Date.prototype` yet.

use super::{native, Family, Home, R};
use crate::interpreter::realm::Intrinsic;
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::value::Value;

/// The family: `Date` and `Date.now`.
pub static FAMILY: Family = Family {
    name: "Date",
    create: None,
    natives: &[
        native!(
            Home::Global,
            "Date",
            7,
            date_constructor,
            constructor(Some(Intrinsic::DateConstructor), None)
        ),
        native!(Home::On(Intrinsic::DateConstructor), "now", 0, date_now),
    ],
    finish: None,
};

/// 21.4.2.1 Date ( ...values ): not implemented — throws an InternalError whether called or
/// constructed.
pub(super) fn date_constructor(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Err(Throw::error(
        ErrorType::InternalError,
        "Date objects are not implemented yet",
    ))
}

/// 21.4.3.1 Date.now ( ): the time value (milliseconds since the epoch, 1970-01-01T00:00Z)
/// designating the current time, an integral Number read from the system clock. It follows
/// the wall clock, so it is not guaranteed monotonic if the clock is set back.
pub(super) fn date_now(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let now = std::time::SystemTime::now();
    let ms = match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => after.as_millis() as f64,
        // Before the epoch: floor towards -∞, as a time value does.
        Err(before) => 0.0 - (before.duration().as_micros() as f64 / 1000.0).ceil(),
    };
    Ok(Value::number(ms))
}
