//! Programs from outside cargo that some tests drive: headless Chromium
//! with Node's playwright-core, and schemathesis. `.ci/install-browser-deps.sh`
//! installs them. When one is missing, a test fails under `CI=true` and
//! otherwise prints a skip note and passes.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// `true` when nothing is missing. Otherwise panics under `CI=true`, or
/// prints why the test is skipped and returns `false`.
pub fn available_or_skip(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let why = format!("{test}: missing {}; run .ci/install-browser-deps.sh", missing.join(", "));
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
    eprintln!("SKIPPED {why}");
    false
}

/// Whether `program args...` runs and exits 0.
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stdin(Stdio::null()).output().is_ok_and(|o| o.status.success())
}

/// The workspace's target directory (`CARGO_TARGET_TMPDIR` is `<target>/tmp`).
pub fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map(PathBuf::from).unwrap_or(tmp)
}

/// What a finished program printed.
pub struct Finished {
    /// How it exited (killed, when it ran out of time).
    pub status: ExitStatus,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Whether it was killed for running past the limit.
    pub timed_out: bool,
}

impl Finished {
    /// Everything it printed, for a failure message.
    pub fn dump(&self) -> String {
        let note = if self.timed_out { " (killed: out of time)" } else { "" };
        format!("exit {}{note}\n--- stdout ---\n{}\n--- stderr ---\n{}", self.status, self.stdout, self.stderr)
    }
}

/// Runs `cmd` off the async workers (the app under test keeps serving),
/// killing it after `limit`.
pub async fn run(cmd: Command, limit: Duration) -> Finished {
    tokio::task::spawn_blocking(move || run_blocking(cmd, limit)).await.expect("runner thread")
}

fn run_blocking(mut cmd: Command, limit: Duration) -> Finished {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status;
        }
        if Instant::now() > deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait for killed child");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Finished { status, stdout: out.join().unwrap_or_default(), stderr: err.join().unwrap_or_default(), timed_out }
}
