//! CPLEX LP format writer, so that any program accord solves can be handed to
//! another solver. Names keep their meaning (`fund(eu,termez_power)`): the
//! characters the LP format forbids (`[`, `]`, spaces and a few others) are
//! replaced (`[` -> `(`, `]` -> `)`, others -> `_`), and names made unique.
//! A row with both bounds finite and different becomes two rows, `NAME_lo`
//! and `NAME_hi`; an equality stays one row.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::program::{Objective, Program, Sense};
use crate::{Error, Result};

fn clean(name: &str, used: &mut HashSet<String>) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            c if c.is_ascii_alphanumeric() || "!\"#$%&()/,.;?@_`'{}|~".contains(c) => c,
            _ => '_',
        })
        .collect();
    if s.is_empty()
        || s.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        || s.starts_with(['e', 'E']) && s[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        s.insert(0, '_');
    }
    let mut out = s.clone();
    let mut k = 1;
    while !used.insert(out.clone()) {
        k += 1;
        out = format!("{s}_{k}");
    }
    out
}

fn num(v: f64) -> String {
    format!("{v}")
}

fn terms(out: &mut String, terms: impl Iterator<Item = (String, f64)>) {
    let mut n = 0;
    for (name, v) in terms {
        if v == 0.0 {
            continue;
        }
        if n > 0 && n % 8 == 0 {
            out.push_str("\n   ");
        }
        let sign = if v < 0.0 { "-" } else { "+" };
        if n == 0 && v > 0.0 {
            let _ = write!(out, " {} {name}", num(v));
        } else {
            let _ = write!(out, " {sign} {} {name}", num(v.abs()));
        }
        n += 1;
    }
    if n == 0 {
        out.push_str(" 0");
    }
}

/// The program as CPLEX LP text, for `objective`.
pub fn to_lp(program: &Program, objective: &Objective) -> Result<String> {
    let mut used = HashSet::new();
    let cols: Vec<String> = (0..program.num_cols())
        .map(|j| clean(&program.col_name(j), &mut used))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\\ accord export: {} (objective {})",
        program.name, objective.name
    );
    let _ = writeln!(
        out,
        "{}",
        match objective.sense {
            Sense::Min => "Minimize",
            Sense::Max => "Maximize",
        }
    );
    let mut used_rows = HashSet::new();
    out.push_str(&format!(" {}:", clean(&objective.name, &mut used_rows)));
    let mut obj_terms: Vec<(String, f64)> = objective
        .terms
        .iter()
        .map(|&(j, v)| (cols[j].clone(), v))
        .collect();
    if objective.terms.is_empty() && objective.constant == 0.0 && !cols.is_empty() {
        obj_terms.push((cols[0].clone(), 0.0));
    }
    terms(&mut out, obj_terms.into_iter());
    if objective.constant != 0.0 {
        let _ = write!(
            out,
            " {} {}",
            if objective.constant < 0.0 { "-" } else { "+" },
            num(objective.constant.abs())
        );
    }
    out.push_str("\nSubject To\n");
    for i in 0..program.num_rows() {
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        if lo > up || lo.is_nan() || up.is_nan() {
            return Err(Error::Usage(format!(
                "row `{}` has bounds [{lo}, {up}]: not a row the LP format can state",
                program.row_name(i)
            )));
        }
        let name = clean(&program.row_name(i), &mut used_rows);
        let row = |out: &mut String, label: &str, op: &str, rhs: f64| {
            let _ = write!(out, " {label}:");
            terms(out, program.row(i).map(|(j, v)| (cols[j].clone(), v)));
            let _ = writeln!(out, " {op} {}", num(rhs));
        };
        match (lo.is_finite(), up.is_finite()) {
            _ if lo == up => row(&mut out, &name, "=", lo),
            (true, true) => {
                row(&mut out, &format!("{name}_lo"), ">=", lo);
                row(&mut out, &format!("{name}_hi"), "<=", up);
            }
            (true, false) => row(&mut out, &name, ">=", lo),
            (false, true) => row(&mut out, &name, "<=", up),
            (false, false) => {} // a free row constrains nothing
        }
    }
    out.push_str("Bounds\n");
    let mut general = Vec::new();
    let mut binary = Vec::new();
    for (j, c) in cols.iter().enumerate() {
        let (lo, up) = (program.col_lower[j], program.col_upper[j]);
        if program.integer[j] && lo == 0.0 && up == 1.0 {
            binary.push(c.clone());
            continue;
        }
        if program.integer[j] {
            general.push(c.clone());
        }
        match (lo.is_finite(), up.is_finite()) {
            (false, false) => {
                let _ = writeln!(out, " {c} free");
            }
            (true, true) if lo == up => {
                let _ = writeln!(out, " {c} = {}", num(lo));
            }
            (true, true) => {
                let _ = writeln!(out, " {} <= {c} <= {}", num(lo), num(up));
            }
            (true, false) => {
                if lo != 0.0 {
                    let _ = writeln!(out, " {c} >= {}", num(lo));
                }
            }
            (false, true) => {
                let _ = writeln!(out, " -inf <= {c} <= {}", num(up));
            }
        }
    }
    for (title, list) in [("General", general), ("Binary", binary)] {
        if !list.is_empty() {
            let _ = writeln!(out, "{title}");
            for chunk in list.chunks(8) {
                let _ = writeln!(out, " {}", chunk.join(" "));
            }
        }
    }
    out.push_str("End\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::StoredNames;
    use std::sync::Arc;

    #[test]
    fn writes_every_section() {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 1.0, true);
        let y = p.add_col(-2.0, 5.0, true);
        let z = p.add_col(f64::NEG_INFINITY, f64::INFINITY, false);
        p.add_row(1.0, 3.0, &[(x, 1.0), (y, -2.0)]);
        p.add_row(2.0, 2.0, &[(z, 1.0)]);
        p.names = Arc::new(StoredNames {
            cols: vec!["fund[eu,road]".into(), "1y".into(), "z z".into()],
            rows: vec!["budget[eu]".into(), "eq".into()],
        });
        let o = Objective {
            name: "stability".into(),
            sense: Sense::Max,
            terms: vec![(x, 3.0), (z, -1.5)],
            constant: 2.0,
        };
        let lp = to_lp(&p, &o).unwrap();
        assert!(
            lp.contains("Maximize\n stability: 3 fund(eu,road) - 1.5 z_z + 2\n"),
            "{lp}"
        );
        assert!(
            lp.contains(" budget(eu)_lo: 1 fund(eu,road) - 2 _1y >= 1\n"),
            "{lp}"
        );
        assert!(
            lp.contains(" budget(eu)_hi: 1 fund(eu,road) - 2 _1y <= 3\n"),
            "{lp}"
        );
        assert!(lp.contains(" eq: 1 z_z = 2\n"), "{lp}");
        assert!(lp.contains(" z_z free\n"), "{lp}");
        assert!(lp.contains(" -2 <= _1y <= 5\n"), "{lp}");
        assert!(
            lp.contains("General\n _1y\nBinary\n fund(eu,road)\nEnd\n"),
            "{lp}"
        );
    }
}
