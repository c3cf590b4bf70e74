//! Where a store lives: a parsed `postgres://` URL (TLS settings included),
//! an optional schema, and the connection pool built from them.

use crate::tls::Tls;
use chartgate_core::StoreError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::fmt;
use std::time::Duration;
use tokio_postgres::NoTls;
use tokio_postgres::config::Host;
use tokio_postgres_rustls::MakeRustlsConnect;

/// Connections the pool keeps at most.
const POOL_SIZE: usize = 16;
/// How long opening one connection may take, unless the URL says.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long sent data may stay unacknowledged before the connection is
/// given up (Linux `TCP_USER_TIMEOUT`), unless the URL says: a vanished
/// server then fails a query instead of stalling it for the kernel's
/// default of many minutes.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a caller waits for a pooled connection, a new one included.
const POOL_TIMEOUT: Duration = Duration::from_secs(5);

/// A validated database location.
pub(crate) struct Target {
    config: tokio_postgres::Config,
    schema: Option<String>,
    /// The TLS connector, unless `sslmode=disable`.
    tls: Option<MakeRustlsConnect>,
}

impl Target {
    /// Parses a `postgres://` or `postgresql://` URL and checks the schema
    /// name: 1 to 63 of `[a-z0-9_]`, not starting with a digit, so that it
    /// needs no quoting anywhere.
    pub(crate) fn parse(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(StoreError::Backend("a PostgreSQL URL starts with postgres:// or postgresql://".into()));
        }
        let tls = Tls::from_url(url)?;
        // The parser's messages name the option at fault, never the URL,
        // which may hold a password.
        let mut config: tokio_postgres::Config = tls.url.parse().map_err(|e| {
            let message = match std::error::Error::source(&e) {
                Some(cause) => format!("invalid PostgreSQL URL: {e}: {cause}"),
                None => format!("invalid PostgreSQL URL: {e}"),
            };
            StoreError::Backend(message)
        })?;
        config.ssl_mode(tls.mode.wire());
        if let Some(schema) = schema {
            check_schema(schema)?;
            let setting = format!("-csearch_path={schema}");
            let options = match config.get_options() {
                Some(given) => format!("{given} {setting}"),
                None => setting,
            };
            config.options(options);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_tcp_user_timeout().is_none() {
            config.tcp_user_timeout(TCP_USER_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("chartgate");
        }
        let schema = schema.map(str::to_owned);
        Ok(Self { config, schema, tls: tls.connector })
    }

    /// The schema every connection works in, when one was given.
    pub(crate) fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// A pool that opens connections lazily, on first use.
    pub(crate) fn pool(&self) -> Result<Pool, StoreError> {
        let config = ManagerConfig { recycling_method: RecyclingMethod::Fast };
        let manager = match &self.tls {
            Some(tls) => Manager::from_config(self.config.clone(), tls.clone(), config),
            None => Manager::from_config(self.config.clone(), NoTls, config),
        };
        Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(POOL_TIMEOUT))
            .create_timeout(Some(POOL_TIMEOUT))
            .recycle_timeout(Some(POOL_TIMEOUT))
            .build()
            .map_err(|e| StoreError::Backend(format!("cannot build the connection pool: {e}")))
    }
}

impl fmt::Display for Target {
    /// `user@host:port/database[ schema]`: never the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        let host = match c.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        };
        let port = c.get_ports().first().copied().unwrap_or(5432);
        let user = c.get_user().unwrap_or("");
        let db = c.get_dbname().unwrap_or("");
        write!(f, "postgres://{user}@{host}:{port}/{db}")?;
        match &self.schema {
            Some(schema) => write!(f, " (schema {schema})"),
            None => Ok(()),
        }
    }
}

fn check_schema(schema: &str) -> Result<(), StoreError> {
    let ok = (1..=63).contains(&schema.len())
        && !schema.starts_with(|c: char| c.is_ascii_digit())
        && schema.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Backend(format!(
            "invalid schema name {:?}: use 1 to 63 of a-z, 0-9 and _, not starting with a digit",
            schema.chars().take(80).collect::<String>()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schemes_parse_and_display_without_the_password() {
        for url in ["postgres://root:hunter2@db.example:6543/cg", "postgresql://root:hunter2@db.example:6543/cg"] {
            let target = Target::parse(url, Some("cg_a")).expect(url);
            let shown = target.to_string();
            assert_eq!(shown, "postgres://root@db.example:6543/cg (schema cg_a)");
        }
    }

    #[test]
    fn the_schema_joins_options_from_the_url() {
        let url = "postgres://root@h/db?options=-cstatement_timeout%3D5000";
        let target = Target::parse(url, Some("cg_b")).expect("parse");
        assert_eq!(target.config.get_options(), Some("-cstatement_timeout=5000 -csearch_path=cg_b"));
    }

    #[test]
    fn other_schemes_bad_urls_and_bad_schemas_are_refused() {
        let bad = [
            ("sqlite://x.db", None),
            ("postgres://h/db?nonsense=1", None),
            ("postgres://h/db", Some("")),
            ("postgres://h/db", Some("Public")),
            ("postgres://h/db", Some("1abc")),
            ("postgres://h/db", Some("a;drop")),
        ];
        for (url, schema) in bad {
            let err = Target::parse(url, schema).err();
            assert!(matches!(err, Some(StoreError::Backend(_))), "{url} {schema:?}");
        }
    }
}
