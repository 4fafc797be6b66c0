//! agora's JavaScript engine: lexer, parser, bytecode compiler, interpreter, object model and
//! builtins. Filled in by the vm issue; today it only fixes the crate's place in the
//! dependency order (heap ← structs ← vm ← agents).

#![forbid(unsafe_code)]

pub use structs;
