//! `agora`: the JavaScript engine's command line; all the logic is in `agents::cli`.

fn main() {
    std::process::exit(agents::cli::main(std::env::args().skip(1)));
}
