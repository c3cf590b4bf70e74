//! The external services the backend tests run on, found or skipped.
//!
//! PostgreSQL and Redis tests call [`postgres_url`] or [`redis_url`] first.
//! When the service answers on its TCP port, they get the URL. When it does
//! not, a test on a developer's machine prints a note and skips (gets
//! `None`), while in CI (`CI=true`) it fails: there a missing service is a
//! broken pipeline, not a reason to pass.
//!
//! Only reachability is checked (a TCP connect with a short timeout), so
//! this crate needs no database client. The answer is remembered for the
//! whole test process.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::OnceLock;
use std::time::Duration;

/// Where the PostgreSQL tests look by default.
pub const DEFAULT_POSTGRES: &str = "postgres://root@127.0.0.1:5432/test";
/// Where the Redis tests look by default.
pub const DEFAULT_REDIS: &str = "redis://127.0.0.1:6379";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// The PostgreSQL URL from `CHARTGATE_TEST_POSTGRES` (default
/// [`DEFAULT_POSTGRES`]) if the server can be reached; see the module docs.
///
/// # Panics
/// When the server cannot be reached and `CI` is `true`.
pub fn postgres_url() -> Option<String> {
    static FOUND: OnceLock<Option<String>> = OnceLock::new();
    let found = FOUND.get_or_init(|| find("CHARTGATE_TEST_POSTGRES", DEFAULT_POSTGRES, 5432));
    settle("PostgreSQL", "CHARTGATE_TEST_POSTGRES", found)
}

/// The Redis URL from `CHARTGATE_TEST_REDIS` (default [`DEFAULT_REDIS`]) if
/// the server can be reached; see the module docs.
///
/// # Panics
/// When the server cannot be reached and `CI` is `true`.
pub fn redis_url() -> Option<String> {
    static FOUND: OnceLock<Option<String>> = OnceLock::new();
    let found = FOUND.get_or_init(|| find("CHARTGATE_TEST_REDIS", DEFAULT_REDIS, 6379));
    settle("Redis", "CHARTGATE_TEST_REDIS", found)
}

/// Whether the tests run in CI, where a missing service is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The configured URL if its host answers.
fn find(var: &str, default: &str, default_port: u16) -> Option<String> {
    let url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    reachable(&url, default_port).then_some(url)
}

fn settle(service: &str, var: &str, found: &Option<String>) -> Option<String> {
    if found.is_some() {
        return found.clone();
    }
    let why = format!("{service} is not reachable (set {var} to its URL)");
    if in_ci() {
        panic!("{why}; CI=true, so this test fails instead of skipping");
    }
    eprintln!("skipped: {why}");
    None
}

/// Whether a TCP connection to the URL's host and port succeeds.
fn reachable(url: &str, default_port: u16) -> bool {
    let Some(authority) = host_and_port(url, default_port) else {
        return false;
    };
    let addrs: Vec<SocketAddr> = match authority.to_socket_addrs() {
        Ok(addrs) => addrs.collect(),
        Err(_) => return false,
    };
    addrs.iter().any(|a| TcpStream::connect_timeout(a, CONNECT_TIMEOUT).is_ok())
}

/// `host:port` from `scheme://[user[:password]@]host[:port][/path][?query]`.
fn host_and_port(url: &str, default_port: u16) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.is_empty() {
        return None;
    }
    let has_port =
        !host_port.ends_with(']') && host_port.rsplit_once(':').is_some_and(|(_, port)| port.parse::<u16>().is_ok());
    Some(if has_port { host_port.to_owned() } else { format!("{host_port}:{default_port}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_port_come_from_the_authority_without_credentials() {
        let cases = [
            ("postgres://root@127.0.0.1:5432/test", "127.0.0.1:5432"),
            ("postgresql://u:p%40ss@db.example:6000/x?sslmode=disable", "db.example:6000"),
            ("redis://127.0.0.1", "127.0.0.1:6379"),
            ("redis://:secret@[::1]:6380/0", "[::1]:6380"),
            ("redis://[::1]/0", "[::1]:6379"),
        ];
        for (url, expected) in cases {
            assert_eq!(host_and_port(url, 6379).as_deref(), Some(expected), "{url}");
        }
        assert_eq!(host_and_port("not a url", 1), None);
    }
}
