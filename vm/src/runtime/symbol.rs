//! Symbols: unique cells carrying a description (a string or undefined).

use heap::{HeapError, ObjectRef};

use crate::runtime::agent::Agent;
use crate::runtime::cell::CellKind;
use crate::runtime::value::Value;

const DESCRIPTION: usize = 0;

/// Makes a new symbol with `description` (a string value or undefined).
pub fn new_symbol(agent: &mut Agent, description: Value) -> Result<ObjectRef, HeapError> {
    agent.scope(|agent| {
        let rooted = agent.root(description);
        let symbol = agent.alloc_cell(CellKind::Symbol, 8)?;
        symbol.store(DESCRIPTION, Value::UNDEFINED.bits());
        let description = agent.get(rooted);
        agent
            .mutator
            .write_barrier(symbol, description.as_cell())
            .expect("symbols are local");
        symbol.store(DESCRIPTION, description.bits());
        Ok(symbol)
    })
}

/// A symbol's description. Used by the GC.
pub fn symbol_description(symbol: ObjectRef) -> Value {
    Value::from_bits(symbol.load(DESCRIPTION))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::gc::new_heap;
    use crate::runtime::string;
    use heap::HeapConfig;

    #[test]
    fn descriptions_survive_collections() {
        let heap = new_heap(HeapConfig::stress(1));
        let mut agent = Agent::new(&heap);
        let text = string::from_str(&mut agent, "Symbol.iterator").unwrap();
        let symbol = new_symbol(&mut agent, Value::cell(text)).unwrap();
        let rooted = agent.root(Value::cell(symbol));
        for _ in 0..50 {
            string::from_str(&mut agent, "garbage garbage garbage garbage").unwrap();
        }
        let symbol = agent.get(rooted).as_cell().unwrap();
        let description = symbol_description(symbol).as_cell().unwrap();
        assert_eq!(string::to_rust_string(description), "Symbol.iterator");
        let anonymous = new_symbol(&mut agent, Value::UNDEFINED).unwrap();
        assert!(symbol_description(anonymous).is_undefined());
    }
}
