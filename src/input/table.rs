//! Reading one CSV table: bytes -> header checked against a schema -> rows of
//! trimmed cells, with every file-, header- and encoding-level problem turned
//! into a located [`Diagnostic`]. What the cells mean is checked by the caller.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics};

use super::parse::closest;

/// One column a table may have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// Header name.
    pub name: &'static str,
    /// The header must contain it.
    pub required: bool,
}

/// A required column.
pub(crate) const fn req(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

/// An optional column.
pub(crate) const fn opt(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

/// What a cell of a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cell<'r> {
    /// The column is not in the header: take the default.
    Absent,
    /// The cell could not be read (invalid UTF-8, already reported).
    Unreadable,
    /// The trimmed text of the cell (possibly empty).
    Text(&'r str),
}

/// One data row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// 1-based line where the record starts (the header is line 1).
    pub line: usize,
    /// Cells indexed like the schema's columns; `None` where the column is not
    /// in the header or the cell was unreadable.
    cells: Vec<Option<String>>,
    /// The row has the wrong number of fields (already reported): only its key
    /// cells should be used, to avoid follow-up errors elsewhere.
    pub ragged: bool,
}

/// A table read from one file.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The file.
    pub path: PathBuf,
    /// The schema's columns.
    pub columns: &'static [Column],
    /// For each schema column, its 0-based field index in the file.
    field: Vec<Option<usize>>,
    /// Data rows in file order.
    pub rows: Vec<Row>,
    /// Rows past the reader's `max_rows`, not kept: the line of the first
    /// and their number.
    pub excess: Option<(usize, usize)>,
}

impl Table {
    /// The cell of `row` in schema column `c`.
    pub fn cell<'r>(&self, row: &'r Row, c: usize) -> Cell<'r> {
        match (self.field[c], &row.cells[c]) {
            (None, _) => Cell::Absent,
            (Some(_), None) => Cell::Unreadable,
            (Some(_), Some(s)) => Cell::Text(s.as_str()),
        }
    }

    /// The 1-based field number of schema column `c` in the file, when present.
    pub fn field_number(&self, c: usize) -> Option<usize> {
        self.field[c].map(|f| f + 1)
    }

    /// Where this table was read: its file and the field of each column.
    pub fn source(&self) -> crate::domain::TableSource {
        crate::domain::TableSource {
            file: self.path.clone(),
            fields: self
                .columns
                .iter()
                .zip(&self.field)
                .filter_map(|(c, f)| f.map(|f| (c.name.to_string(), f + 1)))
                .collect(),
        }
    }

    /// True when schema column `c` is in the header.
    pub fn has(&self, c: usize) -> bool {
        self.field[c].is_some()
    }

    /// A diagnostic at `row`, column `c`.
    pub fn diag(&self, row: &Row, c: usize, message: String) -> Diagnostic {
        let col = self.field[c].map(|f| f + 1);
        Diagnostic::at(&self.path, Some(row.line), col, message)
    }
}

/// Reads `path` against `columns`. Returns `None` when the file is missing,
/// unreadable, empty or not comma-separated (reported in `diags`); otherwise
/// the table, whose header problems are reported but do not stop the rows
/// from being read.
pub(crate) fn read_table(
    path: &Path,
    columns: &'static [Column],
    max_rows: usize,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(Diagnostic::at(path, None, None, "file not found"));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::at(
                path,
                None,
                None,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    parse_table(path, &bytes, columns, max_rows, diags)
}

/// Like [`read_table`] on bytes already read. Rows past `max_rows` are
/// counted, not kept: [`Table::excess`] says how many and where the first is.
pub(crate) fn parse_table(
    path: &Path,
    bytes: &[u8],
    columns: &'static [Column],
    max_rows: usize,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();

    let header = match records.next() {
        None => {
            diags.push(Diagnostic::at(
                path,
                Some(1),
                None,
                format!(
                    "empty file: expected a header row with the columns {}",
                    names.join(", ")
                ),
            ));
            return None;
        }
        Some(Err(e)) => {
            diags.push(csv_error(path, &e));
            return None;
        }
        Some(Ok(h)) => h,
    };
    let mut lines = LineCounter::new(bytes);
    let header_line = lines.line_of(&header);

    if let Some(sep) = other_separator(&header, &names) {
        diags.push(Diagnostic::at(
            path,
            Some(header_line),
            None,
            format!(
                "expected a comma-separated file, found a header separated by {}: \
                 save the file as CSV with `,` between fields (the rest of the file is not checked)",
                if sep == '\t' { "tabs" } else { "\";\"" },
            ),
        ));
        return None;
    }

    // Map header fields to schema columns.
    let mut field: Vec<Option<usize>> = vec![None; columns.len()];
    for (f, raw) in header.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(raw) else {
            diags.push(Diagnostic::at(
                path,
                Some(header_line),
                Some(f + 1),
                format!(
                    "header: expected UTF-8 text, found {:?}",
                    String::from_utf8_lossy(raw)
                ),
            ));
            continue;
        };
        let name = text.trim();
        match names.iter().position(|&n| n == name) {
            Some(c) => match field[c] {
                None => field[c] = Some(f),
                Some(first) => diags.push(Diagnostic::at(
                    path,
                    Some(header_line),
                    Some(f + 1),
                    format!("duplicate column {name:?} (first at column {})", first + 1),
                )),
            },
            None => {
                let hint = match closest(name, &names) {
                    Some(s) => format!("did you mean {s:?}? "),
                    None => String::new(),
                };
                diags.push(Diagnostic::at(
                    path,
                    Some(header_line),
                    Some(f + 1),
                    format!(
                        "unknown column {name:?}: {hint}(known columns: {})",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    for (c, col) in columns.iter().enumerate() {
        if col.required && field[c].is_none() {
            diags.push(Diagnostic::at(
                path,
                Some(header_line),
                None,
                format!("missing required column {:?}", col.name),
            ));
        }
    }

    let width = header.len();
    let mut rows = Vec::new();
    let mut excess: Option<(usize, usize)> = None;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(path, &e));
                break;
            }
        };
        let line = lines.line_of(&record);
        if rows.len() == max_rows {
            excess.get_or_insert((line, 0)).1 += 1;
            continue;
        }
        let ragged = record.len() != width;
        if ragged {
            let col = record.len().min(width) + 1;
            diags.push(Diagnostic::at(
                path,
                Some(line),
                Some(col),
                format!(
                    "expected {width} field{} as in the header, found {}",
                    if width == 1 { "" } else { "s" },
                    record.len()
                ),
            ));
        }
        let mut cells = vec![None; columns.len()];
        for (c, f) in field.iter().enumerate() {
            let Some(raw) = f.and_then(|f| record.get(f)) else {
                continue;
            };
            match std::str::from_utf8(raw) {
                Ok(s) => cells[c] = Some(s.trim().to_string()),
                Err(e) if !ragged => diags.push(Diagnostic::at(
                    path,
                    Some(line),
                    Some(f.unwrap_or(0) + 1),
                    format!(
                        "{}: expected UTF-8 text, found {:?} (byte 0x{:02X} is not UTF-8; save the file as UTF-8)",
                        columns[c].name,
                        String::from_utf8_lossy(raw),
                        raw[e.valid_up_to()],
                    ),
                )),
                Err(_) => {}
            }
        }
        rows.push(Row {
            line,
            cells,
            ragged,
        });
    }
    Some(Table {
        path: path.to_path_buf(),
        columns,
        field,
        rows,
        excess,
    })
}

/// Turns records' byte offsets into 1-based line numbers. (The csv crate's own
/// line count skips blank lines, so it is not used.)
struct LineCounter<'b> {
    bytes: &'b [u8],
    offset: usize,
    line: usize,
}

impl<'b> LineCounter<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line where `record` starts; records must come in file order.
    fn line_of(&mut self, record: &csv::ByteRecord) -> usize {
        let Some(pos) = record.position() else {
            return self.line;
        };
        // The position is where the previous record ended: skip the blank
        // lines (no record starts with a line break) to the record itself.
        let mut to = (pos.byte() as usize).min(self.bytes.len());
        while to < self.bytes.len() && matches!(self.bytes[to], b'\r' | b'\n') {
            to += 1;
        }
        if to > self.offset {
            self.line += self.bytes[self.offset..to]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = to;
        }
        self.line
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map(|p| p.line() as usize);
    Diagnostic::at(path, line, None, format!("cannot read the CSV: {e}"))
}

/// The separator of a file that is not comma-separated: the header is a single
/// field containing `;` (or a tab) and at least one of its parts is a known
/// column name.
fn other_separator(header: &csv::ByteRecord, names: &[&str]) -> Option<char> {
    if header.len() != 1 {
        return None;
    }
    let text = String::from_utf8_lossy(&header[0]);
    [';', '\t']
        .into_iter()
        .find(|&sep| text.contains(sep) && text.split(sep).any(|part| names.contains(&part.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[req("id"), req("name"), opt("note")];

    fn read(bytes: &[u8]) -> (Option<Table>, Vec<String>) {
        let mut d = Diagnostics::default();
        let t = parse_table(Path::new("t.csv"), bytes, COLS, usize::MAX, &mut d);
        (t, d.0.iter().map(ToString::to_string).collect())
    }

    fn texts(t: &Table, c: usize) -> Vec<Cell<'_>> {
        t.rows.iter().map(|r| t.cell(r, c)).collect()
    }

    #[test]
    fn header_only_is_an_empty_table() {
        let (t, d) = read(b"id,name\n");
        assert!(d.is_empty(), "{d:?}");
        let t = t.unwrap();
        assert!(t.rows.is_empty());
        assert!(t.has(0) && !t.has(2));
    }

    #[test]
    fn empty_files() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\n\n", b"\r\n"] {
            let (t, d) = read(bytes);
            assert!(t.is_none());
            assert_eq!(d.len(), 1);
            assert!(d[0].starts_with("t.csv:1: empty file"), "{d:?}");
        }
    }

    #[test]
    fn cells_are_trimmed_and_absent_columns_known() {
        let (t, d) = read(b"\xEF\xBB\xBF name , id\n  Alpha One ,a\n");
        assert!(d.is_empty(), "{d:?}");
        let t = t.unwrap();
        assert_eq!(texts(&t, 0), [Cell::Text("a")]);
        assert_eq!(texts(&t, 1), [Cell::Text("Alpha One")]);
        assert_eq!(texts(&t, 2), [Cell::Absent]);
    }

    #[test]
    fn lines_count_blank_lines_and_quoted_newlines() {
        let (t, d) = read(b"id,name\n\na,\"two\nlines\"\r\n\nb,B\n");
        assert!(d.is_empty(), "{d:?}");
        let lines: Vec<usize> = t.unwrap().rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 6]);
    }

    #[test]
    fn semicolon_and_tab_files_are_refused_once() {
        let (t, d) = read(b"id;name;note\na;1,5;x\nb;2;y\n");
        assert!(t.is_none());
        assert_eq!(d.len(), 1);
        assert!(
            d[0].contains("t.csv:1: expected a comma-separated file"),
            "{d:?}"
        );
        let (t, d) = read(b"id\tname\na\tb\n");
        assert!(t.is_none());
        assert!(d[0].contains("separated by tabs"), "{d:?}");
        // A `;` in a header without any known column is just an unknown column.
        let (t, d) = read(b"foo;bar\n1\n");
        assert!(t.is_some());
        assert!(
            d.iter().any(|m| m.contains("unknown column \"foo;bar\"")),
            "{d:?}"
        );
    }

    #[test]
    fn header_problems_are_all_reported() {
        let (t, d) = read(b"id,nmae,id,extra\na,b,c,d\n");
        assert!(t.is_some());
        assert_eq!(
            d,
            [
                "t.csv:1:2: unknown column \"nmae\": did you mean \"name\"? (known columns: id, name, note)",
                "t.csv:1:3: duplicate column \"id\" (first at column 1)",
                "t.csv:1:4: unknown column \"extra\": (known columns: id, name, note)",
                "t.csv:1: missing required column \"name\"",
            ]
        );
    }

    #[test]
    fn ragged_rows_and_invalid_utf8() {
        let (t, d) = read(b"id,name\na\nb,B,x\nc,\xFF\n");
        let t = t.unwrap();
        assert_eq!(
            d,
            [
                "t.csv:2:2: expected 2 fields as in the header, found 1",
                "t.csv:3:3: expected 2 fields as in the header, found 3",
                "t.csv:4:2: name: expected UTF-8 text, found \"\u{FFFD}\" (byte 0xFF is not UTF-8; save the file as UTF-8)",
            ]
        );
        assert!(t.rows[0].ragged && t.rows[1].ragged && !t.rows[2].ragged);
        assert_eq!(t.cell(&t.rows[0], 1), Cell::Unreadable);
        assert_eq!(t.cell(&t.rows[2], 1), Cell::Unreadable);
    }
}
