//! agora's JavaScript engine: lexer, parser, bytecode compiler, interpreter, object model and
//! builtins. Today: the front end — `source` (text and positions), `lexer`, `ast` (with a
//! visitor), `parser` (scripts, modules, `Function`-constructor pieces, early errors) and
//! `diagnostics` (`SyntaxError` with file:line:column and a caret). The compiler, interpreter
//! and runtime follow (see `design/vm-object-model.md`).

// Unsafe code is denied crate-wide; the one module that turns value bits back into heap
// references (`runtime::value`) allows it, under decision 0006's rooting rule.
#![deny(unsafe_code)]

pub use structs;

pub mod ast;
pub mod bytecode;
pub mod compiler;
pub mod diagnostics;
pub mod interpreter;
pub mod lexer;
pub mod parser;
pub mod runtime;
pub mod source;

pub use interpreter::modules::{run_module, ModuleRunError};
pub use interpreter::{run_script, RunError};
