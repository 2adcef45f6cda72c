//! The `accord` binary: parse arguments, run one subcommand, map the result
//! to an exit code (0 solved, 1 infeasible or no solution, 2 usage,
//! 3 invalid input, 4 solver or numerical failure).

mod cli;

fn main() {
    std::process::exit(cli::main());
}
