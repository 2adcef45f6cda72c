//! The planner's report: one self-contained HTML page (`accord report`).
//!
//! Inline SVG and CSS, a few lines of plain JavaScript (sortable tables),
//! nothing fetched from anywhere. The page is a pure function of what it
//! is given: no clock, no host name, no random ids, so the same inputs and
//! options give the same bytes (timings appear only when asked for, and the
//! manifest beside the page carries them). Every chart is followed by the
//! data it draws as a table. Sections whose analysis was not asked for say
//! how to ask.

use std::fmt::Write as _;

use super::kit::xml_escape as esc;
use super::text::shorten_middle;
use super::{flows, num, InputFile, Summary};
use crate::backend::Info;
use crate::cooperation::answer::Cooperation;
use crate::domain::Instance;
use crate::explain::answer::Explanation;
use crate::sensitivity::answer::Sensitivity;
use crate::Result;

/// A chart with the data it draws (CSV).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Caption.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
    /// Its data.
    pub csv: String,
}

/// The trade-offs of a front.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontView {
    /// The front plot.
    pub chart: Chart,
    /// The points as CSV (id, objectives, kind, projects).
    pub points_csv: String,
    /// `knee: p4 | compromise: p5` and what they are.
    pub picks: Vec<String>,
}

/// A finished sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepView {
    /// Where it was read.
    pub dir: String,
    /// The tornado chart, when the sweep has two or more scenarios.
    pub tornado: Option<Chart>,
    /// Each scenario against the baseline (deltas.csv).
    pub deltas_csv: String,
}

/// How to make the page again.
#[derive(Debug, Clone, PartialEq)]
pub struct Reproduce {
    /// Every input with its SHA-256.
    pub inputs: Vec<InputFile>,
    /// The options as resolved.
    pub options: serde_json::Value,
    /// Backend and version.
    pub backend: Info,
    /// The command lines: the page's own, then one per analysis.
    pub commands: Vec<String>,
}

/// Everything a page shows.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The plan.
    pub summary: &'a Summary,
    /// Its data.
    pub instance: &'a Instance,
    /// `--explain`.
    pub explanation: Option<&'a Explanation>,
    /// `--cooperation`.
    pub cooperation: Option<&'a Cooperation>,
    /// `--sensitivity`.
    pub sensitivity: Option<&'a Sensitivity>,
    /// `--sensitivity` with `--curve`: staircases.
    pub curves: Vec<Chart>,
    /// `--front`.
    pub front: Option<FrontView>,
    /// `--sweep`.
    pub sweep: Option<SweepView>,
    /// Section 7.
    pub reproduce: Reproduce,
    /// Show solve times (the page then differs from run to run).
    pub timings: bool,
}

const STYLE: &str = r#"
:root { --ink:#222; --muted:#666; --rule:#ddd; --soft:#f5f6f8; --ok:#1a7f37; --bad:#b42318; --warn:#9a6700; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 8px; padding-top: 8px; border-top: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 22px 0 6px; }
p.lead, .muted { color: var(--muted); }
nav { font-size: 14px; margin: 8px 0 0; }
nav a { margin-right: 14px; color: #1f5fa8; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-weight: 600; font-size: 14px; border: 1.5px solid currentColor; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px; margin: 14px 0; }
.fact { background: var(--soft); border-radius: 6px; padding: 10px 12px; }
.fact b { display: block; font-size: 22px; }
.fact span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; font-size: 13.5px; margin: 8px 0 14px; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--soft); cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.out td { color: var(--muted); }
figure { margin: 14px 0 18px; }
figure svg { max-width: 100%; height: auto; display: block; border: 1px solid var(--rule); border-radius: 4px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
details { margin: 6px 0 12px; } summary { cursor: pointer; color: #1f5fa8; font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--rule); border-left: 6px solid var(--bloc); border-radius: 6px; padding: 10px 12px; font-size: 13.5px; break-inside: avoid; }
.card h3 { margin: 0 0 2px; font-size: 15px; }
.meter { height: 9px; background: #e9ebef; border-radius: 5px; overflow: hidden; margin: 2px 0 6px; }
.meter i { display: block; height: 100%; background: #4a5568; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.ask { background: var(--soft); border-left: 4px solid var(--muted); padding: 8px 12px; font-size: 14px; }
td code { overflow-wrap: anywhere; }
td:first-child { min-width: 200px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
pre { background: var(--soft); padding: 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
@media print {
  main { max-width: none; padding: 0; }
  nav, summary { display: none; }
  h2 { break-before: page; } h2.first { break-before: avoid; }
  figure, .card, tr { break-inside: avoid; }
  table { font-size: 10.5px; table-layout: fixed; }
  th, td { padding: 2px 4px; overflow-wrap: anywhere; }
  td:first-child { min-width: 0; }
  td code { font-size: 9.5px; }
  table.projects th:nth-child(1) { width: 24%; } table.projects th:nth-child(6) { width: 20%; }
  table.projects th:nth-child(7) { width: 28%; }
  th { cursor: auto; white-space: normal; }
}
"#;

/// Sortable tables: click a header to sort by it (numbers as numbers).
const SCRIPT: &str = r#"
document.querySelectorAll("table.sort").forEach(function (t) {
  t.querySelectorAll("th").forEach(function (th, k) {
    th.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") === "ascending";
      t.querySelectorAll("th").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var body = t.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var key = function (r) { var c = r.cells[k]; return c ? (c.getAttribute("data-v") || c.textContent) : ""; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"#;

/// A table under construction: header cells (`n` for numbers), rows.
struct Html {
    head: Vec<(String, bool)>,
    rows: Vec<(Vec<String>, &'static str)>,
    class: &'static str,
}

impl Html {
    fn new(head: &[(&str, bool)]) -> Html {
        Html {
            head: head.iter().map(|(h, n)| (h.to_string(), *n)).collect(),
            rows: Vec::new(),
            class: "sort",
        }
    }
    /// An extra class of the table (print widths).
    fn class(mut self, class: &'static str) -> Html {
        self.class = class;
        self
    }
    /// A row of already escaped cells, with a row class.
    fn row(&mut self, cells: Vec<String>, class: &'static str) {
        self.rows.push((cells, class));
    }
    fn render(&self) -> String {
        let mut s = format!("<table class=\"{}\"><thead><tr>", self.class);
        for (h, n) in &self.head {
            let _ = write!(
                s,
                "<th{}>{}</th>",
                if *n { " class=\"n\"" } else { "" },
                esc(h)
            );
        }
        s.push_str("</tr></thead><tbody>\n");
        for (cells, class) in &self.rows {
            if class.is_empty() {
                s.push_str("<tr>");
            } else {
                let _ = write!(s, "<tr class=\"{class}\">");
            }
            for (k, c) in cells.iter().enumerate() {
                let n = self.head.get(k).is_some_and(|h| h.1);
                let _ = write!(s, "<td{}>{c}</td>", if n { " class=\"n\"" } else { "" });
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody></table>\n");
        s
    }
}

/// A CSV text as an HTML table (numbers right-aligned).
pub fn csv_table(csv: &str) -> String {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let head: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(_) => return String::new(),
    };
    let rows: Vec<Vec<String>> = r
        .records()
        .filter_map(|x| x.ok())
        .map(|x| x.iter().map(str::to_string).collect())
        .collect();
    let numeric: Vec<bool> = (0..head.len())
        .map(|k| {
            rows.iter().any(|r| r.get(k).is_some_and(|c| !c.is_empty()))
                && rows.iter().all(|r| {
                    r.get(k)
                        .is_none_or(|c| c.is_empty() || c.parse::<f64>().is_ok())
                })
        })
        .collect();
    let hd: Vec<(&str, bool)> = head
        .iter()
        .zip(&numeric)
        .map(|(h, n)| (h.as_str(), *n))
        .collect();
    let mut t = Html::new(&hd);
    for row in rows {
        let cells = row
            .iter()
            .enumerate()
            .map(|(k, c)| match c.parse::<f64>() {
                Ok(v) if numeric.get(k) == Some(&true) => num(v),
                _ => esc(c),
            })
            .collect();
        t.row(cells, "");
    }
    t.render()
}

/// A chart in a figure, its data in a folded table under it.
fn figure(c: &Chart) -> String {
    // The SVG's own XML declaration has no place inside HTML.
    let svg = match c.svg.find("<svg") {
        Some(at) => &c.svg[at..],
        None => &c.svg,
    };
    format!(
        "<figure>{svg}<figcaption>{}</figcaption><details><summary>Data of this chart</summary>{}</details></figure>\n",
        esc(&c.caption),
        csv_table(&c.csv)
    )
}

fn ask(text: &str, command: &str) -> String {
    format!(
        "<p class=\"ask\">{} <code>{}</code></p>\n",
        esc(text),
        esc(command)
    )
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Renders the page.
pub fn render(page: &Page<'_>) -> Result<String> {
    let s = page.summary;
    let inst = page.instance;
    let domain = s.domain.as_ref();
    let mut h = String::with_capacity(1 << 18);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>accord report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&s.model)
    );
    let _ = write!(
        h,
        "<h1>Joint projects: who funds and staffs what ({})</h1>\n\
         <p class=\"lead\">accord {} · plan solved by {} {} and re-checked against the model</p>\n\
         <nav><a href=\"#headline\">Headline</a><a href=\"#flows\">Money flows</a><a href=\"#projects\">Projects</a>\
         <a href=\"#actors\">Actors</a><a href=\"#more\">What more would buy</a><a href=\"#tradeoffs\">Trade-offs</a>\
         <a href=\"#reproduce\">Reproduce</a></nav>\n",
        esc(&s.model),
        env!("CARGO_PKG_VERSION"),
        esc(&s.backend),
        esc(&s.backend_version)
    );

    // 1. Headline.
    let status = s.status.to_string();
    let has_plan = domain.is_some_and(|d| !d.projects.is_empty());
    let _ = writeln!(h, "<h2 id=\"headline\" class=\"first\">1. Headline</h2>");
    let going: Vec<&super::ProjectRow> = domain
        .map(|d| d.projects.iter().filter(|p| p.goes_ahead).collect())
        .unwrap_or_default();
    h.push_str("<div class=\"facts\">\n");
    let _ = writeln!(
        h,
        "<div class=\"fact\"><span>status</span><b class=\"{}\">{}</b></div>",
        if has_plan { "ok" } else { "bad" },
        esc(&status)
    );
    let _ = writeln!(
        h,
        "<div class=\"fact\"><span>projects going ahead</span><b>{} of {}</b></div>",
        going.len(),
        inst.projects.len()
    );
    for (name, v) in &s.objectives {
        let _ = writeln!(
            h,
            "<div class=\"fact\"><span>{}</span><b>{}</b></div>",
            esc(name),
            v.as_f64().map_or("-".into(), |v| super::kit::sig(v, 7))
        );
    }
    match &s.check {
        Some(c) => {
            let _ = writeln!(
                h,
                "<div class=\"fact\"><span>checker (plan re-checked against the model)</span><b class=\"{}\">{}</b><span>max violation {:.1e}; objective error {:.1e}</span></div>",
                if c.passed { "ok" } else { "bad" },
                if c.passed { "passed" } else { "FAILED" },
                c.max_violation(),
                c.objective_error
            );
        }
        None => {
            h.push_str("<div class=\"fact\"><span>checker</span><b>no plan to check</b></div>\n")
        }
    }
    let _ = writeln!(
        h,
        "<div class=\"fact\"><span>backend</span><b>{}</b><span>{} · {} solve{}{}</span></div>",
        esc(&s.backend),
        esc(&s.backend_version),
        s.stages.len(),
        if s.stages.len() == 1 { "" } else { "s" },
        if page.timings {
            format!(" · {:.3} s in the solver", s.solve_seconds)
        } else {
            " · times in the manifest".into()
        }
    );
    h.push_str("</div>\n");
    let _ = writeln!(
        h,
        "<p class=\"muted\">Method {}; program of {} columns ({} integer), {} rows, {} nonzeros.</p>",
        esc(&s.method),
        s.program.columns,
        s.program.integers,
        s.program.rows,
        s.program.nonzeros
    );
    if !has_plan {
        h.push_str(&ask(
            "There is no plan to show. Which rules make it impossible, and the cheapest fixes:",
            "accord explain MODEL (with the same demands), or accord report ... --explain",
        ));
    }

    // 2. Money flows.
    h.push_str("<h2 id=\"flows\">2. Money flows</h2>\n");
    if let Some(d) = domain.filter(|_| has_plan) {
        h.push_str("<p class=\"muted\">Actors on the left, grouped and coloured by bloc; projects on the right; band width by amount. Hover a band for its amount.</p>\n");
        let (svg, csv) = flows::sankey(inst, &d.allocations, flows::Measure::Money, "fm")?;
        h.push_str(&figure(&Chart {
            caption: format!(
                "Money from actors to projects ({} largest actors and {} largest projects by name; the rest grouped)",
                flows::MAX_ACTORS,
                flows::MAX_PROJECTS
            ),
            svg,
            csv,
        }));
        let (svg, csv) = flows::sankey(inst, &d.allocations, flows::Measure::Personnel, "fp")?;
        h.push_str(&figure(&Chart {
            caption: "The same plan by personnel (person-years)".into(),
            svg,
            csv,
        }));
        let (svg, csv) = flows::coalition_bars(inst, &d.projects, &d.allocations, "fb")?;
        h.push_str(&figure(&Chart {
            caption: "Each project's coalition by bloc".into(),
            svg,
            csv,
        }));
        h.push_str(
            "<details><summary>Every contribution (actor, project, money, personnel)</summary>",
        );
        let mut t = Html::new(&[
            ("actor", false),
            ("project", false),
            ("money", true),
            ("personnel", true),
        ]);
        for a in &d.allocations {
            t.row(
                vec![
                    esc(&a.actor),
                    esc(&a.project),
                    num(a.funding),
                    num(a.personnel),
                ],
                "",
            );
        }
        h.push_str(&t.render());
        h.push_str("</details>\n");
    } else {
        h.push_str("<p class=\"muted\">No plan, no flows.</p>\n");
    }

    // 3. Projects.
    h.push_str("<h2 id=\"projects\">3. Projects</h2>\n");
    if let Some(d) = domain {
        let why = page.explanation;
        let mut head = vec![
            ("project", false),
            ("goes ahead", false),
            ("fraction", true),
            ("money", true),
            ("benefit", true),
            ("coalition (largest funder first)", false),
        ];
        if why.is_some() {
            head.push(("why in / why not", false));
        }
        let mut t = Html::new(&head).class("sort projects");
        let mut rows: Vec<&super::ProjectRow> = d.projects.iter().collect();
        rows.sort_by_key(|p| !p.goes_ahead);
        for p in rows {
            let sector = inst
                .projects
                .iter()
                .find(|q| q.id == p.id)
                .map_or("", |q| q.sector.as_str());
            let mut cells = vec![
                format!(
                    "<b>{}</b><br><code>{}</code> <span class=\"muted\">{}</span>",
                    esc(&p.name),
                    esc(&p.id),
                    esc(sector)
                ),
                if p.goes_ahead { "yes" } else { "no" }.to_string(),
                num(p.fraction),
                num(p.funding),
                num(p.benefit),
                esc(&shorten_middle(&p.coalition.join(", "), 90)),
            ];
            if let Some(e) = why {
                cells.push(why_cell(e, d, &p.id));
            }
            t.row(cells, if p.goes_ahead { "" } else { "out" });
        }
        h.push_str(&t.render());
        if why.is_none() {
            h.push_str(&ask(
                "Why each project left out is out, and what insisting on it would cost:",
                "accord report ... --explain",
            ));
        } else if let Some(e) = why {
            if !e.complete {
                let _ = writeln!(
                    h,
                    "<p class=\"warn\">The explanation is incomplete: {}</p>",
                    esc(&e.notes.join("; "))
                );
            }
        }
    }

    // 4. Actors.
    h.push_str("<h2 id=\"actors\">4. Actors</h2>\n");
    let ranks = flows::bloc_ranks(inst);
    if let Some(d) = domain {
        h.push_str("<p class=\"muted\">Spend against budget and personnel against what each actor has; the projects it joins");
        if page.cooperation.is_some() {
            h.push_str("; what it brings to the plan (leave-one-out: the plan's loss without it; Owen value: its fair share with the blocs as unions)");
        }
        h.push_str(".</p>\n<p>");
        let mut blocs: Vec<usize> = (0..inst.vectors.len()).collect();
        blocs.sort_by_key(|&v| ranks[v]);
        for v in blocs {
            let _ = write!(
                h,
                "<span class=\"swatch\" style=\"background:{}\"></span>{} &nbsp; ",
                hex(super::kit::bloc_colour(ranks[v])),
                esc(&inst.vectors[v])
            );
        }
        h.push_str("</p>\n<div class=\"cards\">\n");
        for (a, row) in inst.actors.iter().zip(&d.actors) {
            let joined: Vec<&str> = d
                .allocations
                .iter()
                .filter(|x| x.actor == a.id)
                .map(|x| x.project.as_str())
                .collect();
            let pct = |used: f64, of: f64| {
                if of > 0.0 {
                    (100.0 * used / of).clamp(0.0, 100.0)
                } else {
                    0.0
                }
            };
            let _ = writeln!(
                h,
                "<div class=\"card\" id=\"actor-{}\" style=\"--bloc:{}\"><h3>{}</h3><div class=\"muted\"><code>{}</code> · {} · {}{}</div>",
                esc(&a.id),
                hex(super::kit::bloc_colour(ranks[a.vector])),
                esc(&a.name),
                esc(&a.id),
                esc(&a.kind),
                esc(&inst.vectors[a.vector]),
                if a.local { " · of the region" } else { "" }
            );
            let _ = write!(
                h,
                "<div>money {} of {} ({:.0}%)</div><div class=\"meter\"><i style=\"width:{:.1}%\"></i></div>\n\
                 <div>personnel {} of {} ({:.0}%)</div><div class=\"meter\"><i style=\"width:{:.1}%\"></i></div>\n",
                num(row.funding_used),
                num(row.budget),
                pct(row.funding_used, row.budget),
                pct(row.funding_used, row.budget),
                num(row.personnel_used),
                num(row.personnel),
                pct(row.personnel_used, row.personnel),
                pct(row.personnel_used, row.personnel)
            );
            let _ = writeln!(
                h,
                "<div>joins {}: {}</div>",
                joined.len(),
                if joined.is_empty() {
                    "none".to_string()
                } else {
                    esc(&joined.join(", "))
                }
            );
            if let Some(c) = page.cooperation {
                let lo = c
                    .actors
                    .leave_one_out
                    .get(&a.id)
                    .map_or("-".into(), super::cooperation::cell);
                let ow = c
                    .actors
                    .owen
                    .get(&a.id)
                    .map_or("-".into(), super::cooperation::cell);
                let _ = writeln!(
                    h,
                    "<div>leave-one-out <b>{}</b> · Owen <b>{}</b></div>",
                    esc(&lo),
                    esc(&ow)
                );
            }
            h.push_str("</div>\n");
        }
        h.push_str("</div>\n");
        match page.cooperation {
            Some(c) => h.push_str(&cooperation_section(c)?),
            None => h.push_str(&ask(
                "What each bloc and actor brings (coalition values, Shapley and Owen values, the value of cooperation among blocs):",
                "accord report ... --cooperation",
            )),
        }
    }

    // 5. What more would buy.
    h.push_str("<h2 id=\"more\">5. What more would buy</h2>\n");
    match page.sensitivity {
        Some(sen) => h.push_str(&sensitivity_section(sen, &page.curves)),
        None => h.push_str(&ask(
            "What more (or less) of each budget and personnel would change, re-solved exactly:",
            "accord report ... --sensitivity",
        )),
    }

    // 6. Trade-offs.
    h.push_str("<h2 id=\"tradeoffs\">6. Trade-offs</h2>\n");
    match &page.front {
        Some(f) => {
            h.push_str(&figure(&f.chart));
            for p in &f.picks {
                let _ = writeln!(h, "<p>{}</p>", esc(p));
            }
            h.push_str("<details><summary>Every point of the front</summary>");
            h.push_str(&csv_table(&f.points_csv));
            h.push_str("</details>\n");
        }
        None => h.push_str(&ask(
            "The trade-off between two objectives (the Pareto front, its knee and compromise):",
            "accord report ... --front stability,cost",
        )),
    }
    match &page.sweep {
        Some(sw) => {
            let _ = writeln!(h, "<h3>What-if sweep ({})</h3>", esc(&sw.dir));
            if let Some(t) = &sw.tornado {
                h.push_str(&figure(t));
            }
            h.push_str(&csv_table(&sw.deltas_csv));
        }
        None => h.push_str(&ask(
            "A finished what-if sweep (tornado chart and table):",
            "accord sweep MODEL --scenarios FILE --out DIR, then accord report ... --sweep DIR",
        )),
    }

    // 7. Reproduce.
    let r = &page.reproduce;
    h.push_str("<h2 id=\"reproduce\">7. Reproduce</h2>\n");
    let _ = writeln!(
        h,
        "<p>accord {}, backend {} {}. The same inputs and options give the same page, byte for byte{}.</p>",
        env!("CARGO_PKG_VERSION"),
        esc(&r.backend.id),
        esc(&r.backend.version),
        if page.timings {
            " (except the timings this page was asked to show)"
        } else {
            ""
        }
    );
    let mut t = Html::new(&[("input", false), ("SHA-256", false)]);
    for f in &r.inputs {
        t.row(
            vec![
                format!("<code>{}</code>", esc(&f.path)),
                format!("<code>{}</code>", esc(&f.sha256)),
            ],
            "",
        );
    }
    h.push_str(&t.render());
    h.push_str("<h3>Commands</h3>\n<pre>");
    for c in &r.commands {
        h.push_str(&esc(c));
        h.push('\n');
    }
    h.push_str("</pre>\n<details><summary>Options as resolved</summary><pre>");
    h.push_str(&esc(
        &serde_json::to_string_pretty(&r.options).expect("options serialize")
    ));
    h.push_str("</pre></details>\n");
    let _ = write!(h, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    Ok(h)
}

/// The why-in / why-not cell of a project.
fn why_cell(e: &Explanation, d: &super::DomainTables, id: &str) -> String {
    if let Some(n) = e.not_chosen.iter().find(|n| n.project == id) {
        if let Some(c) = &n.conflict {
            let rules: Vec<String> = c
                .rules
                .iter()
                .map(|r| {
                    format!(
                        "<code>{}</code> ({}): {}",
                        esc(&r.rule),
                        esc(r.place.as_deref().unwrap_or("-")),
                        esc(&r.text)
                    )
                })
                .collect();
            return format!("cannot go ahead: {}", rules.join("; "));
        }
        return match n.loss {
            Some(l) => format!(
                "insisting costs {} of {} (status {})",
                num(l),
                esc(e.objectives.keys().next().map_or("", String::as_str)),
                esc(&n.forced_status.to_string())
            ),
            None => format!("insisting: {}", esc(&n.forced_status.to_string())),
        };
    }
    if let Some(b) = d.blocked.iter().find(|b| b.project == id) {
        return format!("cannot go ahead: {}", esc(&b.reason));
    }
    if let Some(c) = e.chosen.iter().find(|c| c.project == id) {
        if c.binding.is_empty() {
            return "in; no rule of its coalition at its limit".into();
        }
        let rules: Vec<String> = c
            .binding
            .iter()
            .take(4)
            .map(|r| format!("<code>{}</code>", esc(&r.rule)))
            .collect();
        return format!(
            "in; at their limit: {}{}",
            rules.join(", "),
            if c.binding.len() > 4 {
                format!(" and {} more", c.binding.len() - 4)
            } else {
                String::new()
            }
        );
    }
    "-".into()
}

fn cooperation_section(c: &Cooperation) -> Result<String> {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<h3>What the blocs bring ({} of each coalition's best plan)</h3>",
        esc(&c.objective)
    );
    let grand = c.grand.value.unwrap_or(f64::NAN);
    let mut t = Html::new(&[
        ("bloc", false),
        ("actors", true),
        ("alone", true),
        ("marginal", true),
        ("Shapley", true),
        ("share", true),
    ]);
    for id in &c.blocs.ids {
        let sh = &c.blocs.shapley[id];
        t.row(
            vec![
                esc(id),
                c.blocs.members[id].len().to_string(),
                esc(&super::cooperation::cell(&c.blocs.alone[id])),
                esc(&super::cooperation::cell(&c.blocs.marginal[id])),
                esc(&super::cooperation::cell(sh)),
                sh.value
                    .filter(|_| grand.abs() > 0.0)
                    .map_or("-".into(), |v| format!("{:.1}%", 100.0 * v / grand)),
            ],
            "",
        );
    }
    h.push_str(&t.render());
    let d = &c.cooperation_dividend;
    if let (Some(g), Some(sum), Some((best_id, best))) = (d.grand, d.sum_alone, &d.best_alone) {
        let _ = writeln!(
            h,
            "<p><b>Value of cooperation.</b> Together the blocs reach {}; each bloc alone adds up to {} (cooperation adds {}), and the best bloc alone, {}, reaches {} (cooperation adds {}).</p>",
            num(g),
            num(sum),
            num(g - sum),
            esc(best_id),
            num(*best),
            num(g - best)
        );
    }
    match c.core.in_core {
        Some(true) => h.push_str("<p>The Shapley split is in the core: no set of blocs reaches more on its own than the split gives it.</p>\n"),
        Some(false) => {
            let names: Vec<String> = c
                .core
                .blocking
                .iter()
                .take(5)
                .map(|b| format!("{} (alone {}, split {})", b.coalition, num(b.value), num(b.shapley)))
                .collect();
            let _ = writeln!(
                h,
                "<p class=\"warn\">The Shapley split is not in the core: {} would reach more on its own.</p>",
                esc(&names.join("; "))
            );
        }
        None => h.push_str("<p class=\"muted\">Core not decided: a coalition has no value.</p>\n"),
    }
    let (svg, csv) = super::cooperation::blocs_chart(c)?;
    h.push_str(&figure(&Chart {
        caption: "What each set of blocs reaches together".into(),
        svg,
        csv,
    }));
    if !c.actors.leave_one_out.is_empty() {
        let (svg, csv) = super::cooperation::actors_chart(c)?;
        h.push_str(&figure(&Chart {
            caption: format!(
                "What each actor brings ({})",
                if c.actors.owen.is_empty() {
                    "leave-one-out"
                } else {
                    "Owen value"
                }
            ),
            svg,
            csv,
        }));
    }
    let _ = writeln!(
        h,
        "<p class=\"muted\">{} coalitions valued, {} solves; every value is a verified optimum or an interval. Actor Shapley values: {}.</p>",
        c.coalitions,
        c.solves,
        esc(&c.actors.shapley_method)
    );
    Ok(h)
}

fn sensitivity_section(s: &Sensitivity, curves: &[Chart]) -> String {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<p>Each budget and personnel re-solved at +delta and −delta (exact; projects that come in or go out named), how far it can move before the chosen projects change, and its local price. {} of the base plan: {}.</p>",
        esc(&s.objective),
        num(s.base)
    );
    let mut t = Html::new(&[
        ("actor", false),
        ("parameter", false),
        ("value", true),
        ("delta", true),
        ("+delta does", false),
        ("−delta does", false),
        ("same projects within", false),
        ("local price", true),
    ]);
    for p in &s.parameters {
        let interval = p.interval.as_ref().map_or("-".into(), |i| {
            format!(
                "[{}, {}]",
                num(i.lo),
                i.hi.map_or_else(|| format!("≥ {}", num(i.ceiling)), num)
            )
        });
        t.row(
            vec![
                esc(&p.actor),
                p.param.as_str().to_string(),
                num(p.value),
                num(p.plus.delta),
                esc(&super::sensitivity::change(&p.plus)),
                esc(&super::sensitivity::change(&p.minus)),
                esc(&interval),
                p.dual.map_or("-".into(), num),
            ],
            "",
        );
    }
    h.push_str(&t.render());
    let _ = writeln!(h, "<p class=\"muted\">Local prices: {}.</p>", esc(&s.duals));
    if !s.binding.is_empty() {
        h.push_str("<h3>Rules at their limit in the plan</h3>\n");
        let mut t = Html::new(&[
            ("rule", false),
            ("where", false),
            ("local price", true),
            ("what it says", false),
        ]);
        for b in &s.binding {
            t.row(
                vec![
                    format!("<code>{}</code>", esc(&b.rule)),
                    esc(b.place.as_deref().unwrap_or("-")),
                    b.price.map_or("-".into(), num),
                    esc(&b.text),
                ],
                "",
            );
        }
        h.push_str(&t.render());
    }
    for c in curves {
        h.push_str(&figure(c));
    }
    h
}
