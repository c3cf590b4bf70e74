//! `chartmetric`: the Chartmetric API from the command line.
//!
//! A thin shell over the `chartmetric` library: `get PATH` prints the `obj`
//! of a response (JSON, pretty on a terminal and compact when piped, or
//! NDJSON or CSV), following `offset`/`limit` pagination with `--all`;
//! `token` prints a fresh access token for use with curl; `completions`
//! prints a shell completion script. Access tokens are cached between runs
//! (see `cache.rs`). Errors go to stderr on one line; the exit code tells
//! scripts what went wrong (see [`EXIT_CODES`]).

mod cache;
mod output;

use chartmetric::{Client, ClientBuilder, Error, ErrorKind, ExposeSecret, FileStore, Request};
use clap::{CommandFactory, Parser, Subcommand};
use output::Format;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use zeroize::Zeroizing;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  stdout could not be written
  2  usage error
  3  authentication failed (401, 403, refresh token rejected)
  4  not found (404)
  5  rate limited beyond --max-wait (429)
  6  other error status from the server (400, 5xx, ...)
  7  transport, timeout, configuration or unreadable response
  8  no refresh token configured";

/// The Chartmetric API from the command line.
#[derive(Debug, Parser)]
#[command(name = "chartmetric", version, after_help = EXIT_CODES)]
struct Cli {
    /// Refresh token (prefer the environment variable: flags show in `ps`).
    #[arg(long, env = "CHARTMETRIC_REFRESH_TOKEN", hide_env_values = true, global = true)]
    refresh_token: Option<String>,

    /// File holding the refresh token; a token the server rotates is saved back to it.
    #[arg(long, env = "CHARTMETRIC_REFRESH_TOKEN_FILE", value_name = "PATH", global = true)]
    refresh_token_file: Option<PathBuf>,

    /// Base URL of the API or of a compatible server.
    #[arg(long, env = "CHARTMETRIC_BASE_URL", global = true)]
    base_url: Option<String>,

    /// Longest wait, in seconds, for a rate-limit reset before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, global = true)]
    max_wait: u64,

    /// Longest time, in seconds, one call may take (token, retries and 429 pauses included).
    #[arg(long, value_name = "SECONDS", global = true)]
    timeout: Option<f64>,

    /// Client-side pacing to the plan's requests per second.
    #[arg(long, value_name = "N", global = true)]
    rate: Option<u32>,

    /// Neither read nor write the access-token cache ($XDG_CACHE_HOME/chartmetric).
    #[arg(long, global = true)]
    no_token_cache: bool,

    /// Log to stderr (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// GET a path (e.g. /api/artist/206557) and print its `obj`.
    Get(Get),
    /// Print a fresh access token, e.g. for `curl -H "Authorization: Bearer $(chartmetric token)"`.
    Token,
    /// Print a completion script: `chartmetric completions bash > /etc/bash_completion.d/chartmetric`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct Get {
    /// The API path, relative to the base URL (a query string may follow).
    path: String,
    /// A query parameter, repeatable: --param since=2024-01-01 --param limit=50.
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// Follow `offset`/`limit` pagination to the end and print every item.
    #[arg(long)]
    all: bool,
    /// Items per page with --all (default: the `limit` param, else the server's).
    #[arg(long, value_name = "N", requires = "all")]
    page_size: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Print each response's status and headers to stderr.
    #[arg(short, long)]
    include: bool,
    /// Pretty-print JSON even when stdout is not a terminal.
    #[arg(long, conflicts_with = "compact")]
    pretty: bool,
    /// Print JSON on one line even on a terminal.
    #[arg(long)]
    compact: bool,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Api(error)) => {
            eprintln!("chartmetric: error: {error}");
            ExitCode::from(exit_code(error.kind()))
        }
        Err(Failure::Output(error)) => {
            eprintln!("chartmetric: error: cannot write to stdout: {error}");
            ExitCode::from(1)
        }
        Err(Failure::Config(message)) => {
            eprintln!("chartmetric: error: {message}");
            ExitCode::from(7)
        }
    }
}

/// Why a run failed: the API, our own stdout, or the CLI's configuration.
enum Failure {
    Api(Error),
    Output(std::io::Error),
    Config(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Api(error)
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(shell, &mut Cli::command(), "chartmetric", &mut std::io::stdout());
        return Ok(());
    }
    let (builder, mut cache) = configure(&cli)?;
    let builder = match cache.as_mut() {
        Some(cache) => cache.seed(builder),
        None => builder,
    };
    let client = builder.build()?;
    let written = match &cli.command {
        Command::Get(get) => print_get(&client, get).await,
        Command::Token => {
            let token = client.access_token().await;
            token
                .map_err(Failure::Api)
                .and_then(|t| writeln!(std::io::stdout(), "{}", t.expose_secret()).map_err(Failure::Output))
        }
        Command::Completions { .. } => Ok(()),
    };
    finish(&client, cache.as_ref(), cli.refresh_token_file.is_some() && cli.refresh_token.is_none()).await;
    match written {
        // A closed pipe (`| head`) is not worth an error message.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The builder from the flags (which clap also fills from the environment),
/// and the token cache for this base URL and refresh token.
fn configure(cli: &Cli) -> Result<(ClientBuilder, Option<cache::TokenCache>), Failure> {
    let mut builder = Client::builder().max_rate_limit_wait(Duration::from_secs(cli.max_wait));
    let refresh = match (&cli.refresh_token, &cli.refresh_token_file) {
        (Some(token), _) => Some(Zeroizing::new(token.trim().to_owned())),
        (None, Some(path)) => {
            builder = builder.refresh_token_store(Arc::new(FileStore::new(path)));
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Config(format!("cannot read the refresh token file {}: {e}", path.display())))?;
            Some(Zeroizing::new(text.trim().to_owned()))
        }
        (None, None) => None,
    };
    if let Some(token) = &refresh {
        builder = builder.refresh_token(token.as_str());
    }
    let base_url = cli.base_url.clone().unwrap_or_else(|| chartmetric::DEFAULT_BASE_URL.to_owned());
    builder = builder.base_url(base_url.as_str());
    if let Some(rate) = cli.rate {
        builder = builder.max_requests_per_second(rate);
    }
    if let Some(seconds) = cli.timeout {
        let deadline = Duration::try_from_secs_f64(seconds)
            .map_err(|_| Failure::Config(format!("invalid --timeout {seconds}")))?;
        builder = builder.deadline(deadline).timeout(deadline);
    }
    let base_url = base_url.trim_end_matches('/');
    let cache = match &refresh {
        Some(token) if !cli.no_token_cache => cache::TokenCache::new(base_url, token),
        _ => None,
    };
    Ok((builder, cache))
}

/// After the command: the token cache written, a rotated refresh token
/// made sure of (a failure is a warning, shown without `-v`).
async fn finish(client: &Client, cache: Option<&cache::TokenCache>, has_store: bool) {
    if let Some(cache) = cache {
        cache.store(client.current_access_token());
    }
    if let Err(error) = client.persist_refresh_token().await {
        eprintln!("chartmetric: warning: {error}");
    } else if client.metrics().refresh_token_rotations > 0 && !has_store {
        eprintln!(
            "chartmetric: warning: the server rotated the refresh token and it was not saved; \
             give the token in a file (--refresh-token-file) so that a rotated one is kept"
        );
    }
}

/// `get`: one call, or every page with `--all`, printed in the format asked.
async fn print_get(client: &Client, get: &Get) -> Result<(), Failure> {
    let mut request = client.request(&get.path);
    for (key, value) in &get.params {
        request = request.query(key.as_str(), value);
    }
    let items = if get.all { all_items(request, get).await? } else { one_call(request, get).await? };
    let mut out = std::io::stdout().lock();
    let written = match (get.format, items) {
        (Format::Json, Printable::Obj(obj)) => output::json(&mut out, &obj, pretty(get)),
        (Format::Json, Printable::Items(items)) => {
            output::json(&mut out, &serde_json::Value::Array(items), pretty(get))
        }
        (Format::Ndjson, Printable::Obj(obj)) => output::ndjson(&mut out, &output::items_of(obj)),
        (Format::Ndjson, Printable::Items(items)) => output::ndjson(&mut out, &items),
        (Format::Csv, Printable::Obj(obj)) => output::csv(&mut out, &output::items_of(obj)),
        (Format::Csv, Printable::Items(items)) => output::csv(&mut out, &items),
    };
    written.and_then(|()| out.flush()).map_err(Failure::Output)
}

enum Printable {
    Obj(serde_json::Value),
    Items(Vec<serde_json::Value>),
}

fn pretty(get: &Get) -> bool {
    get.pretty || (!get.compact && std::io::stdout().is_terminal())
}

async fn one_call(request: Request<'_>, get: &Get) -> Result<Printable, Failure> {
    let response = request.send().await?;
    if get.include {
        output::include(&response);
    }
    Ok(Printable::Obj(response.obj()?))
}

async fn all_items(request: Request<'_>, get: &Get) -> Result<Printable, Failure> {
    let mut pages = request.pages(get.page_size);
    let mut items = Vec::new();
    while let Some(page) = pages.next_page().await? {
        if get.include {
            output::include(page.response());
        }
        items.extend(page.into_items());
    }
    Ok(Printable::Items(items))
}

/// The documented exit code of an error kind.
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Unauthorized | ErrorKind::Forbidden | ErrorKind::RefreshTokenRejected => 3,
        ErrorKind::NotFound => 4,
        ErrorKind::RateLimited { .. } => 5,
        ErrorKind::BadRequest | ErrorKind::Server(_) | ErrorKind::UnexpectedStatus(_) => 6,
        ErrorKind::MissingCredentials => 8,
        ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Config | ErrorKind::InvalidResponse => 7,
        _ => 7,
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
        .with_target(false)
        .init();
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
