//! Command-line interface (binary only): argument structs, one file per
//! subcommand, and the mapping from outcomes and errors to exit codes.

use clap::{Parser, Subcommand, ValueEnum};

mod bench;
mod check;
mod cooperation;
mod explain;
mod export;
mod generate;
mod hooks;
mod merge;
mod options;
mod pareto;
mod report;
mod sensitivity;
mod solve;
mod sweep;

/// Exit codes of the binary.
pub mod exit {
    /// Solved (or input valid, for `check`).
    pub const OK: i32 = 0;
    /// Infeasible, unbounded, or no solution within the limits.
    pub const NO_SOLUTION: i32 = 1;
    /// Usage error (bad option, backend not compiled in).
    pub const USAGE: i32 = 2;
    /// Invalid input (every problem reported at once).
    pub const INVALID: i32 = 3;
    /// Solver or numerical failure, including a solution that fails the check.
    pub const FAILURE: i32 = 4;
}

/// accord: decide who funds and staffs which joint projects.
///
/// MODEL is a model TOML file (`models/central_asia.toml`), a data folder
/// holding actors.csv, projects.csv, interests.csv and optionally
/// relations.csv, or an MPS / PolySCIP .mop file.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a model and its data; report every problem at once (exit 3).
    Check(check::CheckArgs),
    /// Build the program, solve it, verify the answer and report it.
    Solve(solve::SolveArgs),
    /// Why a plan is impossible (minimal conflicts, cheapest repairs) and why each project is in or out.
    Explain(explain::ExplainArgs),
    /// Who contributes what: coalition values of blocs and actors, Shapley and Owen values, the value of cooperation.
    Cooperation(cooperation::CooperationArgs),
    /// What one more unit buys: exact +/- effects of budgets and personnel, stability intervals, local prices, staircases.
    Sensitivity(sensitivity::SensitivityArgs),
    /// The planner's report: one self-contained HTML page with the plan and the analyses asked for.
    Report(report::ReportArgs),
    /// Compute the Pareto front over two or more objectives, with the knee and compromise points.
    Pareto(pareto::ParetoArgs),
    /// Write a valid random data set (every feature used), deterministic for a seed.
    Generate(generate::GenerateArgs),
    /// Write the exact program accord would solve as MPS, .mop or LP, with readable names.
    Export(export::ExportArgs),
    /// Benchmark backends on instances: table, CSV, JSON, performance profile (docs/bench.md).
    Bench(bench::BenchArgs),
    /// One benchmark run in a child process (used by `bench`; prints one JSON line).
    #[command(hide = true)]
    BenchWorker(bench::WorkerArgs),
    /// Solve many what-if scenarios of a model in parallel (resumable, shardable).
    Sweep(sweep::SweepArgs),
    /// Merge the shards of a sweep (shard-I-of-N.csv) into one results table.
    Merge(merge::MergeArgs),
}

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The planner's table.
    Table,
    /// JSON with stable field names.
    Json,
    /// CSV (allocations).
    Csv,
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Solve(a) => solve::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Cooperation(a) => cooperation::run(&a),
        Command::Sensitivity(a) => sensitivity::run(&a),
        Command::Pareto(a) => pareto::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Generate(a) => generate::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Bench(a) => bench::run(&a),
        Command::BenchWorker(a) => bench::run_worker(&a),
        Command::Sweep(a) => sweep::run(&a),
        Command::Merge(a) => merge::run(&a),
    }
}

/// What a report is about: the loaded model.
pub fn subject(model: &accord::model::Model) -> accord::report::Subject<'_> {
    accord::report::Subject {
        name: &model.name,
        instance: model.instance(),
        blocked: model.blocked(),
        program: model.program(),
    }
}

/// Prints an error and returns its exit code.
pub fn fail(err: &accord::Error) -> i32 {
    use accord::Error;
    let code = match err {
        Error::Invalid(_) => exit::INVALID,
        Error::Usage(_) | Error::BackendUnavailable { .. } | Error::Unsupported { .. } => {
            exit::USAGE
        }
        Error::Io { .. } => exit::INVALID,
        Error::Solver { .. } => exit::FAILURE,
    };
    eprintln!("error: {err}");
    code
}
