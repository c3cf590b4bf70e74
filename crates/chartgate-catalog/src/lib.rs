//! The sandbox catalog: every entity, chart and time series of the
//! Chartmetric API, generated on demand and deterministically from a seed.
//!
//! This crate owns what the sandbox answers: artists (ids 1..=10M), tracks
//! (1..=50M), albums (1..=20M), playlists (1..=20M) and curators (1..=2M)
//! per platform, radio stations, cities, charts for every day since
//! 2016-01-01, daily series, get-ids lookups and search. Nothing is stored:
//! each answer is computed from `(seed, id, day)` when asked, so memory does
//! not grow with the id ranges, and the same seed gives byte-identical
//! output forever. It must not do I/O, read a clock (the caller passes
//! "today") or be async; HTTP routes live in `chartgate-server`.
//!
//! # How it hangs together
//!
//! - **Ids.** Each entity has a dense *slot* with meaning (an artist's slot
//!   is its popularity rank; a track's slot is (artist slot, index)), and a
//!   public id `feistel(slot) + 1`. So an artist's tracks and albums are
//!   computed, not stored, and they name that artist; a track's album lists
//!   it; a playlist's curator lists it.
//! - **Names** come from a vocabulary of ~1,500 words through templates
//!   (`{given} {surname}`, `The {adjective} {noun}`…). The name of an id is
//!   the combo `affine(id - 1) mod C`, which can be inverted: search matches
//!   the query against the words, then lists the ids whose names those words
//!   form. Hits rank exact > prefix > token/substring > fuzzy, imported
//!   records first within a class, then by popularity (see
//!   [`Catalog::search`]).
//! - **Numbers** are smooth functions of the day: a base from popularity, a
//!   yearly growth rate and a slow noise, so a series is consistent from one
//!   day to the next and its last point is the artist's `cm_statistics`.
//! - **Charts.** Every day a few entrants enter the global chart of each
//!   kind (and genre, type); a country's chart has those (with a local
//!   twist) plus as many of its own. An entrant's score follows a lifecycle
//!   curve of its age times a quality; the chart is the top N of the last
//!   90 days' entrants. Ranks on earlier days give `pre_rank`, `peak_rank`,
//!   `time_on_chart` and `rankStats`. See [`Catalog::chart`].
//! - **Overrides.** Records given by the caller (e.g. imported artists) take
//!   precedence over generated ones with the same id, everywhere.
//!
//! docs/SANDBOX.md describes the model for integrators.

mod artist;
mod artist_lists;
mod audience;
mod chart;
mod date;
mod enums;
mod geo;
mod idcodec;
mod ids;
mod layout;
mod mix;
mod names;
mod perm;
mod placement;
mod playlist;
mod search;
mod search_gen;
mod stats;
mod track;
mod vocab;
mod vocab_titles;
mod words;

pub use artist_lists::ListFilter;
pub use chart::{ChartKind, ChartQuery, ChartType};
pub use date::{CHARTS_SINCE, Day};
pub use enums::{
    CmScoreChart, Country, CppStat, EntityKind, IdType, Metric, Platform, SearchType, Source, StatsPlatform, Status,
    UnknownValue,
};
pub use ids::IdRows;
pub use layout::{ALBUMS, ARTISTS, CURATORS, PLAYLISTS, STATIONS, TRACKS};
pub use placement::{PlacementQuery, PlacementSort, PlaylistKinds};
pub use playlist::PlaylistFilter;

use chartmetric_types::{Album, Artist, Track};
use std::collections::BTreeMap;

/// Records that take precedence over generated ones with the same id.
///
/// An overridden artist is returned exactly as given; its generated tracks
/// and albums name it by its given name, and its series are scaled so that
/// they end on the counters of its `cm_statistics`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    artists: BTreeMap<i64, Artist>,
    tracks: BTreeMap<i64, Track>,
    albums: BTreeMap<i64, Album>,
}

impl Overrides {
    /// Adds (or replaces) artists.
    pub fn with_artists(mut self, artists: impl IntoIterator<Item = Artist>) -> Self {
        self.artists.extend(artists.into_iter().map(|a| (a.id, a)));
        self
    }
    /// Adds (or replaces) tracks.
    pub fn with_tracks(mut self, tracks: impl IntoIterator<Item = Track>) -> Self {
        self.tracks.extend(tracks.into_iter().map(|t| (t.id, t)));
        self
    }
    /// Adds (or replaces) albums.
    pub fn with_albums(mut self, albums: impl IntoIterator<Item = Album>) -> Self {
        self.albums.extend(albums.into_iter().map(|a| (a.id, a)));
        self
    }
}

/// Why a catalog call has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// No such entity (a route answers 404).
    NotFound {
        /// What was looked up, e.g. `artist`.
        what: &'static str,
        /// The id as asked.
        id: String,
    },
    /// `since` is after `until`, or a date lies outside what exists.
    BadRange(String),
    /// A value the route accepts in general but not here, e.g. a field the
    /// source does not have (a route answers 400).
    Invalid(String),
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound { what, id } => write!(f, "{what} {id} not found"),
            Self::BadRange(m) | Self::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CatalogError {}

pub(crate) fn not_found(what: &'static str, id: impl ToString) -> CatalogError {
    CatalogError::NotFound { what, id: id.to_string() }
}

/// The catalog of one seed, as seen on one day.
pub struct Catalog {
    seed: u64,
    today: Day,
    overrides: Overrides,
    keys: layout::Keys,
}

impl Catalog {
    /// The generated catalog of `seed`, as of `today` (charts and series
    /// end there; nothing is dated later).
    pub fn new(seed: u64, today: Day) -> Self {
        Self::with_overrides(seed, today, Overrides::default())
    }

    /// As [`Catalog::new`], with records that replace generated ones.
    pub fn with_overrides(seed: u64, today: Day, overrides: Overrides) -> Self {
        Self { seed, today, overrides, keys: layout::Keys::new(seed) }
    }

    /// The day the catalog was built for.
    pub fn today(&self) -> Day {
        self.today
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Checks `since <= until <= today`.
    pub(crate) fn check_range(&self, since: Day, until: Day) -> Result<(), CatalogError> {
        if since > until {
            return Err(CatalogError::BadRange(format!("since {since} is after until {until}")));
        }
        if until > self.today {
            return Err(CatalogError::BadRange(format!("until {until} is after today ({})", self.today)));
        }
        Ok(())
    }
}

/// A page of a list: `offset` rows skipped, at most `limit` kept.
pub(crate) fn page<T>(items: impl IntoIterator<Item = T>, offset: usize, limit: usize) -> Vec<T> {
    items.into_iter().skip(offset).take(limit).collect()
}

#[cfg(test)]
mod tests;
