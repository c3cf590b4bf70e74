//! One module per command family; each parses names, calls the core and
//! prints.

mod audit;
mod import;
mod keys;
mod plans;
mod serve;
mod users;
mod when;

use crate::cli::{Cli, Command};
use crate::{actor, backends, settings};
use chartgate_core::admin::By;
use chartgate_core::{Clock, Store, SystemClock};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs a command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Serve(args) = &cli.command {
        return serve::run(&cli, args).await;
    }
    let settings = settings::resolve(&cli, None)?;
    if let Command::Migrate = cli.command {
        // Migrate once, here: after `open_migrated` every database would
        // look up to date, a fresh one included.
        let fresh = backends::store(&settings.database)?.migrate().await?;
        println!("{}", if fresh { "database created" } else { "database is up to date" });
        return Ok(ExitCode::SUCCESS);
    }
    let store = open_migrated(&settings.database).await?;
    let operator = actor::operator();
    let by = By::new(&operator, SystemClock.now());
    match cli.command {
        Command::Serve(_) | Command::Migrate => unreachable!("handled above"),
        Command::User(cmd) => users::user(&*store, cmd, &by).await,
        Command::Token(cmd) => users::token(&*store, cmd, &by).await,
        Command::Plan(cmd) => plans::run(&*store, cmd, &by).await,
        Command::Import(cmd) => import::run(&*store, cmd).await,
        Command::Key(cmd) => keys::run(&*store, cmd, &by).await,
        Command::Audit(args) => audit::run(&*store, args, by.now).await,
    }
}

/// Opens the store and brings its schema up to date.
async fn open_migrated(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = backends::store(url)?;
    store.migrate().await?;
    Ok(store)
}

/// Prints a value as one line of JSON.
fn print_json(v: &serde_json::Value) {
    println!("{v}");
}
