//! The report in a real browser: headless Chromium opens the page of
//! central_asia; it loads with no console message (no script error, no
//! blocked fetch) and makes no network request; its DOM, after the
//! scripts ran, holds every chosen project and every actor with money; a
//! screenshot is taken and is not blank.
//!
//! Skipped with a message where no Chromium is installed (set
//! `ACCORD_CHROMIUM` to a browser binary, or install Debian's `chromium`;
//! CI installs it). The detectors are themselves tested: a copy of the page
//! with a script error and an outside image must trip both.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ACCORD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// What the browser did with a page.
struct Load {
    /// Console messages (script errors, blocked fetches, console.*).
    console: Vec<String>,
    /// Requests the page made (not the browser's own background traffic).
    requests: Vec<String>,
    /// The DOM after the scripts ran.
    dom: String,
}

fn base_args(browser: &Path, profile: &Path) -> Process {
    let mut c = Process::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn load(browser: &Path, page: &Path, work: &Path) -> Load {
    let netlog = work.join("net.json");
    let profile = tempfile::tempdir().unwrap();
    let out = base_args(browser, profile.path())
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    // The net log: a request the page started has its file:// origin as
    // initiator; the browser's own (updates, time) have none.
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).unwrap();
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .unwrap();
    let requests = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|u| !u.starts_with("file:") && !u.starts_with("data:"))
        .map(str::to_string)
        .collect();
    Load {
        console,
        requests,
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// Share of the screenshot's pixels that are not white.
fn ink(png_path: &Path) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::fs::File::open(png_path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let px = &buf[..info.buffer_size()];
    let n = px.len() / channels;
    let inked = px
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&c| c < 235))
        .count();
    (info.width, info.height, inked as f64 / n as f64)
}

#[test]
fn central_asia_report_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED: no Chromium found (install Debian's `chromium` or set ACCORD_CHROMIUM); \
             the report's browser test did not run"
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("report.html");
    let a = Command::cargo_bin("accord")
        .unwrap()
        .current_dir(root())
        .args([
            "report",
            "models/central_asia.toml",
            "--backend",
            "microlp",
            "--explain",
            "--out",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));

    let l = load(&browser, &page, work.path());
    assert!(l.console.is_empty(), "console: {:#?}", l.console);
    assert!(l.requests.is_empty(), "requests: {:#?}", l.requests);
    // The DOM holds every chosen project and every actor with money.
    let plan: serde_json::Value = serde_json::from_slice(
        &Command::cargo_bin("accord")
            .unwrap()
            .current_dir(root())
            .args([
                "solve",
                "models/central_asia.toml",
                "--backend",
                "microlp",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut chosen = 0;
    for p in plan["projects"].as_array().unwrap() {
        if p["goes_ahead"].as_bool().unwrap() {
            chosen += 1;
            let id = p["id"].as_str().unwrap();
            assert!(l.dom.contains(&format!("<code>{id}</code>")), "{id}");
        }
    }
    assert_eq!(chosen, 15);
    let mut paying = 0;
    for a in plan["actors"].as_array().unwrap() {
        if a["funding_used"].as_f64().unwrap() > 0.0 {
            paying += 1;
            let id = a["id"].as_str().unwrap();
            assert!(l.dom.contains(&format!("id=\"actor-{id}\"")), "{id}");
        }
    }
    assert!(paying >= 20, "{paying} actors with money");
    // The sort script ran: headers of sortable tables are there, and the
    // flow diagrams are inline SVG.
    assert!(l.dom.contains("<table class=\"sort\">"));
    assert!(l.dom.matches("<svg").count() >= 3);

    // A screenshot of the top of the page is not blank.
    let shot = work.path().join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    let out = base_args(&browser, profile.path())
        .arg("--window-size=1280,2400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(out.status.success());
    let (w, h, share) = ink(&shot);
    assert_eq!((w, h), (1280, 2400));
    assert!(
        share > 0.05,
        "the screenshot is nearly blank: {:.1}% of pixels inked",
        100.0 * share
    );

    // The detectors work: a script error and an outside image are caught.
    let html = std::fs::read_to_string(&page).unwrap();
    let bad = work.path().join("bad.html");
    let broken = html
        .replace("Content-Security-Policy", "X-Not-A-Policy")
        .replace(
            "</main>",
            "<img src=\"http://127.0.0.1:9/x.png\"><script>throw new Error(\"planted\")</script></main>",
        );
    std::fs::write(&bad, broken).unwrap();
    let l = load(&browser, &bad, work.path());
    assert!(
        l.console.iter().any(|c| c.contains("planted")),
        "{:#?}",
        l.console
    );
    assert!(
        l.requests.iter().any(|u| u.contains("127.0.0.1:9")),
        "{:#?}",
        l.requests
    );
}
