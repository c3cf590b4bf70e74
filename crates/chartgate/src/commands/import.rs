//! `chartgate import artists FILE.jsonl`: loads or updates artists, one JSON
//! object per line, in batches. Lines that do not parse are reported with
//! their number and reason; the good ones are kept. Exit code 0 when every
//! line was loaded, 2 when some were rejected.

use super::print_json;
use crate::cli::ImportCmd;
use anyhow::Context;
use chartgate_core::{Store, artist};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::io::BufRead;
use std::process::ExitCode;

const BATCH: usize = 500;

/// Why one line was rejected.
struct Rejected {
    line: usize,
    reason: String,
}

/// Runs an `import` subcommand.
pub async fn run(store: &dyn Store, cmd: ImportCmd) -> anyhow::Result<ExitCode> {
    let ImportCmd::Artists { file, json } = cmd;
    let f = std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (loaded, rejected) = load(store, std::io::BufReader::new(f), &bar).await?;
    bar.finish_and_clear();
    report(loaded, &rejected, json.json);
    Ok(if rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

async fn load(store: &dyn Store, reader: impl BufRead, bar: &ProgressBar) -> anyhow::Result<(usize, Vec<Rejected>)> {
    let mut batch = Vec::with_capacity(BATCH);
    let (mut loaded, mut rejected) = (0, Vec::new());
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.context("cannot read the file")?;
        bar.inc(line.len() as u64 + 1);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match artist::parse_record(&line) {
            Ok(a) => batch.push(a),
            Err(e) => rejected.push(Rejected { line: i + 1, reason: e.to_string() }),
        }
        if batch.len() == BATCH {
            store.upsert_artists(&batch).await?;
            loaded += batch.len();
            batch.clear();
        }
    }
    store.upsert_artists(&batch).await?;
    Ok((loaded + batch.len(), rejected))
}

fn report(loaded: usize, rejected: &[Rejected], json: bool) {
    if json {
        let rejected: Vec<_> = rejected.iter().map(|r| json!({"line": r.line, "reason": r.reason})).collect();
        print_json(&json!({"loaded": loaded, "rejected": rejected}));
        return;
    }
    println!("loaded {loaded} artists, rejected {} lines", rejected.len());
    for r in rejected {
        eprintln!("line {}: {}", r.line, r.reason);
    }
}
