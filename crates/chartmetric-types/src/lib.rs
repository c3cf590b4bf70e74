//! Wire types of the Chartmetric API.
//!
//! This crate owns what travels on the wire between a Chartmetric client and a
//! Chartmetric-compatible server: the token exchange bodies, the `{"obj": ...}`
//! success envelope, the `{"error": ...}` error body, the rate-limit header
//! names, the artist object and every other response shape of the data
//! routes (tracks, albums, playlists, curators, charts, time series,
//! get-ids rows, search results). It depends on serde and serde_json only
//! (serde_json for the fields of [`Artist::extra`] that this crate does not
//! know), plus `utoipa`, for OpenAPI schemas, behind the off-by-default
//! `utoipa` feature. It is shared by the chartgate server and the chartmetric
//! SDK so that the two can never drift apart.
//!
//! It must not grow I/O, HTTP or async dependencies.
#![warn(missing_docs)]

mod album;
mod artist;
mod artist_rows;
mod chart;
mod curator;
pub mod headers;
mod ids;
mod num;
mod playlist;
mod search;
mod series;
mod token;
mod track;

pub use album::{Album, AlbumArtist, AlbumRow};
pub use artist::{Artist, ArtistTag, CareerStatus, CmStatistics, Genre, Genres};
pub use artist_rows::{
    AgeGenders, ArtistUrl, FilterCareer, FilterPage, FilterRow, InstagramAudience, ListenPoint, MetricPage, MetricRow,
    RelatedArtist, TunefindRow, Weight, WherePeopleListen,
};
pub use chart::{ChartArtistEntry, ChartCities, ChartEntry, ChartPage, PlatformExtras, RankStat, RawData};
pub use curator::{Curator, SocialUrl};
pub use ids::{AlbumIds, ArtistIds, TrackIds};
pub use playlist::{Count, Placement, PlacementPlaylist, PlacementTrack, Playlist, PlaylistHit};
pub use search::{ArtistHit, CityHit, SearchResults, StationHit, TrackHit};
pub use series::{CmScorePoint, CppPoint, Point, StatSeries};
pub use token::{TokenRequest, TokenResponse};
pub use track::{GenreRef, Track, TrackAlbum, TrackArtist, TrackRow, TrackStatistics};

use serde::{Deserialize, Serialize};

/// The path of the token exchange route.
pub const TOKEN_PATH: &str = "/api/token";

/// The scope string the real API grants: every data route.
pub const DEFAULT_SCOPE: &str = "api";

/// Lifetime of an access token in seconds, as the source document states.
pub const ACCESS_TOKEN_TTL_SECS: u64 = 3600;

/// The success envelope: the payload sits under `obj`, the only top-level key.
///
/// ```
/// use chartmetric_types::Envelope;
/// let e: Envelope<Vec<u32>> = serde_json::from_str(r#"{"obj":[1,2]}"#).unwrap();
/// assert_eq!(e.obj, vec![1, 2]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Envelope<T> {
    /// The payload: an entity or a list.
    pub obj: T,
}

impl<T> Envelope<T> {
    /// Wraps a payload.
    pub fn new(obj: T) -> Self {
        Self { obj }
    }
}

/// The body of every error response: `{"error": "<message>"}`.
///
/// ```
/// use chartmetric_types::ErrorBody;
/// let body = serde_json::to_string(&ErrorBody::new("nope")).unwrap();
/// assert_eq!(body, r#"{"error":"nope"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A human-readable message saying what went wrong.
    pub error: String,
}

impl ErrorBody {
    /// Builds an error body from a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { error: message.into() }
    }
}

#[cfg(test)]
mod tests;
