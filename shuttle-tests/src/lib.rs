//! Harness for the randomized schedule tests: runs a scenario under shuttle's random and PCT
//! schedulers. The tests themselves are in `tests/` and only build with `--cfg shuttle`.
