//! What the gateway is configured with: its upstreams (by path prefix, each
//! with the scope it needs), timeouts, the shared secret, and the broker.
//!
//! Parsing is here, so the binary only reads files and flags. Precedence of
//! the upstreams: the longest matching prefix wins; `--upstream URL` is the
//! catch-all `/api` upstream and replaces a `[[upstream]]` table of prefix
//! `/api` (a flag overrides the file).

use chartgate_core::Scope;
use http::uri::{Authority, Scheme};
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;
use zeroize::Zeroizing;

/// How long connecting to an upstream may take unless configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an upstream may take to answer (and between two chunks of its
/// body) unless configured.
pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request body forwarded unless configured: 1 GiB. Bodies are
/// streamed, never held: this bounds what a client may send, not memory.
pub const DEFAULT_MAX_BODY: u64 = 1 << 30;
/// How long a request waits for the upstream's budget unless configured.
pub const DEFAULT_QUEUE_TIMEOUT: Duration = Duration::from_secs(30);
/// The memory for cached upstream answers unless configured: 64 MiB.
pub const DEFAULT_CACHE_BYTES: u64 = 64 << 20;
/// The prefix of the catch-all upstream (`--upstream URL`).
pub const CATCH_ALL: &str = "/api";

/// Why a gateway setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A prefix that is not a path under `/api`.
    #[error("upstream prefix {0:?} must be /api or a path under /api/ (letters, digits, - _ . ~ and /)")]
    Prefix(String),
    /// A URL that is not `http(s)://host[:port][/path]`.
    #[error("upstream url {0}: {1}")]
    Url(String, &'static str),
    /// A scope that does not parse.
    #[error("upstream {prefix}: {error}")]
    Scope {
        /// The upstream's prefix.
        prefix: String,
        /// The parse error.
        error: String,
    },
    /// Two upstreams with one prefix or one name.
    #[error("two upstreams have the {0}; each needs its own")]
    Duplicate(String),
    /// A broker needs every upstream to be the one API it holds a token for.
    #[error("broker mode (an upstream refresh token) needs every upstream to have the same url")]
    BrokerUrls,
    /// A zero where a positive figure is needed.
    #[error("{0} must be at least 1")]
    Zero(&'static str),
}

/// An upstream as written in the config file (`[[upstream]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpstreamSpec {
    /// The metric label and log name; the prefix unless given.
    pub name: Option<String>,
    /// The path prefix it serves (segment-wise: `/api/artist` serves
    /// `/api/artist/1`, not `/api/artists`).
    pub prefix: String,
    /// Where requests go: `http(s)://host[:port][/base]`.
    pub url: String,
    /// The scope a caller needs; `api` unless given.
    pub scope: Option<String>,
}

/// One upstream, checked.
#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    /// The metric label and log name.
    pub name: String,
    /// The path prefix it serves.
    pub prefix: Prefix,
    /// Where requests go.
    pub url: UpstreamUrl,
    /// The scope a caller needs.
    pub scope: Scope,
}

/// The upstreams from the catch-all URL (flag or environment) and the
/// config file's tables: the catch-all replaces a table of prefix `/api`.
pub fn resolve_upstreams(catch_all: Option<&str>, tables: &[UpstreamSpec]) -> Result<Vec<UpstreamConfig>, ConfigError> {
    let mut out = Vec::new();
    if let Some(url) = catch_all {
        let spec =
            UpstreamSpec { name: Some("default".into()), prefix: CATCH_ALL.into(), url: url.into(), scope: None };
        out.push(upstream(&spec)?);
    }
    for spec in tables {
        let checked = upstream(spec)?;
        if catch_all.is_some() && checked.prefix.as_str() == CATCH_ALL {
            continue;
        }
        out.push(checked);
    }
    for (i, u) in out.iter().enumerate() {
        if out[..i].iter().any(|o| o.prefix == u.prefix) {
            return Err(ConfigError::Duplicate(format!("prefix {}", u.prefix)));
        }
        if out[..i].iter().any(|o| o.name == u.name) {
            return Err(ConfigError::Duplicate(format!("name {:?}", u.name)));
        }
    }
    Ok(out)
}

fn upstream(spec: &UpstreamSpec) -> Result<UpstreamConfig, ConfigError> {
    let prefix = Prefix::parse(&spec.prefix)?;
    let url = UpstreamUrl::parse(&spec.url)?;
    let scope = spec.scope.as_deref().unwrap_or(chartgate_core::scope::API);
    let scope = scope.parse().map_err(|e: chartgate_core::scope::ScopeError| ConfigError::Scope {
        prefix: spec.prefix.clone(),
        error: e.to_string(),
    })?;
    let name = spec.name.clone().unwrap_or_else(|| prefix.as_str().to_owned());
    Ok(UpstreamConfig { name, prefix, url, scope })
}

/// A path prefix under `/api`, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix(String);

impl Prefix {
    /// Checks and normalises a prefix (`/api/` is `/api`).
    pub fn parse(s: &str) -> Result<Self, ConfigError> {
        let bad = || ConfigError::Prefix(s.chars().take(100).collect());
        let trimmed = s.trim_end_matches('/');
        let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~');
        let under_api = trimmed == CATCH_ALL || trimmed.starts_with("/api/");
        if !under_api || !trimmed.bytes().all(allowed) || trimmed.contains("//") || trimmed.split('/').any(dots) {
            return Err(bad());
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// Whether the prefix serves `path`: the same path, or one below it.
    pub fn serves(&self, path: &str) -> bool {
        path.strip_prefix(self.0.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn dots(segment: &str) -> bool {
    segment == "." || segment == ".."
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An upstream's base URL: scheme, host and port, and a base path that
/// forwarded paths are appended to. Never carries credentials, so it may be
/// logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamUrl {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// Host and port.
    pub authority: Authority,
    /// The base path without a trailing slash (`""` for none).
    pub base_path: String,
}

impl UpstreamUrl {
    /// Parses `http(s)://host[:port][/path]`; refuses user information (a
    /// password in a URL ends up in logs), queries and fragments.
    pub fn parse(s: &str) -> Result<Self, ConfigError> {
        let shown = || s.split('@').next_back().unwrap_or_default().chars().take(100).collect::<String>();
        let err = |why| ConfigError::Url(shown(), why);
        let uri: http::Uri = s.parse().map_err(|_| err("is not a URL"))?;
        let scheme = uri.scheme().cloned().ok_or_else(|| err("needs http:// or https://"))?;
        if scheme != Scheme::HTTP && scheme != Scheme::HTTPS {
            return Err(err("needs http:// or https://"));
        }
        let authority = uri.authority().cloned().ok_or_else(|| err("needs a host"))?;
        if authority.as_str().contains('@') {
            return Err(err("must not carry a user or password (use the shared secret)"));
        }
        if uri.query().is_some() || s.contains('#') {
            return Err(err("must not carry a query or fragment"));
        }
        let base_path = uri.path().trim_end_matches('/').to_owned();
        Ok(Self { scheme, authority, base_path })
    }

    /// The URL as configured, normalised.
    pub fn origin(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.base_path)
    }

    /// The host and port to connect to.
    pub fn host_port(&self) -> (String, u16) {
        let default = if self.scheme == Scheme::HTTPS { 443 } else { 80 };
        let host = self.authority.host().trim_start_matches('[').trim_end_matches(']');
        (host.to_owned(), self.authority.port_u16().unwrap_or(default))
    }
}

impl fmt::Display for UpstreamUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin())
    }
}

/// A secret string: `Debug` redacted, zeroized on drop, never logged.
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret, trimmed of trailing whitespace (a file's newline).
    pub fn new(s: impl Into<String>) -> Self {
        let mut s: String = s.into();
        s.truncate(s.trim_end().len());
        Self(Zeroizing::new(s))
    }

    /// The secret itself: for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where the broker's upstream refresh token comes from.
#[derive(Debug, Clone)]
pub enum RefreshTokenSource {
    /// A file chartgate reads and rewrites (atomically, mode 0600) when the
    /// upstream rotates the token.
    File(PathBuf),
    /// A value (from the environment); a rotated token is kept in memory
    /// only, so a restart uses this one again.
    Value(Secret),
}

/// Broker mode: chartgate holds the upstream account's refresh token.
#[derive(Debug, Clone)]
pub struct BrokerConfig {
    /// The upstream account's refresh token.
    pub refresh_token: RefreshTokenSource,
    /// The upstream plan's requests per second, shared by every instance;
    /// unshaped when `None`.
    pub rps: Option<u32>,
    /// How long a request may wait for the upstream budget before a 429.
    pub queue_timeout: Duration,
    /// How long successful GET answers are cached; no cache when `None`.
    pub cache_ttl: Option<Duration>,
    /// The memory for cached answers, in bytes.
    pub cache_bytes: u64,
}

impl BrokerConfig {
    /// A broker with the defaults: unshaped, no cache.
    pub fn new(refresh_token: RefreshTokenSource) -> Self {
        Self {
            refresh_token,
            rps: None,
            queue_timeout: DEFAULT_QUEUE_TIMEOUT,
            cache_ttl: None,
            cache_bytes: DEFAULT_CACHE_BYTES,
        }
    }
}

/// Gateway mode: every `/api/` request but the token route is forwarded.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// The upstreams (at least one).
    pub upstreams: Vec<UpstreamConfig>,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// How long an upstream may take to send its response head, and then
    /// each chunk of its body; also how long a client may pause its body.
    pub response_timeout: Duration,
    /// The largest request body forwarded.
    pub max_body: u64,
    /// Sent as `X-Chartgate-Secret` on every forwarded request, so the
    /// upstream can tell chartgate from anyone else.
    pub secret: Option<Secret>,
    /// Broker mode.
    pub broker: Option<BrokerConfig>,
}

impl GatewayConfig {
    /// A gateway to `upstreams` with the default timeouts and limits.
    pub fn new(upstreams: Vec<UpstreamConfig>) -> Self {
        Self {
            upstreams,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            response_timeout: DEFAULT_RESPONSE_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
            secret: None,
            broker: None,
        }
    }

    /// Checks what only the whole can tell.
    pub fn check(&self) -> Result<(), ConfigError> {
        if let Some(b) = &self.broker {
            let first = self.upstreams.first().map(|u| &u.url);
            if self.upstreams.iter().any(|u| Some(&u.url) != first) {
                return Err(ConfigError::BrokerUrls);
            }
            if b.rps == Some(0) {
                return Err(ConfigError::Zero("upstream_rps"));
            }
        }
        if self.upstreams.is_empty() {
            return Err(ConfigError::Zero("the number of upstreams"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(prefix: &str, url: &str) -> UpstreamSpec {
        UpstreamSpec { name: None, prefix: prefix.into(), url: url.into(), scope: None }
    }

    #[test]
    fn prefixes_are_paths_under_api_without_a_trailing_slash() {
        assert_eq!(Prefix::parse("/api/").unwrap().as_str(), "/api");
        assert_eq!(Prefix::parse("/api/artist/").unwrap().as_str(), "/api/artist");
        for bad in ["/", "", "/apix", "/other", "api/x", "/api//x", "/api/../token", "/api/a?b", "/api/é"] {
            assert!(Prefix::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_prefix_serves_whole_segments_only() {
        let p = Prefix::parse("/api/artist").unwrap();
        assert!(p.serves("/api/artist"));
        assert!(p.serves("/api/artist/1/stat"));
        assert!(!p.serves("/api/artists"));
        assert!(Prefix::parse("/api").unwrap().serves("/api/anything"));
    }

    #[test]
    fn urls_are_http_or_https_without_credentials() {
        let u = UpstreamUrl::parse("http://127.0.0.1:9000/base/").unwrap();
        assert_eq!(u.origin(), "http://127.0.0.1:9000/base");
        assert_eq!(u.host_port(), ("127.0.0.1".into(), 9000));
        assert_eq!(UpstreamUrl::parse("https://api.chartmetric.com").unwrap().host_port().1, 443);
        for bad in ["ftp://x", "127.0.0.1:80", "http://u:pw@host", "http://h/?q=1", "http://h/#f", "nope"] {
            assert!(UpstreamUrl::parse(bad).is_err(), "{bad:?}");
        }
        let e = UpstreamUrl::parse("http://user:hunter2@host").unwrap_err().to_string();
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn the_catch_all_flag_replaces_the_files_catch_all_table() {
        let tables = [spec("/api/", "http://file"), spec("/api/artist", "http://artists")];
        let got = resolve_upstreams(Some("http://flag"), &tables).unwrap();
        let pairs: Vec<_> = got.iter().map(|u| (u.prefix.as_str().to_owned(), u.url.origin())).collect();
        assert_eq!(pairs, [("/api".into(), "http://flag".into()), ("/api/artist".into(), "http://artists".into())]);
        assert_eq!(resolve_upstreams(None, &tables).unwrap()[0].url.origin(), "http://file");
    }

    #[test]
    fn duplicate_prefixes_and_bad_scopes_are_refused() {
        let twice = [spec("/api/a", "http://x"), spec("/api/a/", "http://y")];
        assert!(matches!(resolve_upstreams(None, &twice), Err(ConfigError::Duplicate(_))));
        let scoped = UpstreamSpec { scope: Some("Not A Scope".into()), ..spec("/api/a", "http://x") };
        assert!(matches!(resolve_upstreams(None, &[scoped]), Err(ConfigError::Scope { .. })));
    }

    #[test]
    fn secrets_are_redacted_and_trimmed() {
        let s = Secret::new("s3cret\n");
        assert_eq!(s.expose(), "s3cret");
        assert!(!format!("{s:?}").contains("s3cret"));
    }
}
