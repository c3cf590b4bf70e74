//! The generated sandbox catalog (`chartgate-catalog`), as of today: rebuilt
//! when the UTC date changes, so that series and charts reach the current
//! day on a server that runs for weeks.

use arc_swap::ArcSwap;
use chartgate_catalog::{Catalog, Day, Overrides};
use chartgate_core::UnixTime;
use std::sync::Arc;

/// The catalog of one seed, for the current day.
pub struct Sandbox {
    seed: u64,
    catalog: ArcSwap<Catalog>,
}

impl Sandbox {
    /// The catalog of `seed` as of `now`.
    pub fn new(seed: u64, now: UnixTime) -> Self {
        Self { seed, catalog: ArcSwap::from_pointee(build(seed, day_of(now))) }
    }

    /// The catalog as of the last [`Sandbox::tick`].
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.load_full()
    }

    /// Moves the catalog to the day of `now` when the date has changed;
    /// says whether it did.
    pub fn tick(&self, now: UnixTime) -> bool {
        let today = day_of(now);
        let moved = self.catalog.load().today() != today;
        if moved {
            self.catalog.store(Arc::new(build(self.seed, today)));
        }
        moved
    }
}

/// The catalog with the shipped demo artists as overrides, so that their
/// tracks, charts and search hits name them as `/api/artist/{id}` does.
fn build(seed: u64, today: Day) -> Catalog {
    Catalog::with_overrides(seed, today, Overrides::default().with_artists(crate::bootstrap::demo_artists()))
}

fn day_of(now: UnixTime) -> Day {
    Day::from_unix_seconds(i64::try_from(now.as_secs()).unwrap_or(i64::MAX))
}
