//! Where the money and the people go: the flow diagram (actors, grouped
//! and coloured by bloc, to the projects they fund or staff; band widths by
//! amount) and each project's coalition by bloc, each with the data it
//! draws as CSV.
//!
//! # Legibility at scale
//! A diagram shows at most [`MAX_ACTORS`] actors and [`MAX_PROJECTS`]
//! projects by name: the largest by the amount drawn. The remaining actors
//! of each bloc become one node per bloc (`other western (12)`), the
//! remaining projects one node (`27 other projects`), so a plan of 200
//! actors and 400 projects draws at most 24 + blocs nodes on the left and
//! 28 on the right, and every band stays wide enough to see. Every slot
//! keeps room for its label whatever its amount, so labels never overlap.
//! The page carries the full table of flows beside the diagram.

use std::collections::{BTreeMap, HashMap};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    append_svg, bloc_colour, bold, draw_error, finish_svg, fmt_value, font, pattern_defs,
    pattern_rect, styled, text_w, Tip, INK, MUTED,
};
use super::text::shorten_middle;
use super::{AllocationRow, ProjectRow};
use crate::domain::Instance;
use crate::Result;

/// Actors drawn by name; the rest grouped per bloc.
pub const MAX_ACTORS: usize = 24;
/// Projects drawn by name; the rest grouped into one node.
pub const MAX_PROJECTS: usize = 28;
/// Projects drawn in the coalition bars (the largest by money).
pub const MAX_BARS: usize = 40;

/// What a flow diagram measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Money `f_ap`.
    Money,
    /// Person-years `s_ap`.
    Personnel,
}

impl Measure {
    /// Its name in titles.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Money => "money",
            Measure::Personnel => "personnel",
        }
    }
    fn of(self, r: &AllocationRow) -> f64 {
        match self {
            Measure::Money => r.funding,
            Measure::Personnel => r.personnel,
        }
    }
}

/// The rank of each bloc (index into `inst.vectors`) among the blocs sorted
/// by id: the index of its colour and pattern.
pub fn bloc_ranks(inst: &Instance) -> Vec<usize> {
    let mut sorted: Vec<usize> = (0..inst.vectors.len()).collect();
    sorted.sort_by(|&a, &b| inst.vectors[a].cmp(&inst.vectors[b]));
    let mut rank = vec![0; inst.vectors.len()];
    for (r, &v) in sorted.iter().enumerate() {
        rank[v] = r;
    }
    rank
}

/// Draws the legend of the blocs `present` (swatch and name, left to
/// right under the subtitle) and returns the pattern overlays of its
/// swatches.
fn legend(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    inst: &Instance,
    rank: &[usize],
    present: &[usize],
    id: &str,
) -> Result<String> {
    let err = draw_error("legend");
    let mut overlay = String::new();
    let mut x = 24.0;
    for &v in present {
        root.draw(&Rectangle::new(
            [(x as i32, 66), (x as i32 + 14, 80)],
            bloc_colour(rank[v]).filled(),
        ))
        .map_err(|e| err(Box::new(e)))?;
        overlay += &pattern_rect(id, rank[v], x, 66.0, 14.0, 14.0);
        root.draw_text(
            &inst.vectors[v],
            &styled(font(13.0), &INK, HPos::Left, VPos::Center),
            ((x + 20.0) as i32, 73),
        )
        .map_err(|e| err(Box::new(e)))?;
        x += 34.0 + text_w(&inst.vectors[v], 13.0);
    }
    Ok(overlay)
}

/// A node of the diagram: one actor or project, or a group of them.
#[derive(Debug, Clone)]
struct Node {
    label: String,
    members: Vec<String>,
    amount: f64,
    /// Bloc (vector index) of an actor node.
    bloc: Option<usize>,
    /// Vertical extent of its bar.
    y0: f64,
    y1: f64,
}

/// The flow diagram of `rows` (the plan's non-zero contributions) by
/// `measure`, and its data as CSV (one row per drawn band). `id` prefixes
/// the SVG's internal ids (pattern definitions) so that several diagrams can
/// live in one page.
pub fn sankey(
    inst: &Instance,
    rows: &[AllocationRow],
    measure: Measure,
    id: &str,
) -> Result<(String, String)> {
    let err = draw_error("flow diagram");
    let rank = bloc_ranks(inst);
    let actor_of: HashMap<&str, usize> = inst
        .actors
        .iter()
        .enumerate()
        .map(|(a, x)| (x.id.as_str(), a))
        .collect();
    let project_of: HashMap<&str, usize> = inst
        .projects
        .iter()
        .enumerate()
        .map(|(p, x)| (x.id.as_str(), p))
        .collect();
    let flows: Vec<(usize, usize, f64)> = rows
        .iter()
        .filter(|r| measure.of(r) > 0.0)
        .filter_map(|r| {
            Some((
                *actor_of.get(r.actor.as_str())?,
                *project_of.get(r.project.as_str())?,
                measure.of(r),
            ))
        })
        .collect();
    let mut by_actor = vec![0.0; inst.actors.len()];
    let mut by_project = vec![0.0; inst.projects.len()];
    for &(a, p, v) in &flows {
        by_actor[a] += v;
        by_project[p] += v;
    }
    let total: f64 = by_actor.iter().sum();

    // Left: the largest actors by name, the rest per bloc; by bloc rank,
    // then amount.
    let mut actors: Vec<usize> = (0..inst.actors.len())
        .filter(|&a| by_actor[a] > 0.0)
        .collect();
    actors.sort_by(|&a, &b| by_actor[b].total_cmp(&by_actor[a]).then(a.cmp(&b)));
    let named: Vec<usize> = actors.iter().copied().take(MAX_ACTORS).collect();
    let mut left: Vec<Node> = Vec::new();
    let mut left_of = vec![usize::MAX; inst.actors.len()];
    let mut blocs: Vec<usize> = (0..inst.vectors.len()).collect();
    blocs.sort_by_key(|&v| rank[v]);
    for &v in &blocs {
        let mut mine: Vec<usize> = named
            .iter()
            .copied()
            .filter(|&a| inst.actors[a].vector == v)
            .collect();
        mine.sort_by(|&a, &b| by_actor[b].total_cmp(&by_actor[a]).then(a.cmp(&b)));
        for a in mine {
            left_of[a] = left.len();
            left.push(Node {
                label: inst.actors[a].name.clone(),
                members: vec![inst.actors[a].id.clone()],
                amount: by_actor[a],
                bloc: Some(v),
                y0: 0.0,
                y1: 0.0,
            });
        }
        let rest: Vec<usize> = actors
            .iter()
            .copied()
            .skip(MAX_ACTORS)
            .filter(|&a| inst.actors[a].vector == v)
            .collect();
        if !rest.is_empty() {
            for &a in &rest {
                left_of[a] = left.len();
            }
            left.push(Node {
                label: format!(
                    "other {} ({} actor{})",
                    inst.vectors[v],
                    rest.len(),
                    if rest.len() == 1 { "" } else { "s" }
                ),
                members: rest.iter().map(|&a| inst.actors[a].id.clone()).collect(),
                amount: rest.iter().map(|&a| by_actor[a]).sum(),
                bloc: Some(v),
                y0: 0.0,
                y1: 0.0,
            });
        }
    }

    // Right: the largest projects by name, the rest as one node; ordered by
    // the mean position of their funders (fewer crossings), the group last.
    let mut projects: Vec<usize> = (0..inst.projects.len())
        .filter(|&p| by_project[p] > 0.0)
        .collect();
    projects.sort_by(|&a, &b| by_project[b].total_cmp(&by_project[a]).then(a.cmp(&b)));
    let mut centre = vec![0.0; inst.projects.len()];
    for &(a, p, v) in &flows {
        centre[p] += left_of[a] as f64 * v / by_project[p];
    }
    let mut shown: Vec<usize> = projects.iter().copied().take(MAX_PROJECTS).collect();
    shown.sort_by(|&a, &b| centre[a].total_cmp(&centre[b]).then(a.cmp(&b)));
    let mut right: Vec<Node> = Vec::new();
    let mut right_of = vec![usize::MAX; inst.projects.len()];
    for &p in &shown {
        right_of[p] = right.len();
        right.push(Node {
            label: inst.projects[p].name.clone(),
            members: vec![inst.projects[p].id.clone()],
            amount: by_project[p],
            bloc: None,
            y0: 0.0,
            y1: 0.0,
        });
    }
    // The rest, one node per sector (largest first).
    let rest: Vec<usize> = projects.iter().copied().skip(MAX_PROJECTS).collect();
    let mut sectors: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &p in &rest {
        sectors
            .entry(inst.projects[p].sector.as_str())
            .or_default()
            .push(p);
    }
    let mut groups: Vec<(&str, Vec<usize>, f64)> = sectors
        .into_iter()
        .map(|(s, ps)| {
            let amount = ps.iter().map(|&p| by_project[p]).sum();
            (s, ps, amount)
        })
        .collect();
    groups.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
    for (sector, ps, amount) in groups {
        for &p in &ps {
            right_of[p] = right.len();
        }
        right.push(Node {
            label: format!(
                "{} other {} project{}",
                ps.len(),
                if sector.is_empty() {
                    "unsorted"
                } else {
                    sector
                },
                if ps.len() == 1 { "" } else { "s" }
            ),
            members: ps.iter().map(|&p| inst.projects[p].id.clone()).collect(),
            amount,
            bloc: None,
            y0: 0.0,
            y1: 0.0,
        });
    }

    // Bands between drawn nodes.
    let mut bands: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for &(a, p, v) in &flows {
        *bands.entry((left_of[a], right_of[p])).or_default() += v;
    }

    // Layout: every slot is its amount plus room for a label.
    const W: f64 = 1100.0;
    const TOP: f64 = 96.0;
    const LABEL_ROOM: f64 = 16.0;
    let n = left.len().max(right.len()).max(1);
    let body = (24.0 * n as f64).max(420.0);
    let scale = if total > 0.0 {
        (body - LABEL_ROOM * n as f64) / total
    } else {
        0.0
    };
    for col in [&mut left, &mut right] {
        let mut y = TOP;
        for node in col.iter_mut() {
            let h = node.amount * scale;
            node.y0 = y + LABEL_ROOM / 2.0;
            node.y1 = node.y0 + h;
            y = node.y1 + LABEL_ROOM / 2.0;
        }
    }
    let height = TOP + body + 40.0;
    let node_w = 14.0;
    let xl = 330.0;
    let xr = W - 330.0 - node_w;

    let unit = match measure {
        Measure::Money => "money",
        Measure::Personnel => "person-years",
    };
    let title = format!("Who funds what ({unit})");
    let title = match measure {
        Measure::Money => title,
        Measure::Personnel => format!("Who staffs what ({unit})"),
    };
    let mut svg = String::new();
    let mut tips = Vec::new();
    let mut overlay = pattern_defs(id);
    {
        let root = SVGBackend::with_string(&mut svg, (W as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(Box::new(e)))?;
        let text = |s: &str, style: &TextStyle<'_>, at: (f64, f64)| {
            root.draw_text(s, style, (at.0.round() as i32, at.1.round() as i32))
                .map_err(|e| err(Box::new(e)))
        };
        text(
            &title,
            &styled(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24.0, 16.0),
        )?;
        text(
            &format!(
                "{} in all, {} flows; band width by amount; left: actors by bloc, right: projects",
                fmt_value(total),
                flows.len()
            ),
            &styled(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24.0, 42.0),
        )?;
        // Legend: the blocs present.
        let present: Vec<usize> = blocs
            .iter()
            .copied()
            .filter(|&v| left.iter().any(|n| n.bloc == Some(v)))
            .collect();
        overlay += &legend(&root, inst, &rank, &present, id)?;
        // Bands: outgoing in the order of their targets, incoming in the
        // order of their sources.
        let mut out_y: Vec<f64> = left.iter().map(|n| n.y0).collect();
        let mut in_y: Vec<f64> = right.iter().map(|n| n.y0).collect();
        let mut order: Vec<(&(usize, usize), &f64)> = bands.iter().collect();
        order.sort_by_key(|((l, r), _)| (*l, *r));
        let mut drawn: Vec<((usize, usize), f64, f64, f64)> = Vec::new();
        for ((l, r), &v) in &order {
            let h = v * scale;
            drawn.push(((*l, *r), v, out_y[*l], h));
            out_y[*l] += h;
        }
        let mut by_target: Vec<usize> = (0..drawn.len()).collect();
        by_target.sort_by_key(|&k| (drawn[k].0 .1, drawn[k].0 .0));
        let mut target_y = vec![0.0; drawn.len()];
        for k in by_target {
            let r = drawn[k].0 .1;
            target_y[k] = in_y[r];
            in_y[r] += drawn[k].3;
        }
        for (k, &((l, r), v, ya, h)) in drawn.iter().enumerate() {
            let yb = target_y[k];
            let (x0, x1) = (xl + node_w, xr);
            let steps = 16;
            let curve = |y_from: f64, y_to: f64, t: f64| {
                let s = t * t * (3.0 - 2.0 * t);
                (x0 + (x1 - x0) * t, y_from + (y_to - y_from) * s)
            };
            let mut pts: Vec<(f64, f64)> = (0..=steps)
                .map(|i| curve(ya, yb, i as f64 / steps as f64))
                .collect();
            pts.extend(
                (0..=steps)
                    .rev()
                    .map(|i| curve(ya + h.max(0.6), yb + h.max(0.6), i as f64 / steps as f64)),
            );
            let colour = bloc_colour(left[l].bloc.map_or(0, |b| rank[b]));
            root.draw(&Polygon::new(
                pts.iter()
                    .map(|&(x, y)| (x.round() as i32, y.round() as i32))
                    .collect::<Vec<_>>(),
                colour.mix(0.42).filled(),
            ))
            .map_err(|e| err(Box::new(e)))?;
            tips.push(Tip::Area(
                pts,
                format!("{} → {}: {}", left[l].label, right[r].label, fmt_value(v)),
            ));
        }
        // Nodes and labels.
        let keep = |room: f64| (room / (super::kit::CHAR_W * 12.0)).floor() as usize;
        // Actors: bloc colour, label on the left; projects: grey, label on
        // the right.
        for (nodes, x, left_side) in [(&left, xl, true), (&right, xr, false)] {
            for node in nodes.iter() {
                let h = (node.y1 - node.y0).max(1.0);
                let colour = node.bloc.map_or(MUTED, |b| bloc_colour(rank[b]));
                root.draw(&Rectangle::new(
                    [
                        (x as i32, node.y0.round() as i32),
                        ((x + node_w) as i32, (node.y0 + h).round() as i32),
                    ],
                    colour.filled(),
                ))
                .map_err(|e| err(Box::new(e)))?;
                if let Some(b) = node.bloc {
                    overlay += &pattern_rect(id, rank[b], x, node.y0, node_w, h);
                }
                let value = fmt_value(node.amount);
                let margin = if left_side { x } else { W - (x + node_w) };
                let room = margin - 24.0 - 10.0 - text_w(&value, 12.0) - 8.0;
                let (anchor, at) = if left_side {
                    (HPos::Right, x - 6.0)
                } else {
                    (HPos::Left, x + node_w + 6.0)
                };
                text(
                    &format!("{}  {value}", shorten_middle(&node.label, keep(room))),
                    &styled(font(12.0), &INK, anchor, VPos::Center),
                    (at, (node.y0 + node.y1) / 2.0),
                )?;
                tips.push(Tip::Area(
                    vec![
                        (x, node.y0),
                        (x + node_w, node.y0),
                        (x + node_w, node.y0 + h),
                        (x, node.y0 + h),
                    ],
                    format!(
                        "{}: {}",
                        shorten_middle(&node.members.join(", "), 400),
                        fmt_value(node.amount)
                    ),
                ));
            }
        }
        root.present().map_err(|e| err(Box::new(e)))?;
    }
    let svg = finish_svg(append_svg(svg, &overlay), &title, &tips);
    let csv = super::csv_records(
        &[
            "source",
            "source_members",
            "bloc",
            "target",
            "target_members",
            "amount",
        ],
        bands.iter().map(|(&(l, r), &v)| {
            vec![
                left[l].label.clone(),
                left[l].members.join(";"),
                left[l]
                    .bloc
                    .map_or(String::new(), |b| inst.vectors[b].clone()),
                right[r].label.clone(),
                right[r].members.join(";"),
                format!("{v}"),
            ]
        }),
    )?;
    Ok((svg, csv))
}

/// Each chosen project's money by bloc as a stacked bar (the
/// [`MAX_BARS`] largest), and the data as CSV (every chosen project, one
/// column per bloc).
pub fn coalition_bars(
    inst: &Instance,
    projects: &[ProjectRow],
    rows: &[AllocationRow],
    id: &str,
) -> Result<(String, String)> {
    let err = draw_error("coalition chart");
    let rank = bloc_ranks(inst);
    let mut blocs: Vec<usize> = (0..inst.vectors.len()).collect();
    blocs.sort_by_key(|&v| rank[v]);
    let actor_of: HashMap<&str, usize> = inst
        .actors
        .iter()
        .enumerate()
        .map(|(a, x)| (x.id.as_str(), a))
        .collect();
    let mut money: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for r in rows {
        let Some(&a) = actor_of.get(r.actor.as_str()) else {
            continue;
        };
        money
            .entry(r.project.as_str())
            .or_insert_with(|| vec![0.0; inst.vectors.len()])[inst.actors[a].vector] += r.funding;
    }
    let mut chosen: Vec<&ProjectRow> = projects.iter().filter(|p| p.goes_ahead).collect();
    chosen.sort_by(|a, b| b.funding.total_cmp(&a.funding).then(a.id.cmp(&b.id)));
    let drawn: Vec<&ProjectRow> = chosen.iter().copied().take(MAX_BARS).collect();

    const W: f64 = 1000.0;
    const ROW: f64 = 24.0;
    const TOP: f64 = 96.0;
    let label_w = drawn
        .iter()
        .map(|p| text_w(&p.name, 13.0) + super::kit::CHAR_W * 13.0)
        .fold(80.0, f64::max)
        .min(300.0);
    let x0 = label_w + 36.0;
    let x1 = W - 90.0;
    let hi = drawn.iter().map(|p| p.funding).fold(0.0, f64::max);
    let hi = if hi > 0.0 { hi } else { 1.0 };
    let height = TOP + ROW * drawn.len().max(1) as f64 + 40.0;
    let title = "Each project's coalition by bloc (money)";
    let mut svg = String::new();
    let mut tips = Vec::new();
    let mut overlay = pattern_defs(id);
    {
        let root = SVGBackend::with_string(&mut svg, (W as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(Box::new(e)))?;
        let text = |s: &str, style: &TextStyle<'_>, at: (f64, f64)| {
            root.draw_text(s, style, (at.0.round() as i32, at.1.round() as i32))
                .map_err(|e| err(Box::new(e)))
        };
        text(
            title,
            &styled(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24.0, 16.0),
        )?;
        text(
            &if chosen.len() > drawn.len() {
                format!(
                    "the {} largest of {} projects going ahead; bar length: money delivered",
                    drawn.len(),
                    chosen.len()
                )
            } else {
                format!(
                    "{} projects going ahead; bar length: money delivered",
                    chosen.len()
                )
            },
            &styled(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24.0, 42.0),
        )?;
        let present: Vec<usize> = blocs
            .iter()
            .copied()
            .filter(|&v| money.values().any(|m| m[v] > 0.0))
            .collect();
        overlay += &legend(&root, inst, &rank, &present, id)?;
        let keep = (label_w / (super::kit::CHAR_W * 13.0)).floor() as usize;
        for (k, p) in drawn.iter().enumerate() {
            let y = TOP + k as f64 * ROW;
            text(
                &shorten_middle(&p.name, keep),
                &styled(font(13.0), &INK, HPos::Right, VPos::Center),
                (x0 - 10.0, y + ROW / 2.0),
            )?;
            let mut at = x0;
            if let Some(m) = money.get(p.id.as_str()) {
                for &v in &blocs {
                    if m[v] <= 0.0 {
                        continue;
                    }
                    let w = m[v] / hi * (x1 - x0);
                    root.draw(&Rectangle::new(
                        [
                            (at.round() as i32, (y + 4.0) as i32),
                            (
                                (at + w).round().max(at.round() + 1.0) as i32,
                                (y + ROW - 4.0) as i32,
                            ),
                        ],
                        bloc_colour(rank[v]).filled(),
                    ))
                    .map_err(|e| err(Box::new(e)))?;
                    overlay += &pattern_rect(id, rank[v], at, y + 4.0, w, ROW - 8.0);
                    tips.push(Tip::Area(
                        vec![
                            (at, y + 4.0),
                            (at + w, y + 4.0),
                            (at + w, y + ROW - 4.0),
                            (at, y + ROW - 4.0),
                        ],
                        format!("{}: {} {}", p.id, inst.vectors[v], fmt_value(m[v])),
                    ));
                    at += w;
                }
            }
            text(
                &fmt_value(p.funding),
                &styled(font(12.0), &INK, HPos::Left, VPos::Center),
                (at + 6.0, y + ROW / 2.0),
            )?;
        }
        root.present().map_err(|e| err(Box::new(e)))?;
    }
    let svg = finish_svg(append_svg(svg, &overlay), title, &tips);
    let mut header = vec!["project".to_string(), "funding".to_string()];
    header.extend(blocs.iter().map(|&v| inst.vectors[v].clone()));
    let csv = super::csv_records(
        &header,
        chosen.iter().map(|p| {
            let mut row = vec![p.id.clone(), format!("{}", p.funding)];
            let m = money.get(p.id.as_str());
            row.extend(
                blocs
                    .iter()
                    .map(|&v| format!("{}", m.map_or(0.0, |m| m[v]))),
            );
            row
        }),
    )?;
    Ok((svg, csv))
}
