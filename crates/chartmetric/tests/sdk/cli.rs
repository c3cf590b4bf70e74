//! The `chartmetric` binary against the stub: output, formats, paging,
//! the token cache, warnings and exit codes.

use crate::common::{self, DataFault, Stub, eventually};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;
use std::sync::atomic::Ordering;

/// A cache directory for the runs that do not choose one, so that tests
/// never write under the real home.
static SCRATCH_CACHE: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().expect("tempdir"));

/// Runs the CLI on a blocking thread, so that the stub keeps serving.
async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chartmetric"));
    command
        .args(args)
        .env_remove("CHARTMETRIC_REFRESH_TOKEN")
        .env_remove("CHARTMETRIC_REFRESH_TOKEN_FILE")
        .env_remove("CHARTMETRIC_BASE_URL")
        .env("XDG_CACHE_HOME", SCRATCH_CACHE.path());
    for (key, value) in env {
        command.env(key, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("run the CLI")).await.expect("join")
}

async fn run_against(stub: &Stub, args: &[&str]) -> Output {
    let env = [("CHARTMETRIC_REFRESH_TOKEN", stub.refresh_token.as_str()), ("CHARTMETRIC_BASE_URL", stub.url.as_str())];
    run(args, &env).await
}

/// Like `run_against`, with the token cache in `cache`.
async fn run_cached(stub: &Stub, cache: &Path, args: &[&str]) -> Output {
    let cache = cache.to_str().expect("utf-8 path");
    let env = [
        ("CHARTMETRIC_REFRESH_TOKEN", stub.refresh_token.as_str()),
        ("CHARTMETRIC_BASE_URL", stub.url.as_str()),
        ("XDG_CACHE_HOME", cache),
    ];
    run(args, &env).await
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn succeeded(output: &Output) -> String {
    assert!(output.status.success(), "stderr: {}", stderr(output));
    stdout(output)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Exit code, and a one-line stderr.
fn failed_with(output: &Output, code: i32) -> String {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(code), "stderr: {text}");
    assert_eq!(text.lines().count(), 1, "errors take one line: {text}");
    assert!(output.stdout.is_empty());
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_prints_the_obj_as_compact_json_when_piped() {
    let stub = Stub::start().await;
    let output = run_against(&stub, &["get", "/api/artist/206557"]).await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stdout.lines().count(), 1, "compact when not a terminal");
    let artist: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!((artist["id"].as_i64(), artist["name"].as_str()), (Some(206557), Some("Lorde")));
    let pretty = run_against(&stub, &["get", "--pretty", "api/artist/1"]).await;
    assert!(String::from_utf8_lossy(&pretty.stdout).lines().count() > 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_prints_a_fresh_access_token_for_curl() {
    let stub = Stub::start().await;
    let output = run_against(&stub, &["token"]).await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let token = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stub.state.issued.lock().as_slice(), [token.trim().to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_work_like_the_environment() {
    let stub = Stub::start().await;
    let args = ["--refresh-token", &stub.refresh_token, "--base-url", &stub.url, "token"];
    let output = run(&args, &[]).await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_tell_scripts_what_went_wrong() {
    let stub = Stub::start().await;
    let text = failed_with(&run_against(&stub, &["get", "/api/artist/404"]).await, 4);
    assert!(text.contains("artist not found"), "{text}");

    let bad = common::secret("wrong");
    let args = ["--refresh-token", &bad, "--base-url", &stub.url, "token"];
    let text = failed_with(&run(&args, &[]).await, 3);
    assert!(!text.contains(&bad), "the token is never echoed");

    stub.queue_data_fault(DataFault::RateLimited { reset_in: 3600, skew: 0 });
    failed_with(&run_against(&stub, &["--max-wait", "1", "get", "/api/x"]).await, 5);

    stub.fail_all_mints(Some(500));
    failed_with(&run_against(&stub, &["--no-token-cache", "token"]).await, 6);

    failed_with(&run(&["token"], &[]).await, 8); // no refresh token
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let args = ["--refresh-token", "t", "--base-url", &url, "token"];
    failed_with(&run(&args, &[]).await, 7);

    let usage = run(&["frobnicate"], &[]).await;
    assert_eq!(usage.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_documents_the_exit_codes_and_hides_the_token() {
    let stub = Stub::start().await;
    let output = run_against(&stub, &["--help"]).await;
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Exit codes") && help.contains("rate limited"));
    assert!(!help.contains(&stub.refresh_token), "clap must not print the env value");
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache.join("chartmetric")) {
        Ok(entries) => entries.map(|e| e.expect("entry").path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_in_a_row_mint_once_through_the_token_cache() {
    let stub = Stub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    succeeded(&run_cached(&stub, cache.path(), &["get", "/api/artist/1"]).await);
    succeeded(&run_cached(&stub, cache.path(), &["get", "/api/artist/2"]).await);
    assert_eq!(stub.mints(), 1, "the second run used the cached token");
    let files = cache_files(cache.path());
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(&files[0]).expect("read");
    assert!(text.contains(&stub.state.issued.lock()[0]), "the access token is cached");
    assert!(!text.contains(&stub.refresh_token), "the refresh token is not");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&files[0]), 0o600);
        assert_eq!(mode(&cache.path().join("chartmetric")), 0o700);
    }
    succeeded(&run_cached(&stub, cache.path(), &["--no-token-cache", "token"]).await);
    assert_eq!(stub.mints(), 2, "--no-token-cache mints");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_token_the_server_no_longer_accepts_is_replaced() {
    let stub = Stub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    succeeded(&run_cached(&stub, cache.path(), &["get", "/api/artist/1"]).await);
    stub.revoke_access_tokens();
    succeeded(&run_cached(&stub, cache.path(), &["get", "/api/artist/1"]).await);
    assert_eq!(stub.mints(), 2);
    succeeded(&run_cached(&stub, cache.path(), &["get", "/api/artist/1"]).await);
    assert_eq!(stub.mints(), 2, "the new token was cached");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn params_are_encoded_and_all_pages_print_as_json_ndjson_or_csv() {
    let stub = Stub::start().await;
    let echo = succeeded(&run_against(&stub, &["get", "/api/echo", "--param", "genre=R&B/Soul", "-p", "x="]).await);
    let obj: serde_json::Value = serde_json::from_str(&echo).expect("json");
    assert_eq!(obj["query"], "genre=R%26B%2FSoul&x=");

    let all = succeeded(&run_against(&stub, &["get", "/api/list/25", "--all", "--page-size", "10"]).await);
    let items: Vec<serde_json::Value> = serde_json::from_str(&all).expect("a JSON array");
    assert_eq!(items.len(), 25);
    let ndjson = succeeded(&run_against(&stub, &["get", "/api/list/25", "--all", "--format", "ndjson"]).await);
    assert_eq!(ndjson.lines().count(), 25);
    let csv = succeeded(&run_against(&stub, &["get", "/api/list/3", "--format", "csv"]).await);
    assert_eq!(csv, "id,name\n0,\"item, \"\"0\"\"\"\n1,\"item, \"\"1\"\"\"\n2,\"item, \"\"2\"\"\"\n");
    let usage = run_against(&stub, &["get", "/api/x", "--param", "novalue"]).await;
    assert_eq!(usage.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn include_prints_the_status_and_headers_to_stderr() {
    let stub = Stub::start().await;
    let output = run_against(&stub, &["get", "--include", "/api/artist/1"]).await;
    succeeded(&output);
    let err = stderr(&output);
    assert!(err.starts_with("HTTP 200 OK\n"), "{err}");
    assert!(err.to_ascii_lowercase().contains("x-ratelimit-remaining: 99"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_bounds_a_call_whose_token_never_comes() {
    let stub = Stub::start().await;
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    let text = failed_with(&run_against(&stub, &["--timeout", "0.5", "get", "/api/artist/1"]).await, 7);
    assert!(text.contains("deadline"), "{text}");
    stub.state.release.add_permits(10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_are_printed_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let output = run(&["completions", shell], &[]).await;
        let script = succeeded(&output);
        assert!(script.contains("chartmetric") && script.contains("no-token-cache"), "{shell}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flag_overrides_an_unreadable_token_file_from_the_environment() {
    let stub = Stub::start().await;
    let env = [("CHARTMETRIC_REFRESH_TOKEN_FILE", "/nonexistent/token"), ("CHARTMETRIC_BASE_URL", stub.url.as_str())];
    succeeded(&run(&["--refresh-token", &stub.refresh_token, "token"], &env).await);
    failed_with(&run(&["token"], &env).await, 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_refresh_token_is_saved_to_the_token_file() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("token");
    std::fs::write(&file, &stub.refresh_token).expect("write");
    let env = [("CHARTMETRIC_REFRESH_TOKEN_FILE", file.to_str().expect("utf-8")), ("CHARTMETRIC_BASE_URL", &stub.url)];
    let output = run(&["token"], &env).await;
    succeeded(&output);
    assert!(stderr(&output).is_empty(), "no warning: {}", stderr(&output));
    let saved = std::fs::read_to_string(&file).expect("read");
    assert_eq!(saved.trim(), stub.state.accepted_refresh.lock().iter().next().expect("one"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_refresh_token_that_cannot_be_saved_is_a_warning_without_verbose() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("secrets");
    std::fs::create_dir(&sub).expect("mkdir");
    let file = sub.join("token");
    std::fs::write(&file, &stub.refresh_token).expect("write");
    let env = [("CHARTMETRIC_REFRESH_TOKEN_FILE", file.to_str().expect("utf-8")), ("CHARTMETRIC_BASE_URL", &stub.url)];
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let running = tokio::spawn(async move {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(&["token"], &env).await
    });
    eventually("the mint under way", || stub.mints() == 1).await;
    std::fs::remove_dir_all(&sub).expect("the token file's directory goes away");
    stub.state.release.add_permits(10);
    let output = running.await.expect("join");
    succeeded(&output);
    let err = stderr(&output);
    assert!(err.contains("warning") && err.contains("could not save the rotated refresh token"), "{err}");
    assert!(!err.contains(&stub.refresh_token));
}
