//! The two benchmark pictures, as SVG in the house style of
//! [`crate::report::kit`].
//!
//! * [`profile_svg`]: the Dolan-Moré performance profile, one step line per
//!   backend over `log2 tau`, the share of instances solved in percent, and
//!   a legend with each backend's solved count.
//! * [`instances_svg`]: every instance on the x axis (sorted by the best
//!   backend's time), its median time per backend on a log axis (one marker
//!   shape and colour per backend), the time limit as a dashed line and
//!   unsolved runs as crosses in a band above it.

use plotters::backend::SVGBackend;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::profile::{Profile, TIME_FLOOR};
use super::{Cell, TimeMeasure};
use crate::report::kit::{
    bold, draw_error, font, series as color, styled, text_w, with_title, Draw, GRIDLINE, INK,
    MUTED, RED as LIMIT,
};
use crate::Result;

/// `2^v` as a tick label: 1, 2, 4, ... 1024, then `2^k`.
fn tau_label(v: f64) -> String {
    let r = v.round();
    if (v - r).abs() > 1e-9 {
        return format!("{:.3}", 2f64.powf(v))
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string();
    }
    if r <= 16.0 {
        format!("{}", 2f64.powf(r) as u64)
    } else {
        format!("2^{r}")
    }
}

/// `10^v` seconds as a tick label (`1 ms`, `0.1 s`, `10 s`); empty off the
/// integer powers.
fn seconds_label(v: f64) -> String {
    let r = v.round();
    if (v - r).abs() > 1e-9 {
        return String::new();
    }
    let t = 10f64.powf(r);
    if t < 1e-3 {
        format!("{} µs", (t * 1e6).round())
    } else if t < 0.1 {
        format!("{} ms", (t * 1e3).round())
    } else if t < 1.0 {
        format!("{t:.1} s")
    } else {
        format!("{} s", t.round())
    }
}

/// What the profile plot shows besides the curves.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileLabels {
    /// Backend ids, in profile order.
    pub backends: Vec<String>,
    /// Backend versions (same order), shown in the legend.
    pub versions: Vec<String>,
    /// Which time the ratios are of.
    pub measure: TimeMeasure,
    /// Repeats per instance (the time is their median).
    pub repeat: usize,
    /// The time limit, seconds.
    pub time_limit: f64,
}

const PW: u32 = 980;
const PH: u32 = 600;
const LEGEND_W: u32 = 250;

/// The performance profile as SVG.
pub fn profile_svg(profile: &Profile, labels: &ProfileLabels) -> Result<String> {
    let mut svg = String::new();
    draw_profile(&mut svg, profile, labels).map_err(draw_error("performance profile"))?;
    Ok(with_title(svg, "Performance profile"))
}

fn draw_profile(svg: &mut String, p: &Profile, l: &ProfileLabels) -> Draw<()> {
    {
        let root = SVGBackend::with_string(svg, (PW, PH)).into_drawing_area();
        root.fill(&WHITE)?;
        let cx = ((PW - LEGEND_W) / 2) as i32;
        root.draw(&Text::new(
            "Performance profile (Dolan-Moré)".to_string(),
            (cx, 12),
            styled(bold(19.0), &INK, HPos::Center, VPos::Top),
        ))?;
        root.draw(&Text::new(
            format!(
                "{} instances · median {} time of {} run{} · time limit {} s · unsolved never counts",
                p.instances,
                l.measure.as_str(),
                l.repeat,
                if l.repeat == 1 { "" } else { "s" },
                l.time_limit
            ),
            (cx, 40),
            styled(font(13.0), &MUTED, HPos::Center, VPos::Top),
        ))?;
        let (plot, legend) = root.split_horizontally(PW - LEGEND_W);
        let max_log = p.max_ratio().log2();
        let x_end = (max_log + 0.25).ceil().max(1.0);
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(70)
            .margin_left(14)
            .margin_right(18)
            .margin_bottom(12)
            .x_label_area_size(56)
            .y_label_area_size(62)
            .build_cartesian_2d(0f64..x_end, 0f64..1.02)?;
        let x_ticks = (x_end as usize + 1).min(13);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRIDLINE)
            .axis_style(INK)
            .x_labels(x_ticks)
            .y_labels(6)
            .x_label_formatter(&|v| tau_label(*v))
            .y_label_formatter(&|v| format!("{:.0}%", 100.0 * v))
            .x_label_style(font(12.5).color(&INK))
            .y_label_style(font(12.5).color(&INK))
            .x_desc("τ: within a factor τ of the fastest backend (log₂ scale)")
            .y_desc("instances solved")
            .axis_desc_style(font(14.0).color(&INK))
            .draw()?;
        for s in 0..p.ratios.len() {
            let steps = p.steps(s);
            let mut pts: Vec<(f64, f64)> = Vec::new();
            let mut prev = None;
            for (tau, f) in steps {
                let x = tau.log2().max(0.0);
                if let Some(pf) = prev {
                    pts.push((x, pf));
                }
                pts.push((x, f));
                prev = Some(f);
            }
            if let Some(pf) = prev {
                pts.push((x_end, pf));
            }
            let c = color(s);
            // The second and later backends dashed, so equal curves stay visible.
            if s == 0 {
                chart.draw_series(std::iter::once(PathElement::new(pts, c.stroke_width(3))))?;
            } else {
                chart.draw_series(std::iter::once(DashedPathElement::new(
                    pts,
                    10 + 2 * s as u32,
                    5,
                    c.stroke_width(3),
                )))?;
            }
        }
        // Legend.
        let mut y = 92;
        legend.draw(&Text::new(
            "backend",
            (12, y),
            styled(bold(14.0), &INK, HPos::Left, VPos::Center),
        ))?;
        y += 30;
        for (s, b) in l.backends.iter().enumerate() {
            let c = color(s);
            let solved = p.ratios[s].iter().filter(|r| r.is_finite()).count();
            let fastest = p.fraction(s, 1.0);
            if s == 0 {
                legend.draw(&PathElement::new(vec![(12, y), (46, y)], c.stroke_width(3)))?;
            } else {
                legend.draw(&DashedPathElement::new(
                    vec![(12, y), (46, y)],
                    10 + 2 * s as u32,
                    5,
                    c.stroke_width(3),
                ))?;
            }
            let version = l.versions.get(s).cloned().unwrap_or_default();
            legend.draw(&Text::new(
                format!("{b} {version}"),
                (56, y),
                styled(bold(13.5), &INK, HPos::Left, VPos::Center),
            ))?;
            legend.draw(&Text::new(
                format!("solved {solved}/{}", p.instances),
                (56, y + 19),
                styled(font(12.5), &MUTED, HPos::Left, VPos::Center),
            ))?;
            legend.draw(&Text::new(
                format!("fastest on {:.0}%", 100.0 * fastest),
                (56, y + 36),
                styled(font(12.5), &MUTED, HPos::Left, VPos::Center),
            ))?;
            y += 66;
        }
        let notes = [
            "left end: share of instances",
            "on which it was fastest;",
            "right end: share it solved.",
            "Times below 1 ms count as 1 ms.",
        ];
        y += 6;
        for n in notes {
            legend.draw(&Text::new(
                n,
                (12, y),
                styled(font(12.0), &MUTED, HPos::Left, VPos::Center),
            ))?;
            y += 17;
        }
        root.present()?;
    }
    Ok(())
}

/// Draws the marker of backend `s` centred at `(x, y)` in pixels: circle,
/// triangle, square, diamond.
fn draw_marker(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    s: usize,
    (x, y): (i32, i32),
    c: RGBColor,
) -> Draw<()> {
    let style = c.filled();
    let r = 5;
    match s % 4 {
        0 => root.draw(&Circle::new((x, y), r, style))?,
        1 => root.draw(&Polygon::new(
            vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            style,
        ))?,
        2 => root.draw(&Rectangle::new(
            [(x - r + 1, y - r + 1), (x + r - 1, y + r - 1)],
            style,
        ))?,
        _ => root.draw(&Polygon::new(
            vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            style,
        ))?,
    }
    Ok(())
}

/// The per-instance time chart as SVG: `order` is the x order (instance
/// ids), `cells` the medians.
pub fn instances_svg(order: &[String], cells: &[Cell], labels: &ProfileLabels) -> Result<String> {
    let mut svg = String::new();
    draw_instances(&mut svg, order, cells, labels).map_err(draw_error("instance chart"))?;
    Ok(with_title(svg, "Time per instance"))
}

fn draw_instances(
    svg: &mut String,
    order: &[String],
    cells: &[Cell],
    l: &ProfileLabels,
) -> Draw<()> {
    let n = order.len().max(1);
    let label_px = 11.0;
    // Folders every name shares are said once, in the subtitle.
    let prefix = common_folder(order);
    let shown: Vec<&str> = order.iter().map(|s| &s[prefix.len()..]).collect();
    let show_names = n <= 200;
    let name_h = if show_names {
        shown
            .iter()
            .map(|s| text_w(s, label_px))
            .fold(0.0, f64::max)
            .min(260.0) as u32
            + 16
    } else {
        30
    };
    let step = if show_names { 14 } else { 6 };
    let w = (180 + n as u32 * step).clamp(900, 6000);
    let h = 560 + name_h;
    let measure = l.measure;
    let times: Vec<f64> = cells
        .iter()
        .filter(|c| c.solved)
        .map(|c| c.time(measure).max(TIME_FLOOR))
        .collect();
    let lo = times
        .iter()
        .copied()
        .fold(l.time_limit, f64::min)
        .max(TIME_FLOOR)
        .log10()
        .floor()
        - 0.25;
    let limit = l.time_limit.log10();
    let fail_y = limit + 0.45;
    let hi = limit + 0.8;
    {
        let root = SVGBackend::with_string(svg, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        root.draw(&Text::new(
            "Time per instance".to_string(),
            (20, 12),
            styled(bold(19.0), &INK, HPos::Left, VPos::Top),
        ))?;
        root.draw(&Text::new(
            format!(
                "median {} time of {} run{} per backend · sorted by the fastest backend · × = not solved (time-out, error, wrong or flaky){}",
                measure.as_str(),
                l.repeat,
                if l.repeat == 1 { "" } else { "s" },
                if prefix.is_empty() {
                    String::new()
                } else {
                    format!(" · names below {prefix}")
                }
            ),
            (20, 40),
            styled(font(13.0), &MUTED, HPos::Left, VPos::Top),
        ))?;
        // Legend on the header's right.
        let mut x = w as i32 - 24;
        for (s, b) in l.backends.iter().enumerate().rev() {
            let tw = text_w(b, 13.0) as i32;
            x -= tw;
            root.draw(&Text::new(
                b.clone(),
                (x, 22),
                styled(font(13.0), &INK, HPos::Left, VPos::Center),
            ))?;
            x -= 14;
            draw_marker(&root, s, (x, 22), color(s))?;
            x -= 26;
        }
        let mut chart = ChartBuilder::on(&root)
            .margin_top(70)
            .margin_left(14)
            .margin_right(24)
            .margin_bottom(name_h)
            .x_label_area_size(6)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), lo..hi)?;
        let y_ticks = ((hi - lo).floor() as usize + 1).max(2);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRIDLINE)
            .axis_style(INK)
            .x_labels(0)
            .y_labels(y_ticks)
            .y_label_formatter(&|v| {
                if *v > limit + 1e-9 {
                    String::new()
                } else {
                    seconds_label(*v)
                }
            })
            .y_label_style(font(12.5).color(&INK))
            .y_desc(format!("{} seconds (log scale)", measure.as_str()))
            .axis_desc_style(font(14.0).color(&INK))
            .draw()?;
        // Time limit and the band of unsolved runs.
        chart.draw_series(std::iter::once(Rectangle::new(
            [(-0.5, limit + 0.2), (n as f64 - 0.5, hi)],
            RGBColor(0xfb, 0xec, 0xea).filled(),
        )))?;
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(-0.5, limit), (n as f64 - 0.5, limit)],
            8,
            5,
            LIMIT.stroke_width(1),
        )))?;
        let (px0, py_limit) = chart.backend_coord(&(-0.5, limit));
        root.draw(&Text::new(
            format!("time limit {} s", l.time_limit),
            (px0 + 6, py_limit - 4),
            styled(font(12.0), &LIMIT, HPos::Left, VPos::Bottom),
        ))?;
        let (_, py_fail) = chart.backend_coord(&(-0.5, fail_y));
        root.draw(&Text::new(
            "not solved",
            (px0 - 8, py_fail),
            styled(font(12.0), &LIMIT, HPos::Right, VPos::Center),
        ))?;
        let nb = l.backends.len().max(1);
        for (i, name) in order.iter().enumerate() {
            for (s, b) in l.backends.iter().enumerate() {
                let Some(c) = cells
                    .iter()
                    .find(|c| &c.instance == name && &c.backend == b)
                else {
                    continue;
                };
                let dx = (s as f64 - (nb as f64 - 1.0) / 2.0) * 0.22;
                let col = color(s);
                if c.solved {
                    let y = c.time(measure).max(TIME_FLOOR).log10();
                    let at = chart.backend_coord(&(i as f64 + dx, y));
                    draw_marker(&root, s, at, col)?;
                } else {
                    let (x, y) = chart.backend_coord(&(i as f64 + dx, fail_y));
                    let r = 4;
                    let st = col.stroke_width(2);
                    root.draw(&PathElement::new(vec![(x - r, y - r), (x + r, y + r)], st))?;
                    root.draw(&PathElement::new(vec![(x - r, y + r), (x + r, y - r)], st))?;
                }
            }
            if show_names {
                let name = shown[i];
                let (x, y) = chart.backend_coord(&(i as f64, lo));
                let text: String = if name.chars().count() > 40 {
                    let tail: String = name
                        .chars()
                        .rev()
                        .take(39)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    format!("…{tail}")
                } else {
                    name.to_string()
                };
                root.draw(&Text::new(
                    text,
                    (x, y + 8),
                    font(label_px)
                        .transform(FontTransform::Rotate270)
                        .color(&INK)
                        .pos(plotters::style::text_anchor::Pos::new(
                            HPos::Right,
                            VPos::Center,
                        )),
                ))?;
            }
        }
        if !show_names {
            let (x, y) = chart.backend_coord(&(n as f64 / 2.0, lo));
            root.draw(&Text::new(
                format!("{n} instances (names in instances.csv)"),
                (x, y + 10),
                styled(font(12.5), &MUTED, HPos::Center, VPos::Top),
            ))?;
        }
        root.present()?;
    }
    Ok(())
}

/// The longest `dir/` prefix (ending in `/`) every name starts with.
fn common_folder(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut end = first.rfind('/').map_or(0, |i| i + 1);
    for n in &names[1..] {
        while end > 0 && !(n.len() > end && n.starts_with(&first[..end])) {
            end = first[..end - 1].rfind('/').map_or(0, |i| i + 1);
        }
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_folders() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_folder(&v(&["netlib/a.mps", "netlib/infeasible/b.mps"])),
            "netlib/"
        );
        assert_eq!(common_folder(&v(&["a/b/c.mps", "a/b/d.mps"])), "a/b/");
        assert_eq!(common_folder(&v(&["a/b/c.mps", "x.toml"])), "");
        assert_eq!(common_folder(&v(&["a/b.mps"])), "a/");
        assert_eq!(common_folder(&v(&["ab/c.mps", "a/d.mps"])), "");
        assert_eq!(common_folder(&[]), "");
    }

    #[test]
    fn tick_labels() {
        assert_eq!(tau_label(0.0), "1");
        assert_eq!(tau_label(3.0), "8");
        assert_eq!(tau_label(20.0), "2^20");
        assert_eq!(tau_label(0.5), "1.414");
        assert_eq!(seconds_label(-3.0), "1 ms");
        assert_eq!(seconds_label(-1.0), "0.1 s");
        assert_eq!(seconds_label(1.0), "10 s");
        assert_eq!(seconds_label(-4.0), "100 µs");
        assert_eq!(seconds_label(0.5), "");
    }
}
