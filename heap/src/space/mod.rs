//! The spaces objects live in: an agent's [`local`] space, the [`shared`] space, and the
//! [`large`]-object space both use for big objects.

pub mod large;
pub mod local;
pub mod shared;
