//! Stack traces: the `stack` string an error object gets when it is created (V8's format,
//! which Node users read every day):
//!
//! ```text
//! TypeError: x is not a function
//!     at inner (app.js:3:5)
//!     at app.js:7:1
//! ```
//!
//! One line per bytecode frame, innermost first: the function's name (none for script and
//! eval code; `new Name` for a construction) and the position of the instruction the frame is executing (for callers: the
//! call). Natives run on the Rust stack and do not appear. At most [`MAX_FRAMES`] lines.

#![forbid(unsafe_code)]

use crate::runtime::agent::Agent;

/// The most frames a trace lists (as V8's default `Error.stackTraceLimit`).
pub const MAX_FRAMES: usize = 10;

/// The `    at …` lines of the running frames, innermost first, each ending in a newline.
pub fn capture(agent: &Agent) -> String {
    let mut out = String::new();
    for frame in agent.roots.vm.frames.iter().rev().take(MAX_FRAMES) {
        let exe = &frame.exe;
        let name = String::from_utf16_lossy(&exe.info.name);
        let file = exe.info.source.name();
        let position = match exe.line_column(exe.decoded.offset(frame.pc)) {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => file.to_string(),
        };
        let new = if frame.new_target.is_undefined() {
            ""
        } else {
            "new "
        };
        if name.is_empty() || frame.callee.as_cell().is_none() {
            out.push_str(&format!("    at {position}\n"));
        } else {
            out.push_str(&format!("    at {new}{name} ({position})\n"));
        }
    }
    out
}

/// The `stack` string of an error whose `ToString` header is `header`.
pub fn stack_string(agent: &Agent, header: &str) -> String {
    let mut text = String::from(header);
    let frames = capture(agent);
    if !frames.is_empty() {
        text.push('\n');
        text.push_str(frames.trim_end_matches('\n'));
    }
    text
}
