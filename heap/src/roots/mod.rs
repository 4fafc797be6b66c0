//! Roots the heap holds on behalf of Rust code: scoped handles for values held across a
//! possible collection ([`scope`]) and persistent handles for the host ([`global`]). The VM's
//! own frames and registers are reported through [`crate::Roots`] instead.
//!
//! Rooting style: V8-style handle scopes (an agent-owned stack of slots, a handle is an index)
//! rather than Nova-style lifetime-branded scopes; see `design/roots-and-safepoints.md`.

pub mod global;
pub mod scope;
