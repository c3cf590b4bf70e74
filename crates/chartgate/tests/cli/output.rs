//! What the binary writes when its output is a file or a pipe: no password
//! from a database or Redis URL anywhere (logs, the first-start message,
//! errors, `--help`), and log lines without ANSI escape codes, one JSON
//! object each with `--log-format json`.
//!
//! Every password is made up at test time, and a failing assertion names
//! the stream it leaked into, never its contents.

use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A password no run could print by chance.
fn planted_password() -> String {
    let n = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
    format!("pw{n:016x}")
}

/// The binary in `dir`, with none of the caller's settings, logging at debug.
fn chartgate(dir: &Path) -> Command {
    let mut cmd = crate::support::chartgate();
    cmd.current_dir(dir).env("RUST_LOG", "debug");
    cmd
}

/// Asserts that `password` is nowhere in `text`, without printing either.
fn assert_hidden(text: &str, password: &str, what: &str) {
    assert!(!text.is_empty(), "{what} is empty, so it proves nothing");
    assert!(!text.contains(password), "the password appears in {what}");
}

fn assert_hidden_in(out: &Output, password: &str, what: &str) {
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_hidden(&all, password, what);
}

#[test]
fn help_shows_no_password_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let password = planted_password();
    for args in [&["--help"][..], &["serve", "--help"], &["user", "add", "--help"], &["migrate", "--help"]] {
        let out = chartgate(dir.path())
            .env("CHARTGATE_DATABASE", format!("postgres://cg:{password}@127.0.0.1:1/cg"))
            .env("CHARTGATE_REDIS", format!("redis://:{password}@127.0.0.1:1/0"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_hidden_in(&out, &password, &format!("{args:?}"));
    }
}

#[test]
fn an_unreachable_or_mistyped_database_url_fails_without_showing_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let password = planted_password();
    let urls = [
        format!("postgres://cg:{password}@127.0.0.1:1/cg"),
        format!("postgres://cg@127.0.0.1:1/cg?password={password}"),
        // Not a PostgreSQL scheme, so taken for a SQLite file name.
        format!("postgress://cg:{password}@127.0.0.1:1/cg"),
    ];
    for (i, url) in urls.iter().enumerate() {
        for args in [&["migrate"][..], &["user", "list"], &["serve", "--listen", "127.0.0.1:0"]] {
            let out = chartgate(dir.path()).env("CHARTGATE_DATABASE", url).args(args).output().unwrap();
            assert!(!out.status.success(), "URL {i}, {args:?} should fail");
            assert_hidden_in(&out, &password, &format!("the output of {args:?} on URL {i}"));
        }
    }
}

/// A `chartgate serve` writing stdout and stderr to files, as under a
/// service manager.
struct Serve {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Serve {
    fn start(mut cmd: Command, dir: &Path, log_format: &str) -> Self {
        let (stdout, stderr) = (dir.join("stdout"), dir.join("stderr"));
        let child = cmd
            .args(["--log-format", log_format, "serve", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        Self { child, stdout, stderr }
    }

    /// The address from the `chartgate listening` log line, in either format.
    fn listening(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let log = std::fs::read_to_string(&self.stderr).unwrap();
            let line = log.lines().find(|l| l.contains("chartgate listening"));
            let addr = line.and_then(|l| l.split_once("127.0.0.1:")).map(|(_, rest)| {
                let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                format!("127.0.0.1:{port}")
            });
            if let Some(addr) = addr {
                return addr;
            }
            assert!(self.child.try_wait().unwrap().is_none(), "chartgate serve exited early");
            assert!(Instant::now() < deadline, "chartgate serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stdout once the first-start message is complete.
    fn welcome(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let printed = std::fs::read_to_string(&self.stdout).unwrap();
            if printed.contains("/api/artist/206557") {
                return printed;
            }
            assert!(Instant::now() < deadline, "no first-start message");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server with SIGTERM; returns (stdout, stderr).
    fn stop(mut self) -> (String, String) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "chartgate serve exited with {status}");
        (std::fs::read_to_string(&self.stdout).unwrap(), std::fs::read_to_string(&self.stderr).unwrap())
    }
}

impl Drop for Serve {
    /// A test that fails leaves no server behind.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Nothing carries an escape code, and in JSON every log line is an object.
fn assert_plain_logs(stdout: &str, stderr: &str, log_format: &str) {
    assert!(!stderr.contains("\x1b[") && !stdout.contains("\x1b["), "output to a file has ANSI escape codes");
    for (i, line) in stderr.lines().enumerate() {
        let parsed = serde_json::from_str::<serde_json::Value>(line).map(|v| v.is_object());
        assert_eq!(parsed.unwrap_or(false), log_format == "json", "log line {} in {log_format}", i + 1);
    }
}

#[tokio::test]
async fn serve_never_shows_the_redis_password_and_logs_plain_text_or_json_lines() {
    for log_format in ["text", "json"] {
        serve_with_an_unreachable_redis(log_format).await;
    }
}

async fn serve_with_an_unreachable_redis(log_format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let password = planted_password();
    let mut cmd = chartgate(dir.path());
    cmd.args(["--database", "x.db"]);
    // Nothing listens on port 1: every rate-limit check fails over, and logs.
    cmd.env("CHARTGATE_REDIS", format!("redis://:{password}@127.0.0.1:1/0"));
    let mut serve = Serve::start(cmd, dir.path(), log_format);
    let addr = serve.listening();

    let printed = serve.welcome();
    let demo = printed.split_whitespace().find(|w| w.starts_with("cgrt_")).unwrap_or_default().to_owned();
    assert!(!demo.is_empty(), "the first start prints the demo token");
    let mint = reqwest::Client::new()
        .post(format!("http://{addr}/api/token"))
        .json(&serde_json::json!({ "refreshtoken": demo }))
        .send()
        .await
        .unwrap();
    assert_eq!(mint.status(), 200, "Redis away: the limiter fails open");

    let (stdout, stderr) = serve.stop();
    assert!(stdout.contains("Created x.db"), "the first-start message names the database");
    assert_hidden(&stdout, &password, "stdout");
    assert_hidden(&stderr, &password, "the log");
    assert_plain_logs(&stdout, &stderr, log_format);
}

#[tokio::test]
async fn serve_on_postgres_shows_the_url_without_its_password() {
    let Some(pg) = chartgate_testkit::services::postgres_url() else { return };
    let Some((scheme, rest)) = pg.split_once("://") else { panic!("not a URL") };
    let Some((user, host)) = rest.split_once('@').filter(|(user, _)| !user.contains(':')) else {
        return eprintln!("skipped: the test URL names no user, or has a password of its own");
    };
    let password = planted_password();
    // A fresh schema, so that this is a first start; the server trusts local
    // connections, so the planted password is sent to nobody.
    let schema = format!("cg_output_{}", std::process::id());
    let (client, connection) = tokio_postgres::connect(&pg, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).await.unwrap();
    let sep = if host.contains('?') { '&' } else { '?' };
    let url = format!("{scheme}://{user}:{password}@{host}{sep}options=-csearch_path%3D{schema}");

    let dir = tempfile::tempdir().unwrap();
    let mut cmd = chartgate(dir.path());
    cmd.env("CHARTGATE_DATABASE", &url).env("RUST_LOG", "info");
    let mut serve = Serve::start(cmd, dir.path(), "json");
    serve.listening();
    serve.welcome();
    let (stdout, stderr) = serve.stop();
    client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).await.unwrap();

    let shown = format!("{scheme}://{user}:***@{host}");
    assert!(stdout.contains(&format!("Created {shown}")), "the first-start message shows the redacted URL");
    assert!(stderr.contains(&shown), "the log shows the redacted URL");
    assert_hidden(&stdout, &password, "stdout");
    assert_hidden(&stderr, &password, "the log");
    assert_plain_logs(&stdout, &stderr, "json");
}
