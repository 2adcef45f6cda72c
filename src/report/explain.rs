//! The planner's text of `accord explain`: the conflicts as sentences with
//! their places, the repairs best first, the why-not table sorted by loss,
//! and what holds each chosen project's coalition.

use std::fmt::Write as _;

use super::num;
use super::text::{Align, Table};
use crate::explain::answer::{Conflict, Explanation};

fn objectives(m: &serde_json::Map<String, serde_json::Value>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {}", num(v.as_f64().unwrap_or(f64::NAN))))
        .collect::<Vec<_>>()
        .join(", ")
}

fn conflict_table(c: &Conflict, indent: usize) -> String {
    let mut t = Table::new(&[
        ("rule", Align::Left),
        ("where", Align::Left),
        ("what it says", Align::Left),
    ])
    .indent(indent)
    .separator(1, "  ")
    .separator(2, "  ")
    .max_width(1, 64);
    for r in &c.rules {
        let mark = if c.unproven.contains(&r.rule) {
            " (not proven necessary)"
        } else {
            ""
        };
        t.row([
            r.rule.clone(),
            r.place.clone().unwrap_or_else(|| "-".into()),
            format!("{}{mark}", r.text),
        ]);
    }
    t.render()
}

/// The explanation as a planner reads it.
pub fn explain_table(e: &Explanation) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "accord explain: model {} | status {} | backend {} {} | {} solves | wall {:.3} s",
        e.model, e.status, e.backend.id, e.backend.version, e.solves, e.wall_seconds
    );
    if !e.objectives.is_empty() {
        let _ = writeln!(s, "plan: {}", objectives(&e.objectives));
    }
    if !e.demands.is_empty() {
        let _ = writeln!(s, "demands:");
        for d in &e.demands {
            let _ = writeln!(
                s,
                "  {} ({}): {}",
                d.rule,
                d.place.as_deref().unwrap_or("-"),
                d.text
            );
        }
    }
    for (k, c) in e.conflicts.iter().enumerate() {
        let _ = writeln!(
            s,
            "\nConflict {} of {}: these {} rules cannot all hold{} ({} rules searched)",
            k + 1,
            e.conflicts.len(),
            c.rules.len(),
            if c.proven {
                "; drop any one and the rest can (each checked)"
            } else {
                "; NOT fully proven (time limit)"
            },
            e.rules
        );
        s.push_str(&conflict_table(c, 2));
    }
    if !e.repairs.is_empty() {
        let _ = writeln!(s, "\nRepairs: fewest rules, least extra money, demands given up or softened (each plan solved and checked)");
        for (k, r) in e.repairs.iter().enumerate() {
            let plan = if r.objectives.is_empty() {
                String::new()
            } else {
                format!(" -> {}", objectives(&r.objectives))
            };
            let _ = writeln!(
                s,
                "  {}. {}{}{}",
                k + 1,
                r.text,
                plan,
                if r.verified { "" } else { " [NOT verified]" }
            );
        }
    }
    if !e.not_chosen.is_empty() {
        let _ = writeln!(
            s,
            "\nWhy not: what insisting on each project left out costs (--must P), costliest first"
        );
        let names: Vec<String> = e.objectives.keys().cloned().collect();
        let mut headers = vec![("project", Align::Left), ("status", Align::Left)];
        headers.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
        headers.push(("loss", Align::Right));
        let mut t = Table::new(&headers).indent(2).separator(1, "  ");
        let mut blocked = Vec::new();
        for n in &e.not_chosen {
            t.row(why_not_cells(n, &names, "-", num));
            if let Some(c) = &n.conflict {
                blocked.push((n.project.clone(), c));
            }
        }
        s.push_str(&t.render());
        for (p, c) in blocked {
            let _ = writeln!(
                s,
                "\n  {p} cannot go ahead at all: these rules conflict with insisting on it{}",
                if c.proven { "" } else { " (NOT fully proven)" }
            );
            s.push_str(&conflict_table(c, 4));
        }
    }
    if !e.chosen.is_empty() {
        let _ = writeln!(
            s,
            "\nIn the plan: demands that keep each project in, and rules its coalition meets at their limit"
        );
        let mut t = Table::new(&[("project", Align::Left), ("binding", Align::Left)])
            .indent(2)
            .separator(1, "  ");
        for c in &e.chosen {
            let b: Vec<&str> = c.binding.iter().map(|r| r.rule.as_str()).collect();
            t.row([
                c.project.clone(),
                if b.is_empty() {
                    "none (nothing at its limit)".to_string()
                } else {
                    b.join(", ")
                },
            ]);
        }
        s.push_str(&t.render());
    }
    for n in &e.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}

/// The cells of a why-not row: project, status, each objective in `names`,
/// loss; `missing` where a value is absent, `fmt` for the numbers.
fn why_not_cells(
    n: &crate::explain::answer::NotChosen,
    names: &[String],
    missing: &str,
    fmt: fn(f64) -> String,
) -> Vec<String> {
    let mut row = vec![n.project.clone(), n.forced_status.to_string()];
    row.extend(names.iter().map(|k| {
        n.forced_objectives
            .get(k)
            .and_then(|v| v.as_f64())
            .map_or(missing.to_string(), fmt)
    }));
    row.push(n.loss.map_or(missing.to_string(), fmt));
    row
}

/// The why-not table as CSV: project, forced_status, one column per
/// objective, loss, conflict (`;`-separated rule names).
pub fn not_chosen_csv(e: &Explanation) -> crate::Result<String> {
    let names: Vec<String> = e.objectives.keys().cloned().collect();
    let mut header = vec!["project".to_string(), "forced_status".to_string()];
    header.extend(names.iter().cloned());
    header.extend(["loss".to_string(), "conflict".to_string()]);
    let rows = e.not_chosen.iter().map(|n| {
        let mut row = why_not_cells(n, &names, "", |v| v.to_string());
        row.push(n.conflict.as_ref().map_or(String::new(), |c| {
            c.rules
                .iter()
                .map(|r| r.rule.as_str())
                .collect::<Vec<_>>()
                .join(";")
        }));
        row
    });
    super::csv_records(&header, rows)
}
