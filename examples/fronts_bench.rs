//! Prints a table of exact fronts on the shared `.mop` instances: points
//! (and whether they equal the known front), subproblems, solves per point,
//! wall and solver seconds.
//!
//! ```text
//! cargo run --release --features highs --example fronts_bench -- [--backend ID] [--method ID] [NAME_PREFIX ...]
//! ```
//!
//! Without prefixes: the 12 `Modolib_BOKP_*` (2 objectives) and the 3-objective
//! `Kirlik_KP_p-3_*` and `Kirlik_AP_p-3_*`. The method defaults to `epsilon`
//! (exact for any number of objectives: it hands 3+ to `tamby`).

use std::path::{Path, PathBuf};

use accord::backend;
use accord::moo::{self, FrontOptions};
use accord::mps;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut backend_id = "auto".to_string();
    let mut method_id = "epsilon".to_string();
    let mut prefixes = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--backend" => backend_id = args.next().ok_or("--backend needs an id")?,
            "--method" => method_id = args.next().ok_or("--method needs an id")?,
            _ => prefixes.push(a),
        }
    }
    if prefixes.is_empty() {
        prefixes = vec![
            "Modolib_BOKP_".into(),
            "Kirlik_KP_p-3_".into(),
            "Kirlik_AP_p-3_".into(),
        ];
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/multiobjective/mop");
    if !dir.is_dir() {
        println!("SKIP: {} not found", dir.display());
        return Ok(());
    }
    let backend = backend::by_name(&backend_id)?;
    let method = moo::method(&method_id)?;
    println!(
        "backend {} {}, method {}",
        backend.id(),
        backend.version(),
        method.id()
    );
    println!(
        "{:<34} {:>2} {:>6} {:>5} {:>6} {:>8} {:>9} {:>9}",
        "instance", "p", "points", "known", "solves", "solves/pt", "wall_s", "solver_s"
    );
    for prefix in &prefixes {
        let mut names: Vec<String> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.strip_suffix(".mop").map(str::to_owned)
            })
            .filter(|n| n.starts_with(prefix.as_str()))
            .collect();
        names.sort_by_key(|n| natural_key(n));
        let (mut pts, mut solves, mut wall, mut solver) = (0usize, 0usize, 0.0, 0.0);
        for name in &names {
            let path: PathBuf = dir.join(format!("{name}.mop"));
            let program = mps::read(&path)?;
            let objectives: Vec<String> =
                program.objectives.iter().map(|o| o.name.clone()).collect();
            let known = read_front(&dir.join(format!("{name}.front.txt")))?;
            let mut pb = moo::MooProblem::new(
                backend.as_ref(),
                &program,
                &objectives,
                None,
                FrontOptions::default(),
            )?;
            let front = method.run(&mut pb)?;
            let found: Vec<Vec<f64>> = front.points.iter().map(|p| p.values.clone()).collect();
            let same = same_set(&found, &known, 1e-6);
            println!(
                "{:<34} {:>2} {:>6} {:>5} {:>6} {:>8.2} {:>9.3} {:>9.3}{}",
                name,
                objectives.len(),
                found.len(),
                known.len(),
                front.subproblems,
                front.solves_per_point(),
                front.wall_seconds,
                front.solver_seconds,
                if same { "" } else { "  FRONT DIFFERS" }
            );
            pts += found.len();
            solves += front.subproblems;
            wall += front.wall_seconds;
            solver += front.solver_seconds;
        }
        if !names.is_empty() {
            println!(
                "{:<34} {:>2} {:>6} {:>5} {:>6} {:>8.3} {:>9.3} {:>9.3}",
                format!("TOTAL {prefix}* ({})", names.len()),
                "",
                pts,
                "",
                solves,
                solves as f64 / pts as f64,
                wall,
                solver
            );
        }
    }
    Ok(())
}

/// Sorts `x_p-3_n-10_ins-2` before `x_p-3_n-10_ins-10`.
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            if !num.is_empty() {
                out.push((std::mem::take(&mut text), num.parse().unwrap_or(0)));
                num.clear();
            }
            text.push(c);
        }
    }
    out.push((text, num.parse().unwrap_or(0)));
    out
}

/// A `NAME.front.txt`: one point per line, `#` lines are comments.
fn read_front(path: &Path) -> Result<Vec<Vec<f64>>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(
            line.split_whitespace()
                .map(|v| v.parse::<f64>())
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(out)
}

fn same_set(a: &[Vec<f64>], b: &[Vec<f64>], tol: f64) -> bool {
    let close = |x: &Vec<f64>, y: &Vec<f64>| x.iter().zip(y).all(|(p, q)| (p - q).abs() <= tol);
    a.len() == b.len()
        && a.iter().all(|x| b.iter().any(|y| close(x, y)))
        && b.iter().all(|y| a.iter().any(|x| close(x, y)))
}
