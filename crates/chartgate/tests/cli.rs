//! The `chartgate` binary, run as an operator would: admin commands against
//! a database in a temp dir, and `serve` end to end with SIGTERM.
#![allow(clippy::unwrap_used)] // unwrap is how tests fail

use chartgate_core::Store;
use chartgate_sqlite::SqliteStore;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_chartgate");

/// A database path in a fresh temp dir (kept alive by the returned guard).
fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    (dir, db)
}

fn command(db: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--database").arg(db);
    for var in [
        "CHARTGATE_CONFIG",
        "CHARTGATE_LISTEN",
        "CHARTGATE_POLL_MS",
        "CHARTGATE_SIGNING_KEY",
        "CHARTGATE_SIGNING_KEY_FILE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("RUST_LOG", "warn");
    cmd
}

/// Runs `chartgate --database DB args...` to completion.
fn run(db: &Path, args: &[&str]) -> Output {
    command(db).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command that must succeed; returns its stdout.
fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?} failed: {}\n{}", stderr(&o), stdout(&o));
    stdout(&o)
}

/// Runs a command that must succeed and print one line of JSON.
fn ok_json(db: &Path, args: &[&str]) -> Value {
    let out = ok(db, args);
    let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{args:?} printed more than one line: {out}");
    serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {out}"))
}

/// Runs a command that must fail; returns its stderr.
fn fails(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(!o.status.success(), "{args:?} should fail: {}", stdout(&o));
    let err = stderr(&o);
    assert!(!err.trim().is_empty(), "{args:?} failed silently");
    err
}

fn add_user(db: &Path, name: &str) -> String {
    let v = ok_json(db, &["user", "add", "--name", name, "--json"]);
    v["refresh_token"].as_str().unwrap().to_owned()
}

#[test]
fn user_add_json_prints_one_object_with_a_refresh_token() {
    let (_dir, db) = temp_db();
    let v = ok_json(&db, &["user", "add", "--name", "a", "--json"]);
    assert!(v["id"].is_i64(), "{v}");
    assert_eq!(v["name"], "a");
    assert_eq!(v["plan"], "entry");
    let token = v["refresh_token"].as_str().unwrap();
    assert!(token.starts_with("cgrt_") && token.len() > 40, "{token}");
    let other = ok_json(&db, &["user", "add", "--name", "b", "--plan", "pro", "--json"]);
    assert_eq!(other["plan"], "pro");
    assert_ne!(other["refresh_token"], v["refresh_token"]);
    assert_ne!(other["id"], v["id"]);
}

#[test]
fn user_add_in_text_mode_shows_the_token_once() {
    let (_dir, db) = temp_db();
    let out = ok(&db, &["user", "add", "--name", "a"]);
    assert!(out.lines().any(|l| l.trim().starts_with("cgrt_")), "{out}");
}

#[test]
fn adding_a_duplicate_user_fails_clearly() {
    let (_dir, db) = temp_db();
    add_user(&db, "a");
    let err = fails(&db, &["user", "add", "--name", "a", "--json"]);
    assert!(err.contains("already exists") && err.contains("\"a\""), "{err}");
}

#[test]
fn adding_a_user_on_an_unknown_plan_fails_clearly() {
    let (_dir, db) = temp_db();
    let err = fails(&db, &["user", "add", "--name", "a", "--plan", "gold"]);
    assert!(err.contains("no plan named") && err.contains("gold"), "{err}");
    let err = fails(&db, &["user", "add", "--name", "a", "--plan", "Not A Plan!"]);
    assert!(err.contains("plan"), "{err}");
    let list = ok_json(&db, &["user", "list", "--json"]);
    assert_eq!(list, Value::Array(vec![]), "no user was created");
}

#[test]
fn user_list_and_show_never_print_the_token() {
    let (_dir, db) = temp_db();
    let token = add_user(&db, "a");
    for args in [
        vec!["user", "list"],
        vec!["user", "list", "--json"],
        vec!["user", "show", "a"],
        vec!["user", "show", "a", "--json"],
    ] {
        let o = run(&db, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(out.contains('a'), "{args:?} shows the user: {out}");
        assert!(!out.contains(&token) && !err.contains(&token), "{args:?} printed the token");
        assert!(!out.contains("cgrt_"), "{args:?} printed a token: {out}");
    }
    let shown = ok_json(&db, &["user", "show", "a", "--json"]);
    assert_eq!(shown["name"], "a");
    assert!(shown.get("refresh_token").is_none());
    let listed = ok_json(&db, &["user", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn commands_on_an_unknown_user_fail_clearly() {
    let (_dir, db) = temp_db();
    add_user(&db, "a");
    for args in [
        vec!["user", "show", "nobody"],
        vec!["user", "disable", "nobody"],
        vec!["user", "enable", "nobody"],
        vec!["user", "set-plan", "nobody", "pro"],
        vec!["token", "rotate", "nobody"],
        vec!["token", "revoke", "nobody"],
    ] {
        let err = fails(&db, &args);
        assert!(err.contains("no user named") && err.contains("nobody"), "{args:?}: {err}");
    }
}

#[test]
fn token_rotate_prints_a_new_token_and_revoke_removes_it() {
    let (_dir, db) = temp_db();
    let old = add_user(&db, "a");
    let v = ok_json(&db, &["token", "rotate", "a", "--json"]);
    let new = v["refresh_token"].as_str().unwrap();
    assert!(new.starts_with("cgrt_"));
    assert_ne!(new, old);
    assert_eq!(v["name"], "a");

    let out = ok(&db, &["token", "revoke", "a"]);
    assert!(out.contains("revoked"), "{out}");
    assert!(!out.contains("cgrt_"));
    let shown = ok_json(&db, &["user", "show", "a", "--json"]);
    assert_eq!(shown["has_refresh_token"], false, "{shown}");
}

#[test]
fn user_disable_enable_and_set_plan_change_the_user() {
    let (_dir, db) = temp_db();
    add_user(&db, "a");
    ok(&db, &["user", "disable", "a"]);
    assert_eq!(ok_json(&db, &["user", "show", "a", "--json"])["enabled"], false);
    assert_eq!(ok_json(&db, &["user", "enable", "a", "--json"])["enabled"], true);
    assert_eq!(ok_json(&db, &["user", "set-plan", "a", "pro", "--json"])["plan"], "pro");
    let err = fails(&db, &["user", "set-plan", "a", "gold"]);
    assert!(err.contains("gold"), "{err}");
}

#[test]
fn migrate_reports_a_new_database_then_succeeds_again() {
    let (_dir, db) = temp_db();
    let first = ok(&db, &["migrate"]);
    assert!(first.contains("created"), "a fresh database is reported as created: {first}");
    let second = ok(&db, &["migrate"]);
    assert!(second.contains("up to date"), "{second}");
    ok(&db, &["migrate"]);
    add_user(&db, "a");
}

#[test]
fn plan_set_and_list_round_trip() {
    let (_dir, db) = temp_db();
    let v = ok_json(&db, &["plan", "set", "gold", "--rps", "7", "--json"]);
    assert_eq!(v["rps"], 7);
    assert!(v["mint_rps"].as_u64().unwrap() >= 14);
    let plans = ok_json(&db, &["plan", "list", "--json"]);
    assert!(plans.as_array().unwrap().iter().any(|p| p["name"] == "gold"), "{plans}");
    add_user(&db, "a");
    assert_eq!(ok_json(&db, &["user", "set-plan", "a", "gold", "--json"])["plan"], "gold");
}

const ARTISTS: &str = r#"{"id": 900001, "name": "Good One", "code2": "se"}
{"id": 900002, "name": "Broken
{"id": 900003, "name": "Good Two", "genres": {"primary": {"id": 1, "name": "pop", "score": 0.5}, "secondary": [], "sub": []}}

{"name": "No Id"}
{"id": 900004, "name": "Good Three", "tags": [{"name": "x", "id": 2, "count": 3}]}
"#;

fn write_artists(dir: &Path) -> PathBuf {
    let path = dir.join("artists.jsonl");
    std::fs::File::create(&path).unwrap().write_all(ARTISTS.as_bytes()).unwrap();
    path
}

fn stored_artists(db: &Path, ids: &[i64]) -> Vec<Option<String>> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let store = SqliteStore::open(db.to_str().unwrap()).unwrap();
        let mut names = Vec::new();
        for &id in ids {
            names.push(store.artist(id).await.unwrap().map(|a| a.name));
        }
        names
    })
}

#[test]
fn import_keeps_good_lines_reports_bad_ones_by_line_number_and_exits_2() {
    let (dir, db) = temp_db();
    let file = write_artists(dir.path());
    let o = run(&db, &["import", "artists", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}\n{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("line 2:"), "{err}");
    assert!(err.contains("line 5:"), "{err}");
    assert!(!err.contains("line 1:") && !err.contains("line 3:") && !err.contains("line 6:"), "{err}");
    assert!(stdout(&o).contains("loaded 3"), "{}", stdout(&o));

    let names = stored_artists(&db, &[900001, 900002, 900003, 900004]);
    assert_eq!(names, [Some("Good One".to_owned()), None, Some("Good Two".to_owned()), Some("Good Three".to_owned())]);
}

#[test]
fn import_with_json_reports_loaded_and_rejected_lines() {
    let (dir, db) = temp_db();
    let file = write_artists(dir.path());
    let o = run(&db, &["import", "artists", file.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["loaded"], 3, "{v}");
    let lines: Vec<u64> = v["rejected"].as_array().unwrap().iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 5], "{v}");
    for r in v["rejected"].as_array().unwrap() {
        assert!(r["reason"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
    }
}

#[test]
fn importing_a_clean_file_exits_0_and_a_missing_file_fails_clearly() {
    let (dir, db) = temp_db();
    let file = dir.path().join("clean.jsonl");
    std::fs::write(&file, "{\"id\": 900010, \"name\": \"Clean\"}\n").unwrap();
    let o = run(&db, &["import", "artists", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stored_artists(&db, &[900010]), [Some("Clean".to_owned())]);
    let err = fails(&db, &["import", "artists", dir.path().join("nope.jsonl").to_str().unwrap()]);
    assert!(err.contains("nope.jsonl"), "{err}");
}

// ---- serve, end to end ----

/// A running `chartgate serve`; killed if the test panics.
struct Server {
    child: Child,
    base: String,
    lines: mpsc::Receiver<String>,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn start_server(db: &Path, log: PathBuf) -> Server {
    let port = free_port();
    let mut child = command(db)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--poll-ms", "50"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Server { child, base: format!("http://127.0.0.1:{port}"), lines, log }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until /healthz answers 200.
    async fn ready(&mut self, http: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(res) = http.get(self.url("/healthz")).send().await
                && res.status() == 200
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("chartgate serve exited with {status}:\n{}", self.log());
            }
            assert!(Instant::now() < deadline, "chartgate serve did not come up:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stdout lines printed so far, waiting up to `wait` for `until`.
    fn stdout_until(&self, until: impl Fn(&str) -> bool, wait: Duration) -> Vec<String> {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let done = until(&line);
                    seen.push(line);
                    if done {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        seen
    }

    /// Sends SIGTERM and waits for the exit status.
    fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success(), "kill -TERM {pid} failed");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "chartgate serve ignored SIGTERM:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Everything left on stdout (call after exit).
    fn rest_of_stdout(&self) -> Vec<String> {
        self.stdout_until(|_| false, Duration::from_secs(5))
    }
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
