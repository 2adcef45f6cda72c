//! `--grid` sweeps: one or two parameters over a range of values, without a
//! scenarios file.
//!
//! ```text
//! TABLE.KEY.COLUMN=VALUES     set the cell to each value
//! TABLE.KEY.COLUMN*=VALUES    scale the cell by each factor
//! TABLE.KEY.COLUMN+=VALUES    add each value to the cell
//! options.NAME[.OBJECTIVE]=VALUES   a numeric solve option (weight, abs_tol, rel_tol, time_limit, mip_gap)
//! VALUES = FROM:TO:STEP (inclusive; STEP > 0) | V1,V2,...
//! ```
//!
//! `actors.eu.budget*=0.5:1.5:0.25` scales the EU's budget by 0.5, 0.75,
//! 1, 1.25 and 1.5; `interests.eu/frontier_closure.max_funding=0:100:25`
//! sets a pair's cap. Two `--grid` options give every combination (the
//! first one varies slowest).

use serde::Serialize;

use super::{grid_edit, Op, Scenario};
use crate::domain::Instance;
use crate::error::{Diagnostic, Diagnostics, Error, Result};

/// The most points one axis may have.
pub const MAX_POINTS: usize = 100_000;

/// One parameter of a grid sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridAxis {
    /// The spec as given.
    pub spec: String,
    /// `TABLE.KEY.COLUMN` (or `options.NAME[.OBJECTIVE]`), the axis label.
    pub parameter: String,
    /// Table name.
    pub table: String,
    /// Row key (option name for options).
    pub key: String,
    /// Column (objective for per-objective options; may be empty).
    pub column: String,
    /// set, scale or add.
    #[serde(serialize_with = "op_name")]
    pub op: Op,
    /// The values, in order.
    pub values: Vec<f64>,
}

fn op_name<S: serde::Serializer>(op: &Op, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(op.as_str())
}

impl GridAxis {
    /// The operator as written in specs and scenario ids.
    pub fn op_symbol(&self) -> &'static str {
        match self.op {
            Op::Scale => "*=",
            Op::Add => "+=",
            _ => "=",
        }
    }

    /// Parses one `--grid` spec.
    ///
    /// ```
    /// use accord::scenario::GridAxis;
    /// let a = GridAxis::parse("actors.eu.budget*=0.5:1.5:0.25").unwrap();
    /// assert_eq!(a.values, [0.5, 0.75, 1.0, 1.25, 1.5]);
    /// assert_eq!((a.table.as_str(), a.key.as_str(), a.column.as_str()), ("actors", "eu", "budget"));
    /// let b = GridAxis::parse("options.weight.cost=0,0.01,0.1").unwrap();
    /// assert_eq!((b.key.as_str(), b.column.as_str(), b.values.len()), ("weight", "cost", 3));
    /// assert!(GridAxis::parse("actors.eu.budget=1:0:1").is_err());
    /// ```
    pub fn parse(spec: &str) -> std::result::Result<GridAxis, String> {
        let usage = "expected TABLE.KEY.COLUMN=VALUES (or *= to scale, += to add) with VALUES FROM:TO:STEP or V1,V2,...";
        let (lhs, op, rhs) = if let Some((l, r)) = spec.split_once("*=") {
            (l, Op::Scale, r)
        } else if let Some((l, r)) = spec.split_once("+=") {
            (l, Op::Add, r)
        } else if let Some((l, r)) = spec.split_once('=') {
            (l, Op::Set, r)
        } else {
            return Err(usage.to_string());
        };
        let lhs = lhs.trim();
        let Some((table, rest)) = lhs.split_once('.') else {
            return Err(usage.to_string());
        };
        let (key, column) = if table == "options" {
            match rest.split_once('.') {
                Some((k, c)) => (k, c),
                None => (rest, ""),
            }
        } else {
            match rest.rsplit_once('.') {
                Some((k, c)) => (k, c),
                None => return Err(usage.to_string()),
            }
        };
        let values = parse_values(rhs.trim())?;
        Ok(GridAxis {
            spec: spec.to_string(),
            parameter: lhs.to_string(),
            table: table.to_string(),
            key: key.to_string(),
            column: column.to_string(),
            op,
            values,
        })
    }

    /// The name of one point on this axis (`actors.eu.budget*=0.75`).
    pub fn point_name(&self, v: f64) -> String {
        format!("{}{}{}", self.parameter, self.op_symbol(), v)
    }
}

fn parse_values(s: &str) -> std::result::Result<Vec<f64>, String> {
    let num = |t: &str| -> std::result::Result<f64, String> {
        crate::input::parse::parse_number(t.trim())
            .ok_or_else(|| format!("expected a number, found {:?}", t.trim()))
    };
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        let [from, to, step] = parts.as_slice() else {
            return Err(format!("expected FROM:TO:STEP, found {s:?}"));
        };
        let (from, to, step) = (num(from)?, num(to)?, num(step)?);
        if step <= 0.0 {
            return Err(format!("STEP must be > 0, found {step}"));
        }
        if to < from {
            return Err(format!("TO ({to}) must be at least FROM ({from})"));
        }
        let n = ((to - from) / step + 1e-9).floor() + 1.0;
        if n > MAX_POINTS as f64 {
            return Err(format!("{n} points: at most {MAX_POINTS} per axis"));
        }
        // Each point from FROM and its index, rounded to 12 significant
        // digits so that 0.1 steps give 0.3, not 0.30000000000000004.
        Ok((0..n as usize)
            .map(|i| round12(from + i as f64 * step))
            .collect())
    } else {
        let values = s
            .split(',')
            .map(num)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for (i, v) in values.iter().enumerate() {
            if values[..i].contains(v) {
                return Err(format!("value {v} is listed twice"));
            }
        }
        Ok(values)
    }
}

fn round12(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let digits = 12 - v.abs().log10().ceil() as i32;
    let f = 10f64.powi(digits);
    let r = (v * f).round() / f;
    if r.is_finite() {
        r + 0.0
    } else {
        v
    }
}

/// The scenarios of a grid over one or two axes: every combination, the
/// first axis varying slowest. Each point is checked against `inst` (every
/// problem is reported at once, located at `--grid SPEC`); `objectives` are
/// the sweep's own, as for [`super::load`].
pub fn grid_scenarios(
    axes: &[GridAxis],
    inst: &Instance,
    objectives: &[String],
) -> Result<Vec<Scenario>> {
    let mut diags = Diagnostics::default();
    if axes.len() > 2 {
        diags.push(Diagnostic::at(
            "--grid",
            None,
            None,
            format!(
                "expected at most 2 --grid options (one line per value of the second), found {}",
                axes.len()
            ),
        ));
        return Err(Error::Invalid(diags));
    }
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                axis.values.iter().map(move |&v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                })
            })
            .collect();
    }
    if axes.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(points.len());
    for point in points {
        let mut edits = Vec::new();
        let mut names = Vec::new();
        let mut options = Vec::new();
        for (axis, &v) in axes.iter().zip(&point) {
            names.push(axis.point_name(v));
            match grid_edit(
                &axis.spec,
                &axis.table,
                &axis.key,
                &axis.column,
                axis.op,
                v,
                inst,
            ) {
                Ok(e) => {
                    if e.target == super::Target::Options {
                        options.push(e);
                    } else {
                        edits.push(e);
                    }
                }
                Err(d) => {
                    // The same problem would repeat at every point of the axis.
                    for x in d.0 {
                        if !diags.0.contains(&x) {
                            diags.push(x);
                        }
                    }
                }
            }
        }
        let mut s = Scenario {
            id: names.join(","),
            line: None,
            note: String::new(),
            edits: options.into_iter().chain(edits).collect(),
            options: Default::default(),
            grid: Some(point),
        };
        super::check_scenario(&mut s, inst, objectives, &mut diags);
        out.push(s);
    }
    diags.0.dedup();
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(diags))
    }
}
