//! 10.4.4 Arguments Exotic Objects
//! <https://tc39.es/ecma262/2024/#sec-arguments-exotic-objects>
//!
//! CreateUnmappedArgumentsObject (§10.4.4.6, class `CLASS_ARGUMENTS`) and
//! CreateMappedArgumentsObject (§10.4.4.7, class `CLASS_MAPPED_ARGUMENTS`). A mapped
//! object's internal slot 0 is the function's context and slot 1 its parameter map: an
//! Array whose element `i` is the context slot that argument `i` aliases (a hole when
//! unmapped). The exotic `[[GetOwnProperty]]`/`[[DefineOwnProperty]]`/`[[Set]]`/
//! `[[Delete]]` behaviour lives with the object protocol in `ops` (the `mapped_*` helpers).

use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARGUMENTS, CLASS_ARRAY, CLASS_MAPPED_ARGUMENTS,
};
use crate::interpreter::{ops, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

/// Creates an arguments object for `args` (rooted by the caller's frame). `mapping` is
/// `None` for an unmapped object; otherwise argument `i` aliases slot `mapping[i]` of
/// `context` and `callee` becomes the `callee` property.
pub fn create_arguments_object(
    agent: &mut Agent,
    args: &[Value],
    mapping: Option<&[Option<u32>]>,
    context: Value,
    callee: Value,
) -> Result<Value, Throw> {
    agent.scope(|agent| {
        agent.root(context);
        agent.root(callee);
        let proto = ops::object_prototype(agent);
        let class = if mapping.is_some() {
            CLASS_MAPPED_ARGUMENTS
        } else {
            CLASS_ARGUMENTS
        };
        let obj = new_object_with_class(agent, proto, 3, class, 2)?;
        let root = agent.root(Value::cell(obj));
        // Steps: length, the indices, @@iterator, callee.
        object::add_property(
            agent,
            obj,
            PropertyKey::Atom(names::LENGTH),
            Attributes::BUILTIN,
            Value::int(args.len() as i32),
        )?;
        for (i, &v) in args.iter().enumerate() {
            object::set_element(agent, obj, i as u32, v)?;
        }
        let values = intrinsic(agent, Intrinsic::ArrayProtoValues);
        let sym = intrinsic(agent, Intrinsic::SymbolIterator)
            .as_cell()
            .expect("a symbol");
        object::add_property(
            agent,
            obj,
            PropertyKey::Symbol(sym),
            Attributes::BUILTIN,
            values,
        )?;
        let callee_key = PropertyKey::Atom(agent.atoms.intern_str("callee"));
        match mapping {
            None => {
                let thrower = intrinsic(agent, Intrinsic::ThrowTypeError);
                let pair = object::new_accessor_pair(agent, thrower, thrower)?;
                object::add_property(
                    agent,
                    obj,
                    callee_key,
                    Attributes::ACCESSOR,
                    Value::cell(pair),
                )?;
            }
            Some(mapping) => {
                object::add_property(agent, obj, callee_key, Attributes::BUILTIN, callee)?;
                let array_proto = intrinsic(agent, Intrinsic::ArrayPrototype);
                let map = new_object_with_class(agent, array_proto, 0, CLASS_ARRAY, 0)?;
                let map_root = agent.root(Value::cell(map));
                // Later formals with the same name win (§10.4.4.7 step 17 walks backwards):
                // the compiler's mapping already resolves duplicates to one slot.
                for (i, slot) in mapping.iter().enumerate().take(args.len()) {
                    if let Some(slot) = slot {
                        object::set_element(agent, map, i as u32, Value::int(*slot as i32))?;
                    }
                }
                let obj = agent.get(root).as_cell().expect("rooted");
                object::set_internal_slot(agent, obj, 0, context);
                object::set_internal_slot(agent, obj, 1, agent.get(map_root));
            }
        }
        Ok(agent.get(root))
    })
}
