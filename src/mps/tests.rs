use std::path::Path;

use super::*;
use crate::error::{Diagnostic, Error};
use crate::program::{Objective, Program, Sense, StoredNames};

const INF: f64 = f64::INFINITY;

fn read_as(text: &str, label: &str, opts: &ReadOptions) -> Program {
    match parse(text, Path::new(label), opts) {
        Ok(p) => p,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn read_str(text: &str) -> Program {
    read_as(text, "t.mps", &ReadOptions::default())
}

fn problems(text: &str, opts: &ReadOptions) -> Vec<Diagnostic> {
    match parse(text, Path::new("bad.mps"), opts) {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(Error::Invalid(d)) => d.0,
        Err(e) => panic!("expected Error::Invalid, got {e}"),
    }
}

/// (line, column) of every problem.
fn places(d: &[Diagnostic]) -> Vec<(usize, usize)> {
    d.iter()
        .map(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0)))
        .collect()
}

fn row_terms(p: &Program, i: usize) -> Vec<(usize, f64)> {
    p.row(i).collect()
}

const BASIC: &str = "\
* a comment
NAME          BASIC
ROWS
 L  LIM1
 N  COST
 G  LIM2
 E  MYEQN
COLUMNS
    X1        COST         1.0   LIM1         1.0
    X1        LIM2         1.0
    X2        COST         2.0   LIM1         1.0
    X2        MYEQN       -1.0
    X3        COST        -1.0   MYEQN        1.0
RHS
    RHS       LIM1         4.0   LIM2         1.0
    RHS       MYEQN        7.0
BOUNDS
 UP BND       X1           4.0
 LO BND       X2          -1.0
 UP BND       X2           1.0
ENDATA
";

#[test]
fn basic_file_objective_is_first_n_row_even_when_not_first_row() {
    let p = read_str(BASIC);
    assert_eq!(p.name, "BASIC");
    assert_eq!((p.num_rows(), p.num_cols(), p.num_nonzeros()), (3, 3, 5));
    assert_eq!(p.row_name(0), "LIM1");
    assert_eq!(p.row_name(2), "MYEQN");
    assert_eq!(p.col_name(2), "X3");
    assert_eq!(p.row_lower, vec![-INF, 1.0, 7.0]);
    assert_eq!(p.row_upper, vec![4.0, INF, 7.0]);
    assert_eq!(row_terms(&p, 0), vec![(0, 1.0), (1, 1.0)]);
    assert_eq!(row_terms(&p, 2), vec![(1, -1.0), (2, 1.0)]);
    assert_eq!(p.col_lower, vec![0.0, -1.0, 0.0]);
    assert_eq!(p.col_upper, vec![4.0, 1.0, INF]);
    assert!(!p.is_mip());
    assert_eq!(p.objectives.len(), 1);
    let o = &p.objectives[0];
    assert_eq!(
        (o.name.as_str(), o.sense, o.constant),
        ("COST", Sense::Min, 0.0)
    );
    assert_eq!(o.terms, vec![(0, 1.0), (1, 2.0), (2, -1.0)]);
}

fn ranged(kind: &str, rhs: &str, range: &str) -> (f64, f64) {
    let text = format!(
        "NAME\nROWS\n N obj\n {kind} r\nCOLUMNS\n x obj 1 r 1\nRHS\n rhs r {rhs}\nRANGES\n rng r {range}\nENDATA\n"
    );
    let p = read_str(&text);
    (p.row_lower[0], p.row_upper[0])
}

#[test]
fn ranges_follow_the_mps_table() {
    assert_eq!(ranged("E", "4", "3"), (4.0, 7.0));
    assert_eq!(ranged("E", "4", "-3"), (1.0, 4.0));
    assert_eq!(ranged("E", "4", "0"), (4.0, 4.0));
    assert_eq!(ranged("L", "4", "3"), (1.0, 4.0));
    assert_eq!(ranged("L", "4", "-3"), (1.0, 4.0));
    assert_eq!(ranged("G", "4", "3"), (4.0, 7.0));
    assert_eq!(ranged("G", "4", "-3"), (4.0, 7.0));
}

fn bounds_of(bounds: &str, opts: &ReadOptions) -> Program {
    let text = format!(
        "NAME\nROWS\n N obj\n L r\nCOLUMNS\n x obj 1 r 1\n MARKER 'MARKER' 'INTORG'\n i obj 1 r 1\n MARKER 'MARKER' 'INTEND'\nRHS\n rhs r 10\nBOUNDS\n{bounds}ENDATA\n"
    );
    read_as(&text, "t.mps", opts)
}

fn col(p: &Program, j: usize) -> (f64, f64, bool) {
    (p.col_lower[j], p.col_upper[j], p.integer[j])
}

#[test]
fn negative_upper_bound_on_default_lower_means_minus_infinity() {
    let d = ReadOptions::default();
    assert_eq!(
        col(&bounds_of(" UP bnd x -5\n", &d), 0),
        (-INF, -5.0, false)
    );
    // An explicit lower bound, before or after, is kept.
    assert_eq!(
        col(&bounds_of(" LO bnd x 0\n UP bnd x -5\n", &d), 0),
        (0.0, -5.0, false)
    );
    assert_eq!(
        col(&bounds_of(" LO bnd x -9\n UP bnd x -5\n", &d), 0),
        (-9.0, -5.0, false)
    );
    assert_eq!(
        col(&bounds_of(" UP bnd x -5\n LO bnd x -7\n", &d), 0),
        (-7.0, -5.0, false)
    );
    // Zero and positive upper bounds leave the lower bound alone.
    assert_eq!(col(&bounds_of(" UP bnd x 0\n", &d), 0), (0.0, 0.0, false));
    // Integer columns too.
    assert_eq!(col(&bounds_of(" UP bnd i -3\n", &d), 1), (-INF, -3.0, true));
    assert_eq!(col(&bounds_of(" UI bnd x -3\n", &d), 0), (-INF, -3.0, true));
    // HiGHS 1.16 keeps the lower bound 0.
    let highs = ReadOptions {
        negative_upper: NegativeUpper::KeepZero,
        ..ReadOptions::default()
    };
    assert_eq!(
        col(&bounds_of(" UP bnd x -5\n", &highs), 0),
        (0.0, -5.0, false)
    );
}

#[test]
fn integer_markers_and_integer_bound_types() {
    let d = ReadOptions::default();
    // No bound record: binary.
    let p = bounds_of("", &d);
    assert_eq!(col(&p, 0), (0.0, INF, false));
    assert_eq!(col(&p, 1), (0.0, 1.0, true));
    assert_eq!(p.num_integers(), 1);
    // Only LO or LI: upper +inf.
    assert_eq!(col(&bounds_of(" LO bnd i 0\n", &d), 1), (0.0, INF, true));
    assert_eq!(col(&bounds_of(" LO bnd i 2\n", &d), 1), (2.0, INF, true));
    assert_eq!(col(&bounds_of(" LI bnd i 2\n", &d), 1), (2.0, INF, true));
    // LI on a continuous column makes it integer with upper +inf.
    assert_eq!(col(&bounds_of(" LI bnd x 2\n", &d), 0), (2.0, INF, true));
    // Only UP: lower 0.
    assert_eq!(col(&bounds_of(" UP bnd i 7\n", &d), 1), (0.0, 7.0, true));
    assert_eq!(col(&bounds_of(" UI bnd x 7\n", &d), 0), (0.0, 7.0, true));
    assert_eq!(col(&bounds_of(" BV bnd x\n", &d), 0), (0.0, 1.0, true));
    assert_eq!(col(&bounds_of(" BV bnd x 1\n", &d), 0), (0.0, 1.0, true));
    assert_eq!(col(&bounds_of(" FX bnd i 3\n", &d), 1), (3.0, 3.0, true));
    assert_eq!(col(&bounds_of(" FR bnd i\n", &d), 1), (-INF, INF, true));
    assert_eq!(col(&bounds_of(" MI bnd i\n", &d), 1), (-INF, INF, true));
    assert_eq!(col(&bounds_of(" PL bnd i\n", &d), 1), (0.0, INF, true));
    assert_eq!(
        col(&bounds_of(" MI bnd x\n UP bnd x 4\n", &d), 0),
        (-INF, 4.0, false)
    );
    assert_eq!(
        col(&bounds_of(" UP bnd x 4\n PL bnd x\n", &d), 0),
        (0.0, INF, false)
    );
    assert_eq!(col(&bounds_of(" FX bnd x 2.5\n", &d), 0), (2.5, 2.5, false));
    // 1e30 and beyond are infinite.
    assert_eq!(
        col(&bounds_of(" LO bnd x -1e30\n UP bnd x 1e31\n", &d), 0),
        (-INF, INF, false)
    );
    // Bounds without a set name.
    assert_eq!(
        col(&bounds_of(" UP x 4\n LO x 1\n", &d), 0),
        (1.0, 4.0, false)
    );
    assert_eq!(col(&bounds_of(" FR x\n", &d), 0), (-INF, INF, false));
}

const SENSE_BODY: &str =
    "ROWS\n N a\n N b\n L r\nCOLUMNS\n x a 1 b 2\n x r 1\nRHS\n rhs r 1 a 2.5\n rhs b 9\nENDATA\n";

#[test]
fn objsense_on_its_own_line_or_on_the_keyword_line() {
    for head in [
        "OBJSENSE\n    MAX\n",
        "OBJSENSE \n MAX\n",
        "OBJSENSE MAXIMIZE\n",
        "OBJSENSE\n    maximize\n",
    ] {
        let p = read_str(&format!("NAME s\n{head}{SENSE_BODY}"));
        assert_eq!(p.objectives[0].sense, Sense::Max, "{head:?}");
    }
    let p = read_str(&format!("NAME s\nOBJSENSE\n    MIN\n{SENSE_BODY}"));
    assert_eq!(p.objectives[0].sense, Sense::Min);
    let p = read_str(&format!("NAME s\n{SENSE_BODY}"));
    assert_eq!(p.objectives[0].sense, Sense::Min);
    let d = problems(
        &format!("NAME s\nOBJSENSE\n    UP\n{SENSE_BODY}"),
        &ReadOptions::default(),
    );
    assert_eq!(places(&d), vec![(3, 5)]);
}

#[test]
fn several_n_rows_first_or_all() {
    let text = format!("NAME s\nOBJSENSE\n MAX\n{SENSE_BODY}");
    // First: one objective, the other N row is dropped (with its constant).
    let p = read_str(&text);
    assert_eq!(p.num_rows(), 1);
    assert_eq!(p.objectives.len(), 1);
    let o = &p.objectives[0];
    assert_eq!((o.name.as_str(), o.sense), ("a", Sense::Max));
    assert_eq!((o.terms.clone(), o.constant), (vec![(0, 1.0)], -2.5));
    // All: every N row, in order, one sense.
    let all = ReadOptions {
        objectives: ObjectiveRows::All,
        ..ReadOptions::default()
    };
    let p = read_as(&text, "t.mps", &all);
    assert_eq!(p.num_rows(), 1);
    let names: Vec<_> = p.objectives.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert!(p.objectives.iter().all(|o| o.sense == Sense::Max));
    assert_eq!(p.objectives[1].terms, vec![(0, 2.0)]);
    assert_eq!(p.objectives[1].constant, -9.0);
    // Auto: `.mop` means All.
    let p = read_as(&text, "t.MOP", &ReadOptions::default());
    assert_eq!(p.objectives.len(), 2);
    let first = ReadOptions {
        objectives: ObjectiveRows::First,
        ..ReadOptions::default()
    };
    assert_eq!(read_as(&text, "t.mop", &first).objectives.len(), 1);
}

#[test]
fn objective_constant_is_minus_rhs_of_the_objective_row() {
    let p = read_str(
        "NAME\nROWS\n N obj\n G c\nCOLUMNS\n x obj 2 c 1\nRHS\n RHS obj -7.113 c 1\nENDATA\n",
    );
    assert_eq!(p.objectives[0].constant, 7.113);
    assert_eq!(p.objectives[0].eval(&[1.0]), 9.113);
}

/// Netlib forplan style: names with spaces, fields at fixed columns.
const FIXED: &str = "\
NAME          FORPLAN  (FORPLAN1)
ROWS
 E  LC123
 N  OB1PNW20
 E  DEDO3 1R
 L  BR   1 1
COLUMNS
    DEDO3 11  OB1PNW20        .02466   DEDO3 1R           -1.
    DEDO3 12  DEDO3 1R           -1.
    DEDO3 12  BR   1 1            1.   LC123            2.5
RHS
    RHS 1     LC123         7392000.   BR   1 1         2345.
RANGES
    RNG 1     BR   1 1           45.
BOUNDS
 UP BND-1     DEDO3 11       200000.
 FR BND-1     DEDO3 12
ENDATA
";

#[test]
fn fixed_columns_with_spaces_in_names() {
    let p = read_str(FIXED);
    assert_eq!(p.name, "FORPLAN");
    assert_eq!((p.num_rows(), p.num_cols(), p.num_nonzeros()), (3, 2, 4));
    assert_eq!(p.row_name(1), "DEDO3 1R");
    assert_eq!(p.row_name(2), "BR   1 1");
    assert_eq!(p.col_name(0), "DEDO3 11");
    assert_eq!(p.objectives[0].name, "OB1PNW20");
    assert_eq!(p.objectives[0].terms, vec![(0, 0.02466)]);
    assert_eq!(row_terms(&p, 0), vec![(1, 2.5)]);
    assert_eq!(row_terms(&p, 1), vec![(0, -1.0), (1, -1.0)]);
    assert_eq!((p.row_lower[0], p.row_upper[0]), (7392000.0, 7392000.0));
    assert_eq!((p.row_lower[2], p.row_upper[2]), (2300.0, 2345.0));
    assert_eq!(col(&p, 0), (0.0, 200000.0, false));
    assert_eq!(col(&p, 1), (-INF, INF, false));
    let fixed = ReadOptions {
        format: Format::Fixed,
        ..ReadOptions::default()
    };
    let q = read_as(FIXED, "t.mps", &fixed);
    assert_eq!(q.row_upper, p.row_upper);
    // Forced free format refuses the lines with spaces in names.
    let free = ReadOptions {
        format: Format::Free,
        ..ReadOptions::default()
    };
    let d = problems(FIXED, &free);
    assert_eq!(d[0].line, Some(5));
    assert!(d[0].message.contains("3 fields"), "{}", d[0].message);
}

#[test]
fn fixed_format_errors_mention_the_switch() {
    let text = FIXED.replace(
        "DEDO3 12  DEDO3 1R           -1.",
        "DEDO3 12  DEDO3 9R           -1.",
    );
    let d = problems(&text, &ReadOptions::default());
    assert_eq!(places(&d), vec![(5, 2), (9, 15)]);
    assert!(d[0].message.contains("fixed-column"));
    assert!(d[1].message.contains("`DEDO3 9R`"), "{}", d[1].message);
}

#[test]
fn comments_blank_lines_tabs_crlf_and_quoted_names() {
    let text = "* header\r\nNAME\tq\r\n\r\nROWS\r\n N\tobj\r\n E  'EGROUP'\r\n*comment\r\n   \r\nCOLUMNS\r\n\tx\tobj\t1\t'EGROUP'\t.36\r\nRHS\r\n    'EGROUP'   1\r\nENDATA\r\n";
    let p = read_str(text);
    assert_eq!(p.row_name(0), "'EGROUP'");
    assert_eq!(row_terms(&p, 0), vec![(0, 0.36)]);
    assert_eq!((p.row_lower[0], p.row_upper[0]), (1.0, 1.0));
    // Everything after ENDATA is ignored (dcmulti has an IMPORTANCES list).
    let p = read_str(&format!("{BASIC}IMPORTANCES\nX1 2\n"));
    assert_eq!(p.num_cols(), 3);
}

#[test]
fn numbers_in_mps_spellings() {
    let p = read_str(
        "NAME\nROWS\n N obj\n L a\n L b\n L c\nCOLUMNS\n x obj 1. a .5\n x b -1.5E+02 c 2D1\nRHS\n rhs a 1e30\nENDATA\n",
    );
    assert_eq!(row_terms(&p, 1), vec![(0, -150.0)]);
    assert_eq!(row_terms(&p, 2), vec![(0, 20.0)]);
    assert_eq!(p.row_upper[0], INF);
    assert_eq!(p.objectives[0].terms, vec![(0, 1.0)]);
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let text = "\
NAME bad
ROWS
 N  obj
 L  r1
 L  r1
 X  r2
COLUMNS
    x  obj  1  r9  2
    x  r1  abc
    y  r1  1  r1  2
RHS
    rhs  r1  1  r1  2
RANGES
    rng  obj  3
BOUNDS
 UP bnd z 4
 SC bnd y 4
 XX bnd y 4
FOO
ENDATA
";
    let d = problems(text, &ReadOptions::default());
    let got: Vec<_> = d
        .iter()
        .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message.clone()))
        .collect();
    let expect = [
        (5, 5, "already defined on line 4"),
        (6, 2, "row type `X`"),
        (8, 16, "row `r9` is not defined"),
        (9, 12, "`abc` is not a number"),
        (10, 15, "second coefficient of column `y` in row `r1`"),
        (12, 17, "second RHS for row `r1`"),
        (14, 10, "RANGES entry for N row `obj`"),
        (16, 9, "bound on column `z`"),
        (17, 2, "semi-continuous"),
        (18, 2, "bound type `XX`"),
        (19, 1, "unknown section `FOO`"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expect) {
        assert_eq!((g.0, g.1), (e.0, e.1), "{g:?}");
        assert!(g.2.contains(e.2), "{:?} should contain {:?}", g.2, e.2);
    }
    // The Display form is file:line:column: message.
    assert!(d[0].to_string().starts_with("bad.mps:5:5: "));
}

#[test]
fn structural_problems() {
    let d = ReadOptions::default();
    let e = problems("NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\n", &d);
    assert!(e[0].message.contains("ENDATA"));
    let e = problems(
        "NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\n y obj 1\n x obj 2\nENDATA\n",
        &d,
    );
    assert_eq!(places(&e), vec![(7, 2)]);
    assert!(e[0].message.contains("contiguous"));
    let e = problems(
        "NAME\nROWS\n N obj\nCOLUMNS\n M 'MARKER' 'INTORG'\n x obj 1\nENDATA\n",
        &d,
    );
    assert_eq!(places(&e), vec![(5, 1)]);
    let e = problems(
        "NAME\nROWS\n N obj\n L r\nCOLUMNS\n x obj 1\nRHS\n A r 1\n B r 1\nENDATA\n",
        &d,
    );
    assert!(e
        .iter()
        .any(|d| d.message.contains("second RHS vector `B`")));
    let e = problems(
        "NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\nSOS\n S1 SOS\nENDATA\n",
        &d,
    );
    assert_eq!(places(&e), vec![(6, 1)]);
    assert!(e[0].message.contains("SOS is not supported"));
    let e = problems(" x obj 1\nENDATA\n", &d);
    assert!(e[0].message.contains("before the first section"));
}

#[test]
fn rhs_without_a_set_name_and_zero_coefficients() {
    let p = read_str(
        "NAME\nROWS\n N obj\n G r\n G s\nCOLUMNS\n x obj 0 r 0\n x s 3\n y r 1\nRHS\n r 2 s 4\nENDATA\n",
    );
    assert_eq!(p.num_cols(), 2);
    assert_eq!(p.row_lower, vec![2.0, 4.0]);
    assert_eq!(row_terms(&p, 0), vec![(1, 1.0)]);
    assert!(p.objectives[0].terms.is_empty());
}

fn sample_program() -> Program {
    let mut p = Program::new("sample model");
    let x = p.add_col(0.0, INF, false);
    let y = p.add_col(-INF, 3.5, false);
    let z = p.add_col(0.0, 1.0, true);
    let w = p.add_col(2.0, INF, true);
    let v = p.add_col(0.0, -2.0, false); // infeasible but representable
    let u = p.add_col(-1.0, -1.0, false);
    let t = p.add_col(0.0, INF, true); // integer with upper +inf
    let s = p.add_col(-INF, INF, true);
    p.add_row(-INF, 4.0, &[(x, 1.0), (y, 2.0)]);
    p.add_row(1.0, 1.0, &[(z, 1.0), (w, -1.0), (t, 1.0)]);
    p.add_row(-2.0, 5.0, &[(x, 0.1), (v, 1e-20), (s, 1.0)]);
    p.add_row(-INF, INF, &[(u, 1.0)]);
    p.add_row(3.0, INF, &[(y, 1e300), (z, -0.0)]);
    p.objectives = vec![
        Objective {
            name: "cost one".into(),
            sense: Sense::Max,
            terms: vec![(x, 1.5), (w, -2.0)],
            constant: 7.25,
        },
        Objective {
            name: "r 1".into(),
            sense: Sense::Max,
            terms: vec![(y, 1.0)],
            constant: 0.0,
        },
    ];
    p.names = std::sync::Arc::new(StoredNames {
        cols: ["x", "y y", "z", "y_y", "", "u", "t", "s"]
            .map(String::from)
            .to_vec(),
        rows: ["r 1", "r2", "r3", "free", "big"]
            .map(String::from)
            .to_vec(),
    });
    p
}

fn assert_same(a: &Program, b: &Program) {
    assert_eq!(a.col_lower, b.col_lower);
    assert_eq!(a.col_upper, b.col_upper);
    assert_eq!(a.integer, b.integer);
    assert_eq!(a.row_start, b.row_start);
    assert_eq!(a.index, b.index);
    assert_eq!(a.value, b.value);
    assert_eq!(a.row_lower, b.row_lower);
    for i in 0..a.num_rows() {
        let (x, y) = (a.row_upper[i], b.row_upper[i]);
        assert!(
            x == y || (x - y).abs() <= 1e-12 * x.abs(),
            "row {i}: {x} vs {y}"
        );
    }
    assert_eq!(a.objectives.len(), b.objectives.len());
    for (o, q) in a.objectives.iter().zip(&b.objectives) {
        assert_eq!(
            (o.sense, &o.terms, o.constant),
            (q.sense, &q.terms, q.constant)
        );
    }
}

#[test]
fn write_then_read_gives_the_same_program() {
    let p = sample_program();
    let mut out = Vec::new();
    write(&p, &mut out, &WriteOptions::default()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let q = read_as(&text, "back.mop", &ReadOptions::default());
    assert_same(&p, &q);
    assert_eq!(q.name, "sample_model");
    // Spaces became `_`, and the clash with `y_y` got a suffix; the empty
    // name got a generated one. Objective names share the row namespace.
    let cols: Vec<_> = (0..q.num_cols()).map(|j| q.col_name(j)).collect();
    assert_eq!(cols, ["x", "y_y", "z", "y_y_2", "C4", "u", "t", "s"]);
    let names: Vec<_> = q.objectives.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["cost_one", "r_1"]);
    assert_eq!(q.row_name(0), "r_1_2");
    // Numbers are written in their shortest exact form.
    assert!(text.contains(" 0.1\n"), "{text}");
    assert!(text.contains(" 1e-20\n"), "{text}");
    assert!(text.contains(" 1e300\n"), "{text}");
    assert!(text.contains("    RHS       cost_one  -7.25\n"), "{text}");
    assert!(text.contains("OBJSENSE\n    MAX\n"), "{text}");
    // Reading it as plain MPS keeps the first objective only.
    let first = read_as(&text, "back.mps", &ReadOptions::default());
    assert_eq!(first.objectives.len(), 1);
    // HiGHS' convention for negative upper bounds reads the file the same.
    let highs = ReadOptions {
        negative_upper: NegativeUpper::KeepZero,
        ..ReadOptions::default()
    };
    assert_same(&p, &read_as(&text, "back.mop", &highs));
}

#[test]
fn write_one_objective_and_refuse_mixed_senses() {
    let mut p = sample_program();
    let mut out = Vec::new();
    let only = WriteOptions {
        objectives: WriteObjectives::Only(1),
    };
    write(&p, &mut out, &only).unwrap();
    let q = read_as(
        std::str::from_utf8(&out).unwrap(),
        "x.mop",
        &ReadOptions::default(),
    );
    assert_eq!(q.objectives.len(), 1);
    assert_eq!(q.objectives[0].terms, vec![(1, 1.0)]);
    assert_eq!(q.objectives[0].name, "r_1");
    let bad = WriteOptions {
        objectives: WriteObjectives::Only(2),
    };
    assert!(matches!(write(&p, Vec::new(), &bad), Err(Error::Usage(_))));
    p.objectives[1].sense = Sense::Min;
    let e = write(&p, Vec::new(), &WriteOptions::default()).unwrap_err();
    assert!(e.to_string().contains("one OBJSENSE"), "{e}");
    // Each alone is fine.
    write(&p, Vec::new(), &only).unwrap();
    p.row_lower[0] = 5.0;
    assert!(matches!(write(&p, Vec::new(), &only), Err(Error::Usage(_))));
}

#[test]
fn write_file_is_atomic_and_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.mop");
    let p = sample_program();
    write_file(&p, &path, &WriteOptions::default()).unwrap();
    let q = read(&path).unwrap();
    assert_same(&p, &q);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1);
}

#[test]
fn programs_without_objectives_or_rows() {
    let mut p = Program::new("empty");
    p.add_col(0.0, 1.0, false);
    p.add_col(0.0, INF, true);
    let mut out = Vec::new();
    write(&p, &mut out, &WriteOptions::default()).unwrap();
    let q = read_as(
        std::str::from_utf8(&out).unwrap(),
        "e.mps",
        &ReadOptions::default(),
    );
    assert_eq!(q.num_cols(), 2);
    assert_eq!(col(&q, 1), (0.0, INF, true));
    assert_eq!(q.objectives.len(), 1);
    assert!(q.objectives[0].terms.is_empty());
    // With a row, no placeholder objective is needed.
    p.add_row(-INF, 1.0, &[]);
    let mut out = Vec::new();
    write(&p, &mut out, &WriteOptions::default()).unwrap();
    let q = read_as(
        std::str::from_utf8(&out).unwrap(),
        "e.mps",
        &ReadOptions::default(),
    );
    assert_eq!((q.num_cols(), q.num_rows()), (2, 1));
    assert!(q.objectives.is_empty());
}

#[test]
fn number_format_is_shortest_round_trip() {
    for v in [
        0.0,
        1.0,
        -3.0,
        0.1,
        1.0 / 3.0,
        1e-20,
        1e300,
        -2.5e-7,
        123456789012345.0,
        1e15,
        1e16,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
    ] {
        let s = write::num(v);
        assert_eq!(s.parse::<f64>().unwrap(), v, "{s}");
        assert!(s.len() <= 24, "{s}");
    }
    assert_eq!(write::num(1.0), "1");
    assert_eq!(write::num(-0.0), "0");
    assert_eq!(write::num(0.25), "0.25");
    assert_eq!(write::num(INF), "1e30");
}

#[test]
fn at_most_100_problems_are_listed() {
    let mut text = String::from("NAME\nROWS\n N obj\nCOLUMNS\n");
    for k in 0..150 {
        text.push_str(&format!(" x{k} nowhere 1\n"));
    }
    text.push_str("ENDATA\n");
    let d = problems(&text, &ReadOptions::default());
    assert_eq!(d.len(), 101);
    assert_eq!(places(&d[..1]), vec![(5, 5)]);
    assert_eq!(d[100].line, None);
    assert!(d[100].message.contains("50 more problems"));
}
