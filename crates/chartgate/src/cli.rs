//! Command-line arguments.

use crate::logging::LogFormat;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// chartgate: refresh tokens, one-hour access tokens, scopes and rate limits
/// for the Chartmetric API, and the API itself.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// Database: a file path, sqlite://PATH, or postgres://...
    #[arg(long, global = true, env = "CHARTGATE_DATABASE", hide_env_values = true)]
    pub database: Option<String>,
    /// A TOML file of settings (flags and environment override it).
    #[arg(long, global = true, env = "CHARTGATE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Log lines on stderr as `text` or as `json` objects, one per line.
    #[arg(long, global = true, env = "CHARTGATE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (creates and migrates the database on first start).
    Serve(Box<ServeArgs>),
    /// Create or upgrade the database schema.
    Migrate,
    /// Manage API users.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage refresh tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Manage plans.
    #[command(subcommand)]
    Plan(PlanCmd),
    /// Load data into the catalog.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Manage the keys that sign access tokens.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Show the audit log, newest first: admin changes and security events.
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only events about this user.
    #[arg(long)]
    pub user: Option<String>,
    /// Only events this recent: a number and a unit, e.g. 30s, 15m, 1h, 7d.
    #[arg(long, value_parser = parse_age)]
    pub since: Option<Duration>,
    /// At most this many events.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    #[command(flatten)]
    pub json: Json,
}

/// An age such as `30s`, `15m`, `1h` or `7d`.
fn parse_age(s: &str) -> Result<Duration, String> {
    let unit_at = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(unit_at);
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a number and a unit such as 30s, 15m, 1h or 7d"))?;
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("unknown unit in {s:?}: use s, m, h or d (30s, 15m, 1h, 7d)")),
    };
    n.checked_mul(secs).map(Duration::from_secs).ok_or_else(|| format!("{s:?} is too long"))
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CHARTGATE_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// How often to poll the database for user and plan changes, in ms.
    #[arg(long, env = "CHARTGATE_POLL_MS")]
    pub poll_ms: Option<u64>,
    /// Share rate limits with other instances through this Redis
    /// (redis://...); without it, limits are kept in process.
    #[arg(long, env = "CHARTGATE_REDIS", hide_env_values = true)]
    pub redis: Option<String>,
    /// While Redis is unreachable: `open` enforces this instance's share of
    /// each limit in process (default), `closed` answers 503.
    #[arg(long, env = "CHARTGATE_REDIS_FAILURE", value_parser = ["open", "closed"])]
    pub redis_failure: Option<String>,
    /// Issue a new refresh token with every mint (the old one stops minting;
    /// issued access tokens stay valid). Off by default, like the real API;
    /// `=false` overrides a `true` in the config file.
    #[arg(long, env = "CHARTGATE_ROTATE_REFRESH_TOKENS", value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub rotate_refresh_tokens: Option<bool>,
    /// With rotation on: seconds a replaced refresh token still mints (a
    /// client retrying after a lost response); presented later, it is taken
    /// as stolen and the user's refresh token is revoked. Default 60.
    #[arg(long, env = "CHARTGATE_REFRESH_GRACE_SECONDS")]
    pub refresh_grace_seconds: Option<u64>,
    /// Behind a load balancer that appends X-Forwarded-For: count failed
    /// mints per client address from that header, not per balancer;
    /// `=false` overrides a `true` in the config file.
    #[arg(long, env = "CHARTGATE_TRUST_FORWARDED_FOR", value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub trust_forwarded_for: Option<bool>,
    /// Key prefix in Redis, so several deployments can share one Redis.
    #[arg(long, env = "CHARTGATE_REDIS_PREFIX")]
    pub redis_prefix: Option<String>,
    /// How many instances share the limits (for the fail-open share).
    #[arg(long, env = "CHARTGATE_INSTANCES")]
    pub instances: Option<u32>,
    /// The algorithm of the key that signs access tokens: HS256 (default,
    /// as the real API) or EdDSA (public keys at /.well-known/jwks.json).
    /// Switching creates a new active key; the old one keeps verifying.
    #[arg(long, env = "CHARTGATE_SIGNING_ALG")]
    pub signing_alg: Option<String>,
    /// The oldest this instance's view of users, plans and revocations may
    /// get while the database is unreachable before authenticated routes
    /// answer 503 (e.g. 30s, 2m).
    #[arg(long, env = "CHARTGATE_MAX_STALENESS")]
    pub max_staleness: Option<String>,
    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, env = "CHARTGATE_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Serve GET /metrics on this address only, not on the public one.
    #[arg(long, env = "CHARTGATE_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// How long a client may take to send a request body (e.g. 10s).
    #[arg(long, env = "CHARTGATE_BODY_TIMEOUT")]
    pub body_timeout: Option<String>,
    /// How long a client may take to send its request headers, and how long
    /// an idle keep-alive connection stays open (e.g. 30s).
    #[arg(long, env = "CHARTGATE_HEADER_TIMEOUT")]
    pub header_timeout: Option<String>,
    /// Sandbox: honour `X-Chartgate-Fault: status=503|502|500|429|401`,
    /// `latency=250ms` or `drop` on requests, to test clients' retry logic;
    /// `=false` overrides a `true` in the config file.
    #[arg(long, env = "CHARTGATE_SANDBOX_FAULTS", value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub sandbox_faults: Option<bool>,
    /// The seed of the generated sandbox catalog: the same seed gives the
    /// same answers on every instance and every restart.
    #[arg(long, env = "CHARTGATE_CATALOG_SEED")]
    pub catalog_seed: Option<u64>,
    /// Memory for rendered answers of the data routes (e.g. 64MiB, 512KiB,
    /// 0 for none; default 64MiB): hot ids are served from it, and it never
    /// grows past this whatever clients ask for.
    #[arg(long, env = "CHARTGATE_BODY_CACHE_SIZE")]
    pub body_cache_size: Option<String>,
    #[command(flatten)]
    pub upstream: UpstreamArgs,
}

/// Gateway and broker mode (docs/OPERATIONS.md). The shared secret comes
/// from CHARTGATE_UPSTREAM_SECRET or CHARTGATE_UPSTREAM_SECRET_FILE and the
/// broker's refresh token from CHARTGATE_UPSTREAM_REFRESH_TOKEN or a file,
/// never from a flag value `ps` would show.
#[derive(Debug, Args)]
pub struct UpstreamArgs {
    /// Gateway mode: guard every request under /api/ (except /api/token) and
    /// forward it to this URL instead of serving the sandbox catalog. It is
    /// the catch-all upstream (prefix /api); [[upstream]] tables in the
    /// config file add others by path prefix, the longest prefix winning.
    #[arg(long, env = "CHARTGATE_UPSTREAM", value_name = "URL")]
    pub upstream: Option<String>,
    /// How long connecting to an upstream may take (default 5s).
    #[arg(long, env = "CHARTGATE_UPSTREAM_CONNECT_TIMEOUT", value_name = "DURATION")]
    pub upstream_connect_timeout: Option<String>,
    /// How long an upstream may take to answer, and to send each chunk of
    /// its body (default 30s); then 504.
    #[arg(long, env = "CHARTGATE_UPSTREAM_TIMEOUT", value_name = "DURATION")]
    pub upstream_timeout: Option<String>,
    /// The largest request body forwarded (streamed, never held; default 1GiB).
    #[arg(long, env = "CHARTGATE_UPSTREAM_MAX_BODY", value_name = "SIZE")]
    pub upstream_max_body: Option<String>,
    /// Broker mode: the upstream account's refresh token is in this file;
    /// chartgate sends its own upstream access token and writes a rotated
    /// refresh token back (atomically, mode 0600).
    #[arg(long, env = "CHARTGATE_UPSTREAM_REFRESH_TOKEN_FILE", value_name = "PATH")]
    pub upstream_refresh_token_file: Option<PathBuf>,
    /// Broker mode: the upstream plan's requests per second, for all
    /// instances together (through Redis when --redis is set); requests
    /// beyond it wait in a queue fair between users.
    #[arg(long, env = "CHARTGATE_UPSTREAM_RPS", value_name = "N")]
    pub upstream_rps: Option<u32>,
    /// Broker mode: how long a request may wait for the upstream budget
    /// before a 429 (default 30s).
    #[arg(long, env = "CHARTGATE_UPSTREAM_QUEUE_TIMEOUT", value_name = "DURATION")]
    pub upstream_queue_timeout: Option<String>,
    /// Broker mode: keep successful GET answers this long (default: off).
    #[arg(long, env = "CHARTGATE_UPSTREAM_CACHE_TTL", value_name = "DURATION")]
    pub upstream_cache_ttl: Option<String>,
    /// Broker mode: memory for cached answers (default 64MiB).
    #[arg(long, env = "CHARTGATE_UPSTREAM_CACHE_SIZE", value_name = "SIZE")]
    pub upstream_cache_size: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum KeyCmd {
    /// List the signing keys: kid, algorithm, state, creation time (never a secret).
    List(Json),
    /// Make a new key active; earlier keys keep verifying the tokens they signed.
    Rotate {
        /// `HS256` (a shared secret, the real API's algorithm) or `EdDSA`
        /// (Ed25519; public keys at /.well-known/jwks.json).
        #[arg(long, default_value = "HS256")]
        alg: String,
        #[command(flatten)]
        json: Json,
    },
    /// Retire a key that is no longer active: tokens signed with it get 401.
    Retire {
        /// The key's id, from `chartgate key list`.
        kid: String,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Args)]
pub struct Json {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Create a user and print its refresh token once.
    Add {
        /// Unique user name.
        #[arg(long)]
        name: String,
        /// Plan (default: entry).
        #[arg(long)]
        plan: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    /// List users (never prints tokens).
    List(Json),
    /// Show one user, with its last mint and its mints this hour (never
    /// prints tokens).
    Show {
        /// User name.
        name: String,
        #[command(flatten)]
        json: Json,
    },
    /// Disable a user: no more mints, and its access tokens stop working.
    Disable {
        /// User name.
        name: String,
        #[command(flatten)]
        json: Json,
    },
    /// Enable a disabled user again.
    Enable {
        /// User name.
        name: String,
        #[command(flatten)]
        json: Json,
    },
    /// Sandbox: make a fraction of a user's data requests fail (500, 502,
    /// 503 or 429) and delay all of them; honoured only by a server running
    /// with --sandbox-faults.
    SetFaults {
        /// User name.
        name: String,
        /// Fraction of requests that fail, 0 to 1.
        #[arg(long, conflicts_with = "clear")]
        error_rate: Option<f64>,
        /// Milliseconds added to every request, up to 30000.
        #[arg(long, conflicts_with = "clear")]
        latency_ms: Option<u32>,
        /// Remove the user's faults.
        #[arg(long)]
        clear: bool,
        #[command(flatten)]
        json: Json,
    },
    /// Move a user to another plan.
    SetPlan {
        /// User name.
        name: String,
        /// Plan name.
        plan: String,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Issue a new refresh token; the old one stops working at once.
    Rotate {
        /// User name.
        name: String,
        #[command(flatten)]
        json: Json,
    },
    /// Leave the user with no working refresh token.
    Revoke {
        /// User name.
        name: String,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// List plans.
    List(Json),
    /// Create or update a plan.
    Set {
        /// Plan name.
        name: String,
        /// Data requests per second (required for a new plan; an update
        /// keeps the plan's figure).
        #[arg(long)]
        rps: Option<u32>,
        /// Token mints per second (default: twice the data rate plus two; an
        /// update keeps the plan's figure if that is higher).
        #[arg(long)]
        mint_rps: Option<u32>,
        /// Granted scopes, space-separated (default: "api"; an update keeps
        /// the plan's scopes).
        #[arg(long)]
        scopes: Option<String>,
        /// Seconds the plan's access tokens live, 1 to 86400 (default 3600,
        /// as the real API; an update keeps the plan's figure). Short
        /// lifetimes let integration tests see expiry on demand.
        #[arg(long, value_name = "SECONDS")]
        access_ttl: Option<u32>,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Load or update artists from a JSON-lines file (one artist per line).
    Artists {
        /// The file.
        file: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// Load or update tracks from a JSON-lines file (one track per line, as
    /// `GET /api/track/{id}` answers); they replace the generated ones.
    Tracks {
        /// The file.
        file: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// Load or update albums from a JSON-lines file (one album per line, as
    /// `GET /api/album/{id}` answers); they replace the generated ones.
    Albums {
        /// The file.
        file: PathBuf,
        #[command(flatten)]
        json: Json,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn ages_are_a_number_and_a_unit() {
        assert_eq!(parse_age("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_age("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_age("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_age("7d"), Ok(Duration::from_secs(604_800)));
        for bad in ["", "h", "1", "1w", "1.5h", "-1h", "1 h", "99999999999999999999d"] {
            assert!(parse_age(bad).is_err(), "{bad:?}");
        }
    }
}
