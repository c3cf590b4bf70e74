//! The gateway's and the broker's settings, layered as every other:
//! flags > environment > config file > defaults. The upstreams themselves
//! are resolved by `chartgate_server::gateway::config::resolve_upstreams`
//! (`--upstream` is the catch-all and replaces a file table of prefix
//! `/api`; the longest prefix wins). Secrets come from the environment or a
//! file, never from a flag.

use crate::cli::UpstreamArgs;
use crate::settings::{duration, size};
use anyhow::{Context, bail};
use chartgate_server::gateway::config::{self, resolve_upstreams};
use chartgate_server::gateway::{BrokerConfig, GatewayConfig, RefreshTokenSource, Secret, UpstreamSpec};
use std::path::PathBuf;
use std::time::Duration;

/// What the config file says about upstreams.
#[derive(Debug, Default)]
pub struct FileUpstream {
    pub tables: Vec<UpstreamSpec>,
    pub connect_timeout: Option<String>,
    pub timeout: Option<String>,
    pub max_body: Option<String>,
    pub refresh_token_file: Option<PathBuf>,
    pub rps: Option<u32>,
    pub queue_timeout: Option<String>,
    pub cache_ttl: Option<String>,
    pub cache_size: Option<String>,
}

/// The gateway's settings; `None` without any upstream (sandbox mode).
pub fn resolve(args: Option<&UpstreamArgs>, file: FileUpstream) -> anyhow::Result<Option<GatewayConfig>> {
    let flag = |f: fn(&UpstreamArgs) -> Option<String>| args.and_then(f);
    let upstreams = resolve_upstreams(args.and_then(|a| a.upstream.as_deref()), &file.tables)?;
    let broker = broker(args, &file)?;
    if upstreams.is_empty() {
        let gateway_only = [
            ("--upstream-timeout", flag(|a| a.upstream_timeout.clone()).or(file.timeout.clone())),
            (
                "--upstream-connect-timeout",
                flag(|a| a.upstream_connect_timeout.clone()).or(file.connect_timeout.clone()),
            ),
            ("--upstream-max-body", flag(|a| a.upstream_max_body.clone()).or(file.max_body.clone())),
        ];
        if let Some((name, _)) = gateway_only.iter().find(|(_, v)| v.is_some()) {
            bail!("{name} needs gateway mode: --upstream URL or an [[upstream]] table");
        }
        if broker.is_some() {
            bail!("an upstream refresh token needs gateway mode: --upstream URL or an [[upstream]] table");
        }
        return Ok(None);
    }
    let mut gateway = GatewayConfig::new(upstreams);
    gateway.connect_timeout = duration(
        "upstream_connect_timeout",
        flag(|a| a.upstream_connect_timeout.clone()).or(file.connect_timeout),
        config::DEFAULT_CONNECT_TIMEOUT.as_secs(),
    )?;
    gateway.response_timeout = duration(
        "upstream_timeout",
        flag(|a| a.upstream_timeout.clone()).or(file.timeout),
        config::DEFAULT_RESPONSE_TIMEOUT.as_secs(),
    )?;
    gateway.max_body =
        size("upstream_max_body", flag(|a| a.upstream_max_body.clone()).or(file.max_body), config::DEFAULT_MAX_BODY)?;
    gateway.secret = secret()?;
    gateway.broker = broker;
    gateway.check()?;
    Ok(Some(gateway))
}

/// Broker mode's settings; `None` without an upstream refresh token, and
/// then no broker setting may be given.
fn broker(args: Option<&UpstreamArgs>, file: &FileUpstream) -> anyhow::Result<Option<BrokerConfig>> {
    let path = args.and_then(|a| a.upstream_refresh_token_file.clone()).or(file.refresh_token_file.clone());
    let value = std::env::var("CHARTGATE_UPSTREAM_REFRESH_TOKEN").ok();
    let source = match (path, value) {
        (Some(_), Some(_)) => {
            bail!("set CHARTGATE_UPSTREAM_REFRESH_TOKEN or --upstream-refresh-token-file, not both")
        }
        (Some(p), None) => Some(RefreshTokenSource::File(p)),
        (None, Some(v)) => Some(RefreshTokenSource::Value(Secret::new(v))),
        (None, None) => None,
    };
    let rps = args.and_then(|a| a.upstream_rps).or(file.rps);
    let queue = args.and_then(|a| a.upstream_queue_timeout.clone()).or(file.queue_timeout.clone());
    let ttl = args.and_then(|a| a.upstream_cache_ttl.clone()).or(file.cache_ttl.clone());
    let cache_size = args.and_then(|a| a.upstream_cache_size.clone()).or(file.cache_size.clone());
    let Some(source) = source else {
        let given = [("--upstream-rps", rps.is_some()), ("--upstream-queue-timeout", queue.is_some())]
            .into_iter()
            .chain([("--upstream-cache-ttl", ttl.is_some()), ("--upstream-cache-size", cache_size.is_some())]);
        if let Some((name, _)) = given.into_iter().find(|(_, set)| *set) {
            bail!(
                "{name} needs broker mode: --upstream-refresh-token-file PATH or CHARTGATE_UPSTREAM_REFRESH_TOKEN \
                 (the cache shares answers between users, right only when the upstream answers one account)"
            );
        }
        return Ok(None);
    };
    let mut b = BrokerConfig::new(source);
    b.rps = match rps {
        Some(0) => bail!("upstream_rps must be at least 1"),
        r => r,
    };
    b.queue_timeout = duration("upstream_queue_timeout", queue, config::DEFAULT_QUEUE_TIMEOUT.as_secs())?;
    b.cache_ttl = ttl.map(|t| duration("upstream_cache_ttl", Some(t), 0)).transpose()?;
    b.cache_bytes = size("upstream_cache_size", cache_size, config::DEFAULT_CACHE_BYTES)?;
    if b.cache_bytes == 0 {
        b.cache_ttl = None;
    }
    Ok(Some(b))
}

/// The shared secret from `CHARTGATE_UPSTREAM_SECRET` or the file
/// `CHARTGATE_UPSTREAM_SECRET_FILE` names.
fn secret() -> anyhow::Result<Option<Secret>> {
    let inline = std::env::var("CHARTGATE_UPSTREAM_SECRET").ok();
    let file = std::env::var("CHARTGATE_UPSTREAM_SECRET_FILE").ok();
    let secret = match (inline, file) {
        (Some(_), Some(_)) => bail!("set CHARTGATE_UPSTREAM_SECRET or CHARTGATE_UPSTREAM_SECRET_FILE, not both"),
        (Some(s), None) => Secret::new(s),
        (None, Some(path)) => Secret::new(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read CHARTGATE_UPSTREAM_SECRET_FILE {path}"))?,
        ),
        (None, None) => return Ok(None),
    };
    if secret.expose().is_empty() {
        bail!("the upstream shared secret is empty");
    }
    Ok(Some(secret))
}

/// The upstreams and broker settings in one line, for the start-up log.
pub fn describe(g: &GatewayConfig) -> String {
    let mut parts: Vec<String> =
        g.upstreams.iter().map(|u| format!("{} -> {} ({})", u.prefix, u.url, u.scope)).collect();
    if let Some(b) = &g.broker {
        let rps = b.rps.map_or_else(|| "unshaped".to_owned(), |n| format!("{n} rps"));
        let cache = b.cache_ttl.map_or_else(|| "no cache".to_owned(), |t| format!("cache {}", fmt(t)));
        parts.push(format!("broker: {rps}, queue {}, {cache}", fmt(b.queue_timeout)));
    }
    parts.join("; ")
}

fn fmt(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}
