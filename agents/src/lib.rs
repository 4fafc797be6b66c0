//! agora's agents: OS threads, event loops, the Worker API, the host, the embedding API and
//! the `agora` command. The only crate that spawns threads. Filled in by the vm and agents
//! issues; today it only fixes the crate's place at the top of the dependency order.

#![forbid(unsafe_code)]

pub use vm;

pub mod cli;
pub mod test262;
