//! Front plots for planners: an SVG picture of a Pareto front, and the plotted
//! data as CSV beside it (same path, extension `.csv`).
//!
//! * Two objectives: a scatter of the front (supported points filled,
//!   unsupported hollow, grid points small), the attainment staircase through
//!   the sorted points (a plain line when every point is a grid point of a
//!   continuous front), the ideal and nadir points, and the knee and
//!   compromise points highlighted with callout labels. Labels are placed
//!   greedily around their point (several directions and distances, with a
//!   leader line when far) so that they stay inside the plotting area, do not
//!   overlap each other and cover as few markers as possible. Axis titles say
//!   the sense and which way is better (`max: better →`; on the rotated y
//!   title the arrow points along the axis, so `→` reads as "up").
//! * Three or more objectives: parallel coordinates, one vertical axis per
//!   objective, each normalized so that better is up (top = best value,
//!   bottom = worst, over the points, the ideal and the nadir), one thin
//!   semi-transparent polyline per point, knee and compromise drawn thick in
//!   their own colours with their values labelled beside each axis, and a
//!   legend.
//!
//! Each point carries an SVG `<title>` (a tooltip in browsers) with its id
//! and values. To look at sample plots:
//! `ACCORD_PLOT_SAMPLES=/tmp/plots cargo test --lib plot_write_samples -- --ignored`,
//! then open the SVGs (or `rsvg-convert -o x.png x.svg`).
//!
//! Text, colours and numbers follow the house style of [`super::kit`].

use std::path::Path;

use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    bold, fmt_value, font, styled, text_w, ticks, Draw, TickFmt, Tip, BLUE, BOLD_W, GREEN, INK,
    MUTED, ORANGE, PURPLE, RED,
};
use crate::moo::PointKind;
use crate::program::Sense;
use crate::report::write_atomic;
use crate::{Error, Result};

const FRONT: RGBColor = BLUE;
const GRID_PT: RGBColor = RGBColor(0x5b, 0x8f, 0xc9);
const STAIR: RGBColor = RGBColor(0x6f, 0x94, 0xc0);
const KNEE: RGBColor = ORANGE;
const COMPROMISE: RGBColor = PURPLE;
const IDEAL: RGBColor = GREEN;
const NADIR: RGBColor = RED;
const HEADER_H: u32 = 66;

/// What a front plot shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotData {
    /// Plot title.
    pub title: String,
    /// Axis labels with units, e.g. `("stability (points)", Sense::Max)`,
    /// `("cost (USD million)", Sense::Min)`.
    pub objectives: Vec<(String, Sense)>,
    /// One row per front point, values in the objectives' own senses, in the
    /// order of `objectives`.
    pub points: Vec<Vec<f64>>,
    /// Point ids shown in tooltips/labels (e.g. "p1".."pN").
    pub ids: Vec<String>,
    /// How each point was found.
    pub kinds: Vec<PointKind>,
    /// Ideal point (best value of each objective), or empty when unknown.
    pub ideal: Vec<f64>,
    /// Nadir point (worst value of each objective over the front), or empty.
    pub nadir: Vec<f64>,
    /// The knee: index into `points`.
    pub knee: Option<usize>,
    /// The compromise point: index into `points`.
    pub compromise: Option<usize>,
    /// A note shown under the title, e.g. "exact front, 84 points" or
    /// "partial: time limit".
    pub subtitle: String,
}

/// Writes the front plot as SVG to `svg_path` and the plotted data as CSV
/// beside it (`svg_path` with extension `.csv`: columns `id`, one per
/// objective named by its label before " (", `kind`, `knee`, `compromise`).
/// Both files are written atomically.
pub fn write_front_plot(data: &PlotData, svg_path: &Path) -> Result<()> {
    let svg = render_front_svg(data)?;
    let csv_path = svg_path.with_extension("csv");
    let csv = plot_csv(data).map_err(|e| Error::io(&csv_path, std::io::Error::other(e)))?;
    write_atomic(svg_path, svg.as_bytes())?;
    write_atomic(&csv_path, &csv)
}

/// The SVG document of [`write_front_plot`].
pub fn render_front_svg(data: &PlotData) -> Result<String> {
    validate(data)?;
    let drawn = if data.objectives.len() == 2 {
        render_2d(data)
    } else {
        render_parallel(data)
    };
    drawn.map_err(|e| Error::Usage(format!("drawing the front plot failed: {e}")))
}

/// The CSV of [`write_front_plot`].
/// The data of the front plot as CSV text (what [`write_front_plot`] writes
/// beside the SVG).
pub fn plot_csv_string(data: &PlotData) -> Result<String> {
    let bytes = plot_csv(data).map_err(|e| Error::Usage(format!("writing CSV failed: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings"))
}

fn plot_csv(data: &PlotData) -> std::result::Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id".to_string()];
    header.extend(
        data.objectives
            .iter()
            .map(|(l, _)| short_name(l).to_string()),
    );
    header.extend(["kind", "knee", "compromise"].map(String::from));
    w.write_record(&header)?;
    for (i, row) in data.points.iter().enumerate() {
        let mut rec = vec![data.ids[i].clone()];
        rec.extend(row.iter().map(|v| v.to_string()));
        rec.push(data.kinds[i].as_str().to_string());
        rec.push((data.knee == Some(i)).to_string());
        rec.push((data.compromise == Some(i)).to_string());
        w.write_record(&rec)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn validate(d: &PlotData) -> Result<()> {
    let bad = |m: String| Err(Error::Usage(format!("front plot: {m}")));
    let k = d.objectives.len();
    if k < 2 {
        return bad(format!("needs at least 2 objectives, got {k}"));
    }
    let n = d.points.len();
    if d.ids.len() != n || d.kinds.len() != n {
        return bad(format!(
            "{n} points but {} ids and {} kinds",
            d.ids.len(),
            d.kinds.len()
        ));
    }
    for (i, p) in d.points.iter().enumerate() {
        if p.len() != k {
            return bad(format!(
                "point {} has {} values, expected {k}",
                i + 1,
                p.len()
            ));
        }
        if p.iter().any(|v| !v.is_finite()) {
            return bad(format!("point {} has a non-finite value", i + 1));
        }
    }
    for (name, v) in [("ideal", &d.ideal), ("nadir", &d.nadir)] {
        if !v.is_empty() && v.len() != k {
            return bad(format!("{name} has {} values, expected {k}", v.len()));
        }
    }
    for (name, idx) in [("knee", d.knee), ("compromise", d.compromise)] {
        if let Some(i) = idx {
            if i >= n {
                return bad(format!("{name} index {i} but only {n} points"));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Style

/// The objective's name: its label before " (".
fn short_name(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label).trim()
}

fn sense_word(s: Sense) -> &'static str {
    match s {
        Sense::Max => "max",
        Sense::Min => "min",
    }
}

fn better(s: Sense, a: f64, b: f64) -> bool {
    match s {
        Sense::Max => a > b,
        Sense::Min => a < b,
    }
}

fn px(p: (i32, i32)) -> (f64, f64) {
    (p.0 as f64, p.1 as f64)
}

fn ip(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

// ---------------------------------------------------------------------------
// Numbers

/// Plot range of one axis: every value, padded by `pad` of the span (and
/// by a unit-ish amount when all values are equal).
fn axis_range(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        let p = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 1.0 };
        (lo - p, hi + p)
    } else {
        (lo - span * pad, hi + span * pad)
    }
}

// ---------------------------------------------------------------------------
// Label placement (pixel space)

#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
    fn hits_circle(&self, (cx, cy, r): (f64, f64, f64)) -> bool {
        let nx = cx.clamp(self.x0, self.x1);
        let ny = cy.clamp(self.y0, self.y1);
        (nx - cx).powi(2) + (ny - cy).powi(2) < r * r
    }
    fn nearest(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }
}

/// A callout: a box of text lines near an anchor point.
struct Callout {
    lines: Vec<String>,
    color: RGBColor,
    anchor: (f64, f64),
    /// Radius of the anchor's own marker.
    clearance: f64,
    /// Dropped rather than drawn over other labels or markers.
    optional: bool,
}

const LABEL_PX: f64 = 13.0;
const LABEL_LH: f64 = 16.0;
const LABEL_PAD: f64 = 4.0;

impl Callout {
    fn size(&self) -> (f64, f64) {
        let w = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    text_w(l, LABEL_PX) * BOLD_W
                } else {
                    text_w(l, LABEL_PX - 1.0)
                }
            })
            .fold(0.0, f64::max);
        (
            w + 2.0 * LABEL_PAD,
            self.lines.len() as f64 * LABEL_LH + 2.0 * LABEL_PAD - 2.0,
        )
    }
}

/// Chooses a box for each callout, in order: inside `bounds`, not over boxes
/// already placed, over as few `markers` (x, y, r) as possible, close to its
/// anchor. Returns the boxes (None for an optional callout left out).
fn place_callouts(
    callouts: &[Callout],
    bounds: Rect,
    markers: &[(f64, f64, f64)],
) -> Vec<Option<Rect>> {
    const DIRS: [(f64, f64); 8] = [
        (1.0, -1.0),
        (-1.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
        (1.0, 0.0),
        (-1.0, 0.0),
        (0.0, -1.0),
        (0.0, 1.0),
    ];
    let mut taken: Vec<Rect> = Vec::new();
    let mut out = Vec::new();
    for c in callouts {
        let (w, h) = c.size();
        let (ax, ay) = c.anchor;
        let mut best: Option<(f64, Rect, usize)> = None;
        for dist in [5.0, 16.0, 32.0, 54.0, 80.0, 120.0] {
            for (ri, &(dx, dy)) in DIRS.iter().enumerate() {
                let off = c.clearance + dist;
                let diag = if dx != 0.0 && dy != 0.0 { 0.72 } else { 1.0 };
                let x0 = if dx > 0.0 {
                    ax + off * diag
                } else if dx < 0.0 {
                    ax - off * diag - w
                } else {
                    ax - w / 2.0
                };
                let y0 = if dy > 0.0 {
                    ay + off * diag
                } else if dy < 0.0 {
                    ay - off * diag - h
                } else {
                    ay - h / 2.0
                };
                let r = Rect {
                    x0,
                    y0,
                    x1: x0 + w,
                    y1: y0 + h,
                };
                if !r.inside(&bounds) {
                    continue;
                }
                let clashes = taken.iter().filter(|t| t.overlaps(&r)).count();
                let covered = markers.iter().filter(|m| r.hits_circle(**m)).count();
                let cost = clashes as f64 * 10_000.0 + covered as f64 * 60.0 + dist + ri as f64;
                if best.as_ref().is_none_or(|(b, _, _)| cost < *b) {
                    best = Some((cost, r, clashes + covered));
                }
            }
        }
        let chosen = match best {
            Some((_, r, bad)) if !(c.optional && bad > 0) => Some(r),
            Some(_) => None,
            None if c.optional => None,
            None => {
                // The plot is too small for the box anywhere: clamp it in.
                let x0 = (ax + c.clearance).min(bounds.x1 - w).max(bounds.x0);
                let y0 = (ay - c.clearance - h).max(bounds.y0);
                Some(Rect {
                    x0,
                    y0,
                    x1: x0 + w,
                    y1: y0 + h,
                })
            }
        };
        if let Some(r) = chosen {
            taken.push(r);
        }
        out.push(chosen);
    }
    out
}

fn draw_callout(root: &DrawingArea<SVGBackend, Shift>, c: &Callout, r: Rect) -> Draw<()> {
    let anchor_gap = {
        let (nx, ny) = r.nearest(c.anchor);
        ((nx - c.anchor.0).powi(2) + (ny - c.anchor.1).powi(2)).sqrt()
    };
    if anchor_gap > c.clearance + 10.0 {
        let (nx, ny) = r.nearest(c.anchor);
        let (dx, dy) = (nx - c.anchor.0, ny - c.anchor.1);
        let start = (
            c.anchor.0 + dx / anchor_gap * (c.clearance + 1.0),
            c.anchor.1 + dy / anchor_gap * (c.clearance + 1.0),
        );
        root.draw(&PathElement::new(
            vec![ip(start), ip((nx, ny))],
            c.color.mix(0.8).stroke_width(1),
        ))?;
    }
    root.draw(&Rectangle::new(
        [ip((r.x0, r.y0)), ip((r.x1, r.y1))],
        WHITE.mix(0.9).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [ip((r.x0, r.y0)), ip((r.x1, r.y1))],
        c.color.mix(0.7).stroke_width(1),
    ))?;
    for (i, line) in c.lines.iter().enumerate() {
        let style = if i == 0 {
            styled(bold(LABEL_PX), &c.color, HPos::Left, VPos::Top)
        } else {
            styled(font(LABEL_PX - 1.0), &INK, HPos::Left, VPos::Top)
        };
        let pos = (r.x0 + LABEL_PAD, r.y0 + LABEL_PAD + i as f64 * LABEL_LH);
        root.draw(&Text::new(line.clone(), ip(pos), style))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Shared pieces

fn draw_header(root: &DrawingArea<SVGBackend, Shift>, d: &PlotData, w: u32) -> Draw<()> {
    let cx = (w / 2) as i32;
    root.draw(&Text::new(
        d.title.clone(),
        (cx, 12),
        styled(bold(20.0), &INK, HPos::Center, VPos::Top),
    ))?;
    if !d.subtitle.is_empty() {
        root.draw(&Text::new(
            d.subtitle.clone(),
            (cx, 40),
            styled(font(14.0), &MUTED, HPos::Center, VPos::Top),
        ))?;
    }
    Ok(())
}

fn describe_point(d: &PlotData, values: &[f64]) -> String {
    d.objectives
        .iter()
        .zip(values)
        .map(|((l, _), v)| format!("{} {}", short_name(l), fmt_value(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_counts(d: &PlotData) -> Vec<(PointKind, usize)> {
    [
        PointKind::Supported,
        PointKind::Unsupported,
        PointKind::Grid,
    ]
    .into_iter()
    .map(|k| (k, d.kinds.iter().filter(|x| **x == k).count()))
    .filter(|(_, n)| *n > 0)
    .collect()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

// ---------------------------------------------------------------------------
// Two objectives

const W2: u32 = 1000;
const H2: u32 = 660;
const LEGEND_W: u32 = 245;

fn axis_title(label: &str, sense: Sense) -> String {
    // On the rotated y title the arrow points along the axis, like on x.
    match sense {
        Sense::Max => format!("{label}  ·  max: better →"),
        Sense::Min => format!("{label}  ·  min: better ←"),
    }
}

/// The knee (ring) and compromise (square) highlight around a point.
fn highlight_marker(
    root: &DrawingArea<SVGBackend, Shift>,
    at: (f64, f64),
    r: f64,
    color: &RGBColor,
    square: bool,
) -> Draw<()> {
    let style = color.stroke_width(3);
    if square {
        root.draw(&Rectangle::new(
            [ip((at.0 - r, at.1 - r)), ip((at.0 + r, at.1 + r))],
            style,
        ))?;
    } else {
        root.draw(&Circle::new(ip(at), r.round() as i32, style))?;
    }
    Ok(())
}

fn diamond(at: (f64, f64), r: f64) -> Vec<(i32, i32)> {
    vec![
        ip((at.0, at.1 - r)),
        ip((at.0 + r, at.1)),
        ip((at.0, at.1 + r)),
        ip((at.0 - r, at.1)),
    ]
}

fn draw_nadir_mark(root: &DrawingArea<SVGBackend, Shift>, at: (f64, f64), r: f64) -> Draw<()> {
    let s = NADIR.stroke_width(3);
    root.draw(&PathElement::new(
        vec![ip((at.0 - r, at.1 - r)), ip((at.0 + r, at.1 + r))],
        s,
    ))?;
    root.draw(&PathElement::new(
        vec![ip((at.0 - r, at.1 + r)), ip((at.0 + r, at.1 - r))],
        s,
    ))?;
    Ok(())
}

fn draw_point_marker(
    root: &DrawingArea<SVGBackend, Shift>,
    at: (f64, f64),
    kind: PointKind,
) -> Draw<()> {
    match kind {
        PointKind::Supported => root.draw(&Circle::new(ip(at), 5, FRONT.filled()))?,
        PointKind::Unsupported => {
            root.draw(&Circle::new(ip(at), 5, WHITE.filled()))?;
            root.draw(&Circle::new(ip(at), 5, FRONT.stroke_width(2)))?;
        }
        PointKind::Grid => root.draw(&Circle::new(ip(at), 3, GRID_PT.filled()))?,
    }
    Ok(())
}

fn marker_radius(kind: PointKind) -> f64 {
    match kind {
        PointKind::Supported | PointKind::Unsupported => 5.0,
        PointKind::Grid => 3.0,
    }
}

fn render_2d(d: &PlotData) -> Draw<String> {
    let n = d.points.len();
    let (xs, ys): (Vec<f64>, Vec<f64>) = d.points.iter().map(|p| (p[0], p[1])).unzip();
    let extra = |j: usize| {
        [d.ideal.get(j), d.nadir.get(j)]
            .into_iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
    };
    let xr = axis_range(xs.iter().copied().chain(extra(0)), 0.07);
    let yr = axis_range(ys.iter().copied().chain(extra(1)), 0.09);
    let mut nx = 10;
    let (mut xt, mut xstep) = ticks(xr.0, xr.1, nx);
    let mut xfmt = TickFmt::new(&xt, xstep);
    // Fewer x ticks until their labels leave room between them.
    let plot_w = (W2 - LEGEND_W) as f64 - 130.0;
    while nx > 2 {
        let widest = xt
            .iter()
            .map(|t| text_w(&xfmt.fmt(*t), 13.0))
            .fold(0.0, f64::max);
        if (widest + 20.0) * xt.len() as f64 <= plot_w {
            break;
        }
        nx -= 1;
        (xt, xstep) = ticks(xr.0, xr.1, nx);
        xfmt = TickFmt::new(&xt, xstep);
    }
    let ny = 8;
    let (yt, ystep) = ticks(yr.0, yr.1, ny);
    let yfmt = TickFmt::new(&yt, ystep);
    let (sx, sy) = (d.objectives[0].1, d.objectives[1].1);

    let mut svg = String::new();
    let mut tips = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W2, H2)).into_drawing_area();
        root.fill(&WHITE)?;
        draw_header(&root, d, W2)?;
        let (_, body) = root.split_vertically(HEADER_H);
        let (plot_area, legend_area) = body.split_horizontally(W2 - LEGEND_W);
        let yw = yt
            .iter()
            .map(|t| text_w(&yfmt.fmt(*t), 13.0))
            .fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(10)
            .margin_right(12)
            .margin_top(6)
            .margin_bottom(8)
            .x_label_area_size(56)
            .y_label_area_size((yw + 44.0).round() as u32)
            .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)?;
        let fx = |v: &f64| xfmt.fmt(*v);
        let fy = |v: &f64| yfmt.fmt(*v);
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(axis_title(&d.objectives[0].0, sx))
            .y_desc(axis_title(&d.objectives[1].0, sy))
            .x_labels(nx)
            .y_labels(ny)
            .x_label_formatter(&fx)
            .y_label_formatter(&fy);
        crate::report::kit::house_mesh(&mut mesh).draw()?;
        let to_px = |x: f64, y: f64| px(chart.backend_coord(&(x, y)));
        let (prx, pry) = chart.plotting_area().get_pixel_range();
        let bounds = Rect {
            x0: prx.start as f64 + 3.0,
            y0: pry.start as f64 + 3.0,
            x1: prx.end as f64 - 3.0,
            y1: pry.end as f64 - 3.0,
        };

        // The front line: staircase between consecutive points through their
        // local nadir (the boundary of what the front dominates), or a plain
        // line for a sampled continuous front.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(ys[a].total_cmp(&ys[b])));
        let all_grid = n > 0 && d.kinds.iter().all(|k| *k == PointKind::Grid);
        let mut line = Vec::new();
        for (i, &p) in order.iter().enumerate() {
            if i > 0 && !all_grid {
                let q = order[i - 1];
                let cx = if better(sx, xs[p], xs[q]) {
                    xs[q]
                } else {
                    xs[p]
                };
                let cy = if better(sy, ys[p], ys[q]) {
                    ys[q]
                } else {
                    ys[p]
                };
                line.push(ip(to_px(cx, cy)));
            }
            line.push(ip(to_px(xs[p], ys[p])));
        }
        if line.len() > 1 {
            root.draw(&PathElement::new(line, STAIR.stroke_width(2)))?;
        }

        let mut markers: Vec<(f64, f64, f64)> = Vec::new();
        for &i in &order {
            let at = to_px(xs[i], ys[i]);
            draw_point_marker(&root, at, d.kinds[i])?;
            markers.push((at.0, at.1, marker_radius(d.kinds[i]) + 1.0));
            tips.push(Tip::Dot(
                at,
                7.0,
                format!(
                    "{}: {} ({})",
                    d.ids[i],
                    describe_point(d, &d.points[i]),
                    d.kinds[i].as_str()
                ),
            ));
        }

        let mut callouts = Vec::new();
        let same = d.knee.is_some() && d.knee == d.compromise;
        let ring = |i: usize| to_px(xs[i], ys[i]);
        if let Some(k) = d.knee {
            highlight_marker(&root, ring(k), 10.0, &KNEE, false)?;
        }
        if let Some(c) = d.compromise {
            let r = if same { 14.0 } else { 10.0 };
            highlight_marker(&root, ring(c), r, &COMPROMISE, true)?;
        }
        for (idx, name, color) in [
            (d.knee, "knee", KNEE),
            (d.compromise, "compromise", COMPROMISE),
        ] {
            let Some(i) = idx else { continue };
            if same && name == "compromise" {
                continue;
            }
            let head = if same {
                format!("knee = compromise · {}", d.ids[i])
            } else {
                format!("{name} · {}", d.ids[i])
            };
            callouts.push(Callout {
                lines: vec![head, describe_point(d, &d.points[i])],
                color,
                anchor: ring(i),
                clearance: if same { 15.0 } else { 11.0 },
                optional: false,
            });
        }

        for (vals, name, color) in [(&d.ideal, "ideal", IDEAL), (&d.nadir, "nadir", NADIR)] {
            if vals.len() != 2 || !vals.iter().all(|v| v.is_finite()) {
                continue;
            }
            let at = to_px(vals[0], vals[1]);
            if name == "ideal" {
                root.draw(&Polygon::new(diamond(at, 8.0), IDEAL.filled()))?;
            } else {
                draw_nadir_mark(&root, at, 6.0)?;
            }
            markers.push((at.0, at.1, 9.0));
            let text = describe_point(d, vals);
            tips.push(Tip::Dot(at, 8.0, format!("{name}: {text}")));
            callouts.push(Callout {
                lines: vec![name.to_string(), text],
                color,
                anchor: at,
                clearance: 9.0,
                optional: false,
            });
        }

        // Ids of a small front, where room allows.
        if n <= 12 {
            for &i in &order {
                if Some(i) == d.knee || Some(i) == d.compromise {
                    continue;
                }
                callouts.push(Callout {
                    lines: vec![d.ids[i].clone()],
                    color: FRONT,
                    anchor: to_px(xs[i], ys[i]),
                    clearance: marker_radius(d.kinds[i]),
                    optional: true,
                });
            }
        }
        let boxes = place_callouts(&callouts, bounds, &markers);
        for (c, r) in callouts.iter().zip(boxes) {
            if let Some(r) = r {
                if c.optional {
                    root.draw(&Text::new(
                        c.lines[0].clone(),
                        ip((r.x0 + LABEL_PAD, r.y0 + LABEL_PAD)),
                        styled(font(12.0), &FRONT, HPos::Left, VPos::Top),
                    ))?;
                } else {
                    draw_callout(&root, c, r)?;
                }
            }
        }

        let (lx, ly) = legend_area.get_pixel_range();
        draw_legend_2d(
            &root,
            (lx.start as f64 + 12.0, ly.start as f64 + 16.0),
            d,
            all_grid,
        )?;
        root.present()?;
    }
    Ok(super::kit::finish_svg(svg, &d.title, &tips))
}

/// The legend of the two-objective plot, drawn on `root` from `(x, y)` down.
fn draw_legend_2d(
    root: &DrawingArea<SVGBackend, Shift>,
    (x, mut y): (f64, f64),
    d: &PlotData,
    all_grid: bool,
) -> Draw<()> {
    let text_x = x + 28.0;
    let mx = x + 10.0;
    let row = |y: f64, text: String, color: &RGBColor| {
        root.draw(&Text::new(
            text,
            ip((text_x, y)),
            styled(font(13.0), color, HPos::Left, VPos::Center),
        ))
    };
    root.draw(&Text::new(
        plural(d.points.len(), "point"),
        ip((x, y)),
        styled(bold(14.0), &INK, HPos::Left, VPos::Center),
    ))?;
    y += 26.0;
    for (kind, count) in kind_counts(d) {
        draw_point_marker(root, (mx, y), kind)?;
        row(y, format!("{} ({count})", kind.as_str()), &INK)?;
        y += 22.0;
    }
    if d.points.len() > 1 {
        root.draw(&PathElement::new(
            if all_grid {
                vec![ip((x, y)), ip((x + 20.0, y))]
            } else {
                vec![
                    ip((x, y + 5.0)),
                    ip((x + 10.0, y + 5.0)),
                    ip((x + 10.0, y - 5.0)),
                    ip((x + 20.0, y - 5.0)),
                ]
            },
            STAIR.stroke_width(2),
        ))?;
        let label = if all_grid {
            "front through grid points"
        } else {
            "dominance staircase"
        };
        row(y, label.into(), &INK)?;
        y += 30.0;
    }
    if d.ideal.len() == 2 && d.ideal.iter().all(|v| v.is_finite()) {
        root.draw(&Polygon::new(diamond((mx, y), 8.0), IDEAL.filled()))?;
        row(y, "ideal (best of each)".into(), &INK)?;
        y += 24.0;
    }
    if d.nadir.len() == 2 && d.nadir.iter().all(|v| v.is_finite()) {
        draw_nadir_mark(root, (mx, y), 6.0)?;
        row(y, "nadir (worst on front)".into(), &INK)?;
        y += 32.0;
    }
    let same = d.knee.is_some() && d.knee == d.compromise;
    if let Some(k) = d.knee {
        highlight_marker(root, (mx, y), 9.0, &KNEE, false)?;
        if same {
            highlight_marker(root, (mx, y), 12.0, &COMPROMISE, true)?;
            row(y, format!("knee = compromise: {}", d.ids[k]), &KNEE)?;
            row(y + 17.0, "largest trade-off and".into(), &MUTED)?;
            row(y + 34.0, "closest to the ideal".into(), &MUTED)?;
        } else {
            row(y, format!("knee: {}", d.ids[k]), &KNEE)?;
            row(y + 17.0, "largest trade-off".into(), &MUTED)?;
        }
        y += 50.0;
    }
    if let (Some(c), false) = (d.compromise, same) {
        highlight_marker(root, (mx, y), 9.0, &COMPROMISE, true)?;
        row(y, format!("compromise: {}", d.ids[c]), &COMPROMISE)?;
        row(y + 17.0, "closest to the ideal".into(), &MUTED)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Three or more objectives: parallel coordinates

const WP: u32 = 1000;
const HP: u32 = 640;
const LEGEND_X: f64 = 40.0;

/// Splits `text` into lines of at most `width` pixels at `px`.
fn wrap(text: &str, width: f64, px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if text_w(&cand, px) <= width || cur.is_empty() {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn render_parallel(d: &PlotData) -> Draw<String> {
    let k = d.objectives.len();
    let n = d.points.len();
    let left = 96.0;
    let right = WP as f64 - 96.0;
    let spacing = (right - left) / (k - 1) as f64;
    let title_w = (spacing - 14.0).min(190.0);
    // Header lines per axis: the name (bold), then the unit.
    let heads: Vec<Vec<(String, bool)>> = d
        .objectives
        .iter()
        .map(|(l, _)| {
            let (name, unit) = match l.split_once(" (") {
                Some((name, unit)) => (name.trim(), format!("({unit}")),
                None => (l.trim(), String::new()),
            };
            let mut lines: Vec<(String, bool)> = wrap(name, title_w, 14.0 * BOLD_W)
                .into_iter()
                .map(|t| (t, true))
                .collect();
            lines.extend(wrap(&unit, title_w, 12.0).into_iter().map(|t| (t, false)));
            lines
        })
        .collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1) + 1;
    let y_top = HEADER_H as f64 + 14.0 + head_lines as f64 * 17.0 + 24.0;
    // Legend entries in rows that fit the width.
    let legend = {
        let counts = kind_counts(d)
            .into_iter()
            .map(|(kd, c)| format!("{c} {}", kd.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut entries: Vec<(Vec<ShapeStyle>, String, RGBColor)> = vec![(
            vec![FRONT.mix(0.6).stroke_width(1)],
            if counts.is_empty() {
                plural(n, "point")
            } else {
                format!("{} ({counts})", plural(n, "point"))
            },
            INK,
        )];
        let same = d.knee.is_some() && d.knee == d.compromise;
        if same {
            let i = d.knee.unwrap_or(0);
            entries.push((
                vec![COMPROMISE.stroke_width(7), KNEE.stroke_width(3)],
                format!("knee = compromise: {}", d.ids[i]),
                KNEE,
            ));
        } else {
            if let Some(i) = d.knee {
                entries.push((
                    vec![KNEE.stroke_width(4)],
                    format!("knee: {} (largest trade-off)", d.ids[i]),
                    KNEE,
                ));
            }
            if let Some(i) = d.compromise {
                entries.push((
                    vec![COMPROMISE.stroke_width(4)],
                    format!("compromise: {} (closest to ideal)", d.ids[i]),
                    COMPROMISE,
                ));
            }
        }
        let mut placed = Vec::new();
        let (mut row, mut x) = (0usize, LEGEND_X);
        for e in entries {
            let w = 34.0 + text_w(&e.1, 13.0);
            if x > LEGEND_X && x + w > WP as f64 - 10.0 {
                row += 1;
                x = LEGEND_X;
            }
            placed.push((row, x, e));
            x += w + 28.0;
        }
        placed
    };
    let legend_rows = legend.last().map_or(1, |l| l.0 + 1);
    let y_bot = HP as f64 - 62.0 - 22.0 * legend_rows as f64;
    let legend_y = y_bot + 40.0;
    let xs: Vec<f64> = (0..k).map(|j| left + j as f64 * spacing).collect();

    // Per axis: worst and best value; up is better.
    let ends: Vec<(f64, f64)> = (0..k)
        .map(|j| {
            let vals = d
                .points
                .iter()
                .map(|p| p[j])
                .chain(d.ideal.get(j).copied())
                .chain(d.nadir.get(j).copied());
            let (lo, hi) = axis_range(vals, 0.0);
            match d.objectives[j].1 {
                Sense::Max => (lo, hi),
                Sense::Min => (hi, lo),
            }
        })
        .collect();
    let y_of = |j: usize, v: f64| {
        let (worst, best) = ends[j];
        let t = if (best - worst).abs() > 0.0 {
            (v - worst) / (best - worst)
        } else {
            0.5
        };
        y_bot - t * (y_bot - y_top)
    };
    let path = |p: &[f64]| -> Vec<(f64, f64)> { (0..k).map(|j| (xs[j], y_of(j, p[j]))).collect() };

    let mut svg = String::new();
    let mut tips = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WP, HP)).into_drawing_area();
        root.fill(&WHITE)?;
        draw_header(&root, d, WP)?;

        // Axes, quarter ticks, titles.
        for j in 0..k {
            let x = xs[j];
            for q in [0.25, 0.5, 0.75] {
                let y = y_bot - q * (y_bot - y_top);
                root.draw(&PathElement::new(
                    vec![ip((x - 4.0, y)), ip((x + 4.0, y))],
                    MUTED.stroke_width(1),
                ))?;
            }
            root.draw(&PathElement::new(
                vec![ip((x, y_top)), ip((x, y_bot))],
                RGBColor(0x99, 0x99, 0x99).stroke_width(2),
            ))?;
            let sense = format!("({}) ↑ better", sense_word(d.objectives[j].1));
            let lines = heads[j].len() + 1;
            for i in 0..lines {
                let y = y_top - 26.0 - (lines - i) as f64 * 17.0;
                let (text, st) = if let Some((text, is_name)) = heads[j].get(i) {
                    let f = if *is_name { bold(14.0) } else { font(12.0) };
                    (text, styled(f, &INK, HPos::Center, VPos::Top))
                } else {
                    (&sense, styled(font(12.0), &MUTED, HPos::Center, VPos::Top))
                };
                root.draw(&Text::new(text.clone(), ip((x, y)), st))?;
            }
        }

        // One thin line per point.
        let alpha = (18.0 / n.max(1) as f64).clamp(0.1, 0.8);
        for (i, p) in d.points.iter().enumerate() {
            let pts = path(p);
            root.draw(&PathElement::new(
                pts.iter().map(|q| ip(*q)).collect::<Vec<_>>(),
                FRONT.mix(alpha).stroke_width(1),
            ))?;
            tips.push(Tip::Line(
                pts,
                format!(
                    "{}: {} ({})",
                    d.ids[i],
                    describe_point(d, p),
                    d.kinds[i].as_str()
                ),
            ));
        }
        // Axis values at the ends.
        for j in 0..k {
            let x = xs[j];
            let (worst, best) = ends[j];
            root.draw(&Text::new(
                fmt_value(best),
                ip((x, y_top - 8.0)),
                styled(bold(13.0), &INK, HPos::Center, VPos::Bottom),
            ))?;
            root.draw(&Text::new(
                fmt_value(worst),
                ip((x, y_bot + 8.0)),
                styled(bold(13.0), &INK, HPos::Center, VPos::Top),
            ))?;
        }

        // Knee and compromise: thick lines, their values beside each axis,
        // placed clear of the axes and of the thick lines.
        let same = d.knee.is_some() && d.knee == d.compromise;
        let mut obstacles: Vec<(f64, f64, f64)> = Vec::new();
        let mut sample_segment = |a: (f64, f64), b: (f64, f64), r: f64| {
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let steps = (len / 5.0).ceil().max(1.0) as usize;
            for s in 0..=steps {
                let t = s as f64 / steps as f64;
                obstacles.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1), r));
            }
        };
        for &x in &xs {
            sample_segment((x, y_top), (x, y_bot), 2.0);
        }
        let mut callouts = Vec::new();
        for (idx, color, width) in [
            (d.compromise, COMPROMISE, if same { 7 } else { 4 }),
            (d.knee, KNEE, if same { 3 } else { 4 }),
        ] {
            let Some(i) = idx else { continue };
            let pts = path(&d.points[i]);
            let ipts: Vec<(i32, i32)> = pts.iter().copied().map(ip).collect();
            root.draw(&PathElement::new(
                ipts.clone(),
                WHITE.stroke_width(width + 3),
            ))?;
            root.draw(&PathElement::new(ipts.clone(), color.stroke_width(width)))?;
            for q in &ipts {
                root.draw(&Circle::new(*q, width as i32 + 1, color.filled()))?;
            }
            for w in pts.windows(2) {
                sample_segment(w[0], w[1], width as f64 / 2.0 + 2.0);
            }
            if same && color == KNEE {
                continue;
            }
            for (j, &at) in pts.iter().enumerate() {
                callouts.push(Callout {
                    lines: vec![fmt_value(d.points[i][j])],
                    color,
                    anchor: at,
                    clearance: width as f64 / 2.0 + 3.0,
                    optional: false,
                });
            }
        }
        let bounds = Rect {
            x0: 4.0,
            y0: y_top - 4.0,
            x1: WP as f64 - 4.0,
            y1: y_bot + 4.0,
        };
        let boxes = place_callouts(&callouts, bounds, &obstacles);
        for (c, r) in callouts.iter().zip(boxes) {
            if let Some(r) = r {
                draw_callout(&root, c, r)?;
            }
        }

        // Legend and reading note.
        for (row, x, (styles, text, color)) in &legend {
            let y = legend_y + *row as f64 * 22.0;
            for style in styles {
                root.draw(&PathElement::new(
                    vec![ip((*x, y)), ip((x + 26.0, y))],
                    *style,
                ))?;
            }
            root.draw(&Text::new(
                text.clone(),
                ip((x + 34.0, y)),
                styled(font(13.0), color, HPos::Left, VPos::Center),
            ))?;
        }
        root.draw(&Text::new(
            "Each axis runs from the worst value (bottom) to the best (top), over the front and its ideal and nadir: up is better on every axis."
                .to_string(),
            ip((LEGEND_X, legend_y + legend_rows as f64 * 22.0)),
            styled(font(12.0), &MUTED, HPos::Left, VPos::Center),
        ))?;
        root.present()?;
    }
    Ok(super::kit::finish_svg(svg, &d.title, &tips))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: u64) -> impl FnMut() -> f64 {
        let mut s = seed;
        move || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Keeps the non-dominated rows (senses as given).
    fn non_dominated(rows: Vec<Vec<f64>>, senses: &[Sense]) -> Vec<Vec<f64>> {
        let dominates = |a: &[f64], b: &[f64]| {
            let mut strict = false;
            for j in 0..senses.len() {
                if better(senses[j], b[j], a[j]) {
                    return false;
                }
                strict |= better(senses[j], a[j], b[j]);
            }
            strict
        };
        let mut out: Vec<Vec<f64>> = Vec::new();
        for r in &rows {
            if !rows.iter().any(|o| dominates(o, r)) && !out.contains(r) {
                out.push(r.clone());
            }
        }
        out
    }

    /// Fills kinds, ideal, nadir, knee (nearest the ideal in the worst
    /// normalized objective) and compromise (nearest in Euclidean distance).
    fn finish(title: &str, objectives: Vec<(String, Sense)>, points: Vec<Vec<f64>>) -> PlotData {
        let k = objectives.len();
        let n = points.len();
        let pick = |j: usize, best: bool| {
            let it = points.iter().map(|p| p[j]);
            match (objectives[j].1, best) {
                (Sense::Max, true) | (Sense::Min, false) => it.fold(f64::MIN, f64::max),
                _ => it.fold(f64::MAX, f64::min),
            }
        };
        let (ideal, nadir): (Vec<f64>, Vec<f64>) = if n == 0 {
            (vec![], vec![])
        } else {
            (0..k).map(|j| (pick(j, true), pick(j, false))).unzip()
        };
        let gaps = |p: &[f64]| -> Vec<f64> {
            (0..k)
                .map(|j| {
                    let span = (ideal[j] - nadir[j]).abs().max(1e-9);
                    (p[j] - ideal[j]).abs() / span
                })
                .collect()
        };
        let argmin = |f: &dyn Fn(&[f64]) -> f64| {
            (0..n).min_by(|&a, &b| f(&points[a]).total_cmp(&f(&points[b])))
        };
        let knee = argmin(&|p| gaps(p).into_iter().fold(0.0, f64::max));
        let compromise = argmin(&|p| gaps(p).iter().map(|g| g * g).sum::<f64>());
        PlotData {
            title: title.into(),
            ids: (1..=n).map(|i| format!("p{i}")).collect(),
            kinds: (0..n)
                .map(|i| {
                    if i % 3 == 1 {
                        PointKind::Unsupported
                    } else {
                        PointKind::Supported
                    }
                })
                .collect(),
            subtitle: format!("exact front, {n} points (illustrative data)"),
            objectives,
            points,
            ideal,
            nadir,
            knee,
            compromise,
        }
    }

    /// A bi-objective stability (max, 0..462) vs cost (min, 0..2853) front
    /// from `n` candidates: a staircase with diminishing stability per dollar.
    fn sample_2d(n: usize) -> PlotData {
        let mut rnd = lcg(12345);
        let senses = [Sense::Max, Sense::Min];
        let rows = (0..n)
            .map(|i| {
                let t = if n > 1 {
                    i as f64 / (n - 1) as f64
                } else {
                    0.5
                };
                let stab = (462.0 * t.powf(0.45) * (0.97 + 0.03 * rnd())).round();
                let cost = 2853.0 * t * (0.98 + 0.02 * rnd());
                vec![stab, (cost * 10.0).round() / 10.0]
            })
            .collect();
        let mut front = non_dominated(rows, &senses);
        front.sort_by(|a, b| a[0].total_cmp(&b[0]));
        finish(
            "Stability vs cost",
            vec![
                ("stability (points)".into(), Sense::Max),
                ("cost (USD million)".into(), Sense::Min),
            ],
            front,
        )
    }

    /// A front of `k` = 3 or 4 objectives from `n` candidates.
    fn sample_nd(n: usize, k: usize) -> PlotData {
        let names = [
            ("stability (points)", Sense::Max),
            ("cost (USD million)", Sense::Min),
            ("personnel (person-years)", Sense::Min),
            ("regions covered (share of regions)", Sense::Max),
        ];
        let senses: Vec<Sense> = names[..k].iter().map(|x| x.1).collect();
        let mut rnd = lcg(777);
        let rows = (0..n)
            .map(|_| {
                let (u, v, w) = (rnd(), rnd(), rnd());
                let row = [
                    (462.0 * u).round(),
                    (2853.0 * u.powf(1.6) * (0.55 + 0.45 * v) + 40.0 * w).round(),
                    (180.0 * (1.0 - v) * (0.3 + 0.7 * u) + 10.0 * w).round(),
                    ((0.2 + 0.7 * w * (0.4 + 0.6 * u)) * 100.0).round() / 100.0,
                ];
                row[..k].to_vec()
            })
            .collect();
        let front = non_dominated(rows, &senses);
        let title = format!("{k}-objective front");
        let objectives = names[..k]
            .iter()
            .map(|(l, s)| (l.to_string(), *s))
            .collect();
        finish(&title, objectives, front)
    }

    fn write(d: &PlotData) -> (tempfile::TempDir, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("front.svg");
        write_front_plot(d, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let csv = std::fs::read_to_string(dir.path().join("front.csv")).unwrap();
        (dir, svg, csv)
    }

    /// Tags open and close in order (a cheap well-formedness check).
    fn assert_xmlish(svg: &str) {
        assert!(
            svg.trim_start().starts_with("<svg"),
            "{}",
            &svg[..80.min(svg.len())]
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(lt) = rest.find('<') {
            let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
            let tag = &rest[lt + 1..gt];
            assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if tag.starts_with('/') {
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "at {tag}");
            } else if !tag.ends_with('/') {
                stack.push(name);
            }
            rest = &rest[gt + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn plot_2d_writes_svg_and_csv() {
        let mut d = sample_2d(110);
        let n = d.points.len();
        assert!(n > 60, "{n}");
        (d.knee, d.compromise) = (Some(n / 3), Some(n / 2));
        let (_dir, svg, csv) = write(&d);
        assert_xmlish(&svg);
        assert!(svg.contains("stability (points)"));
        assert!(svg.contains("cost (USD million)"));
        assert!(svg.contains(&format!("{n} points")));
        assert!(svg.contains("knee"));
        assert!(svg.contains("compromise"));
        assert!(svg.contains("ideal") && svg.contains("nadir"));
        assert_eq!(svg.matches("<title>p").count(), n, "one tooltip per point");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "id,stability,cost,kind,knee,compromise");
        assert_eq!(lines.len(), n + 1);
        assert_eq!(
            lines.iter().filter(|l| l.ends_with(",true,false")).count(),
            1
        );
        assert_eq!(
            lines.iter().filter(|l| l.ends_with(",false,true")).count(),
            1
        );
    }

    #[test]
    fn plot_edge_cases_do_not_panic() {
        // One point: knee = compromise, degenerate ranges.
        let one = PlotData {
            points: vec![vec![100.0, 500.0]],
            ids: vec!["p1".into()],
            kinds: vec![PointKind::Supported],
            ideal: vec![100.0, 500.0],
            nadir: vec![100.0, 500.0],
            knee: Some(0),
            compromise: Some(0),
            ..sample_2d(10)
        };
        let (_d, svg, csv) = write(&one);
        assert_xmlish(&svg);
        assert!(svg.contains("knee = compromise"));
        assert_eq!(csv.lines().count(), 2);

        // Two points with equal cost.
        let two = PlotData {
            points: vec![vec![100.0, 500.0], vec![200.0, 500.0]],
            ids: vec!["p1".into(), "p2".into()],
            kinds: vec![PointKind::Supported, PointKind::Grid],
            ideal: vec![200.0, 500.0],
            nadir: vec![100.0, 500.0],
            knee: Some(1),
            compromise: Some(0),
            ..sample_2d(10)
        };
        let (_d, svg, csv) = write(&two);
        assert_xmlish(&svg);
        assert_eq!(csv.lines().count(), 3);

        // Many points, and no points at all.
        let rows = (0..200)
            .map(|i| vec![i as f64, (i * i) as f64 / 14.0])
            .collect();
        let many = finish("many", sample_2d(3).objectives, rows);
        let (_d, svg, csv) = write(&many);
        assert_xmlish(&svg);
        assert_eq!(csv.lines().count(), 201);
        assert!(svg.contains("200 points"));
        let empty = PlotData {
            points: vec![],
            ids: vec![],
            kinds: vec![],
            ideal: vec![],
            nadir: vec![],
            knee: None,
            compromise: None,
            ..sample_2d(10)
        };
        let (_d, svg, csv) = write(&empty);
        assert_xmlish(&svg);
        assert_eq!(csv.lines().count(), 1);
        let rows = (0..200)
            .map(|i| {
                let t = i as f64 / 199.0;
                vec![t, t * t, 1.0 - t, (3.0 * t).sin()]
            })
            .collect();
        let many = finish("many", sample_nd(3, 4).objectives, rows);
        let (_d, svg, csv) = write(&many);
        assert_xmlish(&svg);
        assert_eq!(csv.lines().count(), 201);
        let (_d, svg, _) = write(&sample_nd(0, 3));
        assert_xmlish(&svg);
    }

    #[test]
    fn plot_three_and_four_objectives_are_parallel_coordinates() {
        for k in [3, 4] {
            let d = sample_nd(60, k);
            let n = d.points.len();
            assert!(n > 20, "{n}");
            let (_dir, svg, csv) = write(&d);
            assert_xmlish(&svg);
            for (label, _) in &d.objectives {
                assert!(svg.contains(short_name(label)), "{label}");
            }
            assert!(svg.contains(&format!("{n} points")));
            assert!(svg.contains("↑ better"));
            // One polyline per point in the drawing, one more per tooltip.
            assert!(svg.matches("<polyline").count() >= 2 * n);
            assert_eq!(svg.matches("<title>p").count(), n);
            assert_eq!(csv.lines().count(), n + 1);
            assert_eq!(csv.lines().next().unwrap().split(',').count(), k + 4);
        }
    }

    #[test]
    fn plot_rejects_inconsistent_data() {
        let mut d = sample_2d(10);
        d.ids.pop();
        assert!(render_front_svg(&d).is_err());
        let mut d = sample_2d(10);
        d.knee = Some(999);
        assert!(render_front_svg(&d).is_err());
        let mut d = sample_2d(10);
        d.objectives.truncate(1);
        assert!(render_front_svg(&d).is_err());
        let mut d = sample_2d(10);
        d.points[0][1] = f64::NAN;
        assert!(render_front_svg(&d).is_err());
    }

    #[test]
    fn plot_number_formats() {
        let (t, s) = ticks(-30.0, 2950.0, 7);
        let f = TickFmt::new(&t, s);
        assert_eq!(
            t.iter().map(|v| f.fmt(*v)).collect::<Vec<_>>(),
            ["0", "500", "1000", "1500", "2000", "2500"]
        );
        let (t, s) = ticks(0.0, 1.0, 6);
        let f = TickFmt::new(&t, s);
        assert_eq!(f.fmt(t[1]), "0.2");
        let f = TickFmt::new(&[0.0, 0.25, 0.5], 0.25);
        assert_eq!(f.fmt(0.25), "0.25");
        let (t, s) = ticks(0.0, 120_000.0, 6);
        let f = TickFmt::new(&t, s);
        assert_eq!(f.fmt(t[1]), format!("{}k", t[1] / 1000.0));
        assert_eq!(fmt_value(2853.27), "2853");
        assert_eq!(fmt_value(312.456), "312.5");
        assert_eq!(fmt_value(0.0), "0");
        assert_eq!(fmt_value(123_456.0), "123.5k");
        assert_eq!(fmt_value(0.5), "0.5");
    }

    /// Writes sample plots to `$ACCORD_PLOT_SAMPLES` (a folder) for looking
    /// at them: `ACCORD_PLOT_SAMPLES=/tmp/plots cargo test --lib plot -- --ignored`.
    #[test]
    #[ignore]
    fn plot_write_samples() {
        let dir = std::path::PathBuf::from(
            std::env::var("ACCORD_PLOT_SAMPLES").unwrap_or_else(|_| "/tmp/accord-plots".into()),
        );
        write_front_plot(&sample_2d(110), &dir.join("front2.svg")).unwrap();
        write_front_plot(&sample_2d(8), &dir.join("front2_small.svg")).unwrap();
        let mut one = sample_2d(1);
        one.knee = Some(0);
        one.compromise = Some(0);
        write_front_plot(&one, &dir.join("front2_one.svg")).unwrap();
        let mut grid = sample_2d(30);
        grid.kinds.iter_mut().for_each(|k| *k = PointKind::Grid);
        grid.compromise = grid.knee;
        write_front_plot(&grid, &dir.join("front2_grid.svg")).unwrap();
        let mut swapped = sample_2d(40);
        swapped.objectives.swap(0, 1);
        swapped.points.iter_mut().for_each(|p| p.swap(0, 1));
        swapped.ideal.swap(0, 1);
        swapped.nadir.swap(0, 1);
        write_front_plot(&swapped, &dir.join("front2_swapped.svg")).unwrap();
        write_front_plot(&sample_2d(200), &dir.join("front2_200.svg")).unwrap();
        write_front_plot(&sample_nd(42, 3), &dir.join("front3.svg")).unwrap();
        write_front_plot(&sample_nd(60, 4), &dir.join("front4.svg")).unwrap();
        write_front_plot(&sample_nd(400, 4), &dir.join("front4_many.svg")).unwrap();
        let base = sample_nd(60, 4);
        let mut objectives = base.objectives.clone();
        objectives.push(("time to first delivery (months)".into(), Sense::Min));
        objectives.push((
            "risk exposure of partner organisations (index 0-1)".into(),
            Sense::Min,
        ));
        let rows = base
            .points
            .iter()
            .map(|p| {
                let mut r = p.clone();
                r.push((p[1] / 100.0).round() + 3.0);
                r.push(((1.0 - p[3]) * p[0] / 462.0 * 100.0).round() / 100.0);
                r
            })
            .collect();
        let mut six = finish(
            "Six objectives with long names: a stress test of headers and legend",
            objectives,
            rows,
        );
        six.ids = (1..=six.points.len())
            .map(|i| format!("mix-{i:04}"))
            .collect();
        write_front_plot(&six, &dir.join("front6.svg")).unwrap();
    }
}
