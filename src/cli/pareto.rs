//! `accord pareto MODEL`: the front over two or more objectives, with the
//! knee, the compromise point, pseudo-weights, and a plot.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use accord::backend::{SolveOptions, Status};
use accord::check::{check, CheckTolerances};
use accord::moo::decision::{self, Decision, Metric};
use accord::moo::{self, Front, FrontOptions, MooProblem};
use accord::program::{Program, Sense};
use accord::report::{self, BackendInfo};
use accord::solve::Answer;
use accord::{formulation, input, Error};

use super::{exit, fail, Format, ModelArgs};

/// Arguments of `accord pareto`.
#[derive(Debug, Args)]
pub struct ParetoArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Objective of the front; repeat (2 or more). Default: the model's objectives.
    #[arg(long = "objective", value_name = "NAME")]
    objectives: Vec<String>,
    /// auto (epsilon when every objective takes finitely many values, else grid),
    /// epsilon (exact), tamby (exact, 3+ objectives), dichotomy (supported points), grid.
    #[arg(long, default_value = "auto")]
    method: String,
    /// Grid step, in the units of the epsilon objectives.
    #[arg(long)]
    step: Option<f64>,
    /// Grid points per objective (when --step is not given).
    #[arg(long, default_value_t = 11)]
    count: usize,
    /// Stop after this many points (the front is then marked partial).
    #[arg(long, value_name = "N")]
    max_points: Option<usize>,
    /// Global time limit in seconds (the points found so far, marked partial).
    #[arg(long, value_name = "S")]
    time_limit: Option<f64>,
    /// Solver backend.
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
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
    /// Also write front.json and front.csv here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

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

#[allow(clippy::large_enum_variant)] // one value per run
enum Model {
    Domain {
        spec: input::ModelSpec,
        inst: accord::domain::Instance,
        form: formulation::Formulation,
    },
    File(Program),
}

impl Model {
    fn program(&self) -> &Program {
        match self {
            Model::Domain { form, .. } => &form.program,
            Model::File(p) => p,
        }
    }
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

fn run_inner(args: &ParetoArgs) -> Result<i32, Error> {
    let model = if super::solve::is_file_model(&args.model.model) {
        if args.all_or_nothing {
            return Err(Error::Usage(
                "--all-or-nothing applies to domain models".into(),
            ));
        }
        Model::File(accord::mps::read(&args.model.model)?)
    } else {
        let (spec, inst) = input::load_model_with(&args.model.model, args.model.data.as_deref())?;
        let inst = if args.all_or_nothing {
            formulation::all_or_nothing(&inst)
        } else {
            inst
        };
        let form = formulation::build(&inst);
        Model::Domain { spec, inst, form }
    };
    let names: Vec<String> = if !args.objectives.is_empty() {
        args.objectives.clone()
    } else {
        match &model {
            Model::Domain { spec, .. } => spec.settings.request.names(),
            Model::File(p) => p.objectives.iter().map(|o| o.name.clone()).collect(),
        }
    };
    let backend_name = args.backend.clone().unwrap_or_else(|| match &model {
        Model::Domain { spec, .. } => spec.settings.backend.clone(),
        Model::File(_) => "auto".into(),
    });
    let (backend, info) = super::open_backend(&backend_name)?;
    let units = match &model {
        Model::Domain { inst, form, .. } => {
            let _ = form;
            Some(
                names
                    .iter()
                    .map(|n| accord::domain::objectives::builtin(n).and_then(|b| (b.lattice)(inst)))
                    .collect(),
            )
        }
        Model::File(_) => None,
    };
    let options = FrontOptions {
        time_limit: args.time_limit,
        max_points: args.max_points,
        solve: SolveOptions::default(),
        tolerances: CheckTolerances::default(),
        step: args.step,
        count: args.count,
    };
    let program = model.program();
    let mut pb = MooProblem::new(backend.as_ref(), program, &names, units, options)?;
    let (method_id, fell_back) = moo::resolve_auto(&args.method, &pb);
    if fell_back {
        eprintln!(
            "note: some objectives take a continuum of values here (scalable projects or \
             money flows), so the front can be continuous: computing grid points \
             (--count {}); --all-or-nothing gives the exact finite front",
            args.count
        );
    }
    let method = moo::method(method_id)?;
    let front = method.run(&mut pb)?;
    drop(pb);
    let senses: Vec<Sense> = front.objectives.iter().map(|o| o.1).collect();
    let values: Vec<Vec<f64>> = front.points.iter().map(|p| p.values.clone()).collect();
    let decision = decision::analyze(&values, &senses, args.metric);
    let out = build_out(&model, &front, &decision, &names, &info);

    if let Some(plot) = &args.plot {
        write_plot(&model, &front, &decision, &names, plot)?;
    }
    if let Some(dir) = &args.out {
        report::write_atomic(
            &dir.join("front.json"),
            (serde_json::to_string_pretty(&out).expect("front serializes") + "\n").as_bytes(),
        )?;
        report::write_atomic(&dir.join("front.csv"), front_csv(&out, &names)?.as_bytes())?;
    }
    if let Some(pick) = &args.pick {
        let idx = match pick.as_str() {
            "knee" => decision.knee.ok_or_else(|| Error::Usage("this front has no knee (fewer than 3 points, or no point below the line through its ends)".into()))?,
            "compromise" => decision.compromise.ok_or_else(|| Error::Usage("the front is empty".into()))?,
            id => out.points.iter().position(|p| p.id == id).ok_or_else(|| {
                Error::Usage(format!("--pick {id}: no such point (points are p1..p{})", out.points.len()))
            })?,
        };
        return Ok(print_pick(
            args,
            &model,
            &front,
            idx,
            &names,
            &info,
            &out.points[idx].id,
        ));
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
    info: &BackendInfo,
) -> FrontOut {
    let points = front
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let allocation = match model {
                Model::Domain { inst, form, .. } => Allocation {
                    projects: Some(
                        inst.projects
                            .iter()
                            .enumerate()
                            .filter(|(q, _)| p.x[form.y[*q]] > 0.5)
                            .map(|(q, proj)| {
                                let f = p.x[form.x[q]];
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
                Model::File(prog) => Allocation {
                    projects: None,
                    columns: Some(
                        p.x.iter()
                            .enumerate()
                            .filter(|(_, v)| v.abs() > 1e-9)
                            .map(|(j, _)| prog.col_name(j))
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
    let model_name = match model {
        Model::Domain { spec, .. } => spec.name.clone(),
        Model::File(p) => p.name.clone(),
    };
    FrontOut {
        model: model_name,
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
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["point".to_string()];
    header.extend(names.iter().cloned());
    header.extend(["kind".to_string(), "allocation".to_string()]);
    let csv_err = |e: csv::Error| Error::Usage(e.to_string());
    w.write_record(&header).map_err(csv_err)?;
    for p in &out.points {
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
        w.write_record(&row).map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Usage(e.to_string()))?;
    Ok(String::from_utf8(bytes).expect("csv is UTF-8"))
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
            moo::FrontStatus::Complete => "complete".to_string(),
            moo::FrontStatus::Partial => format!(
                "PARTIAL ({})",
                out.partial_reason.clone().unwrap_or_default()
            ),
        },
        out.backend,
        out.backend_version
    );
    let _ = writeln!(s, "answer: {}", out.answer);
    let _ = writeln!(
        s,
        "{} points | {} subproblems ({:.3} per point) | solver {:.3} s | wall {:.3} s",
        out.points.len(),
        out.subproblems,
        out.solves_per_point,
        out.solver_seconds,
        out.wall_seconds
    );
    let senses: Vec<String> = out
        .objectives
        .iter()
        .map(|o| format!("{} ({})", o.name, o.sense))
        .collect();
    let _ = writeln!(s, "objectives: {}", senses.join(", "));
    let _ = write!(s, "\n  {:<6}", "point");
    for n in names {
        let _ = write!(s, " {:>14}", n);
    }
    let _ = writeln!(s, "  {:<11} projects / columns", "kind");
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
        let _ = write!(s, "  {:<6}", p.id);
        for n in names {
            let _ = write!(
                s,
                " {:>14}",
                report::num(p.objectives[n].as_f64().unwrap_or(f64::NAN))
            );
        }
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
        let kind = if m.is_empty() {
            p.kind.to_string()
        } else {
            format!("{} {}", p.kind, m)
        };
        let _ = writeln!(s, "  {:<11} {}", kind, summary);
    }
    for (label, m) in [("ideal", &out.ideal), ("nadir", &out.nadir)] {
        let _ = write!(s, "  {:<6}", label);
        for n in names {
            let _ = write!(
                s,
                " {:>14}",
                m.get(n)
                    .and_then(|v| v.as_f64())
                    .map_or("-".into(), report::num)
            );
        }
        let _ = writeln!(s);
    }
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
    let units = |n: &str| match (model, n) {
        (Model::Domain { .. }, "cost") | (Model::Domain { .. }, "dominance") => " (money)",
        (Model::Domain { .. }, "stability") | (Model::Domain { .. }, "equity") => " (points)",
        (Model::Domain { .. }, "satisfaction") => " (weighted budget share)",
        _ => "",
    };
    let data = report::plot::PlotData {
        title: format!(
            "{}: {} front",
            match model {
                Model::Domain { spec, .. } => spec.name.clone(),
                Model::File(p) => p.name.clone(),
            },
            names.join(" vs ")
        ),
        objectives: front
            .objectives
            .iter()
            .map(|(n, s)| (format!("{n}{}", units(n)), *s))
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
            if front.status == moo::FrontStatus::Partial {
                " (PARTIAL)"
            } else {
                ""
            }
        ),
    };
    report::plot::write_front_plot(&data, path)
}

#[allow(clippy::too_many_arguments)]
fn print_pick(
    args: &ParetoArgs,
    model: &Model,
    front: &Front,
    idx: usize,
    names: &[String],
    info: &BackendInfo,
    id: &str,
) -> i32 {
    let point = &front.points[idx];
    let program = model.program();
    let first = program.objective(&names[0]).expect("objective exists");
    let c = check(program, first, &point.x, None, &CheckTolerances::default());
    let answer = Answer {
        status: Status::Optimal,
        x: Some(point.x.clone()),
        values: names
            .iter()
            .cloned()
            .zip(point.values.iter().copied())
            .collect(),
        check: Some(c.clone()),
        stages: Vec::new(),
        payoff: None,
        first_x: None,
        solver_seconds: front.solver_seconds,
        wall_seconds: front.wall_seconds,
    };
    let method = format!("pareto {} point {id}", front.method);
    let text = match model {
        Model::Domain { spec, inst, form } => {
            let mut summary = report::summarize(
                &spec.name,
                inst,
                form,
                &answer,
                &method,
                info,
                front.wall_seconds,
            );
            if let Model::Domain { inst, form, .. } = model {
                let all = form.values(inst, &point.x);
                for n in names {
                    if let Some(k) = accord::domain::objectives::position(n) {
                        summary
                            .objectives
                            .insert(n.clone(), serde_json::json!(all[k]));
                    }
                }
            }
            match args.format {
                Format::Json => serde_json::to_string_pretty(&summary).expect("serializes") + "\n",
                Format::Csv => report::allocations_csv(&summary).unwrap_or_default(),
                Format::Table => report::table(&summary),
            }
        }
        Model::File(p) => {
            let summary = report::summarize_program(p, &answer, &method, info, front.wall_seconds);
            match args.format {
                Format::Json => serde_json::to_string_pretty(&summary).expect("serializes") + "\n",
                Format::Csv => report::columns_csv(&summary).unwrap_or_default(),
                Format::Table => report::program_table(&summary),
            }
        }
    };
    print!("{text}");
    if c.passed {
        exit::OK
    } else {
        eprintln!("error: point {id} fails the check: {}", c.summary());
        exit::FAILURE
    }
}
