//! Test switches of the binary, read from the environment and nowhere
//! else: they wrap the backend a command opens in one of the library's test
//! doubles ([`accord::backend::mock`]), so that the CLI tests can see a
//! lying solver (exit 4), a failing scenario and a sweep killed mid-way.
//!
//! - `ACCORD_TEST_PERTURB`: every solution is corrupted (column 0 moved by 1).
//! - `ACCORD_TEST_SWEEP_FAIL=ID[,ID...]`: the solver of those scenarios fails.
//! - `ACCORD_TEST_SWEEP_DELAY_MS=N`: every solve of a sweep takes at least N ms.

use std::time::Duration;

use accord::backend::{self, mock, Backend};
use accord::Error;

/// The backend `name`, wrapped as the test switches say (`scenario`: the
/// scenario it solves, in a sweep).
pub fn open(name: &str, scenario: Option<&str>) -> Result<Box<dyn Backend>, Error> {
    let mut b = backend::by_name(name)?;
    if std::env::var_os("ACCORD_TEST_PERTURB").is_some() {
        b = Box::new(mock::Perturb {
            inner: b,
            delta: 1.0,
        });
    }
    if let Some(id) = scenario {
        if let Ok(list) = std::env::var("ACCORD_TEST_SWEEP_FAIL") {
            if list.split(',').any(|x| x == id) {
                b = Box::new(mock::FailAfter::new(b, 0));
            }
        }
        if let Some(ms) = std::env::var("ACCORD_TEST_SWEEP_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            b = Box::new(mock::Slow {
                inner: b,
                delay: Duration::from_millis(ms),
            });
        }
    }
    Ok(b)
}

/// True when a test switch that wraps sweep backends is set.
pub fn sweep_switches() -> bool {
    [
        "ACCORD_TEST_SWEEP_FAIL",
        "ACCORD_TEST_SWEEP_DELAY_MS",
        "ACCORD_TEST_PERTURB",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some())
}
