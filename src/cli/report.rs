//! `accord report MODEL --out report.html`: the planner's page
//! (docs/report.md): the plan, and the analyses asked for, in one
//! self-contained HTML file; its manifest (with the timings) beside it.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use accord::backend::Info;
use accord::explain;
use accord::report::html::{self, Chart, Page, Reproduce, SweepView};
use accord::report::{self, write_atomic, InputFile};
use accord::request::Setting;
use accord::sensitivity::{self, Options as SensitivityOptions, Param};
use accord::sweep::output::{deltas_csv, SweepManifest};
use accord::sweep::Row;
use accord::Error;

use super::options::{resolve, DemandArgs, ModelArgs, ObjectiveArgs, SolverArgs};
use super::sensitivity::{parse_curve, parse_delta, parse_params, staircase};
use super::{fail, hooks};

/// Arguments of `accord report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    model: ModelArgs,
    #[command(flatten)]
    objectives: ObjectiveArgs,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    demands: DemandArgs,
    /// The page to write (self-contained HTML); its manifest goes beside it
    /// as FILE with extension .manifest.json.
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    /// Explain every project left out (what insisting on it costs) and what
    /// keeps each chosen one in (section 3).
    #[arg(long)]
    explain: bool,
    /// Who contributes what: bloc and actor values, the value of
    /// cooperation (section 4; hundreds of solves).
    #[arg(long)]
    cooperation: bool,
    /// With --cooperation: only the bloc game (no actor values).
    #[arg(long, requires = "cooperation")]
    blocs_only: bool,
    /// With --cooperation: most coalitions the exact actor values may need.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    max_coalitions: usize,
    /// With --cooperation: random orders for sampled actor Shapley values.
    #[arg(long, value_name = "N", default_value_t = 20)]
    samples: usize,
    /// With --cooperation: seed of the sampled orders.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// What more would buy: +/- delta of every budget (and personnel with
    /// --param), re-solved (section 5).
    #[arg(long)]
    sensitivity: bool,
    /// With --sensitivity: parameters (budget, personnel; default budget).
    #[arg(long = "param", value_name = "NAME", value_delimiter = ',')]
    params: Vec<String>,
    /// With --sensitivity: the change, X% of each value or an amount X.
    #[arg(long, value_name = "X%|X", default_value = "10%")]
    delta: String,
    /// With --sensitivity: also the stability intervals (two bisections
    /// per parameter).
    #[arg(long)]
    intervals: bool,
    /// With --sensitivity: a staircase ACTOR.PARAM=LO:HI (repeatable).
    #[arg(long, value_name = "ACTOR.PARAM=LO:HI")]
    curve: Vec<String>,
    /// The front over two objectives, with the knee and compromise (section 6).
    #[arg(long, value_name = "OBJ,OBJ", value_delimiter = ',')]
    front: Vec<String>,
    /// A finished sweep's folder (`accord sweep --out DIR`): its tornado and
    /// table (section 6).
    #[arg(long, value_name = "DIR")]
    sweep: Option<PathBuf>,
    /// Worker threads of the analyses.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// Show solve times in the page (it then differs from run to run; the
    /// manifest always has them).
    #[arg(long)]
    timings: bool,
}

/// Runs `accord report`.
pub fn run(args: &ReportArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

/// `arg` quoted for a POSIX shell where it needs to be.
fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./=:,%+@".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// The flags every subcommand that solves this model takes, as given: the
/// model, the solver and the demands (`base`), and the objective flags
/// that only `solve` and `explain` take (`objectives`).
struct Flags {
    base: Vec<String>,
    objectives: Vec<String>,
}

impl Flags {
    fn of(args: &ReportArgs) -> Flags {
        let mut f = vec![args.model.model.display().to_string()];
        if let Some(d) = &args.model.data {
            f.extend(["--data".into(), d.display().to_string()]);
        }
        let s = &args.solver;
        if let Some(b) = &s.backend {
            f.extend(["--backend".into(), b.clone()]);
        }
        for (name, v) in s.numbers() {
            f.extend([accord::request::key(name).flag.to_string(), format!("{v}")]);
        }
        let d = &args.demands;
        let o = &args.objectives;
        let mut objectives = Vec::new();
        for x in &o.objectives {
            objectives.extend(["--objective".into(), x.clone()]);
        }
        if let Some(m) = o.method {
            objectives.extend(["--method".into(), m.as_str().to_string()]);
        }
        if o.normalize {
            objectives.push("--normalize".into());
        }
        let pairs = |list: &[(&str, &Vec<String>)]| -> Vec<String> {
            list.iter()
                .flat_map(|(flag, xs)| xs.iter().flat_map(move |x| [flag.to_string(), x.clone()]))
                .collect()
        };
        f.extend(pairs(&[
            ("--must", &d.must),
            ("--never", &d.never),
            ("--floor", &d.floor),
            ("--cap", &d.cap),
        ]));
        objectives.extend(pairs(&[
            ("--weight", &o.weights),
            ("--abs-tol", &o.abs_tols),
            ("--rel-tol", &o.rel_tols),
        ]));
        Flags {
            base: f,
            objectives,
        }
    }

    /// Every flag (for `solve` and `explain`).
    fn all(&self) -> Vec<String> {
        [&self.base[..], &self.objectives[..]].concat()
    }
}

fn command(sub: &str, flags: &[String], extra: &[String]) -> String {
    std::iter::once("accord".to_string())
        .chain(std::iter::once(sub.to_string()))
        .chain(flags.iter().chain(extra).map(|a| quote(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sweep in `dir`: its manifest and results table.
fn read_sweep(dir: &std::path::Path) -> Result<SweepView, Error> {
    let manifest = SweepManifest::read(&dir.join("manifest.json"))?;
    let info = manifest.sweep;
    if !manifest.complete {
        return Err(Error::Usage(format!(
            "--sweep {}: the sweep is not finished (its manifest says complete: false); finish it with accord sweep --resume",
            dir.display()
        )));
    }
    let path = dir.join("results.csv");
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let (read, problems) = accord::sweep::parse_results(&bytes, &path, &info.columns);
    problems.into_result()?;
    let rows: Vec<Row> = read.into_iter().map(|(_, row)| row).collect();
    let refs: Vec<&Row> = rows.iter().collect();
    let main = info
        .columns
        .iter()
        .position(|c| *c == info.main_objective)
        .unwrap_or(0);
    let tornado = if refs.len() > 1 {
        let (svg, csv) = accord::sweep::chart::tornado(&info, &refs, main)?;
        Some(Chart {
            caption: format!(
                "Each scenario's effect on {} against the baseline",
                info.main_objective
            ),
            svg,
            csv,
        })
    } else {
        None
    };
    Ok(SweepView {
        dir: dir.display().to_string(),
        tornado,
        deltas_csv: deltas_csv(&info, &refs),
    })
}

fn run_inner(args: &ReportArgs) -> Result<i32, Error> {
    let started = Instant::now();
    if args.jobs == 0 {
        return Err(Error::Usage("--jobs: expected at least 1".into()));
    }
    if args.out.extension().and_then(|e| e.to_str()) != Some("html") {
        return Err(Error::Usage(format!(
            "--out {}: expected a file name ending in .html",
            args.out.display()
        )));
    }
    if !args.front.is_empty() && args.front.len() < 2 {
        return Err(Error::Usage(
            "--front: expected two or more objectives separated by commas (stability,cost)".into(),
        ));
    }
    let delta = parse_delta(&args.delta)?;
    let params = parse_params(&args.params, &[Param::Budget])?;
    let model = args.model.load(false)?;
    let Some(domain) = model.domain() else {
        return Err(Error::Usage(
            "accord report needs a domain model (actors who fund projects), not an MPS or .mop file; use accord solve for those".into(),
        ));
    };
    let inst = &domain.instance;
    let curves_asked = args
        .curve
        .iter()
        .map(|c| parse_curve(c, inst))
        .collect::<Result<Vec<_>, _>>()?;
    if !curves_asked.is_empty() && !args.sensitivity {
        return Err(Error::Usage("--curve needs --sensitivity".into()));
    }
    let mut given = args.objectives.settings()?;
    given.extend(args.solver.settings()?);
    given.extend(args.demands.settings()?);
    let settings = resolve(&model, &given)?;
    let backend = hooks::open(&settings.backend, None)?;
    for w in model.warnings() {
        eprintln!("warning: {w}");
    }
    let mut seconds = serde_json::Map::new();
    let t = Instant::now();
    let answer = model.solve(backend.as_ref(), &settings.request, None)?;
    let summary = report::summarize(
        &super::subject(&model),
        &answer,
        settings.request.method.as_str(),
        t.elapsed().as_secs_f64(),
    );
    seconds.insert("solve".into(), serde_json::json!(t.elapsed().as_secs_f64()));
    let has_plan = answer.allocation.is_some();
    let out_name = args
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let flags = Flags::of(args);
    // The page's own command, with the page named by its file name only
    // (where it was written is not part of what it shows).
    let mut own = vec!["accord".to_string()];
    let mut after_out = false;
    for a in std::env::args().skip(1) {
        if after_out {
            own.push(quote(&out_name));
            after_out = false;
        } else if a == "--out" {
            own.push(a);
            after_out = true;
        } else if a.starts_with("--out=") {
            own.push(format!("--out={}", quote(&out_name)));
        } else {
            own.push(quote(&a));
        }
    }
    let mut commands = vec![own.join(" "), command("solve", &flags.all(), &[])];

    let explanation = if args.explain {
        let t = Instant::now();
        let mut s = settings.clone();
        let options = explain::Options {
            time_limit: s.request.time_budget.take(),
            ..explain::Options::default()
        };
        let id = settings.backend.clone();
        let open = move || hooks::open(&id, None);
        let e = explain::explain(&model, &s, &options, &open)?;
        seconds.insert(
            "explain".into(),
            serde_json::json!(t.elapsed().as_secs_f64()),
        );
        commands.push(command("explain", &flags.all(), &[]));
        Some(e)
    } else {
        None
    };

    let cooperation = if args.cooperation && has_plan {
        let t = Instant::now();
        let mut s = settings.clone();
        // The game's value is the first objective's optimum.
        s.request.objectives.truncate(1);
        let options = accord::cooperation::Options {
            max_coalitions: args.max_coalitions,
            samples: args.samples,
            seed: args.seed,
            blocs_only: args.blocs_only,
        };
        let c = super::cooperation::analyse_in_memory(
            &model,
            &s,
            backend.as_ref(),
            args.jobs,
            &options,
        )?;
        seconds.insert(
            "cooperation".into(),
            serde_json::json!(t.elapsed().as_secs_f64()),
        );
        let mut extra = vec![
            "--objective".to_string(),
            s.request.objectives[0].name.clone(),
            "--jobs".into(),
            args.jobs.to_string(),
        ];
        if args.blocs_only {
            extra.push("--blocs-only".into());
        }
        commands.push(command("cooperation", &flags.base, &extra));
        Some(c)
    } else {
        if args.cooperation {
            eprintln!("note: no cooperation section: the model has no plan");
        }
        None
    };

    let mut curves = Vec::new();
    let sensitivity = if args.sensitivity && has_plan {
        let t = Instant::now();
        let options = SensitivityOptions {
            params: params.clone(),
            delta,
            precision: 0.05,
            intervals: args.intervals,
            workers: args.jobs,
        };
        let n = options.params.len() * inst.actors.len();
        let bar =
            accord::engine::progress_bar(std::io::stderr().is_terminal(), n as u64, "parameters");
        let tick = |k: usize| bar.inc(k as u64);
        let mut s =
            sensitivity::analyse(&model, backend.as_ref(), &settings.request, &options, &tick)?;
        bar.finish_and_clear();
        for &(a, param, lo, hi) in &curves_asked {
            let (svg, csv) = staircase(
                &model,
                backend.as_ref(),
                &settings.request,
                &mut s,
                (a, param, lo, hi),
                21,
                0.05,
                args.jobs,
                None,
            )?;
            curves.push(Chart {
                caption: format!(
                    "{} as {}.{} moves over [{lo}, {hi}]",
                    s.objective,
                    inst.actors[a].id,
                    param.as_str()
                ),
                svg,
                csv,
            });
        }
        seconds.insert(
            "sensitivity".into(),
            serde_json::json!(t.elapsed().as_secs_f64()),
        );
        let mut extra = vec![
            "--objective".to_string(),
            settings.request.objectives[0].name.clone(),
            "--param".to_string(),
            params
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(","),
            "--delta".into(),
            args.delta.clone(),
        ];
        if !args.intervals {
            extra.push("--no-intervals".into());
        }
        commands.push(command("sensitivity", &flags.base, &extra));
        for c in &args.curve {
            commands.push(command(
                "sensitivity",
                &flags.base,
                &[
                    "--objective".into(),
                    settings.request.objectives[0].name.clone(),
                    "--no-intervals".into(),
                    "--curve".into(),
                    c.clone(),
                ],
            ));
        }
        Some(s)
    } else {
        if args.sensitivity {
            eprintln!("note: no sensitivity section: the model has no plan");
        }
        None
    };

    let front = if args.front.is_empty() {
        None
    } else {
        let t = Instant::now();
        let mut s = settings.clone();
        s.apply(&[Setting::Objectives(args.front.clone())])
            .map_err(|e| Error::Usage(format!("--front: {}", e.message)))?;
        let names = s.request.names();
        let f = super::pareto::front_view(&model, &s, &names, backend.as_ref())?;
        seconds.insert("front".into(), serde_json::json!(t.elapsed().as_secs_f64()));
        let mut extra = Vec::new();
        for n in &names {
            extra.extend(["--objective".to_string(), n.clone()]);
        }
        commands.push(command("pareto", &flags.base, &extra));
        if f.is_none() {
            eprintln!("note: no front: the model has no plan");
        }
        f
    };
    let sweep = args.sweep.as_deref().map(read_sweep).transpose()?;

    let info = Info::of(backend.as_ref());
    let options = serde_json::json!({
        "model": model.name,
        "request": settings.request,
        "backend": settings.backend,
        "explain": args.explain,
        "cooperation": args.cooperation.then(|| serde_json::json!({
            "blocs_only": args.blocs_only,
            "max_coalitions": args.max_coalitions,
            "samples": args.samples,
            "seed": args.seed,
        })),
        "sensitivity": args.sensitivity.then(|| serde_json::json!({
            "params": params.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            "delta": args.delta,
            "intervals": args.intervals,
            "curves": args.curve,
        })),
        "front": args.front,
        "sweep": args.sweep,
    });
    let page = Page {
        summary: &summary,
        instance: inst,
        explanation: explanation.as_ref(),
        cooperation: cooperation.as_ref(),
        sensitivity: sensitivity.as_ref(),
        curves,
        front,
        sweep,
        reproduce: Reproduce {
            inputs: InputFile::hash_all(&model.files)?,
            options: options.clone(),
            backend: info.clone(),
            commands,
        },
        timings: args.timings,
    };
    let text = html::render(&page)?;
    seconds.insert(
        "total".into(),
        serde_json::json!(started.elapsed().as_secs_f64()),
    );
    let mut manifest = report::Manifest::new(info, options, &model.files, &[out_name.as_str()])?;
    manifest.options["seconds"] = serde_json::Value::Object(seconds);
    manifest.options["bytes"] = serde_json::json!(text.len());
    write_atomic(&args.out, text.as_bytes())?;
    let m = serde_json::to_string_pretty(&manifest).expect("manifest serializes") + "\n";
    write_atomic(&args.out.with_extension("manifest.json"), m.as_bytes())?;
    eprintln!(
        "wrote {} ({} KiB) in {:.2} s",
        args.out.display(),
        text.len().div_ceil(1024),
        started.elapsed().as_secs_f64()
    );
    Ok(super::solve::finish(
        &answer,
        &model,
        !settings.request.demands.is_empty(),
    ))
}
