//! `accord sweep MODEL --scenarios FILE`: every scenario solved, checked and
//! recorded (`docs/scenarios.md`).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use accord::scenario::{self, GridAxis};
use accord::sweep::output::{summary, SweepInfo};
use accord::sweep::run::{run as run_sweep, Config};
use accord::sweep::{Opener, Plan};
use accord::{Diagnostics, Error};

use super::options::{resolve, DemandArgs, ModelArgs, ObjectiveArgs, SolverArgs};
use super::{exit, fail, hooks};

/// Arguments of `accord sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The scenarios: scenario,table,key,column,op,value[,note] (docs/scenarios.md).
    #[arg(long, value_name = "FILE")]
    scenarios: Option<PathBuf>,
    /// A parameter sweep without a file: TABLE.KEY.COLUMN=FROM:TO:STEP (set),
    /// *= (scale) or += (add), or a list V1,V2,...; twice for a two-parameter grid.
    #[arg(long = "grid", value_name = "SPEC")]
    grids: Vec<String>,
    #[command(flatten)]
    objectives: ObjectiveArgs,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    demands: DemandArgs,
    /// Scenarios solved in parallel, one solver thread each (default: the
    /// CPUs this process may use, which respects a Slurm or cgroup CPU set).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Output folder (default: sweep-MODEL).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Keep the scenarios already recorded in the output folder, solve the rest.
    #[arg(long)]
    resume: bool,
    /// Run only shard I of N (0-based): every N-th scenario from the I-th.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Also write each scenario's allocation to OUT/allocations/SCENARIO.csv.
    #[arg(long)]
    allocations: bool,
    /// Do not offer the baseline's solution as a start to the other scenarios.
    #[arg(long)]
    no_warm_start: bool,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N (0-based shard I of N), found {s:?}"))?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| format!("expected a shard index >= 0, found {i:?}"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("expected a shard count >= 1, found {n:?}"))?;
    if n == 0 || i >= n {
        return Err(format!(
            "expected 0 <= I < N, found {i}/{n} (shards are numbered from 0)"
        ));
    }
    Ok((i, n))
}

/// Prints an error; write failures are exit 4, the rest as [`fail`].
fn fail_run(e: &Error) -> i32 {
    match e {
        Error::Io { .. } => {
            eprintln!("error: {e}");
            exit::FAILURE
        }
        _ => fail(e),
    }
}

/// Runs `accord sweep`.
pub fn run(args: &SweepArgs) -> i32 {
    match prepare(args) {
        Ok((plan, info, cfg)) => match run_sweep(&plan, &info, &cfg) {
            Ok(report) => print_report(args, &plan, &info, &cfg, &report),
            Err(e) => fail_run(&e),
        },
        Err(e) => fail(&e),
    }
}

/// Everything decided before anything runs: the model, every scenario
/// checked, the settings, the output folder.
fn prepare(args: &SweepArgs) -> Result<(Plan, SweepInfo, Config), Error> {
    if args.scenarios.is_none() && args.grids.is_empty() {
        return Err(Error::Usage(
            "nothing to sweep: give --scenarios FILE, --grid SPEC, or both".into(),
        ));
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    if jobs == 0 {
        return Err(Error::Usage("--jobs: expected at least 1".into()));
    }
    let model = args.model.load(false)?;
    let Some(inst) = model.instance() else {
        return Err(Error::Usage(
            "sweep applies to domain models (a model file or data folder), not to MPS files".into(),
        ));
    };
    let mut given = args.objectives.settings()?;
    given.extend(args.solver.settings()?);
    given.extend(args.demands.settings()?);
    let settings = resolve(&model, &given)?;
    accord::backend::by_name(&settings.backend)?;
    let axes: Vec<GridAxis> = args
        .grids
        .iter()
        .map(|g| GridAxis::parse(g).map_err(|why| format!("--grid {g:?}: {why}")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Usage)?;
    let objectives = settings.request.names();
    // Every problem of the file and of the grid, together.
    let mut diags = Diagnostics::default();
    let mut scenarios = Vec::new();
    if let Some(file) = &args.scenarios {
        match scenario::load(file, inst, &objectives) {
            Ok(s) => scenarios = s,
            Err(Error::Invalid(d)) => diags.0.extend(d.0),
            Err(e) => return Err(e),
        }
    }
    match scenario::grid_scenarios(&axes, inst, &objectives) {
        Ok(g) => scenarios.extend(g),
        Err(Error::Invalid(d)) => diags.0.extend(d.0),
        Err(e) => return Err(e),
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let warm = !args.no_warm_start;
    let mut files = model.files.clone();
    files.extend(args.scenarios.iter().cloned());
    let name = model.name.clone();
    let mut plan = Plan::new(model, settings, scenarios, axes, warm)?;
    if hooks::sweep_switches() {
        plan.open = Opener(std::sync::Arc::new(|backend: &str, id: &str| {
            hooks::open(backend, Some(id))
        }));
    }
    let options = serde_json::json!({
        "request": plan.settings.request,
        "backend": plan.settings.backend,
        "grid": args.grids,
        "warm_start": warm,
    });
    let info = SweepInfo::new(&plan, &files, options)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("sweep-{name}")));
    let cfg = Config {
        jobs,
        out,
        resume: args.resume,
        shard: args.shard,
        allocations: args.allocations,
        progress: std::io::stderr().is_terminal(),
    };
    Ok((plan, info, cfg))
}

fn print_report(
    args: &SweepArgs,
    plan: &Plan,
    info: &SweepInfo,
    cfg: &Config,
    report: &accord::sweep::run::Report,
) -> i32 {
    let jobs = cfg.jobs;
    let backend_name = plan.settings.backend.clone();
    let backend = accord::backend::by_name(&backend_name)
        .map(|b| format!("{} {}", b.id(), b.version()))
        .unwrap_or(backend_name);
    let slice = match args.shard {
        Some((i, n)) => format!(" | shard {i} of {n}: {} scenarios", report.rows.len()),
        None => String::new(),
    };
    println!(
        "accord sweep: model {} | {} scenarios{slice} | {} solved, {} already recorded | backend {backend} | {} job{} | wall {:.1} s",
        plan.model(),
        plan.scenarios.len(),
        report.solved,
        report.resumed,
        jobs,
        if jobs == 1 { "" } else { "s" },
        report.seconds
    );
    let failed = report
        .rows
        .iter()
        .filter(|r| !accord::sweep::is_solved(r))
        .count();
    if failed > 0 {
        println!(
            "{failed} scenario(s) without a valid solution: see status and reason in the table"
        );
    }
    println!();
    let refs: Vec<&accord::sweep::Row> = report.rows.iter().collect();
    print!("{}", summary(info, &refs, 60));
    println!(
        "\nwritten to {}: {}",
        cfg.out.display(),
        report.outputs.join(", ")
    );
    exit::OK
}
