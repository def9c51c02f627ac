fn main() {
    std::process::exit(agentls::cli::main());
}
