//! The front door: a model loaded once, asked many questions.
//!
//! A [`Model`] is what a path names, read and checked once: an MPS or
//! PolySCIP `.mop` file (a program with its objectives), a model TOML file
//! or a data folder (a domain model: the validated instance, its program,
//! what the screen finds without solving, and the exact evaluator of the
//! built-in objectives). It carries its defaults ([`Settings`]: the model
//! file's objectives and `[solve]` table, or the file's objectives in
//! order), and one [`Model::solve`] that every command and analysis uses:
//! `solve`, `pareto`'s picks, the bench worker, every scenario of a sweep.
//! The answer is one type, [`Answer`], which every report renders.
//!
//! This is the only place that asks whether a path is a program file or a
//! domain model ([`classify`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::backend::Backend;
use crate::domain::objectives;
use crate::domain::rules::{Demand, DemandKind};
use crate::domain::screen::{Blocked, Screen};
use crate::domain::{Allocation, Instance};
use crate::formulation::{self, Formulation};
use crate::input::{self, ModelSpec};
use crate::program::Program;
use crate::request::{Request, Settings};
use crate::solve::{self, Answer};
use crate::{mps, Error, Result};

/// What a path holds, judged from its name (and, for folders, whether
/// `actors.csv` is there; for TOML files, whether a `data` key is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// An MPS or `.mop` file (any case; [`crate::mps`] reads it).
    Program,
    /// A TOML model file.
    ModelFile,
    /// A data folder (it holds `actors.csv`).
    DataFolder,
    /// Anything else (a folder of instances, a CSV file, ...).
    Other,
}

/// What `path` holds.
///
/// ```
/// use accord::model::{classify, PathKind};
/// use std::path::Path;
/// assert_eq!(classify(Path::new("netlib/AFIRO.MPS")), PathKind::Program);
/// assert_eq!(classify(Path::new("kp.mop")), PathKind::Program);
/// assert_eq!(classify(Path::new("no_such_model.toml")), PathKind::ModelFile);
/// ```
pub fn classify(path: &Path) -> PathKind {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".mps") || name.ends_with(".mop") {
        PathKind::Program
    } else if path.is_dir() {
        if path.join(crate::input::ACTORS_FILE).is_file() {
            PathKind::DataFolder
        } else {
            PathKind::Other
        }
    } else if name.ends_with(".toml") {
        PathKind::ModelFile
    } else {
        PathKind::Other
    }
}

/// True when a TOML file looks like a model file (it has a `data` key):
/// for searching folders, where other TOML files may lie about.
pub fn is_model_toml(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| t.contains_key("data"))
}

/// How to load a model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadOptions {
    /// Use this data folder instead of the one a model file names (the
    /// CLI's `--data DIR`); domain models only.
    pub data: Option<PathBuf>,
    /// Treat every project as all-or-nothing (finite fronts over
    /// stability, cost and equity); domain models only.
    pub all_or_nothing: bool,
}

/// A domain model: the instance and everything derived from it once.
#[derive(Debug, Clone)]
pub struct Domain {
    /// The model file (or folder defaults) as read.
    pub spec: ModelSpec,
    /// The validated data.
    pub instance: Instance,
    /// Its program and where each model variable lives in it.
    pub formulation: Formulation,
    /// What can be said without solving.
    pub screen: Screen,
}

#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one per model
enum Kind {
    Domain(Domain),
    File(Program),
}

/// A model loaded once: see the module documentation.
#[derive(Debug, Clone)]
pub struct Model {
    /// Its name (the model file's `name`, the file or folder stem).
    pub name: String,
    /// What it solves by default: the model file's objectives and `[solve]`
    /// table, or a program file's objectives in order, lexicographic, on
    /// backend `auto`.
    pub defaults: Settings,
    /// Every input file read, for checksums.
    pub files: Vec<PathBuf>,
    kind: Kind,
}

impl Model {
    /// Loads `path`: an MPS or `.mop` file, a model TOML file or a data
    /// folder. Every problem of the input is reported at once
    /// ([`Error::Invalid`]).
    pub fn load(path: &Path, options: &LoadOptions) -> Result<Model> {
        if classify(path) == PathKind::Program {
            if options.data.is_some() {
                return Err(Error::Usage(
                    "--data applies to domain models, not to MPS or .mop files".into(),
                ));
            }
            if options.all_or_nothing {
                return Err(Error::Usage(
                    "--all-or-nothing applies to domain models, not to MPS or .mop files".into(),
                ));
            }
            let program = mps::read(path)?;
            return Ok(Model::from_program(program, vec![path.to_path_buf()]));
        }
        let (spec, instance) = input::load_model_with(path, options.data.as_deref())?;
        let instance = if options.all_or_nothing {
            formulation::all_or_nothing(&instance)
        } else {
            instance
        };
        Ok(Model::from_spec(spec, instance))
    }

    /// A program read elsewhere: its objectives in order, lexicographic.
    pub fn from_program(program: Program, files: Vec<PathBuf>) -> Model {
        let names: Vec<&str> = program.objectives.iter().map(|o| o.name.as_str()).collect();
        Model {
            name: program.name.clone(),
            defaults: Settings::lexicographic(&names),
            files,
            kind: Kind::File(program),
        }
    }

    /// A domain model of `instance` with the settings and files of `spec`
    /// (for example a scenario's instance, built from a loaded model's).
    pub fn from_spec(spec: ModelSpec, instance: Instance) -> Model {
        let mut formulation = formulation::build(&instance);
        formulation.program.name.clone_from(&spec.name);
        let screen = Screen::of(&instance);
        Model {
            name: spec.name.clone(),
            defaults: spec.settings.clone(),
            files: spec.files.clone(),
            kind: Kind::Domain(Domain {
                spec,
                instance,
                formulation,
                screen,
            }),
        }
    }

    /// The same model on other data (a scenario's instance): the program
    /// is built again, name, defaults and files are kept.
    pub fn with_instance(&self, instance: Instance) -> Result<Model> {
        match &self.kind {
            Kind::Domain(d) => Ok(Model::from_spec(d.spec.clone(), instance)),
            Kind::File(_) => Err(Error::Usage(
                "an MPS or .mop file has no domain data to change".into(),
            )),
        }
    }

    /// The program every solve starts from.
    pub fn program(&self) -> &Program {
        match &self.kind {
            Kind::Domain(d) => &d.formulation.program,
            Kind::File(p) => p,
        }
    }

    /// The domain model, when this is one.
    pub fn domain(&self) -> Option<&Domain> {
        match &self.kind {
            Kind::Domain(d) => Some(d),
            Kind::File(_) => None,
        }
    }

    /// The instance of a domain model.
    pub fn instance(&self) -> Option<&Instance> {
        self.domain().map(|d| &d.instance)
    }

    /// Projects that cannot go ahead in any allocation (domain models).
    pub fn blocked(&self) -> &[Blocked] {
        self.domain().map_or(&[], |d| &d.screen.blocked)
    }

    /// What a planner should read before trusting an answer (domain
    /// models; one line each).
    pub fn warnings(&self) -> Vec<String> {
        self.domain().map_or_else(Vec::new, |d| d.screen.warnings())
    }

    /// Units whose figures lie too far apart for a reliable solve
    /// ([`crate::domain::scaling`]; domain models).
    pub fn scaling(&self) -> &[crate::domain::scaling::Spread] {
        self.domain().map_or(&[], |d| &d.screen.scaling)
    }

    /// True for a domain model (a model file or data folder).
    pub fn is_domain(&self) -> bool {
        self.domain().is_some()
    }

    /// Every objective of the program at `x`, in the program's order:
    /// domain models from the built-ins' definitions, files linearly.
    pub fn evaluate(&self, x: &[f64]) -> Vec<f64> {
        match &self.kind {
            Kind::Domain(d) => d.formulation.values(&d.instance, x),
            Kind::File(p) => p.objectives.iter().map(|o| o.eval(x)).collect(),
        }
    }

    /// The value of objective `name` at `x`.
    pub fn value(&self, name: &str, x: &[f64]) -> Option<f64> {
        self.values(&[name], x)[0]
    }

    /// The values of the objectives `names` at `x` (one evaluation for all;
    /// `None` for a name the program does not have).
    pub fn values<S: AsRef<str>>(&self, names: &[S], x: &[f64]) -> Vec<Option<f64>> {
        let all = self.evaluate(x);
        let objectives = &self.program().objectives;
        names
            .iter()
            .map(|n| {
                objectives
                    .iter()
                    .position(|o| o.name == n.as_ref())
                    .map(|k| all[k])
            })
            .collect()
    }

    /// The lattice unit of each of `names` (`None`: its values may form a
    /// continuum), for exact front methods: the built-ins' own rule for
    /// domain models, the program's terms for files.
    pub fn units(&self, names: &[String]) -> Vec<Option<f64>> {
        names
            .iter()
            .map(|n| match &self.kind {
                Kind::Domain(d) => objectives::builtin(n).and_then(|b| (b.lattice)(&d.instance)),
                Kind::File(p) => p.objective(n).and_then(|o| p.lattice_unit(o)),
            })
            .collect()
    }

    /// The allocation behind a solution of a domain model.
    pub fn decode(&self, x: &[f64]) -> Option<Allocation> {
        self.domain().map(|d| d.formulation.allocation(x))
    }

    /// Checks demands against the model before any work: the error names
    /// the demand's place and what was expected.
    pub fn check_demands(&self, demands: &[Demand]) -> Result<()> {
        for d in demands {
            let why = match &self.kind {
                Kind::Domain(dm) => crate::domain::rules::check_demand(&dm.instance, d).err(),
                Kind::File(p) => match d.kind {
                    DemandKind::Floor(_) | DemandKind::Cap(_) => {
                        p.require_objective(&d.target).err().map(|e| e.to_string())
                    }
                    _ => Some(format!(
                        "{}: must and never name projects of a domain model, not columns of \
                         an MPS or .mop file",
                        d.name()
                    )),
                },
            };
            if let Some(why) = why {
                let at = d.place.clone().unwrap_or_else(|| d.name()) + ": ";
                return Err(Error::Usage(format!("{at}{why}")));
            }
        }
        Ok(())
    }

    /// The program with `demands` as rows: the model's own when there are
    /// none. A domain model's demands name its projects and built-in
    /// objectives ([`crate::domain::rules::check_demand`]); a program
    /// file takes floors and caps on its own objectives only. The columns
    /// are the model's, so [`Model::decode`] and [`Model::evaluate`] apply.
    pub fn program_for(&self, demands: &[Demand]) -> Result<Cow<'_, Program>> {
        if demands.is_empty() {
            return Ok(Cow::Borrowed(self.program()));
        }
        match &self.kind {
            Kind::Domain(d) => formulation::build_with(&d.instance, demands)
                .map(|f| Cow::Owned(f.program))
                .map_err(Error::Usage),
            Kind::File(p) => {
                self.check_demands(demands)?;
                let mut p = p.clone();
                for d in demands {
                    let bound = match d.kind {
                        DemandKind::Floor(v) => (v, f64::INFINITY),
                        DemandKind::Cap(v) => (f64::NEG_INFINITY, v),
                        _ => unreachable!("check_demands refuses project demands on files"),
                    };
                    let o = p.require_objective(&d.target)?.clone();
                    p.add_row(bound.0 - o.constant, bound.1 - o.constant, &o.terms);
                }
                Ok(Cow::Owned(p))
            }
        }
    }

    /// Solves the model as `req` asks on `backend` (its demands as rows,
    /// [`Model::program_for`]), offering `start` to backends that take one;
    /// the answer is checked against the program solved, and carries the
    /// decoded allocation of a domain model.
    pub fn solve(
        &self,
        backend: &dyn Backend,
        req: &Request,
        start: Option<&[f64]>,
    ) -> Result<Answer> {
        let program = self.program_for(&req.demands)?;
        let greedy;
        let start = match start {
            Some(x) => Some(x),
            None => {
                greedy = backend
                    .accepts_start()
                    .then(|| self.greedy_start(&program, &req.demands))
                    .flatten();
                greedy.as_deref()
            }
        };
        let evaluate = |x: &[f64]| self.evaluate(x);
        let evaluator: Option<solve::Evaluator<'_>> = if self.is_domain() {
            Some(&evaluate)
        } else {
            None
        };
        let mut answer =
            solve::solve_from(backend, &program, req, evaluator, start).map_err(|e| match e {
                Error::Solver { backend, message } if !self.scaling().is_empty() => Error::Solver {
                    backend,
                    message: message + &self.scaling_cause(),
                },
                e => e,
            })?;
        answer.allocation = answer.x.as_deref().and_then(|x| self.decode(x));
        Ok(answer)
    }

    /// What to add to a solver failure or a failed check when the model's
    /// figures lie too far apart ([`crate::domain::scaling`]): the likely
    /// cause, with the data columns and cells, one line each; empty
    /// otherwise. [`Model::solve`] adds it to its solver errors.
    pub fn scaling_cause(&self) -> String {
        self.scaling()
            .iter()
            .map(|s| format!("\n  likely cause: {s}"))
            .collect()
    }

    /// The greedy plan of a domain model ([`crate::domain::greedy`]) as a
    /// point of `program` (the model's program with `demands`), when it
    /// meets every row and bound of it; `None` for program files.
    pub fn greedy_start(&self, program: &Program, demands: &[Demand]) -> Option<Vec<f64>> {
        let d = self.domain()?;
        let inst = &d.instance;
        let mut skip = vec![false; inst.projects.len()];
        for b in &d.screen.blocked {
            if let Some(p) = inst.project_index(&b.project) {
                skip[p] = true;
            }
        }
        for dm in demands {
            if matches!(dm.kind, DemandKind::Never) {
                if let Some(p) = inst.project_index(&dm.target) {
                    skip[p] = true;
                }
            }
        }
        let plan = crate::domain::greedy::greedy(inst, &skip);
        let x = d.formulation.point(inst, &plan);
        let verdict = crate::check::check(
            program,
            &crate::program::Objective::zero(),
            &x,
            None,
            &crate::check::CheckTolerances::default(),
        );
        verdict.passed.then_some(x)
    }

    /// An answer for a solution found elsewhere (a front's point): its
    /// values for `names`, the checker's verdict against the program with
    /// `demands` for `names[0]`, and the decoded allocation.
    pub fn answer_at(
        &self,
        x: Vec<f64>,
        names: &[String],
        demands: &[Demand],
        backend: &dyn Backend,
    ) -> Result<Answer> {
        let program = self.program_for(demands)?;
        let first = program.require_objective(
            names
                .first()
                .ok_or_else(|| Error::Usage("no objective".into()))?,
        )?;
        let check = crate::check::check(
            &program,
            first,
            &x,
            None,
            &crate::check::CheckTolerances::default(),
        );
        let values = names
            .iter()
            .cloned()
            .zip(self.values(names, &x))
            .map(|(n, v)| (n, v.unwrap_or(f64::NAN)))
            .collect();
        Ok(Answer {
            status: crate::backend::Status::Optimal,
            allocation: self.decode(&x),
            x: Some(x),
            values,
            check: Some(check),
            stages: Vec::new(),
            payoff: None,
            solver_seconds: 0.0,
            first_x: None,
            wall_seconds: 0.0,
            backend: crate::backend::Info::of(backend),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Request;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn one_door_for_files_model_files_and_folders() {
        let toml = Model::load(
            &root().join("models/central_asia.toml"),
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(toml.name, "central_asia");
        assert!(toml.is_domain());
        assert_eq!(toml.defaults.request.names(), ["stability", "cost"]);
        assert_eq!(toml.files.len(), 5, "{:?}", toml.files);
        let folder =
            Model::load(&root().join("data/central_asia"), &LoadOptions::default()).unwrap();
        assert_eq!(folder.program().num_cols(), toml.program().num_cols());
        let file = Model::load(
            &root().join("tests/data/knapsack.mop"),
            &LoadOptions::default(),
        )
        .unwrap();
        assert!(!file.is_domain());
        assert!(file.instance().is_none() && file.blocked().is_empty());
        assert_eq!(
            file.defaults.request.names().len(),
            file.program().objectives.len()
        );
        let refused = Model::load(
            &root().join("tests/data/knapsack.mop"),
            &LoadOptions {
                data: Some(root().join("data/central_asia")),
                all_or_nothing: false,
            },
        );
        assert!(matches!(refused, Err(Error::Usage(m)) if m.contains("--data")));
        assert_eq!(
            classify(&root().join("data/central_asia")),
            PathKind::DataFolder
        );
        assert_eq!(classify(&root().join("data")), PathKind::Other);
    }

    #[test]
    fn units_follow_the_builtin_table_and_all_or_nothing() {
        let names: Vec<String> = ["stability", "cost", "equity", "dominance"]
            .map(String::from)
            .to_vec();
        let path = root().join("models/central_asia.toml");
        let m = Model::load(&path, &LoadOptions::default()).unwrap();
        // central_asia has scalable projects.
        assert!(m.units(&names).iter().all(Option::is_none));
        let aon = Model::load(
            &path,
            &LoadOptions {
                all_or_nothing: true,
                ..LoadOptions::default()
            },
        )
        .unwrap();
        let u = aon.units(&names);
        assert!(u[0].is_some() && u[1].is_some() && u[2].is_some() && u[3].is_none());
        // The built-ins' own rule agrees with the program's terms where both apply.
        for n in ["stability", "cost"] {
            let o = aon.program().objective(n).unwrap();
            assert_eq!(
                aon.program().lattice_unit(o),
                aon.units(&[n.to_string()])[0]
            );
        }
    }

    #[cfg(feature = "microlp")]
    #[test]
    fn solve_decodes_and_evaluates_and_scenarios_rebuild() {
        let b = crate::backend::by_name("microlp").unwrap();
        let m = Model::load(
            &root().join("tests/data/min_funding_above_budget"),
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(m.warnings().len(), 1);
        let a = m
            .solve(
                b.as_ref(),
                &Request::lexicographic(&["stability", "cost"]),
                None,
            )
            .unwrap();
        assert!((a.values[0].1 - 8.0).abs() < 1e-6 && (a.values[1].1 - 50.0).abs() < 1e-6);
        let alloc = a.allocation.as_ref().unwrap();
        assert_eq!(alloc.projects_in(m.instance().unwrap()), ["p2"]);
        assert_eq!(a.backend.id, "microlp");
        let x = a.x.as_ref().unwrap();
        assert_eq!(m.value("cost", x), Some(a.values[1].1));
        // With a min_funding b can meet, p1 (worth more) is within reach.
        let mut inst = m.instance().unwrap().clone();
        inst.interests[1].min_funding = 10.0;
        let m2 = m.with_instance(inst).unwrap();
        assert!(m2.warnings().is_empty());
        let a2 = m2
            .solve(b.as_ref(), &Request::lexicographic(&["stability"]), None)
            .unwrap();
        assert!((a2.values[0].1 - 10.0).abs() < 1e-6, "{:?}", a2.values);
    }
}
