//! `agora-test262`: the test262 runner command; all the logic is in `agents::test262::cli`.

fn main() {
    std::process::exit(agents::test262::cli::main(std::env::args().skip(1)));
}
