//! The planner's view of `accord sensitivity`: what +/- delta of each
//! budget and personnel does (re-solved), how far each can move with the
//! same projects, the local prices, the binding rules; parameters.csv; the
//! staircase chart of `--curve` with its data.

use std::fmt::Write as _;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    bold, change_grid, draw_error, font, styled, text_w, with_title, BLUE, GRIDLINE, INK, MUTED,
};
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
                "[{}, {}]{}",
                num(i.lo),
                i.hi.map_or_else(|| format!(">= {}", num(i.ceiling)), num),
                if i.complete {
                    ""
                } else {
                    " (time limit: at least)"
                }
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
            "interval_complete",
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
                i.map_or(String::new(), |i| i.complete.to_string()),
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

/// Rows drawn in the effects chart (the rest are in its CSV).
const EFFECT_ROWS: usize = 30;

/// The exact effects of `+delta` and `-delta` of every parameter as a
/// chart (two bars per parameter, the largest effect either way first)
/// and its data as CSV.
pub fn effects_chart(s: &Sensitivity) -> Result<(String, String)> {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let csv = super::csv_records(
        &[
            "parameter",
            "value",
            "plus_delta",
            "plus_change",
            "minus_delta",
            "minus_change",
        ],
        s.parameters.iter().map(|p| {
            vec![
                format!("{}.{}", p.actor, p.param.as_str()),
                format!("{}", p.value),
                format!("{}", p.plus.delta),
                f(p.plus.change),
                format!("{}", p.minus.delta),
                f(p.minus.change),
            ]
        }),
    )?;
    let err = draw_error("effects chart");
    // The largest effects either way, in the table's order among equals.
    let mut order: Vec<&crate::sensitivity::answer::Parameter> = s.parameters.iter().collect();
    let size = |p: &crate::sensitivity::answer::Parameter| {
        p.plus
            .change
            .unwrap_or(f64::INFINITY)
            .abs()
            .max(p.minus.change.unwrap_or(f64::INFINITY).abs())
    };
    order.sort_by(|a, b| size(b).total_cmp(&size(a)));
    let rows: Vec<(String, Option<f64>, Option<f64>)> = order
        .into_iter()
        .take(EFFECT_ROWS)
        .map(|p| {
            (
                format!("{}.{}", p.actor, p.param.as_str()),
                p.plus.change,
                p.minus.change,
            )
        })
        .collect();
    let hidden = s.parameters.len() - rows.len();
    const W: u32 = 1000;
    const ROW: u32 = 24;
    const TOP: u32 = 104;
    let label_w = rows
        .iter()
        .map(|r| text_w(&r.0, 13.0))
        .fold(60.0, f64::max)
        .min(360.0);
    let h = TOP + ROW * rows.len().max(1) as u32 + 60;
    let (x0, x1) = (label_w + 36.0, W as f64 - 80.0);
    let changes = rows.iter().flat_map(|r| [r.1, r.2]).flatten();
    let (lo, hi) = changes.fold((0.0f64, 0.0f64), |(a, b), c| (a.min(c), b.max(c)));
    let span = if hi - lo > 1e-12 { hi - lo } else { 1.0 };
    let step = super::kit::nice_step(span, 8.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let (lo, hi) = if hi > lo { (lo, hi) } else { (-step, step) };
    let xp = |v: f64| x0 + (v - lo) / (hi - lo) * (x1 - x0);
    let plus_colour = BLUE;
    let minus_colour = super::kit::ORANGE;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, h)).into_drawing_area();
        let e = |x: DrawingAreaErrorKind<_>| err(Box::new(x));
        root.fill(&WHITE).map_err(e)?;
        let title = format!(
            "What +/-delta of each parameter does to {} (exact re-solves)",
            s.objective
        );
        root.draw_text(
            &title,
            &styled(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24, 16),
        )
        .map_err(e)?;
        let better = if s.sense.sign() > 0.0 {
            "higher"
        } else {
            "lower"
        };
        let sub = format!(
            "change of the optimum ({} = {}, {better} is better); blue: +delta, orange: -delta",
            s.objective,
            num(s.base)
        );
        root.draw_text(
            &sub,
            &styled(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24, 44),
        )
        .map_err(e)?;
        let axis_y = TOP as i32 - 12;
        let bottom = (TOP + ROW * rows.len().max(1) as u32) as i32;
        change_grid(&root, (lo, hi, step), xp, axis_y, bottom).map_err(e)?;
        for (k, (label, plus, minus)) in rows.iter().enumerate() {
            let y = (TOP + ROW * k as u32) as i32;
            root.draw_text(
                label,
                &styled(font(13.0), &INK, HPos::Right, VPos::Center),
                (x0 as i32 - 10, y + ROW as i32 / 2),
            )
            .map_err(e)?;
            for (j, (change, colour)) in [(plus, plus_colour), (minus, minus_colour)]
                .into_iter()
                .enumerate()
            {
                let top = y + 3 + j as i32 * 9;
                match change {
                    Some(c) => {
                        let (a, b) = (xp(0.0).min(xp(*c)), xp(0.0).max(xp(*c)));
                        root.draw(&Rectangle::new(
                            [
                                (a.round() as i32, top),
                                ((b.round() as i32).max(a.round() as i32 + 1), top + 8),
                            ],
                            colour.filled(),
                        ))
                        .map_err(e)?;
                    }
                    None => {
                        root.draw_text(
                            "no plan",
                            &styled(font(11.0), &MUTED, HPos::Left, VPos::Top),
                            (xp(0.0) as i32 + 4, top - 1),
                        )
                        .map_err(e)?;
                    }
                }
            }
        }
        if hidden > 0 {
            root.draw_text(
                &format!("{hidden} more parameters with smaller effects in effects.csv"),
                &styled(font(12.0), &MUTED, HPos::Left, VPos::Top),
                (24, bottom + 16),
            )
            .map_err(e)?;
        }
        root.present().map_err(e)?;
    }
    Ok((with_title(svg, "sensitivity effects"), csv))
}
