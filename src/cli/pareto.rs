//! `accord pareto MODEL`: the front over two or more objectives, with the
//! knee, the compromise point, pseudo-weights, and a plot.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use accord::backend::{Backend, Info};
use accord::check::CheckTolerances;
use accord::domain::objectives;
use accord::model::Model;
use accord::moo::decision::{self, Decision, Metric};
use accord::moo::{self, Front, FrontOptions, FrontStatus, MooProblem};
use accord::program::Sense;
use accord::report::text::{Align, Table};
use accord::report::{self, Manifest};
use accord::request::Setting;
use accord::Error;

use super::options::{resolve, DemandArgs, ModelArgs, SolverArgs};
use super::{exit, fail, hooks, Format};

/// Arguments of `accord pareto`.
#[derive(Debug, Args)]
pub struct ParetoArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Objective of the front; repeat (2 or more). Default: the model's objectives.
    #[arg(long = "objective", value_name = "NAME", help = super::options::objective_help() + ". 2 or more; default: the model's objectives")]
    objectives: Vec<String>,
    /// auto (epsilon when every objective takes finitely many values, else grid),
    /// epsilon (exact), tamby (exact, 3+ objectives), dichotomy (supported points), grid.
    #[arg(long, default_value = "auto")]
    method: String,
    /// Grid step, in the units of the epsilon objectives (grid method only).
    #[arg(long)]
    step: Option<f64>,
    /// Grid points per objective when --step is not given (grid method only; default 11).
    #[arg(long)]
    count: Option<usize>,
    /// Stop after this many points (the front is then marked partial).
    #[arg(long, value_name = "N")]
    max_points: Option<usize>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    demands: DemandArgs,
    /// Treat every project as all-or-nothing (finite fronts over stability, cost, equity).
    #[arg(long)]
    all_or_nothing: bool,
    /// Compromise metric: tchebycheff or l1.
    #[arg(long, default_value = "tchebycheff")]
    metric: Metric,
    /// Return this point's full allocation: knee, compromise or a point id (p1, p2, ...).
    #[arg(long, value_name = "POINT")]
    pick: Option<String>,
    /// Draw the front (2 objectives: scatter; 3+: parallel coordinates) as SVG; data beside it as CSV.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write front.json, front.csv and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Grid points per objective when neither --step nor --count is given.
const DEFAULT_COUNT: usize = 11;

/// One point as reported.
#[derive(Debug, Serialize)]
struct PointOut {
    id: String,
    objectives: serde_json::Map<String, serde_json::Value>,
    kind: &'static str,
    pseudo_weights: serde_json::Map<String, serde_json::Value>,
    allocation: Allocation,
}

/// The summary of a point's allocation.
#[derive(Debug, Serialize)]
struct Allocation {
    /// Domain models: projects going ahead; file models: non-zero columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    projects: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct ObjectiveOut {
    name: String,
    sense: Sense,
}

/// The JSON of `accord pareto` (stable names).
#[derive(Debug, Serialize)]
struct FrontOut {
    model: String,
    status: moo::FrontStatus,
    partial_reason: Option<String>,
    method: String,
    answer: String,
    objectives: Vec<ObjectiveOut>,
    points: Vec<PointOut>,
    ideal: serde_json::Map<String, serde_json::Value>,
    nadir: serde_json::Map<String, serde_json::Value>,
    knee: Option<String>,
    compromise: Option<String>,
    metric: Metric,
    subproblems: usize,
    solves_per_point: f64,
    solver_seconds: f64,
    wall_seconds: f64,
    backend: String,
    backend_version: String,
}

fn named(names: &[String], values: &[f64]) -> serde_json::Map<String, serde_json::Value> {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| (n.clone(), serde_json::json!(v)))
        .collect()
}

/// Runs `accord pareto`.
pub fn run(args: &ParetoArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

/// Refuses the options the chosen method would ignore.
fn check_method_options(args: &ParetoArgs, method: &str, mip_gap: f64) -> Result<(), Error> {
    let auto = if args.method == "auto" {
        format!(" (auto chose {method}: every objective takes finitely many values here)")
    } else {
        String::new()
    };
    if method != "grid" {
        for (flag, given) in [
            ("--step", args.step.is_some()),
            ("--count", args.count.is_some()),
        ] {
            if given {
                return Err(Error::Usage(format!(
                    "{flag} applies to the grid method; the {method} method{auto} does not use it (give --method grid for a grid of points)"
                )));
            }
        }
    }
    if args.step.is_some() && args.count.is_some() {
        return Err(Error::Usage(
            "--step and --count both set the grid: give one".into(),
        ));
    }
    let exact = matches!(method, "epsilon" | "tamby");
    if exact && mip_gap > 0.0 {
        if args.solver.mip_gap.is_some() {
            return Err(Error::Usage(format!(
                "--mip-gap {mip_gap}: the {method} method is exact and solves every subproblem to a gap of 0; use --method grid or dichotomy for an approximate front"
            )));
        }
        eprintln!(
            "note: the {method} method is exact: subproblems are solved to a gap of 0, not the model's mip_gap {mip_gap}"
        );
    }
    Ok(())
}

fn run_inner(args: &ParetoArgs) -> Result<i32, Error> {
    let started = Instant::now();
    let model = args.model.load(args.all_or_nothing)?;
    let mut given = args.solver.settings()?;
    given.extend(args.demands.settings()?);
    if !args.objectives.is_empty() {
        given.push(Setting::Objectives(args.objectives.clone()));
    }
    let settings = resolve(&model, &given)?;
    let program = model.program_for(&settings.request.demands)?;
    let names = settings.request.names();
    let backend = hooks::open(&settings.backend, None)?;
    let opts = &settings.request.options;
    let options = FrontOptions {
        time_limit: settings.request.time_budget,
        max_points: args.max_points,
        solve: opts.clone(),
        tolerances: CheckTolerances::default(),
        step: args.step,
        count: args.count.unwrap_or(DEFAULT_COUNT),
    };
    let units = model.units(&names);
    let mut pb = MooProblem::new(backend.as_ref(), &program, &names, Some(units), options)?;
    let (method_id, fell_back) = moo::resolve_auto(&args.method, &pb);
    let method = moo::method(method_id)?;
    check_method_options(args, method_id, opts.mip_gap)?;
    if fell_back {
        eprintln!(
            "note: some objectives take a continuum of values here ({}), so the front can be \
             continuous: computing grid points ({}){}",
            if model.is_domain() {
                "scalable projects or money flows"
            } else {
                "continuous columns, or coefficients without a common decimal unit"
            },
            match args.step {
                Some(s) => format!("--step {s}"),
                None => format!("--count {}", args.count.unwrap_or(DEFAULT_COUNT)),
            },
            if model.is_domain() {
                "; --all-or-nothing gives the exact finite front"
            } else {
                ""
            }
        );
    }
    let front = method.run(&mut pb)?;
    drop(pb);
    let senses: Vec<Sense> = front.objectives.iter().map(|o| o.1).collect();
    let values: Vec<Vec<f64>> = front.points.iter().map(|p| p.values.clone()).collect();
    let decision = decision::analyze(&values, &senses, args.metric);
    let info = Info::of(backend.as_ref());
    let out = build_out(&model, &front, &decision, &names, &info);

    if let Some(plot) = &args.plot {
        if front.status.has_front() {
            write_plot(&model, &front, &decision, &names, plot)?;
        } else {
            eprintln!("note: no plot: the front is {}", front.status.as_str());
        }
    }
    if let Some(dir) = &args.out {
        let json = serde_json::to_string_pretty(&out).expect("front serializes") + "\n";
        report::write_atomic(&dir.join("front.json"), json.as_bytes())?;
        report::write_atomic(&dir.join("front.csv"), front_csv(&out, &names)?.as_bytes())?;
        let options = serde_json::json!({
            "model": model.name,
            "objectives": names,
            "method": args.method,
            "method_used": front.method,
            "step": args.step,
            "count": args.count.unwrap_or(DEFAULT_COUNT),
            "max_points": args.max_points,
            "all_or_nothing": args.all_or_nothing,
            "metric": args.metric,
            "solve": settings.request.options,
            "backend": settings.backend,
        });
        let manifest = Manifest::new(
            info.clone(),
            options,
            &model.files,
            &["front.json", "front.csv"],
        )?;
        let text = serde_json::to_string_pretty(&manifest).expect("manifest serializes") + "\n";
        report::write_atomic(&dir.join("manifest.json"), text.as_bytes())?;
    }
    if !front.status.has_front() {
        let text = match args.format {
            Format::Json => serde_json::to_string_pretty(&out).expect("front serializes") + "\n",
            Format::Csv => front_csv(&out, &names)?,
            Format::Table => front_table(&out, &names),
        };
        print!("{text}");
        eprintln!("accord: no front: {}", front.status.as_str());
        for b in model.blocked() {
            eprintln!("  {} cannot go ahead: {}", b.project, b.reason);
        }
        return Ok(exit::NO_SOLUTION);
    }
    if let Some(pick) = &args.pick {
        let idx = match pick.as_str() {
            "knee" => decision.knee.ok_or_else(|| Error::Usage("this front has no knee (fewer than 3 points, or no point below the line through its ends)".into()))?,
            "compromise" => decision.compromise.ok_or_else(|| Error::Usage("the front is empty".into()))?,
            id => out.points.iter().position(|p| p.id == id).ok_or_else(|| {
                Error::Usage(format!("--pick {id}: no such point (points are p1..p{})", out.points.len()))
            })?,
        };
        return print_pick(
            args,
            &model,
            &front,
            idx,
            &names,
            backend.as_ref(),
            &settings.request.demands,
            &out.points[idx].id,
            started,
        );
    }
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&out).expect("front serializes") + "\n",
        Format::Csv => front_csv(&out, &names)?,
        Format::Table => front_table(&out, &names),
    };
    print!("{text}");
    Ok(exit::OK)
}

fn build_out(
    model: &Model,
    front: &Front,
    d: &Decision,
    names: &[String],
    info: &Info,
) -> FrontOut {
    let points = front
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let allocation = match (model.instance(), model.decode(&p.x)) {
                (Some(inst), Some(a)) => Allocation {
                    projects: Some(
                        inst.projects
                            .iter()
                            .enumerate()
                            .filter(|(q, _)| a.go[*q])
                            .map(|(q, proj)| {
                                let f = a.fraction[q];
                                if f < 1.0 - 1e-9 {
                                    format!("{}@{}", proj.id, report::num(f))
                                } else {
                                    proj.id.clone()
                                }
                            })
                            .collect(),
                    ),
                    columns: None,
                },
                _ => Allocation {
                    projects: None,
                    columns: Some(
                        p.x.iter()
                            .enumerate()
                            .filter(|(_, v)| v.abs() > 1e-9)
                            .map(|(j, _)| model.program().col_name(j))
                            .collect(),
                    ),
                },
            };
            PointOut {
                id: format!("p{}", i + 1),
                objectives: named(names, &p.values),
                kind: p.kind.as_str(),
                pseudo_weights: named(names, &d.pseudo_weights[i]),
                allocation,
            }
        })
        .collect();
    FrontOut {
        model: model.name.clone(),
        status: front.status,
        partial_reason: front.partial_reason.clone(),
        method: front.method.clone(),
        answer: front.answer.clone(),
        objectives: front
            .objectives
            .iter()
            .map(|(n, s)| ObjectiveOut {
                name: n.clone(),
                sense: *s,
            })
            .collect(),
        points,
        ideal: named(names, &front.ideal),
        nadir: named(names, &front.nadir),
        knee: d.knee.map(|i| format!("p{}", i + 1)),
        compromise: d.compromise.map(|i| format!("p{}", i + 1)),
        metric: d.metric,
        subproblems: front.subproblems,
        solves_per_point: front.solves_per_point(),
        solver_seconds: front.solver_seconds,
        wall_seconds: front.wall_seconds,
        backend: info.id.clone(),
        backend_version: info.version.clone(),
    }
}

fn front_csv(out: &FrontOut, names: &[String]) -> Result<String, Error> {
    let mut header = vec!["point".to_string()];
    header.extend(names.iter().cloned());
    header.extend(["kind".to_string(), "allocation".to_string()]);
    let rows = out.points.iter().map(|p| {
        let mut row = vec![p.id.clone()];
        row.extend(names.iter().map(|n| p.objectives[n].to_string()));
        row.push(p.kind.to_string());
        let alloc = p
            .allocation
            .projects
            .as_ref()
            .or(p.allocation.columns.as_ref())
            .map(|v| v.join(";"))
            .unwrap_or_default();
        row.push(alloc);
        row
    });
    report::csv_records(&header, rows)
}

fn front_table(out: &FrontOut, names: &[String]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "accord pareto: model {} | method {} | {} | backend {} {}",
        out.model,
        out.method,
        match out.status {
            FrontStatus::Partial => format!(
                "PARTIAL ({})",
                out.partial_reason.clone().unwrap_or_default()
            ),
            FrontStatus::Complete => "complete".to_string(),
            other => format!("NO FRONT: {}", other.as_str()),
        },
        out.backend,
        out.backend_version
    );
    let _ = writeln!(s, "answer: {}", out.answer);
    let per_point = if out.points.is_empty() {
        String::new()
    } else {
        format!(" ({:.3} per point)", out.solves_per_point)
    };
    let _ = writeln!(
        s,
        "{} points | {} subproblems{per_point} | solver {:.3} s | wall {:.3} s",
        out.points.len(),
        out.subproblems,
        out.solver_seconds,
        out.wall_seconds
    );
    let senses: Vec<String> = out
        .objectives
        .iter()
        .map(|o| format!("{} ({})", o.name, o.sense))
        .collect();
    let _ = writeln!(s, "objectives: {}", senses.join(", "));
    if !out.status.has_front() {
        return s;
    }
    let mut headers = vec![("point", Align::Left)];
    headers.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
    headers.push(("kind", Align::Left));
    headers.push(("projects / columns", Align::Left));
    let mut t = Table::new(&headers).indent(2).min_width(0, 6);
    for c in 1..=names.len() {
        t = t.min_width(c, 14);
    }
    let kind_col = names.len() + 1;
    t = t
        .separator(kind_col, "  ")
        .min_width(kind_col, 11)
        .separator(kind_col + 1, " ");
    let mark = |id: &str| {
        let mut m = Vec::new();
        if out.knee.as_deref() == Some(id) {
            m.push("knee");
        }
        if out.compromise.as_deref() == Some(id) {
            m.push("compromise");
        }
        m.join("+")
    };
    for p in &out.points {
        let mut row = vec![p.id.clone()];
        row.extend(
            names
                .iter()
                .map(|n| report::num(p.objectives[n].as_f64().unwrap_or(f64::NAN))),
        );
        let alloc = p
            .allocation
            .projects
            .as_ref()
            .or(p.allocation.columns.as_ref());
        let summary = alloc.map_or(String::new(), |v| {
            if v.len() <= 6 {
                v.join(", ")
            } else {
                format!("{} items", v.len())
            }
        });
        let m = mark(&p.id);
        row.push(if m.is_empty() {
            p.kind.to_string()
        } else {
            format!("{} {}", p.kind, m)
        });
        row.push(summary);
        t.row(row);
    }
    for (label, m) in [("ideal", &out.ideal), ("nadir", &out.nadir)] {
        let mut row = vec![label.to_string()];
        row.extend(names.iter().map(|n| {
            m.get(n)
                .and_then(|v| v.as_f64())
                .map_or("-".into(), report::num)
        }));
        t.row(row);
    }
    let _ = write!(s, "\n{}", t.render());
    let _ = writeln!(
        s,
        "\nknee: {} | compromise ({:?}): {}",
        out.knee.clone().unwrap_or_else(|| "none".into()),
        out.metric,
        out.compromise.clone().unwrap_or_else(|| "none".into())
    );
    s
}

fn write_plot(
    model: &Model,
    front: &Front,
    d: &Decision,
    names: &[String],
    path: &std::path::Path,
) -> Result<(), Error> {
    report::plot::write_front_plot(&plot_data(model, front, d, names), path)
}

/// What the front plot of `front` shows.
fn plot_data(
    model: &Model,
    front: &Front,
    d: &Decision,
    names: &[String],
) -> report::plot::PlotData {
    let label = |n: &str| match objectives::builtin(n).filter(|_| model.is_domain()) {
        Some(b) => format!("{n} ({})", b.unit),
        None => n.to_string(),
    };
    report::plot::PlotData {
        title: format!("{}: {} front", model.name, names.join(" vs ")),
        objectives: front
            .objectives
            .iter()
            .map(|(n, s)| (label(n), *s))
            .collect(),
        points: front.points.iter().map(|p| p.values.clone()).collect(),
        ids: (1..=front.points.len()).map(|i| format!("p{i}")).collect(),
        kinds: front.points.iter().map(|p| p.kind).collect(),
        ideal: front.ideal.clone(),
        nadir: front.nadir.clone(),
        knee: d.knee,
        compromise: d.compromise,
        subtitle: format!(
            "{}; {} points{}",
            front.answer,
            front.points.len(),
            if front.status == FrontStatus::Partial {
                " (PARTIAL)"
            } else {
                ""
            }
        ),
    }
}

/// The front over `names` of `model` under `settings` (method `auto`, 11
/// grid points where the front is continuous) as the report shows it: the
/// plot, the points as CSV, the knee and compromise; `None` when there is
/// no front (infeasible).
pub(super) fn front_view(
    model: &Model,
    settings: &accord::request::Settings,
    names: &[String],
    backend: &dyn Backend,
) -> Result<Option<report::html::FrontView>, Error> {
    let program = model.program_for(&settings.request.demands)?;
    let options = FrontOptions {
        time_limit: settings.request.time_budget,
        max_points: None,
        solve: settings.request.options.clone(),
        tolerances: CheckTolerances::default(),
        step: None,
        count: DEFAULT_COUNT,
    };
    let units = model.units(names);
    let mut pb = MooProblem::new(backend, &program, names, Some(units), options)?;
    let (method_id, fell_back) = moo::resolve_auto("auto", &pb);
    let front = moo::method(method_id)?.run(&mut pb)?;
    drop(pb);
    if !front.status.has_front() {
        return Ok(None);
    }
    let senses: Vec<Sense> = front.objectives.iter().map(|o| o.1).collect();
    let values: Vec<Vec<f64>> = front.points.iter().map(|p| p.values.clone()).collect();
    let decision = decision::analyze(&values, &senses, Metric::Tchebycheff);
    let out = build_out(model, &front, &decision, names, &Info::of(backend));
    let data = plot_data(model, &front, &decision, names);
    let pick = |what: &str, id: &Option<String>| match id {
        Some(id) => {
            let p = out.points.iter().find(|p| &p.id == id);
            let values: Vec<String> = p
                .map(|p| {
                    p.objectives
                        .iter()
                        .map(|(n, v)| {
                            format!(
                                "{n} {}",
                                report::kit::sig(v.as_f64().unwrap_or(f64::NAN), 6)
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let projects = p
                .and_then(|p| p.allocation.projects.as_ref())
                .map_or(String::new(), |v| format!("; projects: {}", v.join(", ")));
            format!("{what}: {id} ({}){projects}", values.join(", "))
        }
        None => format!("{what}: none"),
    };
    let mut picks = vec![
        pick("Knee (the most balanced bend of the front)", &out.knee),
        pick(
            "Compromise (closest to the ideal, Tchebycheff)",
            &out.compromise,
        ),
    ];
    if fell_back {
        picks.push(
            "Some objectives take a continuum of values here, so these are 11 grid points of a continuous front (accord pareto --all-or-nothing gives the exact finite one).".into(),
        );
    }
    Ok(Some(report::html::FrontView {
        chart: report::html::Chart {
            caption: data.title.clone(),
            svg: report::plot::render_front_svg(&data)?,
            csv: report::plot::plot_csv_string(&data)?,
        },
        points_csv: front_csv(&out, names)?,
        picks,
    }))
}

/// Prints the allocation of point `idx` as `accord solve` would, checked
/// against the program.
#[allow(clippy::too_many_arguments)]
fn print_pick(
    args: &ParetoArgs,
    model: &Model,
    front: &Front,
    idx: usize,
    names: &[String],
    backend: &dyn Backend,
    demands: &[accord::domain::rules::Demand],
    id: &str,
    started: Instant,
) -> Result<i32, Error> {
    let point = &front.points[idx];
    let mut answer = model.answer_at(point.x.clone(), names, demands, backend)?;
    answer.solver_seconds = front.solver_seconds;
    let method = format!("pareto {} point {id}", front.method);
    let summary = report::summarize(
        &super::subject(model),
        &answer,
        &method,
        started.elapsed().as_secs_f64(),
    );
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&summary).expect("serializes") + "\n",
        Format::Csv => report::allocations_csv(&summary)?,
        Format::Table => report::table(&summary),
    };
    print!("{text}");
    match &answer.check {
        Some(c) if !c.passed => {
            eprintln!("error: point {id} fails the check: {}", c.summary());
            Ok(exit::FAILURE)
        }
        _ => Ok(exit::OK),
    }
}
