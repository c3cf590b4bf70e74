//! TLS to PostgreSQL, through fronts for the local server (so that the
//! tests do not depend on whether it has TLS on): a plain front declines
//! TLS, and `require` must then fail, clearly, while `disable`, `prefer`
//! and no `sslmode` connect; a TLS front (a CA and a certificate made at
//! test time) lets `prefer`, `require` and `verify-full` connect, and
//! `verify-full` refuses an unknown CA or another host name. Each test
//! skips (with a note) when PostgreSQL is not reachable, except in CI,
//! where that fails.

use chartgate_core::Store;
use chartgate_postgres::PostgresStore;
use chartgate_testkit::tls::{Protocol, TlsFront};
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};
use tokio_postgres::config::Host;

/// Put into every URL (trust authentication ignores it) so that a message
/// quoting it would be caught.
const PASSWORD: &str = "hunter2-never-shown";

/// Where the test database is, as parsed from its URL.
struct Database {
    user: String,
    dbname: String,
    addr: SocketAddr,
}

impl Database {
    fn find() -> Option<Self> {
        let url = chartgate_testkit::services::postgres_url()?;
        let config: tokio_postgres::Config = url.parse().expect("the test URL parses");
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".into(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let addr = (host.as_str(), port).to_socket_addrs().expect("resolve").next().expect("an address");
        let user = config.get_user().unwrap_or("root").to_owned();
        let dbname = config.get_dbname().unwrap_or("test").to_owned();
        Some(Self { user, dbname, addr })
    }

    /// A URL with the test password for `host:port` and a query.
    fn url(&self, host: &str, port: u16, query: &str) -> String {
        let Self { user, dbname, .. } = self;
        let query = if query.is_empty() { String::new() } else { format!("?{query}") };
        format!("postgres://{user}:{PASSWORD}@{host}:{port}/{dbname}{query}")
    }

    fn direct(&self, query: &str) -> String {
        self.url(&self.addr.ip().to_string(), self.addr.port(), query)
    }
}

/// `ready()` on a URL: Ok, or the error's message (checked to be free of
/// the password, in the store's `Debug` too).
async fn ready(url: &str) -> Result<(), String> {
    let store = PostgresStore::connect(url).map_err(|e| e.to_string())?;
    assert!(!format!("{store:?}").contains(PASSWORD));
    let started = Instant::now();
    let result = store.ready().await.map_err(|e| e.to_string());
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    if let Err(message) = &result {
        assert!(!message.contains(PASSWORD), "the password is in {message:?}");
    }
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn require_against_a_server_without_tls_fails_naming_tls() {
    let Some(db) = Database::find() else { return };
    let front = TlsFront::plain_postgres(db.addr).await;
    let message = ready(&db.url("127.0.0.1", front.port(), "sslmode=require")).await.expect_err("no TLS there");
    assert!(message.contains("TLS"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disable_prefer_and_no_sslmode_connect_to_a_server_without_tls() {
    let Some(db) = Database::find() else { return };
    let front = TlsFront::plain_postgres(db.addr).await;
    for query in ["", "sslmode=disable", "sslmode=prefer", "application_name=tls_test&sslmode=disable"] {
        ready(&db.url("127.0.0.1", front.port(), query)).await.unwrap_or_else(|e| panic!("{query:?}: {e}"));
        ready(&db.direct(query)).await.unwrap_or_else(|e| panic!("{query:?}, direct: {e}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_tls_every_mode_but_disable_connects_and_verify_full_checks_the_certificate() {
    let Some(db) = Database::find() else { return };
    let front = TlsFront::start(db.addr, Protocol::Postgres, &["localhost"]).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ca = front.write_ca(dir.path());
    let ca = ca.to_str().expect("a UTF-8 path");
    let port = front.port();
    for query in ["", "sslmode=prefer", "sslmode=require", &format!("sslmode=verify-full&sslrootcert={ca}")] {
        ready(&db.url("localhost", port, query)).await.unwrap_or_else(|e| panic!("{query:?}: {e}"));
    }
    // The test CA is not among the public roots.
    let message = ready(&db.url("localhost", port, "sslmode=verify-full")).await.expect_err("an unknown CA");
    assert!(message.contains("certificate"), "{message}");
    // The certificate names localhost, not 127.0.0.1.
    let query = format!("sslmode=verify-full&sslrootcert={ca}");
    let message = ready(&db.url("127.0.0.1", port, &query)).await.expect_err("another host name");
    assert!(message.contains("certificate"), "{message}");
    // The front speaks only TLS.
    assert!(ready(&db.url("localhost", port, "sslmode=disable")).await.is_err());
}
