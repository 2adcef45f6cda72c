use super::*;
use crate::domain::RelationKind;

fn central_asia() -> Instance {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/central_asia");
    crate::input::load_instance(&dir).unwrap()
}

fn objectives() -> Vec<String> {
    vec!["stability".into(), "cost".into()]
}

fn parse_text(text: &str) -> std::result::Result<Vec<Scenario>, Vec<String>> {
    let inst = central_asia();
    let mut diags = Diagnostics::default();
    let s = parse(
        Path::new("s.csv"),
        text.as_bytes(),
        &inst,
        &objectives(),
        &mut diags,
    );
    crate::input::sort_diagnostics(&mut diags);
    match s {
        Some(s) if diags.is_empty() => Ok(s),
        _ => Err(diags.0.iter().map(|d| d.to_string()).collect()),
    }
}

const HEADER: &str = "scenario,table,key,column,op,value,note\n";

#[test]
fn the_article_questions_apply() {
    let text = format!(
        "{HEADER}base,,,,,,\n\
         eu,actors,eu,budget,scale,0.7,EU -30%\n\
         termez,projects,termez_afghan_line,cost,scale,1.5,\n\
         rivals,relations,russia/nato,,add_row,rival,\n\
         veto,interests,uzbekistan/frontier_closure,veto,set,true,\n\
         new_pair,interests,pakistan/frontier_closure,,add_row,,\n\
         new_pair,interests,pakistan/frontier_closure,min_funding,set,2,\n\
         gone,interests,eu/frontier_closure,,remove_row,,\n\
         opts,options,method,,set,weighted,\n\
         opts,options,weight,cost,set,0.01,\n"
    );
    let s = parse_text(&text).unwrap();
    let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["base", "eu", "termez", "rivals", "veto", "new_pair", "gone", "opts"]
    );
    assert!(s[0].is_empty());
    assert_eq!(s[1].note, "EU -30%");
    let inst = central_asia();
    let eu = inst.actor_index("eu").unwrap();
    let out = s[1].apply(&inst).unwrap();
    assert!((out.actors[eu].budget - 140.0).abs() < 1e-9);
    let p = inst.project_index("termez_afghan_line").unwrap();
    assert_eq!(s[2].apply(&inst).unwrap().projects[p].cost, 225.0);
    let r = s[3].apply(&inst).unwrap();
    assert_eq!(r.relations.len(), inst.relations.len() + 1);
    assert_eq!(r.relations.last().unwrap().kind, RelationKind::Rival);
    let v = s[4].apply(&inst).unwrap();
    assert!(v.interests.iter().any(|i| i.veto));
    let n = s[5].apply(&inst).unwrap();
    assert_eq!(n.interests.len(), inst.interests.len() + 1);
    assert_eq!(n.interests.last().unwrap().min_funding, 2.0);
    assert_eq!(
        s[6].apply(&inst).unwrap().interests.len(),
        inst.interests.len() - 1
    );
    assert_eq!(
        s[7].options,
        [
            Setting::Method(crate::request::Method::Weighted),
            Setting::Weight("cost".into(), 0.01)
        ]
    );
    assert!(s[7].edits.is_empty());
}

#[test]
fn every_bad_row_is_reported_with_line_and_column() {
    let text = format!(
        "{HEADER}a,actors,eux,budget,scale,0.7,\n\
         b,actors,eu,budgt,scale,0.7,\n\
         c,actors,eu,budget,scale,lots,\n\
         d,actors,eu,name,scale,2,\n\
         e,interests,eu/frontier_closure,,remove_row,,\n\
         e,interests,eu/frontier_closure,,remove_row,,\n\
         f,relations,china/nato,,add_row,rival,\n\
         g,interests,india/zaranj_delaram,,add_row,,\n\
         h,actors,eu,budget,add,-500,\n\
         i,tables,eu,budget,set,1,\n\
         j,projects,zaranj_delaram,min_actors,scale,1.25,\n\
         k,actors,eu,budget,set,1,\n\
         k,actors,eu,budget,scale,2,\n\
         l,options,weight,equity,set,1,\n"
    );
    let errs = parse_text(&text).unwrap_err();
    let expect = [
        "s.csv:2:3: key: no actor \"eux\" in actors.csv (did you mean \"eu\"?)",
        "s.csv:3:4: column: expected a column of actors",
        "s.csv:4:6: value: expected a factor >= 0 for scale, found \"lots\"",
        "s.csv:5:5: op: scale needs a numeric column",
        "s.csv:7:3: key: remove_row: interests.csv has no pair",
        "s.csv:8:3: key: add_row: relations.csv already has \"china/nato\" rival",
        "s.csv:9:3: key: add_row: interests.csv already has the pair",
        "s.csv:10:6: value: add budget 200 by -500 gives -300",
        "s.csv:11:2: table: expected one of actors",
        "s.csv:12:6: value: scale min_actors 2 by 1.25 gives 2.5; min_actors expects a whole number",
        "s.csv:14:4: column: budget of \"eu\" is changed twice in one scenario (first at line 13)",
        "s.csv:15:4: column: expected one of the objectives this scenario optimizes (stability, cost), found \"equity\"",
    ];
    for e in expect {
        assert!(
            errs.iter().any(|x| x.starts_with(e)),
            "missing {e:?} in {errs:#?}"
        );
    }
    assert_eq!(errs.len(), expect.len(), "{errs:#?}");
}

#[test]
fn header_problems_and_baseline_name() {
    let errs = parse_text("scenario,table,key,column,op\n").unwrap_err();
    assert!(
        errs[0].contains("missing required column \"value\""),
        "{errs:?}"
    );
    let errs = parse_text(&format!("{HEADER}baseline,actors,eu,budget,scale,2,\n")).unwrap_err();
    assert!(errs[0].contains("names the unmodified model"), "{errs:?}");
    assert!(parse_text(&format!(
        "{HEADER}baseline,,,,,,\nbaseline,actors,eu,budget,scale,2,\n"
    ))
    .is_err());
}

#[test]
fn hosts_must_stay_local() {
    let errs = parse_text(&format!("{HEADER}x,actors,uzbekistan,local,set,false,\n")).unwrap_err();
    assert!(
        errs.iter()
            .all(|e| e.starts_with("s.csv:2:6: value: project")),
        "{errs:?}"
    );
    let ok = parse_text(&format!("{HEADER}x,actors,eu,vector,set,european,\n")).unwrap();
    let out = ok[0].apply(&central_asia()).unwrap();
    assert!(out.vectors.contains(&"european".to_string()));
    assert_eq!(out.vectors.len(), central_asia().vectors.len() + 1);
}

#[test]
fn grids_parse_and_expand() {
    let inst = central_asia();
    let a = GridAxis::parse("actors.eu.budget*=0.5:1.5:0.25").unwrap();
    let b = GridAxis::parse("interests.eu/frontier_closure.max_funding=0,50").unwrap();
    let s = grid_scenarios(&[a, b], &inst, &objectives()).unwrap();
    assert_eq!(s.len(), 10);
    assert_eq!(
        s[1].id,
        "actors.eu.budget*=0.5,interests.eu/frontier_closure.max_funding=50"
    );
    assert_eq!(s[1].grid.as_deref(), Some(&[0.5, 50.0][..]));
    let x = GridAxis::parse("options.weight.cost=0:0.3:0.1").unwrap();
    assert_eq!(x.values, [0.0, 0.1, 0.2, 0.3]);
    let g = grid_scenarios(&[x], &inst, &objectives()).unwrap();
    assert_eq!(g[3].options, [Setting::Weight("cost".into(), 0.3)]);
    let bad = GridAxis::parse("actors.eu.budget+=-300:0:100").unwrap();
    let err = grid_scenarios(&[bad], &inst, &objectives())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "--grid actors.eu.budget+=-300:0:100: value: add budget 200 by -300 gives -100"
        ),
        "{err}"
    );
}
