//! agora's shared-memory data model: struct layouts, shared values, and the mutex and
//! condition protocols, built on the heap's shared space. Filled in by the structs issue;
//! today it only fixes the crate's place in the dependency order (heap ← structs ← vm).

#![forbid(unsafe_code)]

pub use heap;
