use crate::{AlbumRow, Curator, PlaylistHit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The body of `GET /api/search`: one key per result type.
///
/// `playlists` and `curators` are keyed by platform; the others are lists.
/// With `type=X` only key X is present: the others are `None` and skipped.
///
/// ```
/// use chartmetric_types::SearchResults;
/// let r: SearchResults = serde_json::from_str(r#"{"artists":[{"id":1,"name":"x"}]}"#).unwrap();
/// assert_eq!(r.artists.unwrap()[0].id, 1);
/// assert!(r.tracks.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SearchResults {
    /// Artist hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artists: Option<Vec<ArtistHit>>,
    /// Track hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracks: Option<Vec<TrackHit>>,
    /// Album hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub albums: Option<Vec<AlbumRow>>,
    /// Playlist hits, keyed by platform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playlists: Option<BTreeMap<String, Vec<PlaylistHit>>>,
    /// Curator hits, keyed by platform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curators: Option<BTreeMap<String, Vec<Curator>>>,
    /// Radio station hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stations: Option<Vec<StationHit>>,
    /// City hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cities: Option<Vec<CityHit>>,
}

/// An artist search hit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ArtistHit {
    /// Chartmetric artist id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Profile image.
    pub image_url: Option<String>,
    /// International Standard Name Identifier.
    pub isni: Option<String>,
    /// Chartmetric score.
    pub cm_artist_score: Option<f64>,
    /// Spotify followers.
    pub sp_followers: Option<i64>,
    /// Spotify monthly listeners.
    pub sp_monthly_listeners: Option<i64>,
}

/// A track search hit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrackHit {
    /// Chartmetric track id.
    pub id: i64,
    /// Title.
    pub name: String,
    /// ISRC.
    pub isrc: Option<String>,
    /// Cover image.
    pub image_url: Option<String>,
    /// Artist names.
    pub artist_names: Vec<String>,
}

/// A radio station search hit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StationHit {
    /// Station id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Lower-case country code.
    pub code2: Option<String>,
    /// City the station broadcasts from.
    pub city: Option<String>,
    /// Format, e.g. `Top 40`.
    pub format: Option<String>,
}

/// A city search hit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CityHit {
    /// City id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Lower-case country code.
    pub code2: Option<String>,
    /// Population.
    pub population: Option<i64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lng: Option<f64>,
}
