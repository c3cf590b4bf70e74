//! The `chartgate` binary: `serve`, `migrate` and the admin commands, each a
//! thin shell over library code. Backends are chosen in `backends` only.

mod actor;
mod backends;
mod cli;
mod commands;
mod logging;
mod redact;
mod settings;
mod upstream_settings;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    logging::init(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // Any URL an error quotes is shown without its password.
            eprintln!("error: {}", redact::redact_url(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
