//! The MPS reader and writer against the shared benchmark instances
//! (`../shared/instances` next to the crate). Without that folder, as in a
//! fresh clone elsewhere, every test here prints SKIP and passes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord::mps::{self, ObjectiveRows, ReadOptions, WriteOptions};
use accord::program::{Program, Sense};

#[path = "support/shared.rs"]
mod shared;

fn instances() -> Option<PathBuf> {
    shared::instances("the MPS instance tests")
}

struct Entry {
    path: String,
    objectives: usize,
    rows: usize,
    cols: usize,
    integers: usize,
    known_optimum: String,
}

fn manifest(dir: &Path) -> Vec<Entry> {
    let mut r = csv::Reader::from_path(dir.join("MANIFEST.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (p, o, ro, c, i, k) = (
        col("path"),
        col("objectives"),
        col("rows"),
        col("cols"),
        col("integers"),
        col("known_optimum"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            Entry {
                path: rec[p].to_owned(),
                objectives: rec[o].parse().unwrap(),
                rows: rec[ro].parse().unwrap(),
                cols: rec[c].parse().unwrap(),
                integers: rec[i].parse().unwrap(),
                known_optimum: rec[k].to_owned(),
            }
        })
        .collect()
}

fn mps_entries(dir: &Path) -> Vec<Entry> {
    manifest(dir)
        .into_iter()
        .filter(|e| e.path.ends_with(".mps") || e.path.ends_with(".mop"))
        .collect()
}

/// Nonzeros including the objective row, from verification.csv (Netlib).
fn verified_nonzeros(dir: &Path) -> HashMap<String, usize> {
    let text = std::fs::read_to_string(dir.join("verification.csv")).unwrap_or_default();
    let mut out = HashMap::new();
    for line in text.lines() {
        let Some((path, rest)) = line.split_once(',') else {
            continue;
        };
        if let Some(k) = rest.find("parsed rows+1=") {
            if let Some(n) = rest[k..].split("nnz(incl.obj)=").nth(1) {
                let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(v) = digits.parse() {
                    out.insert(path.to_owned(), v);
                }
            }
        }
    }
    out
}

fn read(path: &Path) -> Program {
    match mps::read(path) {
        Ok(p) => p,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

#[test]
fn manifest_mps_files_have_the_listed_dimensions() {
    let Some(dir) = instances() else { return };
    let nnz = verified_nonzeros(&dir);
    let mut failures = Vec::new();
    let mut count = 0;
    let mut largest: Option<(u64, String, Duration)> = None;
    for e in mps_entries(&dir) {
        let path = dir.join(&e.path);
        let size = std::fs::metadata(&path).unwrap().len();
        let t = Instant::now();
        let p = read(&path);
        let took = t.elapsed();
        if largest.as_ref().is_none_or(|l| size > l.0) {
            largest = Some((size, e.path.clone(), took));
        }
        count += 1;
        let got = (
            p.num_rows(),
            p.num_cols(),
            p.num_integers(),
            p.objectives.len(),
        );
        let want = (e.rows, e.cols, e.integers, e.objectives);
        if got != want {
            failures.push(format!(
                "{}: (rows, cols, integers, objectives) = {got:?}, MANIFEST says {want:?}",
                e.path
            ));
        }
        if let Some(&n) = nnz.get(&e.path) {
            // The reader drops explicit zeros, which the readme counts:
            // standgub has `Z.....99  'ENDX'  0.` (HiGHS also reads 3146).
            let explicit_zeros = usize::from(e.path == "netlib/standgub.mps");
            let mine = p.num_nonzeros() + p.objectives[0].terms.len() + explicit_zeros;
            if mine != n {
                failures.push(format!(
                    "{}: {mine} nonzeros with the objective, verification.csv says {n}",
                    e.path
                ));
            }
        }
    }
    if let Some((size, path, took)) = largest {
        println!("largest file {path} ({size} bytes) parsed in {took:?} (this build's profile)");
    }
    println!("{count} MANIFEST MPS/.mop files read");
    assert!(count >= 100, "only {count} MPS files in MANIFEST");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

struct IndexRow {
    name: String,
    objectives: usize,
    sense: Sense,
    rows: usize,
    cols: usize,
    integers: usize,
    front_points: usize,
}

fn mop_index(dir: &Path) -> Vec<IndexRow> {
    let mut r = csv::Reader::from_path(dir.join("multiobjective/mop/INDEX.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            IndexRow {
                name: rec[0].to_owned(),
                objectives: rec[2].parse().unwrap(),
                sense: match &rec[3] {
                    "MAX" => Sense::Max,
                    "MIN" => Sense::Min,
                    other => panic!("sense {other}"),
                },
                rows: rec[4].parse().unwrap(),
                cols: rec[5].parse().unwrap(),
                integers: rec[6].parse().unwrap(),
                front_points: rec[7].parse().unwrap(),
            }
        })
        .collect()
}

#[test]
fn mop_folder_matches_its_index_and_fronts() {
    let Some(dir) = instances() else { return };
    let mop = dir.join("multiobjective/mop");
    let index = mop_index(&dir);
    let mut failures = Vec::new();
    for e in &index {
        let p = read(&mop.join(format!("{}.mop", e.name)));
        let got = (
            p.num_rows(),
            p.num_cols(),
            p.num_integers(),
            p.objectives.len(),
        );
        let want = (e.rows, e.cols, e.integers, e.objectives);
        if got != want {
            failures.push(format!("{}: {got:?} vs INDEX {want:?}", e.name));
        }
        if p.objectives.iter().any(|o| o.sense != e.sense) {
            failures.push(format!("{}: sense differs from INDEX {}", e.name, e.sense));
        }
        // The front's header says the sense; each point has one value per N row.
        let front = std::fs::read_to_string(mop.join(format!("{}.front.txt", e.name))).unwrap();
        let header = front
            .lines()
            .find(|l| l.starts_with("# sense "))
            .unwrap_or_else(|| panic!("{}: no `# sense` line", e.name));
        let says = if header.starts_with("# sense MAX") {
            Sense::Max
        } else {
            Sense::Min
        };
        if p.objectives[0].sense != says {
            failures.push(format!("{}: front header `{header}`", e.name));
        }
        let points: Vec<&str> = front.lines().filter(|l| !l.starts_with('#')).collect();
        if points.len() != e.front_points
            || points
                .iter()
                .any(|l| l.split_whitespace().count() != p.objectives.len())
        {
            failures.push(format!("{}: front has {} points", e.name, points.len()));
        }
    }
    let files = std::fs::read_dir(&mop)
        .unwrap()
        .filter(|f| {
            f.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "mop")
        })
        .count();
    println!("{} .mop files, {} INDEX rows", files, index.len());
    assert_eq!(files, index.len(), "every .mop file has an INDEX row");
    assert_eq!(index.len(), 96);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn polyscip_knapsack_without_objsense_minimizes_negated_values() {
    let Some(dir) = instances() else { return };
    for path in [
        "multiobjective/PolySCIP/mobp_2_30_1_knapsack.mop",
        "multiobjective/mop/PolySCIP_mobp_2_30_1_knapsack.mop",
    ] {
        let p = read(&dir.join(path));
        assert_eq!(p.objectives.len(), 2);
        let names: Vec<_> = p.objectives.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["OBJECTIV", "Cost_1"]);
        for o in &p.objectives {
            assert_eq!(o.sense, Sense::Min);
            assert_eq!(o.terms.len(), 30);
            assert!(o.terms.iter().all(|&(_, c)| c < 0.0));
        }
        assert_eq!(p.num_rows(), 1);
        assert!(p.col_upper.iter().all(|&u| u == 1.0));
        // As a plain MPS file only the first N row is an objective.
        let first = ReadOptions {
            objectives: ObjectiveRows::First,
            ..ReadOptions::default()
        };
        let q = mps::read_with(&dir.join(path), &first).unwrap();
        assert_eq!(q.objectives.len(), 1);
        assert_eq!(q.num_rows(), 1);
    }
    // The other PolySCIP files say `OBJSENSE` / ` MIN`, with a trailing blank in two.
    for name in ["AP_p-3_n-5", "assignment_10_4", "tenfelde_podehl"] {
        let p = read(&dir.join(format!("multiobjective/PolySCIP/{name}.mop")));
        assert!(p.objectives.len() >= 3);
        assert!(p.objectives.iter().all(|o| o.sense == Sense::Min));
    }
}

/// `name value` lines; NAME, ENDATA and `=obj=` lines are skipped.
fn read_solution(path: &Path) -> (Vec<(String, f64)>, Option<f64>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut values = Vec::new();
    let mut obj = None;
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            [] => {}
            ["NAME", ..] | ["ENDATA", ..] => {}
            ["=obj=", v] => obj = Some(v.parse().unwrap()),
            [name, v] => values.push((name.to_string(), v.parse().unwrap())),
            _ => panic!("{}: unexpected line `{line}`", path.display()),
        }
    }
    (values, obj)
}

/// Checks bounds, integrality and rows at `x` within `tol`.
fn check_feasible(name: &str, p: &Program, x: &[f64], tol: f64) {
    for (j, &v) in x.iter().enumerate() {
        assert!(
            v >= p.col_lower[j] - tol && v <= p.col_upper[j] + tol,
            "{name}: column {} = {v} outside [{}, {}]",
            p.col_name(j),
            p.col_lower[j],
            p.col_upper[j]
        );
        if p.integer[j] {
            assert!(
                (v - v.round()).abs() <= tol,
                "{name}: {} fractional",
                p.col_name(j)
            );
        }
    }
    for (i, a) in p.row_activities(x).into_iter().enumerate() {
        assert!(
            a >= p.row_lower[i] - tol && a <= p.row_upper[i] + tol,
            "{name}: row {} activity {a} outside [{}, {}]",
            p.row_name(i),
            p.row_lower[i],
            p.row_upper[i]
        );
    }
}

/// The best continuous part for the integer values in `x` (an LP solved
/// with microlp); returns the completed point.
#[cfg(feature = "microlp")]
fn complete_continuous_part(p: &Program, x: &[f64]) -> Vec<f64> {
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    let o = &p.objectives[0];
    let dir = match o.sense {
        Sense::Min => OptimizationDirection::Minimize,
        Sense::Max => OptimizationDirection::Maximize,
    };
    let mut lp = Problem::new(dir);
    let c = o.dense(p.num_cols());
    let vars: Vec<_> = (0..p.num_cols())
        .map(|j| {
            let b = if p.integer[j] {
                (x[j], x[j])
            } else {
                (p.col_lower[j], p.col_upper[j])
            };
            lp.add_var(c[j], b)
        })
        .collect();
    for i in 0..p.num_rows() {
        let expr: Vec<_> = p.row(i).map(|(j, v)| (vars[j], v)).collect();
        let (lo, up) = (p.row_lower[i], p.row_upper[i]);
        if lo == up {
            lp.add_constraint(expr.as_slice(), ComparisonOp::Eq, lo);
            continue;
        }
        if lo.is_finite() {
            lp.add_constraint(expr.as_slice(), ComparisonOp::Ge, lo);
        }
        if up.is_finite() {
            lp.add_constraint(expr.as_slice(), ComparisonOp::Le, up);
        }
    }
    let outcome = lp.solve().expect("LP with the integer part fixed");
    let sol = outcome.solution().expect("an optimal LP solution");
    vars.iter().map(|&v| sol.var_value(v)).collect()
}

#[test]
fn shipped_solutions_are_feasible_and_reach_the_known_optimum() {
    let Some(dir) = instances() else { return };
    let known: HashMap<String, f64> = manifest(&dir)
        .into_iter()
        .filter_map(|e| e.known_optimum.parse().ok().map(|v| (e.path, v)))
        .collect();
    let mut checked = 0;
    for name in [
        "pk1",
        "noswot",
        "mas76",
        "timtab1",
        "markshare_5_0",
        "pp08aCUTS",
    ] {
        let p = read(&dir.join(format!("miplib/{name}.mps")));
        let (values, stated) = read_solution(&dir.join(format!("miplib/{name}.sol")));
        let index: HashMap<String, usize> = (0..p.num_cols()).map(|j| (p.col_name(j), j)).collect();
        let mut x = vec![0.0; p.num_cols()];
        for (n, v) in &values {
            let j = *index
                .get(n)
                .unwrap_or_else(|| panic!("{name}.sol: unknown column {n}"));
            x[j] = *v;
        }
        // pk1, mas76 and pp08aCUTS list the integer columns only: their
        // continuous part is the LP optimum for those integer values.
        let integer_part_only = values.len() == p.num_integers()
            && values.iter().all(|(n, _)| p.integer[index[n]])
            && p.num_integers() < p.num_cols();
        if integer_part_only {
            #[cfg(feature = "microlp")]
            {
                x = complete_continuous_part(&p, &x);
            }
            #[cfg(not(feature = "microlp"))]
            {
                println!(
                    "SKIP {name}: its .sol lists integer columns only and microlp is not built in"
                );
                continue;
            }
        }
        check_feasible(name, &p, &x, 1e-6);
        let value = p.objectives[0].eval(&x);
        let opt = known[&format!("miplib/{name}.mps")];
        assert!(
            (value - opt).abs() <= 1e-6 * opt.abs().max(1.0),
            "{name}: objective at the .sol is {value}, known optimum {opt}"
        );
        if let Some(s) = stated {
            assert!(
                (value - s).abs() <= 1e-6 * s.abs().max(1.0),
                "{name}: =obj= {s} vs {value}"
            );
        }
        let how = if integer_part_only {
            "integer part from the .sol, LP for the rest"
        } else {
            "the .sol as given"
        };
        println!("{name}: objective {value} (optimum {opt}; {how})");
        checked += 1;
    }
    assert!(checked >= 3);
}

fn sanitized(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Writes `p`, reads it back and compares; `Err` describes the first difference.
fn round_trip(p: &Program, label: &str) -> Result<(), String> {
    let mut out = Vec::new();
    mps::write(p, &mut out, &WriteOptions::default()).map_err(|e| e.to_string())?;
    if let Some(dir) = std::env::var_os("ACCORD_MPS_EXPORT_DIR") {
        let path = Path::new(&dir).join(label.replace('/', "__"));
        std::fs::write(path, &out).map_err(|e| e.to_string())?;
    }
    let text = String::from_utf8(out).map_err(|e| e.to_string())?;
    let q =
        mps::parse(&text, Path::new(label), &ReadOptions::default()).map_err(|e| e.to_string())?;
    let same = p.col_lower == q.col_lower
        && p.col_upper == q.col_upper
        && p.integer == q.integer
        && p.row_start == q.row_start
        && p.index == q.index
        && p.value == q.value;
    if !same {
        return Err("columns or matrix differ".into());
    }
    for i in 0..p.num_rows() {
        if !close(p.row_lower[i], q.row_lower[i]) || !close(p.row_upper[i], q.row_upper[i]) {
            return Err(format!(
                "row {i}: [{}, {}] became [{}, {}]",
                p.row_lower[i], p.row_upper[i], q.row_lower[i], q.row_upper[i]
            ));
        }
        if sanitized(&p.row_name(i)) != q.row_name(i) {
            return Err(format!(
                "row name {} became {}",
                p.row_name(i),
                q.row_name(i)
            ));
        }
    }
    for j in 0..p.num_cols() {
        if sanitized(&p.col_name(j)) != q.col_name(j) {
            return Err(format!(
                "column name {} became {}",
                p.col_name(j),
                q.col_name(j)
            ));
        }
    }
    if p.objectives.len() != q.objectives.len() {
        return Err("objective count differs".into());
    }
    for (a, b) in p.objectives.iter().zip(&q.objectives) {
        if (a.sense, &a.terms, a.constant) != (b.sense, &b.terms, b.constant)
            || sanitized(&a.name) != b.name
        {
            return Err(format!("objective {} differs", a.name));
        }
    }
    Ok(())
}

#[test]
fn every_instance_survives_write_then_read() {
    let Some(dir) = instances() else { return };
    let mut labels: Vec<String> = mps_entries(&dir).into_iter().map(|e| e.path).collect();
    labels.extend(
        mop_index(&dir)
            .into_iter()
            .map(|e| format!("multiobjective/mop/{}.mop", e.name)),
    );
    let mut failures = Vec::new();
    for label in &labels {
        let p = read(&dir.join(label));
        if let Err(e) = round_trip(&p, label) {
            failures.push(format!("{label}: {e}"));
        }
    }
    println!("{} programs written and read back", labels.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
