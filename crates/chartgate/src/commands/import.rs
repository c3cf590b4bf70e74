//! `chartgate import artists|tracks|albums FILE.jsonl`: loads or updates
//! records, one JSON object per line, in batches. Lines that do not parse
//! are reported with their number and reason; the good ones are kept. Exit
//! code 0 when every line was loaded, 2 when some were rejected.

use super::print_json;
use crate::cli::ImportCmd;
use anyhow::Context;
use chartgate_core::record::{self, RecordError};
use chartgate_core::{RecordKind, Store};
use chartmetric_types::Artist;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

const BATCH: usize = 500;

/// Why one line was rejected.
struct Rejected {
    line: usize,
    reason: String,
}

/// What is imported: artists (their own table) or tracks and albums.
#[derive(Clone, Copy)]
enum What {
    Artists,
    Records(RecordKind),
}

/// Parsed lines waiting to be written.
enum Batch {
    Artists(Vec<Artist>),
    Records(RecordKind, Vec<record::Record>),
}

impl Batch {
    fn new(what: What) -> Self {
        match what {
            What::Artists => Batch::Artists(Vec::with_capacity(BATCH)),
            What::Records(kind) => Batch::Records(kind, Vec::with_capacity(BATCH)),
        }
    }

    fn push(&mut self, line: &[u8]) -> Result<(), RecordError> {
        match self {
            Batch::Artists(b) => b.push(record::parse_artist(line)?),
            Batch::Records(kind, b) => b.push(record::parse_record(*kind, line)?),
        }
        Ok(())
    }

    fn len(&self) -> usize {
        match self {
            Batch::Artists(b) => b.len(),
            Batch::Records(_, b) => b.len(),
        }
    }

    /// Writes the batch and empties it; returns how many were written.
    async fn flush(&mut self, store: &dyn Store) -> anyhow::Result<usize> {
        let n = self.len();
        match self {
            Batch::Artists(b) => {
                store.upsert_artists(b).await?;
                b.clear();
            }
            Batch::Records(kind, b) => {
                store.upsert_records(*kind, b).await?;
                b.clear();
            }
        }
        Ok(n)
    }
}

/// Runs an `import` subcommand.
pub async fn run(store: &dyn Store, cmd: ImportCmd) -> anyhow::Result<ExitCode> {
    let (what, file, json, noun): (What, PathBuf, bool, &str) = match cmd {
        ImportCmd::Artists { file, json } => (What::Artists, file, json.json, "artists"),
        ImportCmd::Tracks { file, json } => (What::Records(RecordKind::Track), file, json.json, "tracks"),
        ImportCmd::Albums { file, json } => (What::Records(RecordKind::Album), file, json.json, "albums"),
    };
    let f = std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (loaded, rejected) = load(store, what, std::io::BufReader::new(f), &bar).await?;
    bar.finish_and_clear();
    report(loaded, &rejected, json, noun);
    Ok(if rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

async fn load(
    store: &dyn Store,
    what: What,
    reader: impl BufRead,
    bar: &ProgressBar,
) -> anyhow::Result<(usize, Vec<Rejected>)> {
    let mut batch = Batch::new(what);
    let (mut loaded, mut rejected) = (0, Vec::new());
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.context("cannot read the file")?;
        bar.inc(line.len() as u64 + 1);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if let Err(e) = batch.push(&line) {
            rejected.push(Rejected { line: i + 1, reason: e.to_string() });
        }
        if batch.len() == BATCH {
            loaded += batch.flush(store).await?;
        }
    }
    loaded += batch.flush(store).await?;
    Ok((loaded, rejected))
}

fn report(loaded: usize, rejected: &[Rejected], json: bool, noun: &str) {
    if json {
        let rejected: Vec<_> = rejected.iter().map(|r| json!({"line": r.line, "reason": r.reason})).collect();
        print_json(&json!({"loaded": loaded, "rejected": rejected}));
        return;
    }
    println!("loaded {loaded} {noun}, rejected {} lines", rejected.len());
    for r in rejected {
        eprintln!("line {}: {}", r.line, r.reason);
    }
}
