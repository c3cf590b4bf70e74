//! `chartgate serve` end to end: the demo token on first start, the API over
//! HTTP, and a clean stop on SIGTERM.

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `chartgate serve`, polling the database every 50 ms.
fn start_server(db: &Path, log: PathBuf) -> Server {
    Server::start(db, &["--poll-ms", "50"], log)
}

async fn mint(http: &reqwest::Client, server: &Server, refresh: &str) -> String {
    let res = http
        .post(server.url("/api/token"))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "refreshtoken": refresh }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["refresh_token"], refresh);
    v["token"].as_str().unwrap().to_owned()
}

async fn artist_status(http: &reqwest::Client, server: &Server, access: &str) -> u16 {
    let res = http.get(server.url("/api/artist/206557")).bearer_auth(access).send().await.unwrap();
    res.status().as_u16()
}

#[tokio::test]
async fn serve_prints_the_demo_token_once_serves_it_and_stops_cleanly_on_sigterm() {
    let (dir, db) = temp_db();
    let http = reqwest::Client::new();

    let mut first = start_server(&db, dir.path().join("first.log"));
    first.ready(&http).await;
    let printed = first.stdout_until(|l| l.contains("/api/artist/206557"), Duration::from_secs(30));
    let refresh = printed
        .iter()
        .map(|l| l.trim())
        .find(|l| l.starts_with("cgrt_"))
        .unwrap_or_else(|| panic!("no demo token on stdout: {printed:#?}"))
        .to_owned();
    let all = printed.join("\n");
    assert!(all.contains(&format!("curl -X POST {}/api/token", first.base)), "{all}");
    assert!(all.contains(&format!("curl {}/api/artist/206557", first.base)), "{all}");
    assert_eq!(all.matches(&refresh).count(), 2, "the token once on its own and once in the curl command: {all}");

    let access = mint(&http, &first, &refresh).await;
    assert_eq!(artist_status(&http, &first, &access).await, 200);
    let status = first.terminate();
    assert_eq!(status.code(), Some(0), "exit status {status}:\n{}", first.log());

    let mut second = start_server(&db, dir.path().join("second.log"));
    second.ready(&http).await;
    assert_eq!(artist_status(&http, &second, &access).await, 200, "the earlier access token still works");
    let again = mint(&http, &second, &refresh).await;
    assert_ne!(again, access);
    let status = second.terminate();
    assert_eq!(status.code(), Some(0), "exit status {status}:\n{}", second.log());
    let out = second.rest_of_stdout().join("\n");
    assert!(!out.contains("cgrt_"), "a second start printed a token: {out}");
}

#[tokio::test]
async fn serve_after_migrate_and_admin_commands_still_has_the_demo_catalog() {
    let (dir, db) = temp_db();
    ok(&db, &["migrate"]);
    let refresh = add_user(&db, "ops");
    let http = reqwest::Client::new();
    let mut server = start_server(&db, dir.path().join("serve.log"));
    server.ready(&http).await;
    let access = mint(&http, &server, &refresh).await;
    assert_eq!(artist_status(&http, &server, &access).await, 200, "artist 206557 exists:\n{}", server.log());
    let status = server.terminate();
    assert_eq!(status.code(), Some(0));
}
