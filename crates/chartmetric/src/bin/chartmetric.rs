//! `chartmetric`: the Chartmetric API from the command line.
//!
//! A thin shell over the `chartmetric` library: `get PATH` prints the `obj`
//! of a response as JSON (pretty on a terminal, compact when piped, so that
//! `chartmetric get /api/artist/206557 | jq .name` works), and `token` prints
//! a fresh access token for use with curl. Errors go to stderr on one line;
//! the exit code tells scripts what went wrong (see [`EXIT_CODES`]).

use chartmetric::{ClientBuilder, Error, ErrorKind, ExposeSecret};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  stdout could not be written
  2  usage error
  3  authentication failed (401, 403, refresh token rejected)
  4  not found (404)
  5  rate limited beyond --max-wait (429)
  6  other error status from the server (400, 5xx, ...)
  7  transport, configuration or unreadable response";

/// The Chartmetric API from the command line.
#[derive(Debug, Parser)]
#[command(name = "chartmetric", version, after_help = EXIT_CODES)]
struct Cli {
    /// Refresh token (prefer the environment variable: flags show in `ps`).
    #[arg(long, env = "CHARTMETRIC_REFRESH_TOKEN", hide_env_values = true, global = true)]
    refresh_token: Option<String>,

    /// Base URL of the API or of a compatible server.
    #[arg(long, env = "CHARTMETRIC_BASE_URL", global = true)]
    base_url: Option<String>,

    /// Longest wait, in seconds, for a rate-limit reset before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, global = true)]
    max_wait: u64,

    /// Client-side pacing to the plan's requests per second.
    #[arg(long, value_name = "N", global = true)]
    rate: Option<u32>,

    /// Log to stderr (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// GET a path (e.g. /api/artist/206557) and print the `obj` as JSON.
    Get {
        /// The API path, relative to the base URL, query string included.
        path: String,
        /// Pretty-print even when stdout is not a terminal.
        #[arg(long, conflicts_with = "compact")]
        pretty: bool,
        /// Print on one line even on a terminal.
        #[arg(long)]
        compact: bool,
    },
    /// Print a fresh access token, e.g. for `curl -H "Authorization: Bearer $(chartmetric token)"`.
    Token,
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
    }
}

/// Why a run failed: the API, or our own stdout.
enum Failure {
    Api(Error),
    Output(std::io::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Api(error)
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let client = builder(&cli).build()?;
    let mut out = std::io::stdout().lock();
    let written = match cli.command {
        Command::Get { path, pretty, compact } => {
            let value = client.get_json(&path).await?;
            let pretty = pretty || (!compact && std::io::stdout().is_terminal());
            print_json(&mut out, &value, pretty)
        }
        Command::Token => {
            let token = client.access_token().await?;
            writeln!(out, "{}", token.expose_secret())
        }
    };
    // A closed pipe (`| head`) is not worth an error message.
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Output(e)),
        _ => Ok(()),
    }
}

fn builder(cli: &Cli) -> ClientBuilder {
    let mut builder = ClientBuilder::from_env().max_rate_limit_wait(Duration::from_secs(cli.max_wait));
    if let Some(token) = &cli.refresh_token {
        builder = builder.refresh_token(token.as_str());
    }
    if let Some(url) = &cli.base_url {
        builder = builder.base_url(url.as_str());
    }
    if let Some(rate) = cli.rate {
        builder = builder.max_requests_per_second(rate);
    }
    builder
}

fn print_json(out: &mut impl Write, value: &serde_json::Value, pretty: bool) -> std::io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)
}

/// The documented exit code of an error kind.
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Unauthorized | ErrorKind::Forbidden | ErrorKind::RefreshTokenRejected => 3,
        ErrorKind::NotFound => 4,
        ErrorKind::RateLimited { .. } => 5,
        ErrorKind::BadRequest | ErrorKind::Server(_) | ErrorKind::UnexpectedStatus(_) => 6,
        ErrorKind::Transport | ErrorKind::Config | ErrorKind::InvalidResponse => 7,
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
