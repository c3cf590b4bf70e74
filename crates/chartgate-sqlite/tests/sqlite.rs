//! What only SQLite has: files, WAL, URLs, and rows edited behind the
//! store's back.

use chartgate_core::{RefreshToken, SigningKey, Store, StoreError, UnixTime, User};
use chartgate_sqlite::SqliteStore;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("chartgate.db");
    (dir, path)
}

fn open(path: &Path) -> SqliteStore {
    SqliteStore::open(path.to_str().expect("a UTF-8 path")).expect("open")
}

async fn migrated(path: &Path) -> SqliteStore {
    let store = open(path);
    store.migrate().await.expect("migrate");
    store
}

async fn add_user(store: &SqliteStore, name: &str) -> (User, RefreshToken) {
    let token = RefreshToken::generate();
    let name = name.parse().expect("a user name");
    let plan = "entry".parse().expect("a plan name");
    let user = store.create_user(&name, &plan, &token.hash(), NOW).await.expect("create_user");
    (user, token)
}

fn raw(path: &Path) -> Connection {
    Connection::open(path).expect("a raw connection")
}

#[tokio::test]
async fn a_file_database_persists_across_reopen() {
    let (_dir, path) = temp_db();
    let key = SigningKey::generate();
    let (alice, token) = {
        let store = migrated(&path).await;
        store.ensure_signing_key(&key).await.expect("key");
        add_user(&store, "alice").await
    };
    let store = open(&path);
    assert!(!store.migrate().await.expect("migrate again"));
    let found = store.user_by_refresh_token(&token.hash()).await.expect("read");
    assert_eq!(found, Some(alice));
    let keys = store.ensure_signing_key(&SigningKey::generate()).await.expect("key");
    assert_eq!(keys[0].key.kid(), key.kid());
    assert_eq!(keys[0].key.secret(), key.secret());
}

#[tokio::test]
async fn wal_mode_is_on() {
    let (_dir, path) = temp_db();
    let _store = migrated(&path).await;
    let mode: String = raw(&path).query_row("PRAGMA journal_mode", [], |row| row.get(0)).expect("journal_mode");
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn reads_go_on_while_another_process_holds_the_write_lock() {
    let (_dir, path) = temp_db();
    let store = migrated(&path).await;
    let (alice, token) = add_user(&store, "alice").await;
    let other = raw(&path);
    other.execute_batch("BEGIN IMMEDIATE").expect("take the write lock");
    other.execute("UPDATE meta SET value = value + 1000 WHERE key = 'seq'", []).expect("write");
    let found = store.user_by_refresh_token(&token.hash()).await.expect("read");
    assert_eq!(found, Some(alice.clone()));
    assert_eq!(store.change_seq().await.expect("seq"), alice.seq);
    other.execute_batch("COMMIT").expect("commit");
    assert_eq!(store.change_seq().await.expect("seq"), alice.seq + 1000);
}

#[test]
fn an_unopenable_path_is_a_clear_error() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").expect("a plain file");
    let below_a_file = path.join("chartgate.db");
    let err = SqliteStore::open(below_a_file.to_str().expect("UTF-8")).expect_err("no folder");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert!(err.to_string().contains("cannot open SQLite database"), "{err}");
    assert!(err.to_string().contains(&below_a_file.display().to_string()), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, "this is not SQLite, just a text file\n".repeat(100)).expect("write");
    let err = open_err(&path);
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
}

fn open_err(path: &Path) -> StoreError {
    SqliteStore::open(path.to_str().expect("UTF-8")).expect_err("not a database")
}

#[test]
fn malformed_urls_are_refused() {
    for bad in ["", "sqlite://", "sqlite://chartgate.db?mode=rwc"] {
        let err = SqliteStore::open(bad).expect_err(bad);
        assert!(matches!(err, StoreError::Backend(_)), "{bad}: {err:?}");
    }
}

#[tokio::test]
async fn every_url_form_opens_the_same_file() {
    let (_dir, path) = temp_db();
    let (alice, _) = add_user(&migrated(&path).await, "alice").await;
    let plain = path.to_str().expect("UTF-8");
    for url in [format!("sqlite://{plain}"), format!("sqlite:{plain}")] {
        let store = SqliteStore::open(&url).expect(&url);
        let found = store.user_by_id(alice.id).await.expect("read");
        assert_eq!(found.as_ref(), Some(&alice), "{url}");
    }
}

#[tokio::test]
async fn in_memory_stores_are_private() {
    for url in [":memory:", "sqlite::memory:"] {
        let a = SqliteStore::open(url).expect("open a");
        let b = SqliteStore::open(url).expect("open b");
        assert!(a.migrate().await.expect("migrate a"), "{url}");
        assert!(b.migrate().await.expect("migrate b"), "{url}");
        add_user(&a, "alice").await;
        assert!(b.list_users().await.expect("list").is_empty(), "{url}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_migrating_one_file_at_once_agree() {
    let (_dir, path) = temp_db();
    let (a, b) = (open(&path), open(&path));
    let (fresh_a, fresh_b) = tokio::join!(a.migrate(), b.migrate());
    let fresh = [fresh_a.expect("migrate a"), fresh_b.expect("migrate b")];
    assert_eq!(fresh.iter().filter(|f| **f).count(), 1, "{fresh:?}");
    assert_eq!(a.list_plans().await.expect("plans"), b.list_plans().await.expect("plans"));
}

#[tokio::test]
async fn a_second_instance_sees_writes_through_the_change_seq() {
    let (_dir, path) = temp_db();
    let (a, b) = (migrated(&path).await, open(&path));
    let before = b.change_seq().await.expect("seq");
    let (alice, _) = add_user(&a, "alice").await;
    assert!(b.change_seq().await.expect("seq") > before);
    assert_eq!(b.users_changed_since(before).await.expect("since"), [alice]);
}

#[tokio::test]
async fn the_store_keeps_the_token_hash_never_the_token() {
    let (dir, path) = temp_db();
    let (_, token) = add_user(&migrated(&path).await, "alice").await;
    let stored: String =
        raw(&path).query_row("SELECT refresh_hash FROM users", [], |row| row.get(0)).expect("read the hash");
    assert_eq!(stored, token.hash().to_hex());
    let plaintext = token.expose().as_bytes();
    for file in std::fs::read_dir(dir.path()).expect("list the folder") {
        let file = file.expect("a file").path();
        let bytes = std::fs::read(&file).expect("read a database file");
        let leaked = bytes.windows(plaintext.len()).any(|w| w == plaintext);
        assert!(!leaked, "{} holds the token", file.display());
    }
}

#[tokio::test]
async fn damaged_rows_are_corrupt_not_a_panic() {
    let (_dir, path) = temp_db();
    let store = migrated(&path).await;
    add_user(&store, "alice").await;
    let other = raw(&path);
    other.execute("UPDATE users SET name = 'not a valid name!'", []).expect("damage a user");
    other.execute("INSERT INTO artists (id, body, seq) VALUES (7, '{not json', 1)", []).expect("damage an artist");
    let err = store.list_users().await.expect_err("a damaged name");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
    let err = store.artist(7).await.expect_err("a damaged body");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
}

#[tokio::test]
async fn a_schema_newer_than_the_code_is_refused() {
    let (_dir, path) = temp_db();
    let store = migrated(&path).await;
    raw(&path).execute("INSERT INTO schema_migrations VALUES (999, 0)", []).expect("a future migration");
    let err = store.migrate().await.expect_err("a newer schema");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[tokio::test]
async fn the_database_and_its_wal_and_shm_files_are_created_0600_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    let store = migrated(&path).await;
    add_user(&store, "perm").await;
    let mut files = vec![path.clone()];
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        files.push(p.into());
    }
    for file in files {
        let mode = std::fs::metadata(&file).expect("the file exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    assert!(chartgate_sqlite::loose_files(&path).is_empty());
}

#[tokio::test]
async fn an_existing_database_others_can_read_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    drop(migrated(&path).await);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let _reopened = open(&path);
    // SQLite gives the -wal and -shm files the database file's mode.
    assert!(chartgate_sqlite::loose_files(&path).contains(&path));
}
