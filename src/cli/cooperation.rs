//! `accord cooperation MODEL`: who contributes what (docs/cooperation.md).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;

use accord::check::CheckTolerances;
use accord::cooperation::{self, store, Coalition, Game, Hooks, Options, Run, Worth};
use accord::engine::stream::Stream;
use accord::program::Sense;
use accord::report::{self, cooperation as view, OutDir};
use accord::Error;

use super::options::{resolve, run_inputs, DemandArgs, ModelArgs, SolverArgs};
use super::{exit, fail, hooks, Format};

/// Arguments of `accord cooperation`.
#[derive(Debug, Args)]
pub struct CooperationArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The objective whose optimum is a coalition's value (a maximized
    /// one; default: the model's first objective).
    #[arg(long, value_name = "NAME")]
    objective: Option<String>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    demands: DemandArgs,
    /// Worker threads, each with its own warm solver session.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// Most coalitions the exact actor values (Owen; Shapley of actors) may need.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    max_coalitions: usize,
    /// Random orders sampled for the actors' Shapley values when exact is out
    /// of reach (0: not computed).
    #[arg(long, value_name = "N", default_value_t = 20)]
    samples: usize,
    /// Seed of the sampled orders.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Only the bloc game: every set of blocs, their Shapley values, the
    /// value of cooperation and the core (no actor values).
    #[arg(long)]
    blocs_only: bool,
    /// Output on stdout: the planner's table, JSON, or values.csv.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write cooperation.json, coalitions.csv (streamed), values.csv, the
    /// charts (blocs.svg, actors.svg with their data as CSV) and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Reuse the coalitions already in DIR/coalitions.csv (same game only).
    #[arg(long, requires = "out")]
    resume: bool,
}

/// The program (with the demands), the objective and its name of the game
/// `settings` ask for: the first objective, which must be maximized.
fn game_objective<'m>(
    model: &'m accord::model::Model,
    settings: &accord::request::Settings,
) -> Result<
    (
        std::borrow::Cow<'m, accord::program::Program>,
        accord::program::Objective,
        String,
    ),
    Error,
> {
    let name = settings.request.objectives[0].name.clone();
    let program = model.program_for(&settings.request.demands)?;
    let objective = program.require_objective(&name)?.clone();
    if objective.sense == Sense::Min {
        return Err(Error::Usage(format!(
            "--objective {name}: cooperation values a coalition by what it achieves, so the \
             objective must be one to maximize (stability, equity, satisfaction); `{name}` is \
             minimized: without demands the empty plan is every coalition's best (a game of \
             zeros), and with them the empty coalition has no value, so no Shapley value \
             exists (docs/cooperation.md)"
        )));
    }
    Ok((program, objective, name))
}

/// The cooperation analysis of `model` under `settings` (first objective,
/// demands), without streaming or resuming: what `accord report
/// --cooperation` shows.
pub(super) fn analyse_in_memory(
    model: &accord::model::Model,
    settings: &accord::request::Settings,
    backend: &dyn accord::backend::Backend,
    jobs: usize,
    options: &Options,
) -> Result<accord::cooperation::Cooperation, Error> {
    let started = Instant::now();
    let Some(domain) = model.domain() else {
        return Err(Error::Usage(
            "--cooperation needs a domain model (actors who fund projects)".into(),
        ));
    };
    let (program, objective, _) = game_objective(model, settings)?;
    let mut game = Game::new(
        &domain.instance,
        &domain.formulation,
        &program,
        &objective,
        !settings.request.demands.is_empty(),
    );
    let bar = accord::engine::progress_bar(std::io::stderr().is_terminal(), 0, "coalitions");
    let start = |n: usize| bar.set_length(n as u64);
    let tick = |k: usize| bar.inc(k as u64);
    let run = Run {
        backend,
        options: settings.request.options.clone(),
        tolerances: CheckTolerances::default(),
        workers: jobs,
        deadline: settings
            .request
            .time_budget
            .map(|s| started + Duration::from_secs_f64(s.max(0.0))),
    };
    let hooks = Hooks {
        on_valued: &|_, _| {},
        start: &start,
        tick: &tick,
    };
    let mut answer = cooperation::analyse(
        &model.name,
        &mut game,
        &domain.instance,
        &run,
        options,
        &hooks,
    )?;
    bar.finish_and_clear();
    answer.seconds = started.elapsed().as_secs_f64();
    Ok(answer)
}

/// Runs `accord cooperation`.
pub fn run(args: &CooperationArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn run_inner(args: &CooperationArgs) -> Result<i32, Error> {
    let started = Instant::now();
    if args.jobs == 0 {
        return Err(Error::Usage("--jobs: expected at least 1".into()));
    }
    let model = args.model.load(false)?;
    let Some(domain) = model.domain() else {
        return Err(Error::Usage(
            "accord cooperation needs a domain model (actors who fund projects), not an MPS or .mop file".into(),
        ));
    };
    let mut given = Vec::new();
    if let Some(o) = &args.objective {
        given.push(accord::request::Setting::Objectives(vec![o.clone()]));
    }
    given.extend(args.solver.settings()?);
    given.extend(args.demands.settings()?);
    let mut settings = resolve(&model, &given)?;
    let budget = settings.request.time_budget.take();
    let (program, objective, name) = game_objective(&model, &settings)?;
    let backend = hooks::open(&settings.backend, None)?;
    for w in model.warnings() {
        eprintln!("warning: {w}");
    }
    let inst = &domain.instance;
    let (inputs, demands) = run_inputs(&model, &settings.request)?;
    let game_id = store::fingerprint(&inputs, &name, &demands);
    let mut game = Game::new(
        inst,
        &domain.formulation,
        &program,
        &objective,
        !settings.request.demands.is_empty(),
    );

    // coalitions.csv: earlier rows (--resume), then every new one streamed.
    let stream = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let path = dir.join("coalitions.csv");
            let earlier = if args.resume {
                store::read(&path, inst, &game_id)?
            } else {
                Vec::new()
            };
            let resumed = earlier.len();
            let rows: Vec<Vec<String>> = earlier
                .iter()
                .map(|(c, w)| store::row(inst, c, w, &game_id))
                .collect();
            for (c, w) in earlier {
                game.resume(c, w);
            }
            if resumed > 0 {
                eprintln!("resumed {resumed} coalitions from {}", path.display());
            }
            Some(Stream::open(&path, &store::HEADER, &rows)?)
        }
        None => None,
    };
    let on_valued = |c: &Coalition, w: &Worth| {
        if let Some(s) = &stream {
            s.append(&store::row(inst, c, w, &game_id));
        }
    };
    let bar = accord::engine::progress_bar(std::io::stderr().is_terminal(), 0, "coalitions");
    let start = |n: usize| bar.set_length(n as u64);
    let tick = |k: usize| bar.inc(k as u64);
    let run = Run {
        backend: backend.as_ref(),
        options: settings.request.options.clone(),
        tolerances: CheckTolerances::default(),
        workers: args.jobs,
        deadline: budget.map(|s| started + Duration::from_secs_f64(s.max(0.0))),
    };
    let options = Options {
        max_coalitions: args.max_coalitions,
        samples: args.samples,
        seed: args.seed,
        blocs_only: args.blocs_only,
    };
    let hooks = Hooks {
        on_valued: &on_valued,
        start: &start,
        tick: &tick,
    };
    let mut answer = cooperation::analyse(&model.name, &mut game, inst, &run, &options, &hooks)?;
    bar.finish_and_clear();
    answer.seconds = started.elapsed().as_secs_f64();
    let stream = stream.map(Stream::finish).transpose()?;
    let json = serde_json::to_string_pretty(&answer).expect("cooperation serializes") + "\n";
    match args.format {
        Format::Table => print!("{}", view::table(&answer)),
        Format::Json => print!("{json}"),
        Format::Csv => print!("{}", view::values_csv(&answer)?),
    }
    if let (Some(dir), Some(())) = (&args.out, stream) {
        // coalitions.csv sorted (size, then members) now that it is complete.
        let mut rows: Vec<(usize, Vec<String>)> = game
            .worth
            .iter()
            .map(|(c, w)| (c.len(), store::row(inst, c, w, &game_id)))
            .collect();
        rows.sort();
        let mut out = OutDir::create(dir)?;
        out.put("cooperation.json", json.as_bytes())?;
        out.put(
            "coalitions.csv",
            report::csv_records(&store::HEADER, rows.into_iter().map(|(_, r)| r))?.as_bytes(),
        )?;
        out.put("values.csv", view::values_csv(&answer)?.as_bytes())?;
        let (svg, csv) = view::blocs_chart(&answer)?;
        out.put("blocs.svg", svg.as_bytes())?;
        out.put("blocs.csv", csv.as_bytes())?;
        if !answer.actors.leave_one_out.is_empty() {
            let (svg, csv) = view::actors_chart(&answer)?;
            out.put("actors.svg", svg.as_bytes())?;
            out.put("actors.csv", csv.as_bytes())?;
        }
        out.finish(
            accord::backend::Info::of(backend.as_ref()),
            serde_json::json!({
                "model": model.name,
                "objective": name,
                "demands": demands,
                "game": game_id,
                "jobs": args.jobs,
                "max_coalitions": args.max_coalitions,
                "samples": args.samples,
                "seed": args.seed,
                "blocs_only": args.blocs_only,
                "time_limit": budget,
                "solve_options": settings.request.options,
            }),
            &model.files,
        )?;
    }
    let unfinished = game
        .worth
        .values()
        .filter(|w| !w.is_exact() && w.value.is_some())
        .count();
    if unfinished > 0 {
        eprintln!(
            "warning: {unfinished} coalitions were stopped by the time limit: their values are intervals, and the values built on them say so"
        );
    }
    Ok(exit::OK)
}
