//! A many-solves run's record, streamed as it goes and read back by
//! `--resume`: a CSV file with a fixed header whose rows each carry the
//! run's fingerprint, so rows of another run are refused, never mixed in.
//! Used by `accord cooperation` (coalitions.csv) and `accord sensitivity`
//! (solves.csv).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Diagnostics};
use crate::{Error, Result};

/// The fingerprint of a run: SHA-256 over its parts (input checksums, the
/// objective, the demands, options that change answers), first 16 hex
/// digits.
pub fn fingerprint<S: AsRef<str>>(parts: &[S]) -> String {
    let mut h = Sha256::new();
    for s in parts {
        h.update(s.as_ref().as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One record as a CSV line (with its newline).
pub fn line<S: AsRef<str>>(record: &[S]) -> String {
    let mut wr = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    wr.write_record(record.iter().map(AsRef::as_ref))
        .expect("writing to memory");
    String::from_utf8(wr.into_inner().expect("writing to memory")).expect("CSV of UTF-8 strings")
}

/// An error at `line` of `path` (no line for 0).
pub fn error_at(path: &Path, line: u64, what: impl Into<String>) -> Error {
    let line = (line > 0).then_some(line as usize);
    Error::Invalid(Diagnostics(vec![Diagnostic::at(path, line, None, what)]))
}

/// The records of an earlier run at `path` with their lines: complete lines
/// only (a torn last line from a killed run is dropped), the header checked
/// against `header` (`what` names the file's kind in the error), and every
/// row's fingerprint (the column `run`) equal to `run`. A missing file has
/// no records.
pub fn read(
    path: &Path,
    header: &[&str],
    what: &str,
    run: &str,
) -> Result<Vec<(u64, csv::StringRecord)>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let complete = match text.rfind('\n') {
        Some(end) => &text[..=end],
        None => "",
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(complete.as_bytes());
    let found: Vec<String> = reader
        .headers()
        .map_err(|e| error_at(path, 1, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    if found != header {
        return Err(error_at(
            path,
            1,
            format!("expected the header {} ({what})", header.join(",")),
        ));
    }
    let key = header.len() - 1;
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| error_at(path, 0, e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        if &rec[key] != run {
            return Err(error_at(
                path,
                line,
                format!(
                    "this row belongs to another run ({}; this run is {run}): the model, its data, the objective, the demands or the options changed; start a new --out folder",
                    &rec[key]
                ),
            ));
        }
        out.push((line, rec));
    }
    Ok(out)
}

/// A number of column `k` of `rec` (empty: `None`), or an error naming the
/// column and line.
pub fn number(
    path: &Path,
    header: &[&str],
    line: u64,
    rec: &csv::StringRecord,
    k: usize,
) -> Result<Option<f64>> {
    if rec[k].is_empty() {
        return Ok(None);
    }
    rec[k].parse::<f64>().map(Some).map_err(|_| {
        error_at(
            path,
            line,
            format!(
                "column {}: expected a number, found `{}`",
                header[k], &rec[k]
            ),
        )
    })
}

/// The file a run appends its records to as they come.
pub struct Stream {
    file: Mutex<(std::fs::File, PathBuf)>,
    error: Mutex<Option<Error>>,
}

impl Stream {
    /// Starts `path` with `header` and the `earlier` records, rewritten
    /// whole and atomically (so a torn line of a killed run is dropped),
    /// then opened for appending.
    pub fn open(path: &Path, header: &[&str], earlier: &[Vec<String>]) -> Result<Stream> {
        let mut text = line(header);
        for r in earlier {
            text += &line(r);
        }
        crate::report::write_atomic(path, text.as_bytes())?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        Ok(Stream {
            file: Mutex::new((file, path.to_path_buf())),
            error: Mutex::new(None),
        })
    }

    /// Appends one record (from any thread); the first error is kept for
    /// [`Stream::finish`].
    pub fn append<S: AsRef<str>>(&self, record: &[S]) {
        let text = line(record);
        let mut guard = self.file.lock().expect("no writer panicked");
        let (file, path) = &mut *guard;
        if let Err(e) = file.write_all(text.as_bytes()).and_then(|()| file.flush()) {
            self.error
                .lock()
                .expect("no writer panicked")
                .get_or_insert(Error::io(path.clone(), e));
        }
    }

    /// The first error of an append, if any.
    pub fn finish(self) -> Result<()> {
        match self.error.into_inner().expect("no writer panicked") {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appended lines read back as written; a torn last line is dropped;
    /// another run's rows and another header are refused with their line.
    #[test]
    fn streamed_records_round_trip_and_torn_lines_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("solves.csv");
        let header = ["a", "b", "run"];
        let s = Stream::open(
            &path,
            &header,
            &[vec!["1".into(), "x,y".into(), "r1".into()]],
        )
        .unwrap();
        s.append(&["2", "multi\nline", "r1"]);
        s.finish().unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(b"3,torn").unwrap();
        let rows = read(&path, &header, "a test file", "r1").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0].1[1], "x,y");
        assert_eq!(&rows[1].1[1], "multi\nline");
        assert_eq!(rows[1].0, 3);
        let err = read(&path, &header, "a test file", "r2")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("solves.csv:2") && err.contains("another run"),
            "{err}"
        );
        let err = read(&path, &["a", "run"], "a test file", "r1")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("solves.csv:1") && err.contains("a,run"),
            "{err}"
        );
        assert!(read(&dir.path().join("none.csv"), &header, "-", "r1")
            .unwrap()
            .is_empty());
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["a", "b"]), fingerprint(&["ab"]));
    }
}
