//! Rotated refresh tokens: saved exactly once, never lost, stored atomically.

use crate::common::{self, Stub, eventually};
use chartmetric::{Client, ExposeSecret, FileStore, ManualClock, RefreshTokenStore, SecretString};
use parking_lot::Mutex;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Remembers every token it is asked to save.
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<String>>);

impl RefreshTokenStore for Recorder {
    fn save(&self, token: &SecretString) -> std::io::Result<()> {
        self.0.lock().push(token.expose_secret().to_owned());
        Ok(())
    }
}

impl Recorder {
    fn saved(&self) -> Vec<String> {
        self.0.lock().clone()
    }
}

fn accepted(stub: &Stub) -> String {
    stub.state.accepted_refresh.lock().iter().next().expect("one").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_refresh_token_is_saved_exactly_once_and_used_for_the_next_mint() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    let store = Arc::new(Recorder::default());
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).refresh_token_store(store.clone());
    let client = client.build().expect("client");
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.access_token().await.map(|_| ()) })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("token");
    }
    eventually("the rotated token saved", || !store.saved().is_empty()).await;
    assert_eq!(store.saved(), [accepted(&stub)], "saved once, the token the server issued");

    clock.advance(Duration::from_secs(3601));
    client.access_token().await.expect("second mint with the rotated token");
    eventually("the second rotation saved", || store.saved().len() == 2).await;
    let sent = stub.state.sent_refresh.lock().clone();
    assert_eq!(sent[1], store.saved()[0], "the next mint sent the rotated token");
    assert_eq!(store.saved()[1], accepted(&stub));
    assert_eq!(client.metrics().refresh_token_rotations, 2);
}

#[tokio::test]
async fn a_cancelled_caller_cannot_lose_a_rotated_refresh_token() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    let store = Arc::new(Recorder::default());
    let client = stub.client().refresh_token_store(store.clone()).build().expect("client");
    let caller = tokio::spawn({
        let client = client.clone();
        async move { client.artist(1).await }
    });
    eventually("the mint under way", || stub.mints() == 1).await;
    caller.abort();
    assert!(caller.await.expect_err("aborted").is_cancelled());
    stub.state.release.add_permits(1);
    eventually("the rotated token saved", || store.saved().len() == 1).await;
    assert_eq!(store.saved(), [accepted(&stub)]);
    client.artist(1).await.expect("the minted token was kept too");
    assert_eq!(stub.mints(), 1);
}

#[test]
fn the_file_store_replaces_the_token_atomically_with_owner_only_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("refresh-token");
    let store = FileStore::new(&path);
    assert!(store.load().expect("load").is_none(), "no file yet");
    let (first, second) = (common::secret("rt"), common::secret("rt"));
    store.save(&SecretString::from(first.clone())).expect("save");
    let loaded = store.load().expect("load").expect("a token");
    assert_eq!(loaded.expose_secret(), first);
    store.save(&SecretString::from(second.clone())).expect("save again");
    assert_eq!(store.load().expect("load").expect("a token").expose_secret(), second);
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, ["refresh-token"], "no temporary file is left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn a_rotation_saved_to_the_file_store_survives_a_restart() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("token");
    let first = stub.client().refresh_token_store(Arc::new(FileStore::new(&path)));
    first.build().expect("client").access_token().await.expect("token");
    eventually("the file written", || std::fs::read_to_string(&path).is_ok_and(|t| t.trim() == accepted(&stub))).await;
    // The original token no longer works; the restarted client uses the stored one.
    let restarted = Client::builder()
        .refresh_token(stub.refresh_token.clone())
        .base_url(&stub.url)
        .refresh_token_store(Arc::new(FileStore::new(&path)))
        .build()
        .expect("client");
    restarted.access_token().await.expect("the stored token wins");
    assert_eq!(stub.mints(), 2);
}

/// Fails the first `failures` saves, then records.
#[derive(Debug)]
struct Flaky {
    failures: Mutex<u32>,
    inner: Recorder,
}

impl RefreshTokenStore for Flaky {
    fn save(&self, token: &SecretString) -> std::io::Result<()> {
        let mut left = self.failures.lock();
        if *left > 0 {
            *left -= 1;
            return Err(std::io::Error::other("disk full"));
        }
        self.inner.save(token)
    }
}

#[tokio::test]
async fn a_failed_save_of_a_rotated_refresh_token_is_retried() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    let store = Arc::new(Flaky { failures: Mutex::new(2), inner: Recorder::default() });
    let client = stub.client().refresh_token_store(store.clone()).build().expect("client");
    client.access_token().await.expect("token");
    eventually("the rotated token saved after two failures", || store.inner.saved().len() == 1).await;
    assert_eq!(store.inner.saved(), [accepted(&stub)]);
}

#[tokio::test]
async fn a_rotated_refresh_token_that_cannot_be_saved_is_reported_until_it_is() {
    let stub = Stub::start().await;
    stub.state.rotate.store(true, Ordering::SeqCst);
    let store = Arc::new(Flaky { failures: Mutex::new(u32::MAX), inner: Recorder::default() });
    let client = stub.client().refresh_token_store(store.clone()).build().expect("client");
    client.access_token().await.expect("the token is minted all the same");
    let error = client.persist_refresh_token().await.expect_err("the store keeps failing");
    assert_eq!(error.kind(), chartmetric::ErrorKind::Store);
    assert!(error.to_string().contains("disk full"), "{error}");
    assert!(client.metrics().refresh_token_save_failures >= 3, "retried");
    *store.failures.lock() = 0;
    client.persist_refresh_token().await.expect("saved once the store works");
    assert_eq!(store.inner.saved(), [accepted(&stub)]);
}
