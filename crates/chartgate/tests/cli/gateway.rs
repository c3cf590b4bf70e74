//! `serve` in gateway and broker mode as an operator runs it: flags, the
//! config file's `[[upstream]]` tables and their precedence, clear errors.

use crate::support::{Server, add_user, chartgate, ok, temp_db};

fn serve_fails(args: &[&str], config: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = chartgate();
    if let Some(text) = config {
        let path = dir.path().join("chartgate.toml");
        std::fs::write(&path, text).unwrap();
        cmd.arg("--config").arg(path);
    }
    cmd.args(["serve", "--database", ":memory:", "--listen", "127.0.0.1:0"]).args(args);
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_gateway_settings_are_refused_with_a_message_naming_them() {
    let err = serve_fails(&["--upstream", "ftp://example.com"], None);
    assert!(err.contains("upstream url") && err.contains("http"), "{err}");
    let err = serve_fails(&["--upstream", "http://user:hunter2@example.com"], None);
    assert!(err.contains("password") && !err.contains("hunter2"), "{err}");
    let err = serve_fails(&["--upstream-rps", "5"], None);
    assert!(err.contains("--upstream-rps needs broker mode"), "{err}");
    let err = serve_fails(&["--upstream", "http://127.0.0.1:9", "--upstream-cache-ttl", "1m"], None);
    assert!(err.contains("--upstream-cache-ttl needs broker mode"), "{err}");
    let err =
        serve_fails(&["--upstream", "http://127.0.0.1:9", "--upstream-refresh-token-file", "/nonexistent/t"], None);
    assert!(err.contains("/nonexistent/t is missing or empty"), "{err}");
    let err = serve_fails(&["--upstream-timeout", "5s"], None);
    assert!(err.contains("--upstream-timeout needs gateway mode"), "{err}");
    let table = "[[upstream]]\nprefix = \"/other\"\nurl = \"http://127.0.0.1:9\"\n";
    let err = serve_fails(&[], Some(table));
    assert!(err.contains("upstream prefix \"/other\""), "{err}");
    let table = "[[upstream]]\nprefix = \"/api\"\nurl = \"http://127.0.0.1:9\"\nscop = \"api\"\n";
    let err = serve_fails(&[], Some(table));
    assert!(err.contains("invalid config file"), "{err}");
}

/// A sandbox chartgate plays the upstream API; a second one brokers it with
/// the upstream account's refresh token from a file, a `[[upstream]]` table
/// for `/api/artist` (scope `artist:read`) and `--upstream` as catch-all.
#[tokio::test]
async fn serve_brokers_another_chartgate_with_the_longest_prefix_deciding_the_scope() {
    let http = reqwest::Client::new();
    let (_a_dir, a_db) = temp_db();
    ok(&a_db, &["migrate"]);
    let account = add_user(&a_db, "account");
    let mut upstream = Server::start(&a_db, &[], a_db.with_extension("log"));
    upstream.ready(&http).await;

    let (dir, b_db) = temp_db();
    ok(&b_db, &["migrate"]);
    ok(&b_db, &["plan", "set", "artists", "--rps", "20", "--scopes", "artist:read"]);
    let member = add_user(&b_db, "member");
    ok(&b_db, &["user", "set-plan", "member", "artists"]);
    let token_file = dir.path().join("upstream-token");
    std::fs::write(&token_file, &account).unwrap();
    let config = dir.path().join("chartgate.toml");
    let table = format!("[[upstream]]\nprefix = \"/api/artist\"\nurl = {:?}\nscope = \"artist:read\"\n", upstream.base);
    std::fs::write(&config, table).unwrap();
    let flags = [
        "--config",
        config.to_str().unwrap(),
        "--upstream",
        &upstream.base,
        "--upstream-refresh-token-file",
        token_file.to_str().unwrap(),
        "--upstream-rps",
        "5",
    ];
    let mut broker = Server::start(&b_db, &flags, b_db.with_extension("log"));
    broker.ready(&http).await;

    let res =
        http.post(broker.url("/api/token")).json(&serde_json::json!({"refreshtoken": member})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let access = res.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let res = http.get(broker.url("/api/artist/206557")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", broker.log());
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["obj"]["id"], 206557, "the upstream's catalog, through the broker");
    let res = http.get(broker.url("/api/search?q=aurora")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(res.status(), 403, "the catch-all upstream needs scope `api`");
    let ready: serde_json::Value = http.get(broker.url("/readyz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["upstreams"]["/api/artist"], "ok");
    assert_eq!(ready["upstreams"]["default"], "ok");
    assert!(!broker.log().contains(&account), "the upstream refresh token is never logged");
    upstream.terminate();
    let res = http.get(broker.url("/api/artist/206557?fresh=1")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(res.status(), 502);
}
