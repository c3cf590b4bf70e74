//! The reference page in a real browser: Debian's headless Chromium, driven
//! by `tests/browser/docs.mjs` (playwright-core), mints an access token from a
//! refresh token pasted into /docs, calls the artist route from Swagger UI's
//! try-it, and never talks to anything but this server. Leaves a screenshot
//! at `target/docs-screenshot.png`.

use crate::common::*;
use crate::external;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn missing_tools(chromium: &str) -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(chromium).exists() {
        missing.push(format!("Chromium at {chromium} (apt-get install chromium)"));
    }
    if !external::runs("node", &["--version"]) {
        missing.push("node".into());
    }
    if !browser_dir().join("node_modules/playwright-core/package.json").exists() {
        missing.push("playwright-core (npm ci in crates/chartgate-server/tests/browser)".into());
    }
    missing
}

fn text<'a>(report: &'a Value, key: &str) -> &'a str {
    report[key].as_str().unwrap_or_else(|| panic!("no {key} in the report: {report:#}"))
}

#[tokio::test]
async fn a_person_mints_on_the_docs_page_and_calls_the_artist_route_offline() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !external::available_or_skip("docs page browser test", &missing_tools(&chromium)) {
        return;
    }
    let app = spawn_app().await;
    let refresh = app.user("docs-visitor", "entry").await;
    let shot = external::target_dir().join("docs-screenshot.png");
    let _ = std::fs::remove_file(&shot);

    let mut node = Command::new("node");
    node.arg(browser_dir().join("docs.mjs")).args([&app.base, &refresh]).arg(&shot).env("CHROMIUM", &chromium);
    let run = external::run(node, Duration::from_secs(150)).await;
    let last = run.stdout.lines().last().unwrap_or_default();
    let report: Value = serde_json::from_str(last).unwrap_or_else(|e| panic!("no report ({e}): {}", run.dump()));

    assert_eq!(report["errors"], serde_json::json!([]), "{}", run.dump());
    assert!(text(&report, "mintStatus").starts_with("Authorized"), "{report:#}");
    assert_eq!(text(&report, "artistStatus"), "200", "{report:#}");
    let body = text(&report, "artistBody");
    assert!(body.contains("\"obj\"") && body.contains("206557"), "{body}");
    assert!(text(&report, "artistAuthorization").starts_with("Bearer ey"), "the token rode along: {report:#}");
    assert!(text(&report, "tryItStatus").contains("from the try-it call"), "{report:#}");

    assert_eq!(report["offHost"], serde_json::json!([]), "requests off 127.0.0.1");
    let requests: Vec<&str> =
        report["requests"].as_array().expect("requests").iter().filter_map(Value::as_str).collect();
    for r in &requests {
        let url = r.split_once(' ').map_or(*r, |(_, url)| url);
        assert!(url.starts_with(&format!("{}/", app.base)), "a request left this server: {r}");
    }
    for expected in ["GET /docs", "GET /api/openapi.json", "POST /api/token", "GET /api/artist/206557"] {
        let (method, path) = expected.split_once(' ').unwrap_or_default();
        let wanted = format!("{method} {}{path}", app.base);
        assert!(requests.contains(&wanted.as_str()), "{expected} not made: {requests:?}");
    }

    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("screenshot {}: {e}", shot.display()));
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    eprintln!("screenshot: {}", shot.display());
    app.stop().await;
}
