//! Layered settings: defaults < config file < environment < flags.
//!
//! clap already resolves flags over environment variables; the file fills in
//! what neither gave, and defaults fill in the rest. Secrets come only from
//! the environment (`CHARTGATE_SIGNING_KEY`) or a file it names
//! (`CHARTGATE_SIGNING_KEY_FILE`), never from flags, where `ps` would show
//! them.

use crate::cli::{Cli, ServeArgs};
use anyhow::{Context, bail};
use chartgate_core::{KeyAlg, SigningKey};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

/// The default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE: &str = "chartgate.db";
/// The default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// The longest grace period a replaced refresh token may have: longer, and
/// a stolen copy mints unnoticed for that long.
const MAX_REFRESH_GRACE_SECONDS: u64 = 3600;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database: Option<String>,
    listen: Option<SocketAddr>,
    poll_ms: Option<u64>,
    redis: Option<String>,
    redis_failure: Option<String>,
    redis_prefix: Option<String>,
    instances: Option<u32>,
    rotate_refresh_tokens: Option<bool>,
    refresh_grace_seconds: Option<u64>,
    trust_forwarded_for: Option<bool>,
    signing_alg: Option<String>,
    max_staleness: Option<String>,
    max_connections: Option<usize>,
    metrics_listen: Option<SocketAddr>,
    body_timeout: Option<String>,
    header_timeout: Option<String>,
    sandbox_faults: Option<bool>,
    catalog_seed: Option<u64>,
    body_cache_size: Option<String>,
    #[serde(default)]
    upstream: Vec<chartgate_server::gateway::UpstreamSpec>,
    upstream_connect_timeout: Option<String>,
    upstream_timeout: Option<String>,
    upstream_max_body: Option<String>,
    upstream_refresh_token_file: Option<std::path::PathBuf>,
    upstream_rps: Option<u32>,
    upstream_queue_timeout: Option<String>,
    upstream_cache_ttl: Option<String>,
    upstream_cache_size: Option<String>,
}

/// Where rate limits live.
pub enum LimiterSettings {
    /// In process (one instance).
    Memory,
    /// In Redis, shared by `instances` instances.
    Redis {
        /// The Redis URL.
        url: String,
        /// Fail closed (503) instead of open while Redis is away.
        fail_closed: bool,
        /// How many instances share the limits.
        instances: u32,
        /// Key prefix in Redis.
        prefix: String,
    },
}

/// The resolved settings.
pub struct Settings {
    pub database: String,
    pub listen: SocketAddr,
    pub poll_interval: Duration,
    pub limiter: LimiterSettings,
    pub rotate_refresh_tokens: bool,
    pub refresh_grace: Duration,
    pub trust_forwarded_for: bool,
    pub signing_alg: KeyAlg,
    pub max_staleness: Duration,
    pub max_connections: usize,
    pub metrics_listen: Option<SocketAddr>,
    pub body_timeout: Duration,
    pub header_timeout: Duration,
    pub sandbox_faults: bool,
    pub catalog_seed: u64,
    /// Bytes of rendered answers kept in memory.
    pub body_cache_bytes: u64,
    /// Gateway mode (`--upstream`, `[[upstream]]`).
    pub gateway: Option<chartgate_server::gateway::GatewayConfig>,
}

fn read_file(path: Option<&Path>) -> anyhow::Result<FileSettings> {
    let Some(path) = path else {
        return Ok(FileSettings::default());
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}

/// Resolves the settings of a command.
pub fn resolve(cli: &Cli, serve: Option<&ServeArgs>) -> anyhow::Result<Settings> {
    let mut file = read_file(cli.config.as_deref())?;
    let gateway = match serve {
        Some(s) => crate::upstream_settings::resolve(Some(&s.upstream), upstream_of(&mut file))?,
        None => None,
    };
    let listen = match serve.and_then(|s| s.listen).or(file.listen) {
        Some(a) => a,
        None => DEFAULT_LISTEN.parse().context("default listen address")?,
    };
    let poll_ms = serve.and_then(|s| s.poll_ms).or(file.poll_ms).unwrap_or(500);
    if !(10..=60_000).contains(&poll_ms) {
        bail!("poll interval must be between 10 and 60000 ms, got {poll_ms}");
    }
    let grace = serve.and_then(|s| s.refresh_grace_seconds).or(file.refresh_grace_seconds).unwrap_or(60);
    if grace > MAX_REFRESH_GRACE_SECONDS {
        bail!("the refresh grace period must be at most {MAX_REFRESH_GRACE_SECONDS} seconds, got {grace}");
    }
    let redis =
        serve.and_then(|s| s.redis.clone()).map(Ok).or_else(|| secret_file("CHARTGATE_REDIS_FILE")).transpose()?;
    let database = cli.database.clone().map(Ok).or_else(|| secret_file("CHARTGATE_DATABASE_FILE")).transpose()?;
    let limiter = match redis.or(file.redis) {
        None => LimiterSettings::Memory,
        Some(url) => {
            let failure = serve.and_then(|s| s.redis_failure.clone()).or(file.redis_failure);
            let fail_closed = match failure.as_deref() {
                None | Some("open") => false,
                Some("closed") => true,
                Some(other) => bail!("redis_failure must be `open` or `closed`, got {other:?}"),
            };
            let instances = serve.and_then(|s| s.instances).or(file.instances).unwrap_or(1);
            if instances == 0 {
                bail!("instances must be at least 1");
            }
            let prefix =
                serve.and_then(|s| s.redis_prefix.clone()).or(file.redis_prefix).unwrap_or_else(|| "chartgate".into());
            LimiterSettings::Redis { url, fail_closed, instances, prefix }
        }
    };
    Ok(Settings {
        database: database.or(file.database).unwrap_or_else(|| DEFAULT_DATABASE.into()),
        listen,
        poll_interval: Duration::from_millis(poll_ms),
        limiter,
        rotate_refresh_tokens: serve
            .and_then(|s| s.rotate_refresh_tokens)
            .or(file.rotate_refresh_tokens)
            .unwrap_or(false),
        refresh_grace: Duration::from_secs(grace),
        trust_forwarded_for: serve.and_then(|s| s.trust_forwarded_for).or(file.trust_forwarded_for).unwrap_or(false),
        signing_alg: serve
            .and_then(|s| s.signing_alg.clone())
            .or(file.signing_alg)
            .as_deref()
            .unwrap_or("HS256")
            .parse()?,
        max_staleness: duration(
            "max_staleness",
            serve.and_then(|s| s.max_staleness.clone()).or(file.max_staleness),
            30,
        )?,
        max_connections: match serve.and_then(|s| s.max_connections).or(file.max_connections).unwrap_or(10_000) {
            0 => bail!("max_connections must be at least 1"),
            n => n,
        },
        metrics_listen: serve.and_then(|s| s.metrics_listen).or(file.metrics_listen),
        body_timeout: duration("body_timeout", serve.and_then(|s| s.body_timeout.clone()).or(file.body_timeout), 10)?,
        header_timeout: duration(
            "header_timeout",
            serve.and_then(|s| s.header_timeout.clone()).or(file.header_timeout),
            30,
        )?,
        sandbox_faults: serve.and_then(|s| s.sandbox_faults).or(file.sandbox_faults).unwrap_or(false),
        catalog_seed: serve
            .and_then(|s| s.catalog_seed)
            .or(file.catalog_seed)
            .unwrap_or(chartgate_server::config::DEFAULT_CATALOG_SEED),
        body_cache_bytes: size(
            "body_cache_size",
            serve.and_then(|s| s.body_cache_size.clone()).or(file.body_cache_size),
            chartgate_server::config::DEFAULT_BODY_CACHE_BYTES,
        )?,
        gateway,
    })
}

/// The config file's upstream settings, taken out of it.
fn upstream_of(file: &mut FileSettings) -> crate::upstream_settings::FileUpstream {
    crate::upstream_settings::FileUpstream {
        tables: std::mem::take(&mut file.upstream),
        connect_timeout: file.upstream_connect_timeout.take(),
        timeout: file.upstream_timeout.take(),
        max_body: file.upstream_max_body.take(),
        refresh_token_file: file.upstream_refresh_token_file.take(),
        rps: file.upstream_rps.take(),
        queue_timeout: file.upstream_queue_timeout.take(),
        cache_ttl: file.upstream_cache_ttl.take(),
        cache_size: file.upstream_cache_size.take(),
    }
}

/// A size setting such as `64MiB`, `512KiB`, `1GB` or a bare number of bytes.
pub(crate) fn size(name: &str, given: Option<String>, default: u64) -> anyhow::Result<u64> {
    let Some(text) = given else { return Ok(default) };
    let parsed: bytesize::ByteSize =
        text.trim().parse().map_err(|e| anyhow::anyhow!("{name}: {text:?} is not a size such as 64MiB ({e})"))?;
    Ok(parsed.as_u64())
}

/// A duration setting such as `30s`, `2m` or `1h` (a bare number is
/// seconds), at least a millisecond.
pub(crate) fn duration(name: &str, given: Option<String>, default_secs: u64) -> anyhow::Result<Duration> {
    let Some(text) = given else {
        return Ok(Duration::from_secs(default_secs));
    };
    let parsed = match text.trim().parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => humantime::parse_duration(text.trim())
            .with_context(|| format!("{name} must be a duration such as 30s, 2m or 1h, got {text:?}"))?,
    };
    if parsed < Duration::from_millis(1) {
        bail!("{name} must be at least 1ms, got {text:?}");
    }
    Ok(parsed)
}

/// The contents of the file an environment variable names, trimmed of
/// trailing whitespace: for URLs that carry a password
/// (`CHARTGATE_DATABASE_FILE`, `CHARTGATE_REDIS_FILE`), kept out of the
/// environment and of `ps`.
fn secret_file(var: &str) -> Option<anyhow::Result<String>> {
    let path = std::env::var(var).ok()?;
    let read = std::fs::read_to_string(&path).with_context(|| format!("cannot read {var} {path}"));
    Some(read.map(|s| s.trim_end().to_owned()))
}

/// The signing key from `CHARTGATE_SIGNING_KEY` or `CHARTGATE_SIGNING_KEY_FILE`.
pub fn signing_key() -> anyhow::Result<Option<SigningKey>> {
    let inline = std::env::var("CHARTGATE_SIGNING_KEY").ok();
    let file = std::env::var("CHARTGATE_SIGNING_KEY_FILE").ok();
    let secret = match (inline, file) {
        (Some(_), Some(_)) => bail!("set CHARTGATE_SIGNING_KEY or CHARTGATE_SIGNING_KEY_FILE, not both"),
        (Some(s), None) => s.into_bytes(),
        (None, Some(path)) => {
            let mut bytes =
                std::fs::read(&path).with_context(|| format!("cannot read CHARTGATE_SIGNING_KEY_FILE {path}"))?;
            while bytes.last().is_some_and(|b| b.is_ascii_whitespace()) {
                bytes.pop();
            }
            bytes
        }
        (None, None) => return Ok(None),
    };
    let key = SigningKey::from_secret(&secret).context("invalid signing key")?;
    Ok(Some(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// The booleans `serve` resolves to, given a config file and flags.
    fn booleans(file: &str, flags: &[&str]) -> (bool, bool) {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("chartgate.toml");
        std::fs::write(&config, file).unwrap();
        let mut args = vec!["chartgate", "--config", config.to_str().unwrap(), "serve"];
        args.extend(flags);
        let cli = Cli::try_parse_from(args).unwrap();
        let crate::cli::Command::Serve(serve) = &cli.command else { unreachable!("parsed serve") };
        let settings = resolve(&cli, Some(serve)).unwrap();
        (settings.rotate_refresh_tokens, settings.trust_forwarded_for)
    }

    #[test]
    fn a_flag_set_to_false_overrides_true_in_the_config_file() {
        let file = "rotate_refresh_tokens = true\ntrust_forwarded_for = true\n";
        assert_eq!(booleans(file, &[]), (true, true));
        let off = ["--rotate-refresh-tokens=false", "--trust-forwarded-for=false"];
        assert_eq!(booleans(file, &off), (false, false));
        assert_eq!(booleans(file, &["--rotate-refresh-tokens", "false"]), (false, true));
    }

    #[test]
    fn a_bare_or_true_flag_overrides_false_in_the_config_file() {
        let file = "rotate_refresh_tokens = false\ntrust_forwarded_for = false\n";
        assert_eq!(booleans(file, &[]), (false, false));
        assert_eq!(booleans(file, &["--rotate-refresh-tokens", "--trust-forwarded-for=true"]), (true, true));
        assert_eq!(booleans("", &[]), (false, false), "both are off by default");
    }
}
