//! agora's JavaScript engine: lexer, parser, bytecode compiler, interpreter, object model and
//! builtins. Today: the front end — `source` (text and positions), `lexer`, `ast` (with a
//! visitor), `parser` (scripts, modules, `Function`-constructor pieces, early errors) and
//! `diagnostics` (`SyntaxError` with file:line:column and a caret). The compiler, interpreter
//! and runtime follow (see `design/vm-object-model.md`).

#![forbid(unsafe_code)]

pub use structs;

pub mod ast;
pub mod diagnostics;
pub mod lexer;
pub mod parser;
pub mod source;
