//! The MPS writer: free format, one line per matrix entry.

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{WriteObjectives, WriteOptions};
use crate::error::{Error, Result};
use crate::program::{Objective, Program};

/// Writes `program` as free-format MPS: one N row per written objective (a
/// PolySCIP `.mop` file when there are several), integer columns between
/// MARKER lines with explicit bounds, the objective constant as `-RHS` of
/// its N row, and RANGES for rows with two different finite bounds.
///
/// Spaces in names become `_`; names are made unique by a `_2`, `_3`, ...
/// suffix where needed. Fails when the written objectives have different
/// senses (one OBJSENSE applies to all of them), when
/// [`WriteObjectives::Only`] is out of range, or when a row has
/// `lower > upper`, which MPS cannot express.
pub fn write(program: &Program, w: impl Write, options: &WriteOptions) -> Result<()> {
    let objectives = select(program, options)?;
    check_rows(program)?;
    write_mps(program, &objectives, w).map_err(|e| Error::io("<MPS output>", e))
}

/// Writes the MPS file atomically: a temporary file in the same folder is
/// renamed over `path` once complete.
pub fn write_file(program: &Program, path: &Path, options: &WriteOptions) -> Result<()> {
    let objectives = select(program, options)?;
    check_rows(program)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    write_mps(program, &objectives, tmp.as_file()).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn select<'p>(program: &'p Program, options: &WriteOptions) -> Result<Vec<&'p Objective>> {
    let objectives: Vec<&Objective> = match options.objectives {
        WriteObjectives::All => program.objectives.iter().collect(),
        WriteObjectives::Only(k) => match program.objectives.get(k) {
            Some(o) => vec![o],
            None => {
                return Err(Error::Usage(format!(
                    "cannot write objective {k} of program `{}`: it has {} objective(s)",
                    program.name,
                    program.objectives.len()
                )))
            }
        },
    };
    if let Some(first) = objectives.first() {
        if let Some(other) = objectives.iter().find(|o| o.sense != first.sense) {
            return Err(Error::Usage(format!(
                "cannot write program `{}` as one MPS/.mop file: objective `{}` is {} but `{}` \
                 is {}, and one OBJSENSE applies to all N rows; write the objectives one at a \
                 time (WriteObjectives::Only) or negate some of them first",
                program.name, first.name, first.sense, other.name, other.sense
            )));
        }
    }
    Ok(objectives)
}

fn check_rows(program: &Program) -> Result<()> {
    for i in 0..program.num_rows() {
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        if lo > up || lo.is_nan() || up.is_nan() {
            return Err(Error::Usage(format!(
                "cannot write program `{}` as MPS: row {i} (`{}`) has bounds [{lo}, {up}], \
                 which no MPS row type can express",
                program.name,
                program.row_name(i)
            )));
        }
    }
    Ok(())
}

/// A name usable in a free-format MPS file and not yet in `used`.
fn unique_name(raw: &str, fallback: impl FnOnce() -> String, used: &mut HashSet<String>) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    if name.is_empty() {
        name = fallback();
    }
    // `'MARKER'` as a row name would make an entry look like a marker line.
    if name == "'MARKER'" {
        name.insert(0, '_');
    }
    if used.contains(&name) {
        let base = name;
        let mut k = 2;
        loop {
            let candidate = format!("{base}_{k}");
            if !used.contains(&candidate) {
                name = candidate;
                break;
            }
            k += 1;
        }
    }
    used.insert(name.clone());
    name
}

/// Shortest text (plain or with exponent) that reads back as the same `f64`; infinities as `±1e30`,
/// which the reader maps back to infinity.
pub(super) fn num(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "1e30" } else { "-1e30" }.to_owned();
    }
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let (plain, exp) = (format!("{v}"), format!("{v:e}"));
    if exp.len() < plain.len() {
        exp
    } else {
        plain
    }
}

fn write_mps<W: Write>(program: &Program, objectives: &[&Objective], w: W) -> io::Result<()> {
    let mut w = BufWriter::new(w);
    let n = program.num_cols();
    let m = program.num_rows();

    // Names.
    let mut used = HashSet::new();
    let mut n_names: Vec<String> = objectives
        .iter()
        .enumerate()
        .map(|(k, o)| unique_name(&o.name, || format!("OBJ{}", k + 1), &mut used))
        .collect();
    let row_names: Vec<String> = (0..m)
        .map(|i| unique_name(&program.row_name(i), || format!("R{i}"), &mut used))
        .collect();
    let mut used_cols = HashSet::new();
    let col_names: Vec<String> = (0..n)
        .map(|j| unique_name(&program.col_name(j), || format!("C{j}"), &mut used_cols))
        .collect();
    // Every column must appear in COLUMNS; without any row to put an empty
    // column's placeholder entry in, an (empty) N row is added.
    let mut placeholder_n = false;
    if n_names.is_empty() && m == 0 && n > 0 {
        n_names.push(unique_name("OBJ", String::new, &mut used));
        placeholder_n = true;
    }

    let model_name = unique_name(&program.name, || "MODEL".to_owned(), &mut HashSet::new());
    writeln!(w, "* written by accord {}", env!("CARGO_PKG_VERSION"))?;
    if placeholder_n {
        writeln!(
            w,
            "* {} has no objective: {} is an empty N row",
            program.name, n_names[0]
        )?;
    }
    writeln!(w, "NAME          {model_name}")?;
    if let Some(first) = objectives.first() {
        writeln!(w, "OBJSENSE")?;
        writeln!(w, "    {}", first.sense.as_str().to_ascii_uppercase())?;
    }

    writeln!(w, "ROWS")?;
    for name in &n_names {
        writeln!(w, " N  {name}")?;
    }
    for (i, name) in row_names.iter().enumerate() {
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        let kind = if lo == up {
            'E'
        } else if lo == f64::NEG_INFINITY {
            'L'
        } else {
            'G'
        };
        writeln!(w, " {kind}  {name}")?;
    }

    writeln!(w, "COLUMNS")?;
    let dense: Vec<Vec<f64>> = objectives.iter().map(|o| o.dense(n)).collect();
    let (start, rows, vals) = program.to_csc();
    let mut in_int = false;
    for j in 0..n {
        let integer = program.integer[j];
        if integer != in_int {
            let kind = if integer { "INTORG" } else { "INTEND" };
            writeln!(w, "    MARKER    'MARKER'    '{kind}'")?;
            in_int = integer;
        }
        let col = &col_names[j];
        let mut wrote = false;
        for (k, c) in dense.iter().enumerate() {
            if c[j] != 0.0 {
                writeln!(w, "    {col:<8}  {:<8}  {}", n_names[k], num(c[j]))?;
                wrote = true;
            }
        }
        // Entries of one column are in row order; repeated ones are summed.
        let mut e = start[j];
        while e < start[j + 1] {
            let (i, mut v) = (rows[e], vals[e]);
            e += 1;
            while e < start[j + 1] && rows[e] == i {
                v += vals[e];
                e += 1;
            }
            if v != 0.0 {
                writeln!(w, "    {col:<8}  {:<8}  {}", row_names[i], num(v))?;
                wrote = true;
            }
        }
        if !wrote {
            let row = n_names.first().or(row_names.first());
            if let Some(row) = row {
                writeln!(w, "    {col:<8}  {row:<8}  0")?;
            }
        }
    }
    if in_int {
        writeln!(w, "    MARKER    'MARKER'    'INTEND'")?;
    }

    writeln!(w, "RHS")?;
    for (k, o) in objectives.iter().enumerate() {
        if o.constant != 0.0 {
            writeln!(w, "    RHS       {:<8}  {}", n_names[k], num(-o.constant))?;
        }
    }
    let mut ranged = Vec::new();
    for (i, name) in row_names.iter().enumerate() {
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        // Same choice of row type as in ROWS.
        let rhs = if lo == up || lo == f64::NEG_INFINITY {
            up
        } else {
            lo
        };
        if lo != up && lo.is_finite() && up.is_finite() {
            ranged.push(i);
        }
        // A free row is an L row with RHS +inf (written as 1e30).
        if rhs != 0.0 {
            writeln!(w, "    RHS       {name:<8}  {}", num(rhs))?;
        }
    }
    if !ranged.is_empty() {
        writeln!(w, "RANGES")?;
        for &i in &ranged {
            let r = program.row_upper[i] - program.row_lower[i];
            writeln!(w, "    RNG       {:<8}  {}", row_names[i], num(r))?;
        }
    }

    let mut header = false;
    let mut bound =
        |w: &mut BufWriter<W>, kind: &str, j: usize, v: Option<f64>| -> io::Result<()> {
            if !header {
                writeln!(w, "BOUNDS")?;
                header = true;
            }
            match v {
                Some(v) => writeln!(w, " {kind} BND       {:<8}  {}", col_names[j], num(v)),
                None => writeln!(w, " {kind} BND       {}", col_names[j]),
            }
        };
    for j in 0..n {
        let (lo, up, integer) = (
            program.col_lower[j],
            program.col_upper[j],
            program.integer[j],
        );
        if lo == up && lo.is_finite() {
            bound(&mut w, "FX", j, Some(lo))?;
        } else if lo == f64::NEG_INFINITY {
            if up == f64::INFINITY {
                bound(&mut w, "FR", j, None)?;
            } else {
                bound(&mut w, "MI", j, None)?;
                bound(&mut w, "UP", j, Some(up))?;
            }
        } else {
            // LO comes first whenever it matters: a non-default value, an
            // integer column (no bound record would mean binary), or a
            // negative UP (alone, it would set the lower bound to -inf).
            if lo != 0.0 || integer || up < 0.0 {
                bound(&mut w, "LO", j, Some(lo))?;
            }
            if up != f64::INFINITY {
                bound(&mut w, "UP", j, Some(up))?;
            }
        }
    }
    writeln!(w, "ENDATA")?;
    w.flush()
}
