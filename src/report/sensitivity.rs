//! The planner's view of `accord sensitivity`: what +/- delta of each
//! budget and personnel does (re-solved), how far each can move with the
//! same projects, the local prices, the binding rules; parameters.csv; the
//! staircase chart of `--curve` with its data.

use std::fmt::Write as _;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{bold, draw_error, font, styled, with_title, BLUE, GRIDLINE, INK, MUTED};
use super::num;
use super::text::{Align, Table};
use crate::sensitivity::answer::{Effect, Sensitivity};
use crate::Result;

pub(super) fn change(e: &Effect) -> String {
    let Some(c) = e.change else {
        return format!("no plan ({})", e.status);
    };
    let mut s = if c.abs() < 1e-9 {
        "0".to_string()
    } else {
        format!("{}{}", if c > 0.0 { "+" } else { "" }, num(c))
    };
    let moved: Vec<String> = e
        .projects_in
        .iter()
        .map(|p| format!("+{p}"))
        .chain(e.projects_out.iter().map(|p| format!("-{p}")))
        .collect();
    if !moved.is_empty() {
        let _ = write!(s, " ({})", moved.join(" "));
    }
    s
}

/// The table a planner reads.
pub fn table(s: &Sensitivity) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "accord sensitivity: model {} | objective {} ({}) = {} | backend {} | {} solves{} | wall {:.2} s",
        s.model,
        s.objective,
        s.sense.as_str(),
        num(s.base),
        s.backend,
        s.solves,
        {
            let notes: Vec<String> = [(s.rebuilt, "rebuilt"), (s.resumed, "resumed")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            }
        },
        s.seconds
    );
    let _ = writeln!(
        out,
        "plan: {} projects go ahead ({})",
        s.base_projects.len(),
        s.base_projects.join(", ")
    );
    let _ = writeln!(
        out,
        "\nEach parameter re-solved at +delta and -delta (exact), how far it can move with the same projects, and its local price"
    );
    let mut t = Table::new(&[
        ("parameter", Align::Left),
        ("value", Align::Right),
        ("+delta", Align::Right),
        ("exact effect of +delta", Align::Left),
        ("exact effect of -delta", Align::Left),
        ("same projects within", Align::Left),
        ("local price", Align::Right),
        ("price holds for", Align::Left),
    ])
    .indent(2)
    .max_width(3, 48)
    .max_width(4, 48);
    for p in &s.parameters {
        let interval = p.interval.as_ref().map_or("-".into(), |i| {
            format!(
                "[{}, {}]",
                num(i.lo),
                i.hi.map_or_else(|| format!(">= {}", num(i.ceiling)), num)
            )
        });
        t.row([
            format!("{}.{}", p.actor, p.param.as_str()),
            num(p.value),
            num(p.plus.delta),
            change(&p.plus),
            change(&p.minus),
            interval,
            p.dual.map_or("-".into(), num),
            p.dual_range.map_or("-".into(), |r| r.text(num)),
        ]);
    }
    out.push_str(&t.render());
    let _ = writeln!(out, "  local prices: {}", s.duals);
    if let Some(v) = s.dual_violation {
        let _ = writeln!(
            out,
            "  dual feasibility of those prices: largest violation {v:.1e}"
        );
    }
    if !s.binding.is_empty() {
        let _ = writeln!(out, "\nRules that bind in the plan");
        let mut t = Table::new(&[
            ("rule", Align::Left),
            ("where", Align::Left),
            ("local price", Align::Right),
            ("what it says", Align::Left),
        ])
        .indent(2);
        for b in &s.binding {
            t.row([
                b.rule.clone(),
                b.place.clone().unwrap_or_else(|| "-".into()),
                b.price.map_or("-".into(), num),
                b.text.clone(),
            ]);
        }
        out.push_str(&t.render());
    }
    out
}

/// parameters.csv: one row per parameter.
pub fn parameters_csv(s: &Sensitivity) -> Result<String> {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    super::csv_records(
        &[
            "actor",
            "param",
            "value",
            "plus_delta",
            "plus_objective",
            "plus_change",
            "plus_in",
            "plus_out",
            "minus_delta",
            "minus_objective",
            "minus_change",
            "minus_in",
            "minus_out",
            "interval_lo",
            "interval_hi",
            "ceiling",
            "precision",
            "dual",
            "dual_lo",
            "dual_hi",
        ],
        s.parameters.iter().map(|p| {
            let i = p.interval.as_ref();
            vec![
                p.actor.clone(),
                p.param.as_str().into(),
                format!("{}", p.value),
                format!("{}", p.plus.delta),
                f(p.plus.objective),
                f(p.plus.change),
                p.plus.projects_in.join(";"),
                p.plus.projects_out.join(";"),
                format!("{}", p.minus.delta),
                f(p.minus.objective),
                f(p.minus.change),
                p.minus.projects_in.join(";"),
                p.minus.projects_out.join(";"),
                f(i.map(|i| i.lo)),
                f(i.and_then(|i| i.hi)),
                f(i.map(|i| i.ceiling)),
                f(i.map(|i| i.precision)),
                f(p.dual),
                f(p.dual_range.and_then(|r| r.lo)),
                f(p.dual_range.and_then(|r| r.hi)),
            ]
        }),
    )
}

/// The staircase of `--curve` as SVG and CSV: the exact optimum against the
/// parameter, a step at each breakpoint found.
pub fn curve_chart(
    label: &str,
    objective: &str,
    base: f64,
    points: &[(f64, Option<f64>)],
) -> Result<(String, String)> {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let csv = super::csv_records(
        &[label, objective],
        points.iter().map(|(x, y)| vec![format!("{x}"), f(*y)]),
    )?;
    let err = draw_error("staircase");
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|(x, y)| y.map(|y| (*x, y)))
        .collect();
    let (x0, x1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (y0, y1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let pad = ((y1 - y0) * 0.08).max(1e-6 * y1.abs().max(1.0));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(Box::new(e)))?;
        let title = format!("{objective} as {label} changes (exact re-solves)");
        root.draw_text(
            &title,
            &styled(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24, 16),
        )
        .map_err(|e| err(Box::new(e)))?;
        root.draw_text(
            &format!(
                "step at each breakpoint found by bisection; grey line: the data's value {}",
                num(base)
            ),
            &styled(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24, 44),
        )
        .map_err(|e| err(Box::new(e)))?;
        let area = root.margin(80, 30, 30, 30);
        if pts.is_empty() || x1 <= x0 {
            root.present().map_err(|e| err(Box::new(e)))?;
        } else {
            let mut chart = ChartBuilder::on(&area)
                .x_label_area_size(40)
                .y_label_area_size(70)
                .build_cartesian_2d(x0..x1, (y0 - pad)..(y1 + pad))
                .map_err(|e| err(Box::new(e)))?;
            chart
                .configure_mesh()
                .light_line_style(GRIDLINE)
                .bold_line_style(GRIDLINE)
                .x_desc(label)
                .y_desc(objective)
                .label_style(font(12.0))
                .draw()
                .map_err(|e| err(Box::new(e)))?;
            let mut steps = Vec::new();
            for w in pts.windows(2) {
                steps.push(w[0]);
                steps.push((w[1].0, w[0].1));
            }
            steps.extend(pts.last());
            chart
                .draw_series(std::iter::once(PathElement::new(
                    steps,
                    BLUE.stroke_width(2),
                )))
                .map_err(|e| err(Box::new(e)))?;
            if (x0..=x1).contains(&base) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(base, y0 - pad), (base, y1 + pad)],
                        MUTED.stroke_width(1),
                    )))
                    .map_err(|e| err(Box::new(e)))?;
            }
            root.present().map_err(|e| err(Box::new(e)))?;
        }
    }
    Ok((with_title(svg, label), csv))
}
