//! `chartgate key ...`: list, rotate and retire signing keys. Running
//! instances see each change within one poll interval. Never prints a secret.

use super::print_json;
use crate::cli::KeyCmd;
use chartgate_core::admin::{self, By};
use chartgate_core::{KeyAlg, Store, StoredKey};
use serde_json::{Value, json};
use std::process::ExitCode;

fn key_json(k: &StoredKey) -> Value {
    json!({"kid": k.key.kid(), "alg": k.key.alg().as_str(), "state": k.state.as_str(), "created_at": k.created_at})
}

fn print_key(k: &StoredKey) {
    println!("{}  {:<5}  {:<9}  created {}", k.key.kid(), k.key.alg(), k.state, k.created_at);
}

/// Runs a `key` subcommand.
pub async fn run(store: &dyn Store, cmd: KeyCmd, by: &By<'_>) -> anyhow::Result<ExitCode> {
    match cmd {
        KeyCmd::List(json) => {
            let keys = admin::list_keys(store).await?;
            if json.json {
                print_json(&Value::Array(keys.iter().map(key_json).collect()));
            } else {
                keys.iter().for_each(print_key);
            }
        }
        KeyCmd::Rotate { alg, json } => {
            let alg: KeyAlg = alg.parse()?;
            let kid = admin::rotate_key(store, alg, by).await?;
            if json.json {
                print_json(&json!({"kid": kid, "alg": alg.as_str(), "state": "active"}));
            } else {
                println!("key {kid} ({alg}) is now active; earlier keys keep verifying until retired");
            }
        }
        KeyCmd::Retire { kid, json } => {
            let key = admin::retire_key(store, &kid, by).await?;
            if json.json {
                print_json(&key_json(&key));
            } else {
                println!("key {} retired: tokens signed with it are refused from now on", key.key.kid());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
