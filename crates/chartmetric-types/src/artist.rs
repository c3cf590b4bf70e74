use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An artist, as `GET /api/artist/{id}` returns it under `obj`.
///
/// Field names and shapes follow the real API. Every field but `id` and
/// `name` may be `null` there, so they are `Option`s here. Fields this type
/// does not know are kept in [`Artist::extra`], so a newer server never breaks
/// an older client.
///
/// ```
/// use chartmetric_types::Artist;
/// let a: Artist = serde_json::from_str(r#"{"id":206557,"name":"Lorde","code2":"nz"}"#).unwrap();
/// assert_eq!(a.code2.as_deref(), Some("nz"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Artist {
    /// Chartmetric artist id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// When the artist was added to the catalog (ISO 8601).
    pub created_at: Option<String>,
    /// Lower-case ISO 3166-1 alpha-2 country code.
    pub code2: Option<String>,
    /// Whether the artist is a band.
    pub band: Option<bool>,
    /// Gender, as the catalog records it.
    pub gender: Option<String>,
    /// Pronoun title, e.g. `she/her`.
    pub pronoun_title: Option<String>,
    /// International Standard Name Identifier.
    pub isni: Option<String>,
    /// Profile image.
    pub image_url: Option<String>,
    /// Cover image.
    pub cover_url: Option<String>,
    /// Home town.
    pub hometown_city: Option<String>,
    /// Current city.
    pub current_city: Option<String>,
    /// Id of the current city.
    pub current_city_id: Option<i64>,
    /// Members, for a band.
    pub band_members: Option<Vec<String>>,
    /// Record label.
    pub record_label: Option<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// Chartmetric rank.
    pub cm_artist_rank: Option<i64>,
    /// Chartmetric score.
    pub cm_artist_score: Option<f64>,
    /// Tags with counts.
    pub tags: Vec<ArtistTag>,
    /// Genres: an object with a primary genre, secondary and sub genres.
    pub genres: Option<Genres>,
    /// Career stage and trend.
    pub career_status: Option<CareerStatus>,
    /// Per-platform counters and their ranks.
    pub cm_statistics: Option<CmStatistics>,
    /// Fields this version does not model, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A tag on an artist: `{name, id, count}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ArtistTag {
    /// Tag name.
    pub name: String,
    /// Tag id.
    pub id: i64,
    /// How often the tag was applied.
    pub count: Option<i64>,
}

/// The `genres` object: `{primary, secondary, sub}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Genres {
    /// The main genre.
    pub primary: Option<Genre>,
    /// Secondary genres.
    pub secondary: Vec<Genre>,
    /// Sub-genres.
    pub sub: Vec<Genre>,
}

/// One genre: `{id, name, score}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Genre {
    /// Genre id.
    pub id: i64,
    /// Genre name.
    pub name: String,
    /// Affinity score.
    pub score: Option<f64>,
}

/// The `career_status` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CareerStatus {
    /// Career stage, e.g. `mainstream`.
    pub stage: Option<String>,
    /// Score of the stage.
    pub stage_score: Option<f64>,
    /// Trend, e.g. `growth`.
    pub trend: Option<String>,
    /// Score of the trend.
    pub trend_score: Option<f64>,
}

/// The `cm_statistics` object: per-platform counters, each with a `*_rank`.
///
/// The real object has many more counters than are modelled here; the rest
/// are kept in [`CmStatistics::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CmStatistics {
    /// Spotify followers.
    pub sp_followers: Option<i64>,
    /// Rank by Spotify followers.
    pub sp_followers_rank: Option<i64>,
    /// Spotify monthly listeners.
    pub sp_monthly_listeners: Option<i64>,
    /// Rank by Spotify monthly listeners.
    pub sp_monthly_listeners_rank: Option<i64>,
    /// Deezer fans.
    pub deezer_fans: Option<i64>,
    /// Rank by Deezer fans.
    pub deezer_fans_rank: Option<i64>,
    /// YouTube channel views.
    pub ycs_views: Option<i64>,
    /// Rank by YouTube channel views.
    pub ycs_views_rank: Option<i64>,
    /// Number of Spotify playlists.
    pub num_sp_playlists: Option<i64>,
    /// Rank by number of Spotify playlists.
    pub num_sp_playlists_rank: Option<i64>,
    /// When the counters were taken (ISO 8601).
    pub timestamp: Option<String>,
    /// Ranks within the artist's country.
    #[serde(rename = "countryRank")]
    pub country_rank: Option<Value>,
    /// Ranks within the artist's genre.
    #[serde(rename = "genreRank")]
    pub genre_rank: Option<Value>,
    /// Counters this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
