//! coalitions.csv: one row per coalition valued, streamed as the run goes
//! and read back by `--resume`. Each row carries the game's fingerprint
//! (the inputs' checksums, the objective and the demands), so rows of
//! another game are refused, never mixed in.

use std::path::Path;

use super::game::{Coalition, How, Worth};
use crate::backend::Status;
use crate::domain::Instance;
use crate::engine::stream;
use crate::Result;

/// The header of coalitions.csv.
pub const HEADER: [&str; 10] = [
    "members",
    "size",
    "value",
    "lo",
    "hi",
    "status",
    "seconds",
    "violation",
    "how",
    "game",
];

/// The fingerprint of a game: SHA-256 over the input checksums, the
/// objective and the demands (first 16 hex digits).
pub fn fingerprint(inputs: &[String], objective: &str, demands: &[String]) -> String {
    let parts: Vec<&str> = inputs
        .iter()
        .map(String::as_str)
        .chain([objective])
        .chain(demands.iter().map(String::as_str))
        .collect();
    stream::fingerprint(&parts)
}

/// Actor ids joined by `+` (`-` for the empty coalition).
pub fn members(inst: &Instance, c: &Coalition) -> String {
    let ids: Vec<&str> = c
        .members(inst.actors.len())
        .into_iter()
        .map(|a| inst.actors[a].id.as_str())
        .collect();
    if ids.is_empty() {
        "-".into()
    } else {
        ids.join("+")
    }
}

/// One row of coalitions.csv.
pub fn row(inst: &Instance, c: &Coalition, w: &Worth, game: &str) -> Vec<String> {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    vec![
        members(inst, c),
        c.len().to_string(),
        f(w.value),
        f(w.lo),
        f(w.hi),
        w.status.as_str().into(),
        format!("{}", w.seconds),
        format!("{}", w.violation),
        serde_json::to_value(w.how)
            .expect("how serializes")
            .as_str()
            .unwrap_or_default()
            .into(),
        game.into(),
    ]
}

/// Reads the rows of an earlier run at `path` for the game `game`
/// ([`stream::read`]: complete lines only, rows of another game refused);
/// an unknown actor or status is an error with its line.
pub fn read(path: &Path, inst: &Instance, game: &str) -> Result<Vec<(Coalition, Worth)>> {
    let records = stream::read(
        path,
        &HEADER,
        "a coalitions.csv of accord cooperation",
        game,
    )?;
    let mut out = Vec::new();
    for (line, rec) in records {
        let mut c = Coalition::empty(inst.actors.len());
        if &rec[0] != "-" {
            for id in rec[0].split('+') {
                let a = inst
                    .actor_index(id)
                    .ok_or_else(|| stream::error_at(path, line, format!("unknown actor `{id}`")))?;
                c.insert(a);
            }
        }
        let num = |k: usize| stream::number(path, &HEADER, line, &rec, k);
        let status: Status = serde_json::from_value(serde_json::Value::String(rec[5].into()))
            .map_err(|_| {
                stream::error_at(
                    path,
                    line,
                    format!("column status: unknown status `{}`", &rec[5]),
                )
            })?;
        out.push((
            c,
            Worth {
                value: num(2)?,
                lo: num(3)?,
                hi: num(4)?,
                status,
                seconds: num(6)?.unwrap_or(0.0),
                violation: num(7)?.unwrap_or(0.0),
                how: How::Resumed,
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    /// Streamed lines read back as they were written; a torn last line
    /// (a run killed while writing) is dropped; another game is refused.
    #[test]
    fn streamed_rows_round_trip_and_torn_lines_are_dropped() {
        let inst = generate(&GenerateOptions::new(5, 4, 0.5).with_seed(1)).unwrap();
        let mut c = Coalition::empty(5);
        c.insert(1);
        c.insert(3);
        let w = Worth {
            value: Some(12.5),
            lo: Some(12.5),
            hi: Some(13.0),
            status: Status::TimeLimitFeasible,
            seconds: 0.25,
            violation: 1e-9,
            how: How::Solve,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("coalitions.csv");
        let mut text = HEADER.join(",") + "\n";
        text += &stream::line(&row(&inst, &c, &w, "abc"));
        text += &stream::line(&row(
            &inst,
            &Coalition::empty(5),
            &Worth::exact(0.0, How::Empty),
            "abc",
        ));
        text += "actor_1+act";
        std::fs::write(&path, &text).unwrap();
        let rows = read(&path, &inst, "abc").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, c);
        assert_eq!(
            rows[0].1,
            Worth {
                how: How::Resumed,
                ..w
            }
        );
        assert!(rows[1].0.is_empty());
        let err = read(&path, &inst, "other").unwrap_err().to_string();
        assert!(
            err.contains("coalitions.csv:2") && err.contains("another run"),
            "{err}"
        );
    }
}
