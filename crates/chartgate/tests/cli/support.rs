//! What the CLI tests share: the `chartgate` binary with none of the
//! developer's `CHARTGATE_*` settings, admin commands against a database,
//! and `chartgate serve` processes.

use serde_json::Value;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// `chartgate` with no `CHARTGATE_*` variable inherited and `RUST_LOG=warn`.
pub fn chartgate() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chartgate"));
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("CHARTGATE_") {
            cmd.env_remove(var);
        }
    }
    cmd.env("RUST_LOG", "warn");
    cmd
}

/// `chartgate --database DATABASE` (a file path or a URL).
pub fn command(database: impl AsRef<OsStr>) -> Command {
    let mut cmd = chartgate();
    cmd.arg("--database").arg(database);
    cmd
}

/// A database path in a fresh temp dir (kept alive by the returned guard).
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    (dir, db)
}

/// Runs `chartgate --database DATABASE args...` to completion.
pub fn run(database: impl AsRef<OsStr>, args: &[&str]) -> Output {
    command(database).args(args).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command that must succeed; returns its stdout.
pub fn ok(database: impl AsRef<OsStr>, args: &[&str]) -> String {
    let o = run(database, args);
    assert!(o.status.success(), "{args:?} failed: {}\n{}", stderr(&o), stdout(&o));
    stdout(&o)
}

/// Runs a command that must succeed and print one line of JSON.
pub fn ok_json(database: impl AsRef<OsStr>, args: &[&str]) -> Value {
    let out = ok(database, args);
    let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{args:?} printed more than one line: {out}");
    serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {out}"))
}

/// Runs a command that must fail; returns its stderr.
pub fn fails(database: impl AsRef<OsStr>, args: &[&str]) -> String {
    let o = run(database, args);
    assert!(!o.status.success(), "{args:?} should fail: {}", stdout(&o));
    let err = stderr(&o);
    assert!(!err.trim().is_empty(), "{args:?} failed silently");
    err
}

/// Adds a user on the default plan; returns its refresh token.
pub fn add_user(database: impl AsRef<OsStr>, name: &str) -> String {
    let v = ok_json(database, &["user", "add", "--name", name, "--json"]);
    v["refresh_token"].as_str().unwrap().to_owned()
}

/// A running `chartgate serve`; killed if the test panics.
pub struct Server {
    child: Child,
    pub base: String,
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

impl Server {
    /// Starts `chartgate --database DATABASE serve --listen 127.0.0.1:<free
    /// port> args...` logging at `info` into `log`; stdout is read line by line.
    pub fn start(database: impl AsRef<OsStr>, args: &[&str], log: PathBuf) -> Server {
        let port = free_port();
        let mut child = command(database)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(args)
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

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until /healthz answers 200.
    pub async fn ready(&mut self, http: &reqwest::Client) {
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
    pub fn stdout_until(&self, until: impl Fn(&str) -> bool, wait: Duration) -> Vec<String> {
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
    pub fn terminate(&mut self) -> ExitStatus {
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
    pub fn rest_of_stdout(&self) -> Vec<String> {
        self.stdout_until(|_| false, Duration::from_secs(5))
    }
}
