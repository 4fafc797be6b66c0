//! Options bags (GetOptionsObject and the reading of its string-choice options), shared by
//! the builtins that take one: `Iterator.zip` / `Iterator.zipKeyed` and the Uint8Array base64
//! methods.

use heap::ObjectRef;

use super::{type_error, R};
use crate::interpreter::ops::{self, as_object};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::string;
use crate::runtime::value::Value;

/// An options argument after GetOptionsObject: `None` is the empty bag `undefined` gives.
/// The object is the caller's argument, which its registers keep alive.
#[derive(Clone, Copy)]
pub(crate) struct Options(Option<ObjectRef>);

impl Options {
    /// GetOptionsObject ( options ): `undefined` is an empty bag; anything else must be an
    /// object (a `TypeError` naming `method`).
    pub(crate) fn from_value(v: Value, method: &str) -> Result<Options, Throw> {
        if v.is_undefined() {
            return Ok(Options(None));
        }
        as_object(v)
            .map(|o| Options(Some(o)))
            .ok_or_else(|| type_error(format!("{method}: options must be an object")))
    }

    /// `? Get(options, name)` (`undefined` from the empty bag).
    pub(crate) fn get(self, agent: &mut Agent, name: &str) -> R {
        let Some(o) = self.0 else {
            return Ok(Value::UNDEFINED);
        };
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        Ok(ops::get_from_object(agent, o, key)?.unwrap_or(Value::UNDEFINED))
    }

    /// The option `name` as the index of the string among `choices` that it is, `default`
    /// when it is `undefined`, else a `TypeError`. No conversion: `new String("x")` and
    /// objects are errors.
    pub(crate) fn choice(
        self,
        agent: &mut Agent,
        name: &str,
        choices: &[&str],
        default: usize,
    ) -> Result<usize, Throw> {
        let v = self.get(agent, name)?;
        if v.is_undefined() {
            return Ok(default);
        }
        if let Some(s) = v.as_cell().filter(|_| ops::is_string(v)) {
            let units = string::units(s);
            if let Some(i) = choices
                .iter()
                .position(|c| c.encode_utf16().eq(units.iter().copied()))
            {
                return Ok(i);
            }
        }
        let expected = choices
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        Err(type_error(format!("{name} must be one of {expected}")))
    }
}
