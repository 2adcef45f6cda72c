//! `accord sweep MODEL --scenarios FILE`: every scenario solved, checked and
//! recorded (`docs/scenarios.md`).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use accord::scenario::{self, GridAxis};
use accord::sweep::output::{summary, SweepInfo};
use accord::sweep::run::{run as run_sweep, Config};
use accord::sweep::Plan;
use accord::{Diagnostics, Error};

use super::options::{self, Loaded, SolveOptionArgs};
use super::{exit, fail, ModelArgs};

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
    opts: SolveOptionArgs,
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
    if super::solve::is_file_model(&args.model.model) {
        return fail(&Error::Usage(
            "sweep applies to domain models (a model file or data folder), not to MPS files".into(),
        ));
    }
    if args.scenarios.is_none() && args.grids.is_empty() {
        return fail(&Error::Usage(
            "nothing to sweep: give --scenarios FILE, --grid SPEC, or both".into(),
        ));
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    if jobs == 0 {
        return fail(&Error::Usage("--jobs: expected at least 1".into()));
    }
    let Loaded {
        spec,
        inst,
        request: req,
        backend: backend_name,
    } = match options::load(&args.model, &args.opts) {
        Ok(v) => v,
        Err(e) => return fail(&e),
    };
    if let Err(e) = accord::backend::by_name(&backend_name) {
        return fail(&e);
    }
    let axes: Vec<GridAxis> = match args
        .grids
        .iter()
        .map(|g| GridAxis::parse(g).map_err(|why| format!("--grid {g:?}: {why}")))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(a) => a,
        Err(e) => return fail(&Error::Usage(e)),
    };
    let objectives: Vec<String> = req.objectives.iter().map(|o| o.name.clone()).collect();
    // Every problem of the file and of the grid, together.
    let mut diags = Diagnostics::default();
    let mut scenarios = Vec::new();
    if let Some(file) = &args.scenarios {
        match scenario::load(file, &inst, &objectives) {
            Ok(s) => scenarios = s,
            Err(Error::Invalid(d)) => diags.0.extend(d.0),
            Err(e) => return fail(&e),
        }
    }
    match scenario::grid_scenarios(&axes, &inst, &objectives) {
        Ok(g) => scenarios.extend(g),
        Err(Error::Invalid(d)) => diags.0.extend(d.0),
        Err(e) => return fail(&e),
    }
    if !diags.is_empty() {
        return fail(&Error::Invalid(diags));
    }
    let warm = !args.no_warm_start;
    let plan = match Plan::new(&spec.name, inst, req, &backend_name, scenarios, axes, warm) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let mut files = spec.files.clone();
    files.extend(args.scenarios.iter().cloned());
    let options = serde_json::json!({
        "request": plan.request,
        "backend": backend_name,
        "grid": args.grids,
        "warm_start": warm,
    });
    let info = match SweepInfo::new(&plan, &files, options) {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("sweep-{}", spec.name)));
    let cfg = Config {
        jobs,
        out: out.clone(),
        resume: args.resume,
        shard: args.shard,
        allocations: args.allocations,
        progress: std::io::stderr().is_terminal(),
    };
    let report = match run_sweep(&plan, &info, &cfg) {
        Ok(r) => r,
        Err(e) => return fail_run(&e),
    };
    let backend = accord::backend::by_name(&backend_name)
        .map(|b| format!("{} {}", b.id(), b.version()))
        .unwrap_or(backend_name);
    let slice = match args.shard {
        Some((i, n)) => format!(" | shard {i} of {n}: {} scenarios", report.rows.len()),
        None => String::new(),
    };
    println!(
        "accord sweep: model {} | {} scenarios{slice} | {} solved, {} already recorded | backend {backend} | {} job{} | wall {:.1} s",
        plan.model,
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
    print!("{}", summary(&info, &refs, 60));
    println!(
        "\nwritten to {}: {}",
        out.display(),
        report.outputs.join(", ")
    );
    exit::OK
}
