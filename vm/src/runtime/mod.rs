//! The runtime: values, heap cells, strings and symbols, the agent and the VM's GC binding.
//! Shapes, objects, realms and the interpreter follow (see `design/vm-object-model.md`).

pub mod agent;
pub mod atoms;
pub mod bigint;
pub mod byte_block;
pub mod cell;
pub mod context;
pub mod gc;
pub mod number;
pub mod object;
pub mod private_name;
pub mod regexp;
pub mod shape;
pub mod string;
pub mod symbol;
pub mod value;
pub mod weak_table;

pub use agent::Agent;
pub use value::Value;
