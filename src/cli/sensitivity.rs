//! `accord sensitivity MODEL`: what one more unit buys (docs/sensitivity.md).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use accord::report::{sensitivity as view, OutDir};
use accord::sensitivity::{self, Delta, Options, Param};
use accord::Error;

use super::options::{resolve, run_inputs, DemandArgs, ModelArgs, SolverArgs};
use super::{exit, fail, hooks, Format};

/// Arguments of `accord sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The objective whose optimum is measured (default: the model's first).
    #[arg(long, value_name = "NAME")]
    objective: Option<String>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    demands: DemandArgs,
    /// Parameters analysed for every actor: budget, personnel (repeat or
    /// separate with commas; default both).
    #[arg(long = "param", value_name = "NAME", value_delimiter = ',')]
    params: Vec<String>,
    /// The change: X% of each value, or an absolute amount X.
    #[arg(long, value_name = "X%|X", default_value = "10%")]
    delta: String,
    /// Precision of the stability intervals, as a fraction of each value.
    #[arg(long, value_name = "P", default_value_t = 0.05)]
    precision: f64,
    /// Skip the stability intervals (two bisections per parameter).
    #[arg(long)]
    no_intervals: bool,
    /// The exact optimum over a range of one parameter: ACTOR.budget=LO:HI.
    #[arg(long, value_name = "ACTOR.PARAM=LO:HI")]
    curve: Option<String>,
    /// Grid points of --curve before the breakpoints are bisected.
    #[arg(long, value_name = "N", default_value_t = 21)]
    curve_points: usize,
    /// Worker threads.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// Output on stdout: the planner's table, JSON, or parameters.csv.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write sensitivity.json, parameters.csv, solves.csv (every re-solve,
    /// streamed), the effects chart (effects.svg, effects.csv), the
    /// staircase (curve.svg, curve.csv) and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Reuse the re-solves already in DIR/solves.csv (same run only).
    #[arg(long, requires = "out")]
    resume: bool,
}

/// Runs `accord sensitivity`.
pub fn run(args: &SensitivityArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

/// The staircase of `ACTOR.PARAM` over `[lo, hi]` (`curve`, as
/// [`parse_curve`] gives it) from `points` grid points, breakpoints bisected
/// to `precision` of the range / 10: its chart and data (SVG, CSV); its
/// solves are counted into `answer`.
#[allow(clippy::too_many_arguments)]
pub(super) fn staircase(
    model: &accord::model::Model,
    backend: &dyn accord::backend::Backend,
    request: &accord::request::Request,
    answer: &mut sensitivity::Sensitivity,
    (a, param, lo, hi): (usize, Param, f64, f64),
    points: usize,
    precision: f64,
    jobs: usize,
    log: Option<&sensitivity::Log>,
) -> Result<(String, String), Error> {
    let inst = model.instance().expect("a domain model");
    let (steps, solves) = sensitivity::curve(
        model,
        backend,
        request,
        param,
        a,
        (lo, hi),
        points,
        precision * (hi - lo) / 10.0,
        jobs,
        log,
    )?;
    answer.solves += solves;
    let label = format!("{}.{}", inst.actors[a].id, param.as_str());
    view::curve_chart(&label, &answer.objective, param.get(inst, a), &steps)
}

/// The `--param` list, `default` when empty.
pub(super) fn parse_params(given: &[String], default: &[Param]) -> Result<Vec<Param>, Error> {
    let mut params = given
        .iter()
        .map(|p| {
            Param::parse(p)
                .ok_or_else(|| Error::Usage(format!("--param {p}: expected budget or personnel")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if params.is_empty() {
        params = default.to_vec();
    }
    params.dedup();
    Ok(params)
}

pub(super) fn parse_delta(s: &str) -> Result<Delta, Error> {
    let bad = || {
        Error::Usage(format!(
            "--delta {s}: expected X% (a share of each value) or a number X >= 0"
        ))
    };
    if let Some(p) = s.strip_suffix('%') {
        let v: f64 = p.trim().parse().map_err(|_| bad())?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(bad());
        }
        Ok(Delta::Relative(v / 100.0))
    } else {
        let v: f64 = s.trim().parse().map_err(|_| bad())?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(bad());
        }
        Ok(Delta::Absolute(v))
    }
}

/// `ACTOR.PARAM=LO:HI`.
pub(super) fn parse_curve(
    s: &str,
    inst: &accord::domain::Instance,
) -> Result<(usize, Param, f64, f64), Error> {
    let bad = |why: &str| {
        Error::Usage(format!(
            "--curve {s}: {why} (expected ACTOR.budget=LO:HI or ACTOR.personnel=LO:HI)"
        ))
    };
    let (lhs, range) = s.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let (actor, param) = lhs
        .split_once('.')
        .ok_or_else(|| bad("no `.` between actor and parameter"))?;
    let a = inst
        .actor_index(actor)
        .ok_or_else(|| bad(&format!("no actor `{actor}`")))?;
    let param = Param::parse(param).ok_or_else(|| bad(&format!("unknown parameter `{param}`")))?;
    let (lo, hi) = range
        .split_once(':')
        .ok_or_else(|| bad("no `:` in the range"))?;
    let lo: f64 = lo.trim().parse().map_err(|_| bad("LO is not a number"))?;
    let hi: f64 = hi.trim().parse().map_err(|_| bad("HI is not a number"))?;
    if !(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo < hi) {
        return Err(bad("the range must satisfy 0 <= LO < HI"));
    }
    Ok((a, param, lo, hi))
}

fn run_inner(args: &SensitivityArgs) -> Result<i32, Error> {
    let started = Instant::now();
    if args.jobs == 0 {
        return Err(Error::Usage("--jobs: expected at least 1".into()));
    }
    if !(args.precision > 0.0 && args.precision < 1.0) {
        return Err(Error::Usage(format!(
            "--precision {}: expected a fraction in (0, 1)",
            args.precision
        )));
    }
    let delta = parse_delta(&args.delta)?;
    let params = parse_params(&args.params, &[Param::Budget, Param::Personnel])?;
    let model = args.model.load(false)?;
    let Some(domain) = model.domain() else {
        return Err(Error::Usage(
            "accord sensitivity needs a domain model (actors with budgets), not an MPS or .mop file".into(),
        ));
    };
    let curve = args
        .curve
        .as_deref()
        .map(|c| parse_curve(c, &domain.instance))
        .transpose()?;
    let mut given = Vec::new();
    if let Some(o) = &args.objective {
        given.push(accord::request::Setting::Objectives(vec![o.clone()]));
    }
    given.extend(args.solver.settings()?);
    given.extend(args.demands.settings()?);
    let settings = resolve(&model, &given)?;
    let backend = hooks::open(&settings.backend, None)?;
    for w in model.warnings() {
        eprintln!("warning: {w}");
    }
    let options = Options {
        params,
        delta,
        precision: args.precision,
        intervals: !args.no_intervals,
        workers: args.jobs,
    };
    // solves.csv: earlier re-solves (--resume), then every new one streamed.
    let log = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let (inputs, demands) = run_inputs(&model, &settings.request)?;
            let run = sensitivity::store::fingerprint(
                &inputs,
                &settings.request.objectives[0].name,
                &demands,
            );
            let path = dir.join("solves.csv");
            let log = sensitivity::Log::open(&path, &domain.instance, &run, args.resume)?;
            if log.earlier() > 0 {
                eprintln!(
                    "resumed {} re-solves from {}",
                    log.earlier(),
                    path.display()
                );
            }
            Some(log)
        }
        None => None,
    };
    let n = options.params.len() * domain.instance.actors.len();
    let bar = accord::engine::progress_bar(std::io::stderr().is_terminal(), n as u64, "parameters");
    let tick = |k: usize| bar.inc(k as u64);
    let mut answer = sensitivity::analyse_logged(
        &model,
        backend.as_ref(),
        &settings.request,
        &options,
        &tick,
        log.as_ref(),
    )?;
    bar.finish_and_clear();
    let staircase = curve
        .map(|c| {
            staircase(
                &model,
                backend.as_ref(),
                &settings.request,
                &mut answer,
                c,
                args.curve_points,
                args.precision,
                args.jobs,
                log.as_ref(),
            )
        })
        .transpose()?;
    if let Some(log) = log {
        log.finish()?;
    }
    answer.seconds = started.elapsed().as_secs_f64();
    let json = serde_json::to_string_pretty(&answer).expect("sensitivity serializes") + "\n";
    match args.format {
        Format::Table => print!("{}", view::table(&answer)),
        Format::Json => print!("{json}"),
        Format::Csv => print!("{}", view::parameters_csv(&answer)?),
    }
    if let Some(dir) = &args.out {
        let mut out = OutDir::create(dir)?;
        out.put("sensitivity.json", json.as_bytes())?;
        out.put("parameters.csv", view::parameters_csv(&answer)?.as_bytes())?;
        out.listed("solves.csv");
        let (svg, csv) = view::effects_chart(&answer)?;
        out.put("effects.svg", svg.as_bytes())?;
        out.put("effects.csv", csv.as_bytes())?;
        if let Some((svg, csv)) = &staircase {
            out.put("curve.svg", svg.as_bytes())?;
            out.put("curve.csv", csv.as_bytes())?;
        }
        out.finish(
            accord::backend::Info::of(backend.as_ref()),
            serde_json::json!({
                "model": model.name,
                "request": settings.request,
                "options": options,
                "curve": args.curve,
                "curve_points": args.curve_points,
            }),
            &model.files,
        )?;
    }
    Ok(exit::OK)
}
