//! `chartgate audit`: the audit log, newest first.

use super::print_json;
use super::when::{utc, utc_millis};
use crate::cli::AuditArgs;
use anyhow::Context;
use chartgate_core::{AuditEvent, AuditQuery, Store, UnixTime, UserName, admin};
use serde_json::{Value, json};
use std::process::ExitCode;

/// Lists the events the arguments ask for, as of `now`.
pub async fn run(store: &dyn Store, args: AuditArgs, now: UnixTime) -> anyhow::Result<ExitCode> {
    let user = match args.user {
        Some(n) => {
            let name: UserName = n.parse().context("invalid user name")?;
            Some(admin::user(store, &name).await?.name)
        }
        None => None,
    };
    let since = args.since.map(|age| UnixTime::from_micros(now.as_micros().saturating_sub(age.as_micros() as u64)));
    let events = store.list_audit(&AuditQuery { user, since, limit: args.limit }).await?;
    if args.json.json {
        print_json(&Value::Array(events.iter().map(event_json).collect()));
    } else {
        print_table(&events);
    }
    Ok(ExitCode::SUCCESS)
}

/// An event for scripts; JSON details are embedded as JSON.
fn event_json(e: &AuditEvent) -> Value {
    let details = match serde_json::from_str::<Value>(&e.details) {
        Ok(v @ Value::Object(_)) => v,
        _ if e.details.is_empty() => Value::Null,
        _ => Value::String(e.details.clone()),
    };
    json!({
        "at": utc_millis(e.at),
        "at_us": e.at.as_micros(),
        "actor": e.actor.as_str(),
        "subject": e.subject.as_str(),
        "action": e.action.as_str(),
        "details": details,
    })
}

/// One line per event under a header, columns as wide as their widest cell.
fn print_table(events: &[AuditEvent]) {
    if events.is_empty() {
        println!("no events");
        return;
    }
    let rows: Vec<[String; 5]> = events
        .iter()
        .map(|e| {
            let subject = e.subject.to_string();
            [utc(e.at), e.actor.to_string(), subject, e.action.to_string(), e.details.clone()]
        })
        .collect();
    let header = ["TIME (UTC)", "ACTOR", "SUBJECT", "ACTION", "DETAILS"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        println!("{}", cells.join("  ").trim_end());
    }
}
