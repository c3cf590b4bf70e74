//! The `chartmetric` binary against the stub: output and exit codes.

use crate::common::{self, DataFault, Stub};
use std::process::{Command, Output};

/// Runs the CLI on a blocking thread, so that the stub keeps serving.
async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chartmetric"));
    command
        .args(args)
        .env_remove("CHARTMETRIC_REFRESH_TOKEN")
        .env_remove("CHARTMETRIC_REFRESH_TOKEN_FILE")
        .env_remove("CHARTMETRIC_BASE_URL");
    for (key, value) in env {
        command.env(key, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("run the CLI")).await.expect("join")
}

async fn run_against(stub: &Stub, args: &[&str]) -> Output {
    let env = [("CHARTMETRIC_REFRESH_TOKEN", stub.refresh_token.as_str()), ("CHARTMETRIC_BASE_URL", stub.url.as_str())];
    run(args, &env).await
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
    failed_with(&run_against(&stub, &["token"]).await, 6);

    failed_with(&run(&["token"], &[]).await, 7); // no refresh token
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
