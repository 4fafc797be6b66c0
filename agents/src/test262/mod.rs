//! The test262 runner: reads each test's frontmatter ([`metadata`]), plans its strict, sloppy
//! or module runs and judges them ([`harness`]), runs the engine as a subprocess per run
//! ([`protocol`], which also specifies what the engine must do), runs many tests in parallel
//! ([`runner`]), and compares the results with the committed expectations and skip list
//! ([`expectations`]). [`cli`] is the command line shared by `agora-test262` and, later,
//! `agora test262`. See `design/test262.md`.

pub mod cli;
pub mod expectations;
pub mod harness;
pub mod metadata;
pub mod protocol;
pub mod runner;
