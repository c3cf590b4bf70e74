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

/// mimalloc instead of the system allocator: the request path allocates a
/// few dozen small blocks per request (hyper's buffers, header maps, boxed
/// futures), and glibc's malloc and free were a tenth of the server's CPU
/// under load (docs/BENCHMARKS.md, "Where the time goes").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
