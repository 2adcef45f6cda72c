//! The MPS reader: one pass over the lines, names resolved through hash maps,
//! rows assembled at the end in ROWS order.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::{Format, NegativeUpper, ObjectiveRows, ReadOptions};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::program::{Objective, Program, Sense, StoredNames};

/// At most this many problems are listed; the rest are counted.
const MAX_DIAGNOSTICS: usize = 100;
/// RHS, RANGES and BOUNDS values at least this large in magnitude are infinite.
pub(super) const INFINITY_THRESHOLD: f64 = 1e30;
/// Most fields a free-format data line can have (a COLUMNS line has 5).
const MAX_FIELDS: usize = 6;

pub(super) fn parse(text: &str, file: &Path, options: &ReadOptions) -> Result<Program> {
    let all = match options.objectives {
        ObjectiveRows::All => true,
        ObjectiveRows::First => false,
        ObjectiveRows::Auto => file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mop")),
    };
    let pass = |mode: Mode| Pass::new(file, mode, all, options.negative_upper).run(text);
    let done = |r: std::result::Result<Program, Diagnostics>| r.map_err(Error::Invalid);
    match options.format {
        Format::Free => done(pass(Mode::Free).expect("free mode never misfits")),
        Format::Fixed => done(pass(Mode::Fixed).expect("fixed mode never misfits")),
        Format::Auto => match pass(Mode::AutoFree) {
            Ok(r) => done(r),
            Err(Misfit {
                line,
                column,
                fields,
            }) => match pass(Mode::Fixed).expect("fixed mode never misfits") {
                Ok(p) => Ok(p),
                Err(mut d) => {
                    d.0.insert(
                        0,
                        Diagnostic::at(
                            file,
                            Some(line),
                            Some(column),
                            format!(
                                "this line has {fields} fields, which free-format MPS cannot \
                                 explain, so the file was read as fixed-column MPS (fields at \
                                 columns 2-3, 5-12, 15-22, 25-36, 40-47, 50-61); the problems \
                                 below are from that reading"
                            ),
                        ),
                    );
                    Err(Error::Invalid(d))
                }
            },
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Free format; a misfitting line stops the pass so that the caller can
    /// retry in fixed format.
    AutoFree,
    /// Free format; a misfitting line is an error.
    Free,
    /// Fixed columns.
    Fixed,
}

/// A data line that free format cannot explain (automatic mode only).
#[derive(Debug)]
struct Misfit {
    line: usize,
    column: usize,
    fields: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before the first section, or after NAME.
    Start,
    ObjSense,
    Rows,
    Columns,
    Rhs,
    Ranges,
    Bounds,
    /// An unknown or unsupported section whose data lines are skipped.
    Skip,
}

/// One field of a data line: its text and its byte offset in the line.
#[derive(Debug, Clone, Copy, Default)]
struct Field<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Field<'a> {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// The fields of one data line.
struct Fields<'a> {
    /// Free format: the blank-separated fields (the first `count.min(MAX_FIELDS)`).
    /// Fixed format: the six positional fields, possibly empty.
    f: [Field<'a>; MAX_FIELDS],
    /// Number of fields (free format; may exceed `MAX_FIELDS`).
    count: usize,
    /// Byte length of the line (for "missing field" positions).
    end: usize,
}

fn split_free(line: &str) -> Fields<'_> {
    let mut f = [Field::default(); MAX_FIELDS];
    let mut count = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b' ' && bytes[i] != b'\t' {
            i += 1;
        }
        if count < MAX_FIELDS {
            f[count] = Field {
                text: &line[start..i],
                pos: start,
            };
        }
        count += 1;
    }
    Fields {
        f,
        count,
        end: line.len(),
    }
}

/// Fixed-column fields. Each field runs up to the start of the next one (so
/// the blank columns 13-14, 23-24, 37-39 and 48-49 belong to the field before
/// them) and is trimmed; the last one runs to the end of the line.
fn split_fixed(line: &str) -> Fields<'_> {
    // 0-based character starts of fields 1..6 and of the column after field 1.
    const STARTS: [usize; 7] = [1, 4, 14, 24, 39, 49, usize::MAX];
    let byte_at = |c: usize| -> usize {
        if line.is_ascii() {
            c.min(line.len())
        } else {
            line.char_indices().nth(c).map_or(line.len(), |(b, _)| b)
        }
    };
    let mut f = [Field::default(); MAX_FIELDS];
    for k in 0..MAX_FIELDS {
        let (a, b) = (byte_at(STARTS[k]), byte_at(STARTS[k + 1]));
        let raw = &line[a..b];
        let lead = raw.len() - raw.trim_start().len();
        f[k] = Field {
            text: raw.trim(),
            pos: a + lead,
        };
    }
    Fields {
        f,
        count: 0,
        end: line.len(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    L,
    G,
    E,
}

struct ConRow<'a> {
    name: &'a str,
    kind: RowKind,
    rhs: f64,
    /// Line of the RHS entry (0: none).
    rhs_line: usize,
    range: Option<f64>,
    range_line: usize,
}

struct NRow {
    /// Index of the objective this N row becomes, if any.
    objective: Option<usize>,
}

struct Col<'a> {
    name: &'a str,
    line: usize,
    integer: bool,
    /// Integer by MARKER and no bound record yet: binary unless a bound comes.
    binary_default: bool,
    lower: f64,
    upper: f64,
    lower_set: bool,
}

#[derive(Debug, Clone, Copy)]
enum RowRef {
    Con(usize),
    N(usize),
}

struct Obj<'a> {
    name: &'a str,
    terms: Vec<(usize, f64)>,
    last_col: usize,
    constant: f64,
    constant_line: usize,
}

struct Pass<'a> {
    file: &'a Path,
    mode: Mode,
    all_objectives: bool,
    negative_upper: NegativeUpper,
    diags: Vec<Diagnostic>,
    omitted: usize,

    section: Section,
    name: Option<&'a str>,
    sense: Option<Sense>,
    endata: bool,

    row_map: HashMap<&'a str, (RowRef, usize)>,
    rows: Vec<ConRow<'a>>,
    row_terms: Vec<Vec<(usize, f64)>>,
    row_last: Vec<usize>,
    n_rows: Vec<NRow>,
    objs: Vec<Obj<'a>>,

    col_map: HashMap<&'a str, usize>,
    cols: Vec<Col<'a>>,
    current: Option<usize>,
    /// Line of the open INTORG marker (0: none).
    intorg_line: usize,

    rhs_set: Option<&'a str>,
    range_set: Option<&'a str>,
    bound_set: Option<&'a str>,
}

/// Context of one data line, for diagnostics.
#[derive(Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

impl<'a> Pass<'a> {
    fn new(file: &'a Path, mode: Mode, all: bool, negative_upper: NegativeUpper) -> Self {
        Pass {
            file,
            mode,
            all_objectives: all,
            negative_upper,
            diags: Vec::new(),
            omitted: 0,
            section: Section::Start,
            name: None,
            sense: None,
            endata: false,
            row_map: HashMap::new(),
            rows: Vec::new(),
            row_terms: Vec::new(),
            row_last: Vec::new(),
            n_rows: Vec::new(),
            objs: Vec::new(),
            col_map: HashMap::new(),
            cols: Vec::new(),
            current: None,
            intorg_line: 0,
            rhs_set: None,
            range_set: None,
            bound_set: None,
        }
    }

    fn error(&mut self, line: Line<'_>, pos: usize, message: impl Into<String>) {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            self.omitted += 1;
            return;
        }
        let pos = pos.min(line.text.len());
        let column = if line.text.is_ascii() {
            pos + 1
        } else {
            line.text[..pos].chars().count() + 1
        };
        self.diags.push(Diagnostic::at(
            self.file,
            Some(line.no),
            Some(column),
            message,
        ));
    }

    /// Reads every line; `Err` when automatic mode meets a misfitting line.
    fn run(
        mut self,
        text: &'a str,
    ) -> std::result::Result<std::result::Result<Program, Diagnostics>, Misfit> {
        let mut last = 0;
        for (i, raw) in text.split('\n').enumerate() {
            let no = i + 1;
            let text = raw.strip_suffix('\r').unwrap_or(raw);
            if text.is_empty() || text.starts_with('*') {
                continue;
            }
            last = no;
            let first = text.as_bytes()[0];
            let line = Line { no, text };
            if first != b' ' && first != b'\t' {
                if self.header(line) {
                    break;
                }
                continue;
            }
            if text.trim().is_empty() {
                continue;
            }
            self.data(line)?;
        }
        Ok(self.finish(last))
    }

    /// Handles a section line; true at ENDATA.
    fn header(&mut self, line: Line<'a>) -> bool {
        let f = split_free(line.text);
        let key = f.f[0].text.to_ascii_uppercase();
        self.section = match key.as_str() {
            "NAME" => {
                if f.count > 1 {
                    self.name = Some(f.f[1].text);
                }
                Section::Start
            }
            "OBJSENSE" => {
                if f.count > 1 {
                    self.objsense(line, f.f[1]);
                }
                Section::ObjSense
            }
            "ROWS" => Section::Rows,
            "COLUMNS" => Section::Columns,
            "RHS" => Section::Rhs,
            "RANGES" => Section::Ranges,
            "BOUNDS" => Section::Bounds,
            "ENDATA" => {
                self.endata = true;
                return true;
            }
            "OBJNAME" | "SOS" | "SETS" | "QUADOBJ" | "QMATRIX" | "QSECTION" | "QCMATRIX"
            | "CSECTION" | "INDICATORS" | "GENCONS" | "PWLOBJ" | "PWLNAM" | "PWLCON"
            | "DELAYEDROWS" | "MODELCUTS" | "USERCUTS" | "LAZYCONS" => {
                self.error(
                    line,
                    0,
                    format!("section {key} is not supported by this reader"),
                );
                Section::Skip
            }
            _ => {
                self.error(
                    line,
                    0,
                    format!(
                        "unknown section `{}` (expected NAME, OBJSENSE, ROWS, COLUMNS, RHS, \
                         RANGES, BOUNDS or ENDATA; data lines must start with a blank)",
                        f.f[0].text
                    ),
                );
                Section::Skip
            }
        };
        false
    }

    fn objsense(&mut self, line: Line<'_>, field: Field<'_>) {
        match field.text.to_ascii_uppercase().as_str() {
            "MIN" | "MINIMIZE" | "MINIMISE" => self.sense = Some(Sense::Min),
            "MAX" | "MAXIMIZE" | "MAXIMISE" => self.sense = Some(Sense::Max),
            _ => self.error(
                line,
                field.pos,
                format!(
                    "objective sense `{}` is not MIN, MAX, MINIMIZE or MAXIMIZE",
                    field.text
                ),
            ),
        }
    }

    /// A misfitting line: in automatic mode the pass stops (the caller
    /// retries in fixed format); in free mode it is an error.
    fn misfit(&mut self, line: Line<'_>, f: &Fields<'_>, expected: &str) -> Result<(), Misfit> {
        if self.mode == Mode::AutoFree {
            return Err(Misfit {
                line: line.no,
                column: f.f[0].pos + 1,
                fields: f.count,
            });
        }
        let pos = f.f[0].pos;
        self.error(
            line,
            pos,
            format!(
                "{} fields where free-format MPS expects {expected} (names with spaces need \
                 fixed-column format)",
                f.count
            ),
        );
        Ok(())
    }

    fn fields(&self, text: &'a str) -> Fields<'a> {
        if self.mode == Mode::Fixed {
            split_fixed(text)
        } else {
            split_free(text)
        }
    }

    fn data(&mut self, line: Line<'a>) -> Result<(), Misfit> {
        if self.mode == Mode::Fixed && self.section != Section::ObjSense && line.text.contains('\t')
        {
            let pos = line.text.find('\t').unwrap_or(0);
            self.error(
                line,
                pos,
                "tab character in a fixed-column line: field positions are undefined",
            );
            return Ok(());
        }
        match self.section {
            Section::Start => {
                let pos = line.text.len() - line.text.trim_start().len();
                self.error(line, pos, "data line before the first section (ROWS)");
            }
            Section::Skip => {}
            Section::ObjSense => {
                let f = split_free(line.text);
                self.objsense(line, f.f[0]);
                if f.count > 1 {
                    self.error(
                        line,
                        f.f[1].pos,
                        "unexpected field after the objective sense",
                    );
                }
            }
            Section::Rows => self.rows_line(line)?,
            Section::Columns => self.columns_line(line)?,
            Section::Rhs => self.rhs_line(line, false)?,
            Section::Ranges => self.rhs_line(line, true)?,
            Section::Bounds => self.bounds_line(line)?,
        }
        Ok(())
    }

    fn rows_line(&mut self, line: Line<'a>) -> Result<(), Misfit> {
        let f = self.fields(line.text);
        let (kind, name) = if self.mode == Mode::Fixed {
            (f.f[0], f.f[1])
        } else {
            if f.count != 2 {
                return self.misfit(line, &f, "2 (type and row name)");
            }
            (f.f[0], f.f[1])
        };
        if name.is_empty() {
            self.error(line, f.end, "missing row name");
            return Ok(());
        }
        let kind_value = match kind.text {
            "N" | "n" => None,
            "L" | "l" => Some(RowKind::L),
            "G" | "g" => Some(RowKind::G),
            "E" | "e" => Some(RowKind::E),
            other => {
                self.error(
                    line,
                    kind.pos,
                    format!("row type `{other}` is not N, L, G or E"),
                );
                return Ok(());
            }
        };
        if let Some(&(_, first)) = self.row_map.get(name.text) {
            self.error(
                line,
                name.pos,
                format!("row `{}` is already defined on line {first}", name.text),
            );
            return Ok(());
        }
        let r = match kind_value {
            None => {
                let k = self.n_rows.len();
                let objective = if self.all_objectives || self.objs.is_empty() {
                    self.objs.push(Obj {
                        name: name.text,
                        terms: Vec::new(),
                        last_col: usize::MAX,
                        constant: 0.0,
                        constant_line: 0,
                    });
                    Some(self.objs.len() - 1)
                } else {
                    None
                };
                self.n_rows.push(NRow { objective });
                RowRef::N(k)
            }
            Some(kind) => {
                self.rows.push(ConRow {
                    name: name.text,
                    kind,
                    rhs: 0.0,
                    rhs_line: 0,
                    range: None,
                    range_line: 0,
                });
                self.row_terms.push(Vec::new());
                self.row_last.push(usize::MAX);
                RowRef::Con(self.rows.len() - 1)
            }
        };
        self.row_map.insert(name.text, (r, line.no));
        Ok(())
    }

    fn columns_line(&mut self, line: Line<'a>) -> Result<(), Misfit> {
        let f = self.fields(line.text);
        let fixed = self.mode == Mode::Fixed;
        // Marker lines: `name 'MARKER' 'INTORG'` / `'INTEND'`.
        let marker = if fixed {
            (f.f[2].text == "'MARKER'").then(|| if f.f[4].is_empty() { f.f[3] } else { f.f[4] })
        } else {
            (f.count == 3 && f.f[1].text == "'MARKER'").then_some(f.f[2])
        };
        if let Some(kind) = marker {
            match kind.text.trim_matches('\'').to_ascii_uppercase().as_str() {
                "INTORG" => {
                    if self.intorg_line != 0 {
                        let open = self.intorg_line;
                        self.error(
                            line,
                            kind.pos,
                            format!("INTORG marker inside the integer block opened on line {open}"),
                        );
                    }
                    self.intorg_line = line.no;
                }
                "INTEND" => {
                    if self.intorg_line == 0 {
                        self.error(line, kind.pos, "INTEND marker without an open INTORG block");
                    }
                    self.intorg_line = 0;
                }
                other => self.error(
                    line,
                    kind.pos,
                    format!("marker type `{other}` is not 'INTORG' or 'INTEND'"),
                ),
            }
            return Ok(());
        }
        let (col, pairs) = if fixed {
            if !f.f[0].is_empty() {
                self.error(
                    line,
                    f.f[0].pos,
                    "field 1 (columns 2-3) must be blank in COLUMNS",
                );
            }
            (f.f[1], [(f.f[2], f.f[3]), (f.f[4], f.f[5])])
        } else {
            if f.count != 3 && f.count != 5 {
                return self.misfit(line, &f, "3 or 5 (column, row, value[, row, value])");
            }
            (f.f[0], [(f.f[1], f.f[2]), (f.f[3], f.f[4])])
        };
        if col.is_empty() {
            self.error(line, f.end, "missing column name");
            return Ok(());
        }
        let j = self.open_column(line, col);
        for (k, (row, value)) in pairs.into_iter().enumerate() {
            if k == 1 && row.is_empty() && value.is_empty() {
                break;
            }
            self.entry(line, j, row, value, &f);
        }
        Ok(())
    }

    /// The column a COLUMNS line belongs to, creating it when new.
    fn open_column(&mut self, line: Line<'a>, col: Field<'a>) -> usize {
        if let Some(j) = self.current {
            if self.cols[j].name == col.text {
                return j;
            }
        }
        let j = match self.col_map.get(col.text) {
            Some(&j) => {
                let first = self.cols[j].line;
                self.error(
                    line,
                    col.pos,
                    format!(
                        "column `{}` appears again after other columns (first on line {first}); \
                         the entries of a column must be contiguous",
                        col.text
                    ),
                );
                j
            }
            None => {
                let integer = self.intorg_line != 0;
                self.cols.push(Col {
                    name: col.text,
                    line: line.no,
                    integer,
                    binary_default: integer,
                    lower: 0.0,
                    upper: f64::INFINITY,
                    lower_set: false,
                });
                let j = self.cols.len() - 1;
                self.col_map.insert(col.text, j);
                j
            }
        };
        self.current = Some(j);
        j
    }

    fn entry(
        &mut self,
        line: Line<'a>,
        j: usize,
        row: Field<'a>,
        value: Field<'a>,
        f: &Fields<'_>,
    ) {
        if row.is_empty() {
            let pos = if value.is_empty() { f.end } else { value.pos };
            self.error(line, pos, "missing row name");
            return;
        }
        let Some(&(r, _)) = self.row_map.get(row.text) else {
            self.error(
                line,
                row.pos,
                format!("row `{}` is not defined in ROWS", row.text),
            );
            return;
        };
        if value.is_empty() {
            self.error(
                line,
                f.end,
                format!("missing coefficient for row `{}`", row.text),
            );
            return;
        }
        let Some(v) = self.number(line, value) else {
            return;
        };
        if !v.is_finite() {
            self.error(line, value.pos, "coefficients must be finite");
            return;
        }
        if v == 0.0 {
            return;
        }
        match r {
            RowRef::Con(i) => {
                if self.row_last[i] == j {
                    self.error(
                        line,
                        row.pos,
                        format!(
                            "second coefficient of column `{}` in row `{}`",
                            self.cols[j].name, row.text
                        ),
                    );
                    return;
                }
                self.row_last[i] = j;
                self.row_terms[i].push((j, v));
            }
            RowRef::N(k) => {
                if let Some(o) = self.n_rows[k].objective {
                    if self.objs[o].last_col == j {
                        self.error(
                            line,
                            row.pos,
                            format!(
                                "second coefficient of column `{}` in objective row `{}`",
                                self.cols[j].name, row.text
                            ),
                        );
                        return;
                    }
                    self.objs[o].last_col = j;
                    self.objs[o].terms.push((j, v));
                }
            }
        }
    }

    /// Parses a number; `None` after reporting a bad one.
    fn number(&mut self, line: Line<'_>, field: Field<'_>) -> Option<f64> {
        match parse_number(field.text) {
            Some(v) => Some(v),
            None => {
                self.error(line, field.pos, format!("`{}` is not a number", field.text));
                None
            }
        }
    }

    /// A number where values of magnitude 1e30 or more mean infinity.
    fn bound_number(&mut self, line: Line<'_>, field: Field<'_>) -> Option<f64> {
        self.number(line, field).map(|v| {
            if v >= INFINITY_THRESHOLD {
                f64::INFINITY
            } else if v <= -INFINITY_THRESHOLD {
                f64::NEG_INFINITY
            } else {
                v
            }
        })
    }

    /// Checks that every line of a section uses one vector name.
    fn check_set(&mut self, line: Line<'_>, set: Field<'a>, which: usize) {
        let slot = match which {
            0 => &mut self.rhs_set,
            1 => &mut self.range_set,
            _ => &mut self.bound_set,
        };
        match *slot {
            None => *slot = Some(set.text),
            Some(first) if first == set.text => {}
            Some(first) => {
                let section = ["RHS", "RANGES", "BOUNDS"][which];
                self.error(
                    line,
                    set.pos,
                    format!(
                        "second {section} vector `{}` (the first is `{first}`): only one is supported",
                        set.text
                    ),
                );
            }
        }
    }

    /// An RHS or RANGES line.
    fn rhs_line(&mut self, line: Line<'a>, ranges: bool) -> Result<(), Misfit> {
        let f = self.fields(line.text);
        let (set, pairs) = if self.mode == Mode::Fixed {
            if !f.f[0].is_empty() {
                self.error(line, f.f[0].pos, "field 1 (columns 2-3) must be blank here");
            }
            (f.f[1], [(f.f[2], f.f[3]), (f.f[4], f.f[5])])
        } else {
            match f.count {
                3 | 5 => (f.f[0], [(f.f[1], f.f[2]), (f.f[3], f.f[4])]),
                // Without a vector name, the first field is a row name.
                2 | 4 if self.row_map.contains_key(f.f[0].text) => (
                    Field {
                        text: "",
                        pos: f.f[0].pos,
                    },
                    [(f.f[0], f.f[1]), (f.f[2], f.f[3])],
                ),
                _ => return self.misfit(line, &f, "3 or 5 ([set name,] row, value[, row, value])"),
            }
        };
        self.check_set(line, set, usize::from(ranges));
        for (k, (row, value)) in pairs.into_iter().enumerate() {
            if k == 1 && row.is_empty() && value.is_empty() {
                break;
            }
            if row.is_empty() {
                self.error(line, value.pos, "missing row name");
                continue;
            }
            let Some(&(r, _)) = self.row_map.get(row.text) else {
                self.error(
                    line,
                    row.pos,
                    format!("row `{}` is not defined in ROWS", row.text),
                );
                continue;
            };
            if value.is_empty() {
                self.error(line, f.end, format!("missing value for row `{}`", row.text));
                continue;
            }
            let Some(v) = self.bound_number(line, value) else {
                continue;
            };
            match (r, ranges) {
                (RowRef::Con(i), false) => {
                    if self.rows[i].rhs_line != 0 {
                        let first = self.rows[i].rhs_line;
                        self.error(
                            line,
                            row.pos,
                            format!("second RHS for row `{}` (first on line {first})", row.text),
                        );
                        continue;
                    }
                    self.rows[i].rhs = v;
                    self.rows[i].rhs_line = line.no;
                }
                (RowRef::Con(i), true) => {
                    if self.rows[i].range_line != 0 {
                        let first = self.rows[i].range_line;
                        self.error(
                            line,
                            row.pos,
                            format!(
                                "second range for row `{}` (first on line {first})",
                                row.text
                            ),
                        );
                        continue;
                    }
                    self.rows[i].range = Some(v);
                    self.rows[i].range_line = line.no;
                }
                (RowRef::N(k), false) => {
                    if let Some(o) = self.n_rows[k].objective {
                        if self.objs[o].constant_line != 0 {
                            let first = self.objs[o].constant_line;
                            self.error(
                                line,
                                row.pos,
                                format!(
                                    "second RHS for objective row `{}` (first on line {first})",
                                    row.text
                                ),
                            );
                            continue;
                        }
                        if !v.is_finite() {
                            self.error(line, value.pos, "objective constant must be finite");
                            continue;
                        }
                        // objective = c.x - RHS(objective row)
                        self.objs[o].constant = -v;
                        self.objs[o].constant_line = line.no;
                    }
                }
                (RowRef::N(_), true) => self.error(
                    line,
                    row.pos,
                    format!("RANGES entry for N row `{}`, which has no bounds", row.text),
                ),
            }
        }
        Ok(())
    }

    fn bounds_line(&mut self, line: Line<'a>) -> Result<(), Misfit> {
        let f = self.fields(line.text);
        let kind = f.f[0];
        let upper_kind = kind.text.to_ascii_uppercase();
        let takes_value = match upper_kind.as_str() {
            "UP" | "LO" | "FX" | "LI" | "UI" | "SC" | "SI" => true,
            "MI" | "PL" | "FR" | "BV" => false,
            "" => {
                self.error(line, kind.pos, "missing bound type");
                return Ok(());
            }
            other => {
                self.error(
                    line,
                    kind.pos,
                    format!("bound type `{other}` is not UP, LO, FX, FR, MI, PL, BV, LI or UI"),
                );
                return Ok(());
            }
        };
        let none = Field {
            text: "",
            pos: f.end,
        };
        let (set, col, value) = if self.mode == Mode::Fixed {
            (f.f[1], f.f[2], f.f[3])
        } else {
            let known = |x: &Field<'_>| self.col_map.contains_key(x.text);
            match (takes_value, f.count) {
                (true, 4) => (f.f[1], f.f[2], f.f[3]),
                (true, 3) if known(&f.f[1]) => (none, f.f[1], f.f[2]),
                (false, 3) if !known(&f.f[2]) && known(&f.f[1]) => (none, f.f[1], f.f[2]),
                (false, 3) | (false, 4) => (f.f[1], f.f[2], f.f[3]),
                (false, 2) => (none, f.f[1], none),
                (true, _) => {
                    return self.misfit(line, &f, "4 (type, set name, column, value)");
                }
                (false, _) => return self.misfit(line, &f, "3 (type, set name, column)"),
            }
        };
        self.check_set(line, set, 2);
        if col.is_empty() {
            self.error(line, f.end, "missing column name");
            return Ok(());
        }
        let Some(&j) = self.col_map.get(col.text) else {
            self.error(
                line,
                col.pos,
                format!("bound on column `{}`, which is not in COLUMNS", col.text),
            );
            return Ok(());
        };
        if upper_kind == "SC" || upper_kind == "SI" {
            let what = if upper_kind == "SC" {
                "semi-continuous"
            } else {
                "semi-integer"
            };
            self.error(
                line,
                kind.pos,
                format!("{what} bounds ({upper_kind}) are not supported"),
            );
            return Ok(());
        }
        let v = if takes_value {
            if value.is_empty() {
                self.error(line, f.end, format!("missing value for {upper_kind} bound"));
                return Ok(());
            }
            match self.bound_number(line, value) {
                Some(v) => v,
                None => return Ok(()),
            }
        } else {
            0.0
        };
        let negative_upper = self.negative_upper;
        let c = &mut self.cols[j];
        c.binary_default = false;
        let set_upper = |c: &mut Col<'_>, v: f64| {
            c.upper = v;
            if v < 0.0 && !c.lower_set && negative_upper == NegativeUpper::MinusInfinity {
                c.lower = f64::NEG_INFINITY;
            }
        };
        match upper_kind.as_str() {
            "UP" => set_upper(c, v),
            "UI" => {
                c.integer = true;
                set_upper(c, v);
            }
            "LO" | "LI" => {
                c.integer |= upper_kind == "LI";
                c.lower = v;
                c.lower_set = true;
            }
            "FX" => {
                c.lower = v;
                c.upper = v;
                c.lower_set = true;
            }
            "FR" => {
                c.lower = f64::NEG_INFINITY;
                c.upper = f64::INFINITY;
                c.lower_set = true;
            }
            "MI" => {
                c.lower = f64::NEG_INFINITY;
                c.lower_set = true;
            }
            "PL" => c.upper = f64::INFINITY,
            "BV" => {
                c.integer = true;
                c.lower = 0.0;
                c.upper = 1.0;
                c.lower_set = true;
            }
            _ => unreachable!("bound type checked above"),
        }
        Ok(())
    }

    fn finish(mut self, last_line: usize) -> std::result::Result<Program, Diagnostics> {
        let end = Line {
            no: last_line.max(1),
            text: "",
        };
        if self.intorg_line != 0 {
            let open = Line {
                no: self.intorg_line,
                text: "",
            };
            self.error(open, 0, "INTORG marker without a matching INTEND");
        }
        if !self.endata {
            self.error(end, 0, "the file ends without ENDATA (truncated?)");
        }
        if self.rows.is_empty() && self.n_rows.is_empty() && self.diags.is_empty() {
            self.error(end, 0, "no ROWS section: this is not an MPS file");
        }
        if !self.diags.is_empty() {
            if self.omitted > 0 {
                self.diags.push(Diagnostic::at(
                    self.file,
                    None,
                    None,
                    format!("{} more problems not listed", self.omitted),
                ));
            }
            return Err(Diagnostics(self.diags));
        }

        let name = self.name.map(str::to_owned).unwrap_or_else(|| {
            self.file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "mps".to_owned())
        });
        let mut p = Program::new(name);
        let n = self.cols.len();
        p.col_lower.reserve(n);
        p.col_upper.reserve(n);
        p.integer.reserve(n);
        for c in &self.cols {
            if c.binary_default {
                p.add_col(0.0, 1.0, true);
            } else {
                p.add_col(c.lower, c.upper, c.integer);
            }
        }
        let m = self.rows.len();
        let nnz: usize = self.row_terms.iter().map(Vec::len).sum();
        p.index.reserve(nnz);
        p.value.reserve(nnz);
        p.row_start.reserve(m);
        for (row, terms) in self.rows.iter().zip(&self.row_terms) {
            let (lo, up) = row_bounds(row.kind, row.rhs, row.range);
            p.add_row(lo, up, terms);
        }
        let sense = self.sense.unwrap_or(Sense::Min);
        p.objectives = self
            .objs
            .into_iter()
            .map(|o| Objective {
                name: o.name.to_owned(),
                sense,
                terms: o.terms,
                constant: o.constant,
            })
            .collect();
        p.names = Arc::new(StoredNames {
            cols: self.cols.iter().map(|c| c.name.to_owned()).collect(),
            rows: self.rows.iter().map(|r| r.name.to_owned()).collect(),
        });
        Ok(p)
    }
}

/// Row bounds from the row type, its right-hand side and its range.
fn row_bounds(kind: RowKind, b: f64, range: Option<f64>) -> (f64, f64) {
    match (kind, range) {
        (RowKind::L, None) => (f64::NEG_INFINITY, b),
        (RowKind::G, None) => (b, f64::INFINITY),
        (RowKind::E, None) => (b, b),
        (RowKind::L, Some(r)) => (b - r.abs(), b),
        (RowKind::G, Some(r)) => (b, b + r.abs()),
        (RowKind::E, Some(r)) if r < 0.0 => (b + r, b),
        (RowKind::E, Some(r)) => (b, b + r),
    }
}

/// A decimal number as MPS files write them: Rust float syntax plus a
/// Fortran `D` exponent; NaN is refused, `inf`/`infinity` accepted.
fn parse_number(s: &str) -> Option<f64> {
    let v = match s.parse::<f64>() {
        Ok(v) => v,
        Err(_) if s.contains(['d', 'D']) => s.replace(['d', 'D'], "e").parse::<f64>().ok()?,
        Err(_) => return None,
    };
    (!v.is_nan()).then_some(v)
}
