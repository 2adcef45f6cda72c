//! Charts of a sweep, SVG via plotters with their data as CSV beside them.
//!
//! - `tornado.svg` / `tornado.csv`: each scenario's change of the main
//!   objective against the baseline, one horizontal bar per scenario, the
//!   largest effects on top; bars that make the objective better are blue,
//!   worse red (better = up for max objectives, down for min ones). The chart
//!   shows at most [`TORNADO_BARS`] bars (the CSV has every scenario) and
//!   lists scenarios without a solution underneath.
//! - `grid.svg` / `grid.csv` (with `--grid`): the main objective against the
//!   first grid parameter, one line per value of the second.
//!
//! House style (fonts, colours, numbers): [`crate::report::kit`].

use std::path::Path;

use plotters::backend::SVGBackend;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::output::SweepInfo;
use super::Row;
use crate::program::Sense;
use crate::report::kit::{
    bold, change_grid, font, nice_step as step_for, ramp, short, styled as at, text_w,
    BLUE as BETTER, CHAR_W, INK, MUTED, RED as WORSE,
};
use crate::report::write_atomic;
use crate::{Error, Result};

/// Most bars drawn in a tornado chart.
pub const TORNADO_BARS: usize = 40;

/// Most lines drawn in a grid chart (evenly spaced values of the second axis).
pub const GRID_LINES: usize = 9;

fn draw_err<E: std::fmt::Display>(e: E) -> Error {
    Error::Usage(format!("drawing a chart failed: {e}"))
}

fn fmt(v: f64, signed: bool) -> String {
    short(v, signed)
}

fn sense_of(name: &str) -> Sense {
    crate::domain::objectives::builtin(name).map_or(Sense::Max, |b| b.sense)
}

/// Writes the charts of a complete table; returns the names written.
pub fn write_charts(dir: &Path, info: &SweepInfo, rows: &[&Row]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let main = info
        .columns
        .iter()
        .position(|c| *c == info.main_objective)
        .unwrap_or(0);
    if rows.len() > 1 {
        let (svg, csv) = tornado(info, rows, main)?;
        write_atomic(&dir.join("tornado.svg"), svg.as_bytes())?;
        write_atomic(&dir.join("tornado.csv"), csv.as_bytes())?;
        out.push("tornado.svg".into());
        out.push("tornado.csv".into());
    }
    if !info.axes.is_empty() {
        let (svg, csv) = grid(info, rows, main)?;
        write_atomic(&dir.join("grid.svg"), svg.as_bytes())?;
        write_atomic(&dir.join("grid.csv"), csv.as_bytes())?;
        out.push("grid.svg".into());
        out.push("grid.csv".into());
    }
    Ok(out)
}

/// The tornado chart and its data.
pub fn tornado(info: &SweepInfo, rows: &[&Row], main: usize) -> Result<(String, String)> {
    let name = &info.main_objective;
    let sense = sense_of(name);
    let base = rows
        .iter()
        .find(|r| r.scenario == info.baseline)
        .and_then(|r| r.value(main));
    // (scenario, value, delta) of every other scenario.
    let mut bars: Vec<(&str, Option<f64>, Option<f64>, &str)> = rows
        .iter()
        .filter(|r| r.scenario != info.baseline)
        .map(|r| {
            let v = r.value(main);
            let d = match (v, base) {
                (Some(v), Some(b)) => {
                    let d = v - b;
                    Some(if d.abs() <= 1e-9 * b.abs().max(1.0) {
                        0.0
                    } else {
                        d
                    })
                }
                _ => None,
            };
            (r.scenario.as_str(), v, d, r.status.as_str())
        })
        .collect();
    // Largest effect first; effects equal up to solver round-off (1e-9
    // relative to the baseline) keep the table order.
    let scale = base.map_or(1.0, |b| b.abs().max(1.0));
    let q = |d: f64| (d.abs() / scale * 1e9).round();
    bars.sort_by(|a, b| match (a.2, b.2) {
        (Some(x), Some(y)) => q(y).total_cmp(&q(x)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["scenario", "status", "baseline", name.as_str(), "delta"]);
    for (id, v, d, status) in &bars {
        let f = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x}"));
        let _ = w.write_record([id.to_string(), status.to_string(), f(base), f(*v), f(*d)]);
    }
    let csv = String::from_utf8(w.into_inner().map_err(draw_err)?).expect("csv is UTF-8");

    let drawn: Vec<(String, f64)> = bars
        .iter()
        .filter_map(|(id, _, d, _)| d.map(|d| (super::output::display_name(info, id), d)))
        .take(TORNADO_BARS)
        .collect();
    let no_value: Vec<String> = bars
        .iter()
        .filter(|b| b.2.is_none())
        .map(|(id, _, _, status)| format!("{id} ({status})"))
        .collect();
    let hidden = bars.iter().filter(|b| b.2.is_some()).count() - drawn.len();

    const W: u32 = 1000;
    const ROW: u32 = 26;
    const TOP: u32 = 96;
    let label_px = 13.0;
    let label_w = drawn
        .iter()
        .map(|(id, _)| text_w(id, label_px))
        .fold(60.0, f64::max)
        .min(420.0);
    let notes = usize::from(!no_value.is_empty()) + usize::from(hidden > 0);
    let h = TOP + ROW * drawn.len().max(1) as u32 + 56 + 20 * notes as u32;
    let x0 = label_w + 36.0;
    let x1 = W as f64 - 90.0;
    let lo = drawn.iter().map(|b| b.1).fold(0.0, f64::min);
    let hi = drawn.iter().map(|b| b.1).fold(0.0, f64::max);
    // No change anywhere: an axis of about 1% of the baseline each side.
    let span = if hi - lo > 1e-12 {
        hi - lo
    } else {
        base.map_or(1.0, |b| (0.01 * b.abs()).max(1e-6))
    };
    let step = step_for(span, 8.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let (lo, hi) = if hi - lo <= 0.0 {
        (-step, step)
    } else {
        (lo, hi)
    };
    let xp = |v: f64| x0 + (v - lo) / (hi - lo) * (x1 - x0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let title = format!("Effect of each scenario on {name}");
        root.draw_text(
            &title,
            &at(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24, 16),
        )
        .map_err(draw_err)?;
        let better = match sense {
            Sense::Max => "higher is better",
            Sense::Min => "lower is better",
        };
        let sub = match base {
            Some(b) => format!(
                "change against the baseline ({name} = {}, {better}); blue: better, red: worse",
                fmt(b, false)
            ),
            None => "the baseline has no solution: no change can be measured".to_string(),
        };
        root.draw_text(
            &sub,
            &at(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24, 44),
        )
        .map_err(draw_err)?;
        let axis_y = TOP as i32 - 10;
        let bottom = (TOP + ROW * drawn.len().max(1) as u32) as i32;
        change_grid(&root, (lo, hi, step), xp, axis_y, bottom).map_err(draw_err)?;
        let zero = xp(0.0).round() as i32;
        for (k, (id, d)) in drawn.iter().enumerate() {
            let y = TOP as i32 + (k as u32 * ROW) as i32;
            let good = match sense {
                Sense::Max => *d > 0.0,
                Sense::Min => *d < 0.0,
            };
            let color = if good { BETTER } else { WORSE };
            let xd = xp(*d).round() as i32;
            let (a, b) = if xd < zero { (xd, zero) } else { (zero, xd) };
            if *d != 0.0 {
                root.draw(&Rectangle::new(
                    [(a, y + 4), (b.max(a + 1), y + ROW as i32 - 4)],
                    color.filled(),
                ))
                .map_err(draw_err)?;
            }
            let keep = (label_w / (CHAR_W * label_px)).round() as usize;
            let label = crate::report::text::shorten_middle(id, keep);
            root.draw_text(
                &label,
                &at(font(label_px), &INK, HPos::Right, VPos::Center),
                ((x0 - 12.0) as i32, y + ROW as i32 / 2),
            )
            .map_err(draw_err)?;
            let value = if *d == 0.0 {
                "no change".to_string()
            } else {
                fmt(*d, true)
            };
            // Left of a negative bar, unless it would run into the scenario
            // names: then right of the zero line.
            let (vx, hpos) = if *d >= 0.0 {
                (b + 6, HPos::Left)
            } else if ((a - 6) as f64) - text_w(&value, 12.0) < x0 - 4.0 {
                (zero + 6, HPos::Left)
            } else {
                (a - 6, HPos::Right)
            };
            root.draw_text(
                &value,
                &at(font(12.0), &INK, hpos, VPos::Center),
                (vx, y + ROW as i32 / 2),
            )
            .map_err(draw_err)?;
        }
        if drawn.is_empty() {
            root.draw_text(
                "no scenario has a value to compare",
                &at(font(13.0), &MUTED, HPos::Left, VPos::Center),
                (x0 as i32, TOP as i32 + ROW as i32 / 2),
            )
            .map_err(draw_err)?;
        }
        let mut y = bottom + 22;
        let unit = format!("change of {name}");
        root.draw_text(
            &unit,
            &at(font(13.0), &INK, HPos::Center, VPos::Top),
            (((x0 + x1) / 2.0) as i32, bottom + 8),
        )
        .map_err(draw_err)?;
        y += 14;
        if hidden > 0 {
            root.draw_text(
                &format!("{hidden} smaller effects not drawn (every scenario is in tornado.csv)"),
                &at(font(12.0), &MUTED, HPos::Left, VPos::Top),
                (24, y),
            )
            .map_err(draw_err)?;
            y += 20;
        }
        if !no_value.is_empty() {
            let mut line = format!("no solution: {}", no_value.join(", "));
            if line.chars().count() > 150 {
                line = line.chars().take(147).collect::<String>() + "...";
            }
            root.draw_text(
                &line,
                &at(font(12.0), &WORSE, HPos::Left, VPos::Top),
                (24, y),
            )
            .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok((svg, csv))
}

/// One line of the grid chart: the second axis' value and its points.
type Series = (Option<f64>, Vec<(f64, f64)>);

/// The grid line chart and its data.
pub fn grid(info: &SweepInfo, rows: &[&Row], main: usize) -> Result<(String, String)> {
    let name = &info.main_objective;
    let points: Vec<(Vec<f64>, &Row)> = info
        .scenarios
        .iter()
        .zip(rows)
        .filter_map(|(s, r)| s.grid.clone().map(|g| (g, *r)))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut h: Vec<String> = info.axes.iter().map(|a| a.parameter.clone()).collect();
    h.push(name.clone());
    h.push("status".into());
    h.push("scenario".into());
    let _ = w.write_record(&h);
    for (g, r) in &points {
        let mut rec: Vec<String> = g.iter().map(|v| format!("{v}")).collect();
        rec.push(r.value(main).map_or(String::new(), |v| format!("{v}")));
        rec.push(r.status.clone());
        rec.push(r.scenario.clone());
        let _ = w.write_record(&rec);
    }
    let csv = String::from_utf8(w.into_inner().map_err(draw_err)?).expect("csv is UTF-8");

    // One series per value of the second axis (one series without it).
    let mut series: Vec<Series> = Vec::new();
    for (g, r) in &points {
        let key = g.get(1).copied();
        let Some(v) = r.value(main) else { continue };
        match series.iter_mut().find(|(k, _)| *k == key) {
            Some((_, s)) => s.push((g[0], v)),
            None => series.push((key, vec![(g[0], v)])),
        }
    }
    let xs = points.iter().map(|(g, _)| g[0]);
    let (mut xlo, mut xhi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    if !xlo.is_finite() {
        (xlo, xhi) = (0.0, 1.0);
    }
    if xhi <= xlo {
        (xlo, xhi) = (xlo - 1.0, xhi + 1.0);
    }
    let ys = series.iter().flat_map(|(_, s)| s.iter().map(|p| p.1));
    let (mut ylo, mut yhi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    if !ylo.is_finite() {
        (ylo, yhi) = (0.0, 1.0);
    }
    // A flat line (every point the same) gets a readable band around it:
    // 5% of its value (or 1) each side, so that tick labels differ.
    let pad = if yhi - ylo <= 1e-9 * yhi.abs().max(1.0) {
        0.05 * yhi.abs().max(20.0)
    } else {
        (yhi - ylo) * 0.08
    };
    let (ylo, yhi) = (ylo - pad, yhi + pad);
    let xpad = (xhi - xlo) * 0.03;
    let base = rows
        .iter()
        .find(|r| r.scenario == info.baseline)
        .and_then(|r| r.value(main));
    let axis_label = |k: usize| {
        info.axes
            .get(k)
            .map_or(String::new(), |a| match a.op.as_str() {
                "scale" => format!("{} (factor)", a.parameter),
                "add" => format!("{} (added)", a.parameter),
                _ => a.parameter.clone(),
            })
    };
    let mut svg = String::new();
    {
        let (wd, ht) = (1000u32, 620u32);
        let root = SVGBackend::with_string(&mut svg, (wd, ht)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        root.draw_text(
            &format!("{name} as {} varies", axis_label(0)),
            &at(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24, 16),
        )
        .map_err(draw_err)?;
        let sub = match (&info.axes.get(1), base) {
            (Some(_), Some(b)) => format!(
                "one line per value of {}; dashed: baseline {}",
                axis_label(1),
                fmt(b, false)
            ),
            (Some(_), None) => format!("one line per value of {}", axis_label(1)),
            (None, Some(b)) => format!("dashed: baseline {}", fmt(b, false)),
            (None, None) => String::new(),
        };
        root.draw_text(
            &sub,
            &at(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24, 44),
        )
        .map_err(draw_err)?;
        let (_, body) = root.split_vertically(70);
        let legend_w = if info.axes.len() > 1 {
            (text_w(&axis_label(1), 13.0) * 1.1 + 30.0).clamp(170.0, 380.0) as u32
        } else {
            0
        };
        let (plot, legend) = body.split_horizontally(wd - legend_w);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(52)
            .y_label_area_size(80)
            .build_cartesian_2d((xlo - xpad)..(xhi + xpad), ylo..yhi)
            .map_err(draw_err)?;
        let fx = |v: &f64| fmt(*v, false);
        let fy = |v: &f64| fmt(*v, false);
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(axis_label(0))
            .y_desc(name.as_str())
            .x_labels(10)
            .y_labels(8)
            .x_label_formatter(&fx)
            .y_label_formatter(&fy);
        crate::report::kit::house_mesh(&mut mesh)
            .draw()
            .map_err(draw_err)?;
        if let Some(b) = base.filter(|b| *b >= ylo && *b <= yhi) {
            let mut x = xlo - xpad;
            let dash = (xhi - xlo + 2.0 * xpad) / 120.0;
            while x < xhi + xpad {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, b), ((x + dash * 0.6).min(xhi + xpad), b)],
                        MUTED.stroke_width(1),
                    )))
                    .map_err(draw_err)?;
                x += dash;
            }
        }
        // At most GRID_LINES lines: evenly spaced values of the second axis.
        let total = series.len();
        let keep: Vec<usize> = if total <= GRID_LINES {
            (0..total).collect()
        } else {
            let mut k: Vec<usize> = (0..GRID_LINES)
                .map(|i| (i * (total - 1) + (GRID_LINES - 1) / 2) / (GRID_LINES - 1))
                .collect();
            k.dedup();
            k
        };
        let shown: Vec<&Series> = keep.iter().map(|&i| &series[i]).collect();
        if shown.len() < total {
            legend
                .draw_text(
                    &format!("{} of {total} values drawn;", shown.len()),
                    &at(font(12.0), &MUTED, HPos::Left, VPos::Top),
                    (10, 24 + 24 * shown.len() as i32),
                )
                .map_err(draw_err)?;
            legend
                .draw_text(
                    "all in grid.csv",
                    &at(font(12.0), &MUTED, HPos::Left, VPos::Top),
                    (10, 40 + 24 * shown.len() as i32),
                )
                .map_err(draw_err)?;
        }
        for (k, (key, pts)) in shown.iter().copied().enumerate() {
            let color = ramp(k, shown.len());
            let mut pts = pts.clone();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart
                .draw_series(std::iter::once(PathElement::new(
                    pts.clone(),
                    color.stroke_width(2),
                )))
                .map_err(draw_err)?;
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 4, color.filled())))
                .map_err(draw_err)?;
            if let Some(v) = key {
                let y = 20 + 24 * k as i32;
                legend
                    .draw(&Rectangle::new([(10, y - 2), (30, y + 2)], color.filled()))
                    .map_err(draw_err)?;
                legend
                    .draw_text(
                        &fmt(*v, false),
                        &at(font(13.0), &INK, HPos::Left, VPos::Center),
                        (38, y),
                    )
                    .map_err(draw_err)?;
            }
        }
        if info.axes.len() > 1 {
            legend
                .draw_text(
                    &axis_label(1),
                    &at(bold(13.0), &INK, HPos::Left, VPos::Bottom),
                    (10, 4),
                )
                .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok((svg, csv))
}
