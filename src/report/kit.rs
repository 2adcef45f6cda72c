//! The plot kit: one house style for every chart accord draws (the front
//! plot, a sweep's tornado and grid charts, the bench's performance
//! profile and instance chart): fonts and text sizing, colours, number and
//! tick formatting, and the finishing of the SVG (document title,
//! tooltips).
//!
//! # Text and fonts
//! `plotters` is built with `svg_backend` only: no `ttf` feature (font-kit,
//! which links fontconfig and freetype) and no `ab_glyph` feature (which
//! would need a font file shipped in the repository). The SVG backend does
//! not rasterize text: it writes `<text font-family="sans-serif">` elements,
//! and the viewer (browser, rsvg, Inkscape) draws them with its own fonts, so
//! text is crisp and selectable and the crate builds with the Rust toolchain
//! alone. Without a font plotters only *estimates* text extents (a fixed
//! 0.7 em-per-character metric in its own layout); the charts size their
//! own labels with [`CHAR_W`] em per character (bold a tenth wider),
//! generous for DejaVu Sans, Arial and Helvetica, and keep slack around
//! text for the viewer's font. plotters' `font-size` is its size divided by
//! 1.24, so sizes here are given in SVG pixels and scaled by
//! [`PLOTTERS_FONT_SCALE`]. The price: a program that turns the SVG into PNG
//! needs some font installed (any sans-serif; `rsvg-convert` finds them
//! through fontconfig).
//!
//! # Colours
//! Text in [`INK`] and [`MUTED`], grid lines in [`GRIDLINE`]; meaning
//! colours [`BLUE`] (the front, "better"), [`RED`] (the nadir, "worse", a
//! limit), [`ORANGE`], [`PURPLE`], [`GREEN`]; series from [`PALETTE`]
//! (Okabe-Ito, readable by colour-blind readers) or along [`ramp`].

use std::fmt::Write as _;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Error;

/// What plotters' drawing calls return.
pub type Draw<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The error of a chart that could not be drawn.
pub fn draw_error(what: &str) -> impl Fn(Box<dyn std::error::Error>) -> Error + '_ {
    move |e| Error::Usage(format!("drawing the {what} failed: {e}"))
}

/// Average glyph width in em used to size labels (DejaVu Sans digits are
/// 0.64 em, lower case averages about 0.55 em).
pub const CHAR_W: f64 = 0.56;
/// Bold glyphs are about this much wider.
pub const BOLD_W: f64 = 1.1;
/// plotters writes `font-size = size / 1.24` in SVG.
pub const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Text.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text.
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Grid lines.
pub const GRIDLINE: RGBColor = RGBColor(0xe6, 0xe6, 0xe6);
/// The front; "better".
pub const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// The nadir; "worse"; a limit.
pub const RED: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
/// A highlighted pick (the knee).
pub const ORANGE: RGBColor = RGBColor(0xe6, 0x61, 0x00);
/// A second highlighted pick (the compromise).
pub const PURPLE: RGBColor = RGBColor(0x7b, 0x2c, 0xbf);
/// The ideal.
pub const GREEN: RGBColor = RGBColor(0x1a, 0x8f, 0x4a);

/// Series colours (Okabe-Ito, readable by colour-blind readers).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x56, 0xb4, 0xe9),
];

/// The colour of series `s`.
pub fn series(s: usize) -> RGBColor {
    PALETTE[s % PALETTE.len()]
}

/// The colour of line `k` of `n` along an ordered parameter: from
/// [`BLUE`] (first value) to [`ORANGE`] (last).
pub fn ramp(k: usize, n: usize) -> RGBColor {
    let (a, b) = (BLUE, ORANGE);
    let t = if n > 1 {
        k as f64 / (n - 1) as f64
    } else {
        0.0
    };
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of a bloc, by its rank among the blocs sorted by id (the
/// same in every chart and page: the flow diagram, the coalition bars, the
/// cooperation charts).
pub fn bloc_colour(rank: usize) -> RGBColor {
    series(rank)
}

/// The name of a bloc's colour, for legends written as text.
pub fn bloc_colour_name(rank: usize) -> &'static str {
    ["blue", "orange", "green", "pink", "yellow", "sky"][rank % PALETTE.len()]
}

/// The fill pattern of bloc `rank` (0: solid), so that blocs stay apart
/// printed in greyscale: none, diagonal, dots, horizontal, back-diagonal,
/// cross-hatch; past the palette's six colours the pattern shifts, so no
/// two of the first 36 blocs look alike.
pub fn bloc_pattern(rank: usize) -> usize {
    (rank + rank / PALETTE.len()) % 6
}

/// The `<defs>` of the six bloc patterns, ids `{prefix}-p1` .. `-p5`
/// (white strokes over the bloc's colour).
pub fn pattern_defs(prefix: &str) -> String {
    let line = |x1: u8, y1: u8, x2: u8, y2: u8| {
        format!("<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#fff\" stroke-width=\"1.6\" stroke-opacity=\"0.8\"/>")
    };
    let pat = |k: usize, rotate: i32, body: String| {
        format!(
            "<pattern id=\"{prefix}-p{k}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate({rotate})\">{body}</pattern>"
        )
    };
    let mut s = String::from("<defs>");
    s += &pat(1, 45, line(0, 0, 0, 6));
    s += &pat(
        2,
        0,
        "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#fff\" fill-opacity=\"0.85\"/>".into(),
    );
    s += &pat(3, 0, line(0, 3, 6, 3));
    s += &pat(4, -45, line(0, 0, 0, 6));
    s += &pat(5, 45, line(0, 0, 0, 6) + &line(0, 3, 6, 3));
    s += "</defs>";
    s
}

/// A rectangle filled with bloc `rank`'s pattern (nothing for a solid
/// bloc), to lay over its coloured shape.
pub fn pattern_rect(prefix: &str, rank: usize, x: f64, y: f64, w: f64, h: f64) -> String {
    match bloc_pattern(rank) {
        0 => String::new(),
        k => format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"url(#{prefix}-p{k})\"/>\n"
        ),
    }
}

/// Inserts `extra` (raw SVG) just before the closing `</svg>`.
pub fn append_svg(mut svg: String, extra: &str) -> String {
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, extra);
    }
    svg
}

/// The sans-serif font at `px` SVG pixels.
pub fn font(px: f64) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::SansSerif,
        px * PLOTTERS_FONT_SCALE,
        FontStyle::Normal,
    )
}

/// The bold sans-serif font at `px` SVG pixels.
pub fn bold(px: f64) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::SansSerif,
        px * PLOTTERS_FONT_SCALE,
        FontStyle::Bold,
    )
}

/// A text style: font, colour and anchor.
pub fn styled(f: FontDesc<'static>, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    f.color(color).pos(Pos::new(h, v))
}

/// The house style of a chart's mesh: no light lines, 13 px tick labels and
/// 15 px axis titles in [`INK`], grid lines in [`GRIDLINE`], axes in
/// [`MUTED`].
pub fn house_mesh<'m, 'a, 'b, X, Y, DB>(
    m: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    DB: DrawingBackend,
{
    m.max_light_lines(0)
        .label_style(font(13.0).color(&INK))
        .axis_desc_style(font(15.0).color(&INK))
        .bold_line_style(GRIDLINE)
        .axis_style(MUTED)
}

/// Estimated width in pixels of `s` at `px`.
pub fn text_w(s: &str, px: f64) -> f64 {
    s.chars().count() as f64 * CHAR_W * px
}

/// `s` with XML's special characters escaped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Numbers

/// A value in a label: 4 significant digits, `k`/`M` for large magnitudes.
pub fn fmt_value(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e15).contains(&a) {
        format!("{v:.2e}")
    } else if a >= 1e6 {
        format!("{}M", sig(v / 1e6, 4))
    } else if a >= 1e5 {
        format!("{}k", sig(v / 1e3, 4))
    } else {
        sig(v, 4)
    }
}

/// `x` with `n` significant digits (at most 6 decimals), trailing zeros
/// dropped.
pub fn sig(x: f64, n: i32) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let d = (n - 1 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{x:.d$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// The ticks plotters draws on `[lo, hi]` for at most `n` labels, and their
/// step.
pub fn ticks(lo: f64, hi: f64, n: usize) -> (Vec<f64>, f64) {
    let t = RangedCoordf64::from(lo..hi).key_points(n);
    let step = t
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    let step = if step.is_finite() {
        step
    } else {
        (hi - lo).abs().max(1.0)
    };
    (t, step)
}

/// Tick label format shared by all ticks of one axis: same unit suffix and
/// number of decimals.
pub struct TickFmt {
    div: f64,
    suffix: &'static str,
    decimals: usize,
    sci: bool,
}

impl TickFmt {
    /// The format of `ticks` spaced by `step`.
    pub fn new(ticks: &[f64], step: f64) -> TickFmt {
        let mag = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
        let (div, suffix) = if mag >= 1e6 {
            (1e6, "M")
        } else if mag >= 1e4 {
            (1e3, "k")
        } else {
            (1.0, "")
        };
        let sci = mag >= 1e15 || (mag > 0.0 && mag < 1e-3);
        let s = step / div;
        let mut decimals = 0;
        while decimals < 6 {
            let scaled = s * 10f64.powi(decimals as i32);
            if (scaled - scaled.round()).abs() <= 1e-6 * scaled.abs().max(1.0) {
                break;
            }
            decimals += 1;
        }
        TickFmt {
            div,
            suffix,
            decimals,
            sci,
        }
    }

    /// One tick label.
    pub fn fmt(&self, v: f64) -> String {
        if self.sci {
            return format!("{v:.1e}");
        }
        let x = v / self.div;
        let x = if x.abs() < 0.5 * 10f64.powi(-(self.decimals as i32)) {
            0.0
        } else {
            x
        };
        format!("{:.*}{}", self.decimals, x, self.suffix)
    }
}

/// A number with up to 4 significant digits, with a `+` sign when
/// `signed` and positive (bar labels, deltas).
pub fn short(v: f64, signed: bool) -> String {
    let s = sig(v, 4);
    if signed && v > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

/// The grid of a change axis (the tornado charts of the sweep and of
/// sensitivity): a vertical line from `axis_y` to `bottom` at every `step`
/// from `lo` to `hi` (the zero line darker) with its signed label above.
pub fn change_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    (lo, hi, step): (f64, f64, f64),
    xp: impl Fn(f64) -> f64,
    axis_y: i32,
    bottom: i32,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut t = lo;
    while t <= hi + step * 1e-6 {
        let zero = t.abs() < step * 1e-6;
        let x = xp(t).round() as i32;
        let colour = if zero { MUTED } else { GRIDLINE };
        root.draw(&PathElement::new(vec![(x, axis_y), (x, bottom)], colour))?;
        root.draw_text(
            &short(if zero { 0.0 } else { t }, true),
            &styled(font(12.0), &MUTED, HPos::Center, VPos::Bottom),
            (x, axis_y - 4),
        )?;
        t += step;
    }
    Ok(())
}

/// A nice tick step (1, 2 or 5 times a power of ten) for about `n` ticks
/// over `span`.
pub fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    mag * if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    }
}

// ---------------------------------------------------------------------------
// Finishing

/// A hover tooltip: an invisible shape with an SVG `<title>`.
pub enum Tip {
    /// A circle at a centre with a radius.
    Dot((f64, f64), f64, String),
    /// A polyline.
    Line(Vec<(f64, f64)>, String),
    /// A filled polygon (a flow band).
    Area(Vec<(f64, f64)>, String),
}

/// Adds the document title and the tooltips to plotters' SVG.
pub fn finish_svg(mut svg: String, title: &str, tips: &[Tip]) -> String {
    let mut extra = String::new();
    if !tips.is_empty() {
        extra.push_str("<g id=\"tooltips\">\n");
    }
    for t in tips {
        match t {
            Tip::Dot((x, y), r, text) => {
                let _ = writeln!(
                    extra,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"#000\" fill-opacity=\"0\"><title>{}</title></circle>",
                    xml_escape(text)
                );
            }
            Tip::Area(pts, text) => {
                let p: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = writeln!(
                    extra,
                    "<polygon points=\"{}\" fill=\"#000\" fill-opacity=\"0\"><title>{}</title></polygon>",
                    p.join(" "),
                    xml_escape(text)
                );
            }
            Tip::Line(pts, text) => {
                let p: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = writeln!(
                    extra,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#000\" stroke-opacity=\"0\" stroke-width=\"6\"><title>{}</title></polyline>",
                    p.join(" "),
                    xml_escape(text)
                );
            }
        }
    }
    if !tips.is_empty() {
        extra.push_str("</g>\n");
    }
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &extra);
    }
    if let Some(open) = svg.find("<svg") {
        if let Some(gt) = svg[open..].find('>') {
            let at = open + gt + 1;
            svg.insert_str(at, &format!("\n<title>{}</title>", xml_escape(title)));
        }
    }
    svg
}

/// Adds a document `<title>` after the opening `<svg>` tag.
pub fn with_title(svg: String, title: &str) -> String {
    finish_svg(svg, title, &[])
}
