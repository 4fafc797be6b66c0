//! Scripts on an agent whose output is captured, for the tests that drive the collector from
//! JavaScript (`weak_refs.rs`, `shape_memory.rs`).

use heap::Heap;
use vm::interpreter::{capture_output, take_output};
use vm::runtime::Agent;

/// An agent on `heap` whose `print` output is captured (read it with [`run`]).
pub fn capturing_agent(heap: &Heap) -> Agent {
    let mut agent = Agent::new(heap);
    capture_output(&mut agent);
    agent
}

/// Runs `src` as script `name` and returns what it printed; panics if it throws.
pub fn run(agent: &mut Agent, name: &str, src: &str) -> String {
    if let Err(e) = vm::run_script(agent, name, src) {
        panic!("{name} failed: {e:?}");
    }
    take_output(agent)
}
