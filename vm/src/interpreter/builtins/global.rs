//! 19 The Global Object
//! <https://tc39.es/ecma262/2024/#sec-global-object>
//!
//! The function properties of the global object (§19.2) and the host's `print`. The value
//! properties (`globalThis`, `Infinity`, `NaN`, `undefined`) are installed by the realm.

use super::{native, Family, Home};
use crate::interpreter::realm::native_print;

/// The family: the global functions.
pub static FAMILY: Family = Family {
    name: "global",
    create: None,
    natives: &[native!(Home::Global, "print", 0, native_print)],
    finish: None,
};
