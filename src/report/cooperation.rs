//! The planner's view of `accord cooperation`: the bloc table and the value
//! of cooperation, the actors' contributions, the checks of the game; its
//! CSV files and two bar charts (what each set of blocs reaches; what each
//! actor brings), each with its data beside it.

use std::fmt::Write as _;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{bold, draw_error, font, styled, text_w, with_title, INK, MUTED, PALETTE};
use super::num;
use super::text::{Align, Table};
use crate::cooperation::answer::{Cooperation, Value};
use crate::Result;

/// A value with its interval or standard error, as a cell.
pub(super) fn cell(v: &Value) -> String {
    let Some(x) = v.value else {
        return "no value".into();
    };
    let mut s = num(x);
    if let Some(se) = v.stderr {
        let _ = write!(s, " ± {}", num(1.96 * se));
    } else if !v.exact {
        if let (Some(lo), Some(hi)) = (v.lo, v.hi) {
            let _ = write!(s, " [{}, {}]", num(lo), num(hi));
        }
    }
    s
}

/// The table a planner reads.
pub fn table(c: &Cooperation) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "accord cooperation: model {} | objective {} (max) | backend {} | {} coalitions, {} solves | solver {:.2} s | wall {:.2} s",
        c.model, c.objective, c.backend, c.coalitions, c.solves, c.solver_seconds, c.seconds
    );
    if !c.shortcuts.is_empty() {
        let parts: Vec<String> = c
            .shortcuts
            .iter()
            .map(|(k, n)| format!("{n} by {k}"))
            .collect();
        let _ = writeln!(s, "valued without a solve: {}", parts.join(", "));
    }
    let _ = writeln!(s, "grand coalition: {} = {}", c.objective, cell(&c.grand));

    let _ = writeln!(s, "\nBlocs");
    let mut t = Table::new(&[
        ("bloc", Align::Left),
        ("actors", Align::Right),
        ("alone", Align::Right),
        ("marginal", Align::Right),
        ("Shapley", Align::Right),
        ("share", Align::Right),
    ])
    .indent(2);
    let grand = c.grand.value.unwrap_or(f64::NAN);
    for id in &c.blocs.ids {
        let sh = &c.blocs.shapley[id];
        t.row([
            id.clone(),
            c.blocs.members[id].len().to_string(),
            cell(&c.blocs.alone[id]),
            cell(&c.blocs.marginal[id]),
            cell(sh),
            sh.value
                .filter(|_| grand.abs() > 0.0)
                .map_or("-".into(), |v| format!("{:.1}%", 100.0 * v / grand)),
        ]);
    }
    s.push_str(&t.render());
    let d = &c.cooperation_dividend;
    let _ = writeln!(s, "\nValue of cooperation");
    if let (Some(g), Some(sum), Some((best_id, best))) = (d.grand, d.sum_alone, &d.best_alone) {
        let _ = writeln!(
            s,
            "  together {}; each bloc alone adds up to {} (+{} from cooperating, {}); the best bloc alone ({best_id}) reaches {} (+{})",
            num(g),
            num(sum),
            num(g - sum),
            if sum.abs() > 0.0 {
                format!("{:.0}% more", 100.0 * (g - sum) / sum)
            } else {
                "from nothing".into()
            },
            num(*best),
            num(g - best)
        );
    } else {
        let _ = writeln!(s, "  not available: a coalition it needs has no value");
    }
    match c.core.in_core {
        Some(true) => {
            let _ = writeln!(
                s,
                "  the Shapley split is in the core: no set of blocs reaches more on its own than it gets"
            );
        }
        Some(false) => {
            let _ = writeln!(
                s,
                "  the Shapley split is NOT in the core: these sets of blocs reach more on their own"
            );
            for b in c.core.blocking.iter().take(5) {
                let _ = writeln!(
                    s,
                    "    {}: alone {}, Shapley split {}",
                    b.coalition,
                    num(b.value),
                    num(b.shapley)
                );
            }
        }
        None => {
            let _ = writeln!(s, "  core: not decided (a coalition has no value)");
        }
    }
    match c.blocs.superadditive {
        Some(true) => {
            let _ = writeln!(
                s,
                "  superadditive: any two disjoint sets of blocs reach at least as much together"
            );
        }
        Some(false) => {
            let _ = writeln!(s, "  not superadditive:");
            for p in &c.blocs.not_superadditive {
                let _ = writeln!(
                    s,
                    "    {} with {}: together {}, apart {}",
                    p.a,
                    p.b,
                    num(p.together),
                    num(p.apart)
                );
            }
        }
        None => {}
    }

    if c.actors.leave_one_out.is_empty() {
        let _ = writeln!(s, "\nActors: {}", c.actors.shapley_method);
        return s;
    }
    let _ = writeln!(
        s,
        "\nActors (sorted by {})",
        if c.actors.owen.is_empty() {
            "leave-one-out"
        } else {
            "Owen value"
        }
    );
    let mut ids: Vec<&String> = c.actors.leave_one_out.keys().collect();
    let key = |id: &String| {
        c.actors
            .owen
            .get(id)
            .unwrap_or(&c.actors.leave_one_out[id])
            .value
            .unwrap_or(f64::NEG_INFINITY)
    };
    ids.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.cmp(b)));
    let mut t = Table::new(&[
        ("actor", Align::Left),
        ("bloc", Align::Left),
        ("leave-one-out", Align::Right),
        ("Owen", Align::Right),
        ("Shapley", Align::Right),
    ])
    .indent(2);
    let bloc_of = |id: &str| {
        c.blocs
            .members
            .iter()
            .find(|(_, m)| m.iter().any(|a| a == id))
            .map_or("-", |(b, _)| b.as_str())
    };
    for id in ids {
        t.row([
            id.clone(),
            bloc_of(id).to_string(),
            cell(&c.actors.leave_one_out[id]),
            c.actors.owen.get(id).map_or("-".into(), cell),
            c.actors.shapley.get(id).map_or("-".into(), cell),
        ]);
    }
    s.push_str(&t.render());
    if let Some(note) = &c.actors.owen_note {
        let _ = writeln!(s, "  Owen: {note}");
    }
    let _ = writeln!(s, "  Shapley: {}", c.actors.shapley_method);
    let ch = &c.checks;
    let f = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.1e}"));
    let _ = writeln!(
        s,
        "\nChecks: efficiency (sum - v(N)) blocs {}, Owen {}, actor Shapley {}; quotient (bloc's Owen sum vs its Shapley) {}",
        f(ch.bloc_efficiency),
        f(ch.owen_efficiency),
        f(ch.actor_efficiency),
        f(ch.quotient)
    );
    s
}

/// values.csv: one row per value (`level` blocs or actors, `kind`).
pub fn values_csv(c: &Cooperation) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let mut push = |level: &str, kind: &str, id: &str, v: &Value| {
        rows.push(vec![
            level.into(),
            kind.into(),
            id.into(),
            f(v.value),
            f(v.lo),
            f(v.hi),
            f(v.stderr),
            v.exact.to_string(),
        ]);
    };
    push("grand", "value", "grand", &c.grand);
    for (kind, m) in [
        ("coalition", &c.blocs.values),
        ("alone", &c.blocs.alone),
        ("marginal", &c.blocs.marginal),
        ("shapley", &c.blocs.shapley),
    ] {
        for (id, v) in m {
            push("blocs", kind, id, v);
        }
    }
    for (kind, m) in [
        ("leave_one_out", &c.actors.leave_one_out),
        ("owen", &c.actors.owen),
        ("shapley", &c.actors.shapley),
    ] {
        for (id, v) in m {
            push("actors", kind, id, v);
        }
    }
    super::csv_records(
        &[
            "level", "kind", "id", "value", "lo", "hi", "stderr", "exact",
        ],
        rows,
    )
}

/// One bar of a chart.
struct Bar {
    label: String,
    value: f64,
    color: RGBColor,
}

/// A horizontal bar chart in the house style.
fn bars(title: &str, subtitle: &str, axis: &str, rows: &[Bar]) -> Result<String> {
    const W: u32 = 1000;
    const ROW: u32 = 24;
    const TOP: u32 = 84;
    let err = draw_error("cooperation chart");
    let label_w = rows
        .iter()
        .map(|b| text_w(&b.label, 13.0))
        .fold(60.0, f64::max)
        .min(460.0);
    let h = TOP + ROW * rows.len().max(1) as u32 + 50;
    let x0 = label_w + 36.0;
    let x1 = W as f64 - 110.0;
    let lo = rows.iter().map(|b| b.value).fold(0.0, f64::min);
    let hi = rows.iter().map(|b| b.value).fold(0.0, f64::max);
    let span = if hi - lo > 1e-12 { hi - lo } else { 1.0 };
    let xp = |v: f64| x0 + (v - lo) / span * (x1 - x0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(Box::new(e)))?;
        let text = |s: &str, style: &TextStyle<'_>, at: (i32, i32)| {
            root.draw_text(s, style, at).map_err(|e| err(Box::new(e)))
        };
        text(
            title,
            &styled(bold(18.0), &INK, HPos::Left, VPos::Top),
            (24, 16),
        )?;
        text(
            subtitle,
            &styled(font(13.0), &MUTED, HPos::Left, VPos::Top),
            (24, 44),
        )?;
        let zero = xp(0.0).round() as i32;
        let bottom = (TOP + ROW * rows.len().max(1) as u32) as i32;
        root.draw(&PathElement::new(
            vec![(zero, TOP as i32 - 6), (zero, bottom)],
            MUTED.stroke_width(1),
        ))
        .map_err(|e| err(Box::new(e)))?;
        for (k, b) in rows.iter().enumerate() {
            let y = TOP as i32 + (k as u32 * ROW) as i32;
            let xv = xp(b.value).round() as i32;
            let (a, z) = if xv < zero { (xv, zero) } else { (zero, xv) };
            root.draw(&Rectangle::new(
                [(a, y + 4), (z.max(a + 1), y + ROW as i32 - 4)],
                b.color.filled(),
            ))
            .map_err(|e| err(Box::new(e)))?;
            let keep = (label_w / (super::kit::CHAR_W * 13.0)).round() as usize;
            text(
                &super::text::shorten_middle(&b.label, keep),
                &styled(font(13.0), &INK, HPos::Right, VPos::Center),
                ((x0 - 12.0) as i32, y + ROW as i32 / 2),
            )?;
            text(
                &num(b.value),
                &styled(font(12.0), &INK, HPos::Left, VPos::Center),
                (z + 6, y + ROW as i32 / 2),
            )?;
        }
        text(
            axis,
            &styled(font(13.0), &INK, HPos::Center, VPos::Top),
            (((x0 + x1) / 2.0) as i32, bottom + 10),
        )?;
        root.present().map_err(|e| err(Box::new(e)))?;
    }
    Ok(with_title(svg, title))
}

/// blocs.svg and its data: `v(S)` of every set of blocs, largest first,
/// coloured by how many blocs it joins.
pub fn blocs_chart(c: &Cooperation) -> Result<(String, String)> {
    let mut rows: Vec<(&String, &Value)> = c.blocs.values.iter().collect();
    rows.sort_by(|a, b| {
        b.1.value
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.1.value.unwrap_or(f64::NEG_INFINITY))
            .then(a.0.cmp(b.0))
    });
    let drawn: Vec<Bar> = rows
        .iter()
        .filter_map(|(id, v)| {
            v.value.map(|x| Bar {
                label: id.replace('+', " + "),
                value: x,
                color: PALETTE[(id.matches('+').count()) % PALETTE.len()],
            })
        })
        .collect();
    let svg = bars(
        &format!("What each set of blocs reaches together ({})", c.objective),
        "v(S): the best plan when only the actors of these blocs fund and staff; colour: number of blocs (1 blue, 2 orange, 3 green, 4 pink, 5 yellow)",
        &c.objective,
        &drawn,
    )?;
    let csv = super::csv_records(
        &["blocs", "count", "value", "lo", "hi", "exact"],
        rows.iter().map(|(id, v)| {
            let f = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x}"));
            vec![
                id.to_string(),
                (id.matches('+').count() + 1).to_string(),
                f(v.value),
                f(v.lo),
                f(v.hi),
                v.exact.to_string(),
            ]
        }),
    )?;
    Ok((svg, csv))
}

/// actors.svg and its data: each actor's Owen value (or leave-one-out),
/// coloured by bloc.
pub fn actors_chart(c: &Cooperation) -> Result<(String, String)> {
    let (kind, m) = if c.actors.owen.is_empty() {
        ("leave-one-out value", &c.actors.leave_one_out)
    } else {
        ("Owen value", &c.actors.owen)
    };
    let bloc_index = |id: &str| {
        c.blocs
            .ids
            .iter()
            .position(|b| c.blocs.members[b].iter().any(|a| a == id))
            .unwrap_or(0)
    };
    let mut rows: Vec<(&String, &Value)> = m.iter().collect();
    rows.sort_by(|a, b| {
        b.1.value
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.1.value.unwrap_or(f64::NEG_INFINITY))
            .then(a.0.cmp(b.0))
    });
    let drawn: Vec<Bar> = rows
        .iter()
        .filter_map(|(id, v)| {
            v.value.map(|x| Bar {
                label: id.to_string(),
                value: x,
                color: PALETTE[bloc_index(id) % PALETTE.len()],
            })
        })
        .collect();
    let legend: Vec<String> = c
        .blocs
        .ids
        .iter()
        .enumerate()
        .map(|(k, b)| {
            format!(
                "{} {b}",
                ["blue", "orange", "green", "pink", "yellow", "sky"][k % 6]
            )
        })
        .collect();
    let svg = bars(
        &format!("What each actor brings ({kind} of {})", c.objective),
        &format!("colour: bloc ({})", legend.join(", ")),
        kind,
        &drawn,
    )?;
    let csv = super::csv_records(
        &[
            "actor",
            "bloc",
            "leave_one_out",
            "owen",
            "shapley",
            "shapley_stderr",
        ],
        rows.iter().map(|(id, _)| {
            let f = |v: Option<&Value>| {
                v.and_then(|v| v.value)
                    .map_or(String::new(), |x| format!("{x}"))
            };
            vec![
                id.to_string(),
                c.blocs.ids.get(bloc_index(id)).cloned().unwrap_or_default(),
                f(c.actors.leave_one_out.get(*id)),
                f(c.actors.owen.get(*id)),
                f(c.actors.shapley.get(*id)),
                c.actors
                    .shapley
                    .get(*id)
                    .and_then(|v| v.stderr)
                    .map_or(String::new(), |x| format!("{x}")),
            ]
        }),
    )?;
    Ok((svg, csv))
}
