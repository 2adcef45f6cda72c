//! Aligned text tables, the one way every terminal table is laid out: the
//! planner's tables of `solve`, the front of `pareto`, the summary of a
//! sweep and the backends side by side of `bench`.
//!
//! Columns are sized to their widest cell (header included, at least
//! `min`), aligned left or right, separated by their own separator (one
//! space by default; `" | "` between groups); a rule row repeats the
//! separators with dashes (`-+-`); trailing spaces are trimmed.
//!
//! ```
//! use accord::report::text::{Align, Table};
//! let mut t = Table::new(&[("project", Align::Left), ("funding", Align::Right)]);
//! t.row(["road", "150"]);
//! t.row(["power_line", "1200.5"]);
//! assert_eq!(
//!     t.render(),
//!     "project    funding\nroad           150\npower_line  1200.5\n"
//! );
//! ```

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Padded on the right.
    Left,
    /// Padded on the left (numbers).
    Right,
}

#[derive(Debug, Clone)]
struct Col {
    align: Align,
    min: usize,
    max: Option<usize>,
    sep: String,
}

#[derive(Debug, Clone)]
enum Line {
    Cells(Vec<String>),
    Rule,
}

/// A text table; see the module documentation.
#[derive(Debug, Clone)]
pub struct Table {
    cols: Vec<Col>,
    lines: Vec<Line>,
    indent: String,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to at most `max` characters by an ellipsis in the middle, which
/// keeps both the start and the end of long ids (grid points differ at
/// their ends): two fifths before it, the rest after.
pub fn shorten_middle(s: &str, max: usize) -> String {
    let n = width(s);
    if n <= max || max < 5 {
        return s.to_string();
    }
    let head = (max - 1) * 2 / 5;
    let tail = max - 1 - head;
    let start: String = s.chars().take(head).collect();
    let end: String = s.chars().skip(n - tail).collect();
    format!("{start}…{end}")
}

impl Table {
    /// A table with these column headers; the header is its first row.
    pub fn new(headers: &[(&str, Align)]) -> Table {
        let mut t = Table::bare(&headers.iter().map(|h| h.1).collect::<Vec<_>>());
        t.row(headers.iter().map(|h| h.0));
        t
    }

    /// A table without a header row, with these column alignments.
    pub fn bare(aligns: &[Align]) -> Table {
        Table {
            cols: aligns
                .iter()
                .enumerate()
                .map(|(i, &align)| Col {
                    align,
                    min: 0,
                    max: None,
                    sep: if i == 0 { String::new() } else { " ".into() },
                })
                .collect(),
            lines: Vec::new(),
            indent: String::new(),
        }
    }

    /// Every line starts with `n` spaces.
    pub fn indent(mut self, n: usize) -> Table {
        self.indent = " ".repeat(n);
        self
    }

    /// Column `c` is at least `n` characters wide.
    pub fn min_width(mut self, c: usize, n: usize) -> Table {
        self.cols[c].min = n;
        self
    }

    /// Cells of column `c` longer than `n` characters are cut in the middle.
    pub fn max_width(mut self, c: usize, n: usize) -> Table {
        self.cols[c].max = Some(n);
        self
    }

    /// Column `c` is preceded by `sep` instead of one space.
    pub fn separator(mut self, c: usize, sep: &str) -> Table {
        self.cols[c].sep = sep.to_string();
        self
    }

    /// Adds a row (missing cells are empty; extra cells are ignored).
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        cells.resize(self.cols.len(), String::new());
        for (cell, col) in cells.iter_mut().zip(&self.cols) {
            if let Some(max) = col.max {
                *cell = shorten_middle(cell, max);
            }
        }
        self.lines.push(Line::Cells(cells));
    }

    /// Adds a rule: dashes under every column, `-+-` under `|` separators.
    pub fn rule(&mut self) {
        self.lines.push(Line::Rule);
    }

    /// Number of rows (header and rules included).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The table as text, one line per row, each ending in a newline.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = self
            .cols
            .iter()
            .enumerate()
            .map(|(c, col)| {
                self.lines
                    .iter()
                    .filter_map(|l| match l {
                        Line::Cells(cells) => Some(width(&cells[c])),
                        Line::Rule => None,
                    })
                    .max()
                    .unwrap_or(0)
                    .max(col.min)
            })
            .collect();
        let mut out = String::new();
        for line in &self.lines {
            let mut s = self.indent.clone();
            for (c, col) in self.cols.iter().enumerate() {
                let w = widths[c];
                match line {
                    Line::Cells(cells) => {
                        s.push_str(&col.sep);
                        let pad = " ".repeat(w - width(&cells[c]));
                        match col.align {
                            Align::Left => {
                                s.push_str(&cells[c]);
                                s.push_str(&pad);
                            }
                            Align::Right => {
                                s.push_str(&pad);
                                s.push_str(&cells[c]);
                            }
                        }
                    }
                    Line::Rule => {
                        s.push_str(&col.sep.replace('|', "+").replace(' ', "-"));
                        s.push_str(&"-".repeat(w));
                    }
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_rules_and_limits() {
        let mut t = Table::new(&[("instance", Align::Left), ("highs", Align::Left)])
            .separator(1, " | ")
            .min_width(1, 6)
            .indent(2);
        t.rule();
        t.row(["afiro", "0.1 s"]);
        assert_eq!(
            t.render(),
            "  instance | highs\n  ---------+-------\n  afiro    | 0.1 s\n"
        );
        let mut t = Table::bare(&[Align::Left]).max_width(0, 5);
        t.row(["abcdefgh"]);
        assert_eq!(t.render(), "a…fgh\n");
        assert_eq!(shorten_middle("abc", 5), "abc");
    }
}
