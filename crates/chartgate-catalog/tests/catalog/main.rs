//! Properties of the whole catalog: determinism, consistency, chart
//! invariants, series, get-ids round trips, search.
#![allow(clippy::unwrap_used)] // unwrap is how tests fail

mod charts;
mod consistency;
mod determinism;
mod lists;
mod lookups;

use chartgate_catalog::{Catalog, Day, Overrides};
use chartmetric_types::Artist;

pub const DEMO: &str = include_str!("../../../chartgate-server/data/demo-artists.jsonl");

pub fn today() -> Day {
    Day::ymd(2026, 11, 30).unwrap()
}

pub fn catalog() -> Catalog {
    Catalog::new(7, today())
}

pub fn demo_artists() -> Vec<Artist> {
    DEMO.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

pub fn with_demo() -> Catalog {
    Catalog::with_overrides(7, today(), Overrides::default().with_artists(demo_artists()))
}
