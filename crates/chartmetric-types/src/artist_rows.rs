//! The artist routes' shapes other than the artist object itself.

use crate::Genres;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A row of `/artist/{id}/relatedartists`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RelatedArtist {
    /// Chartmetric artist id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Profile image.
    pub image_url: Option<String>,
    /// Chartmetric rank.
    pub cm_artist_rank: Option<i64>,
    /// Spotify followers.
    pub sp_followers: Option<i64>,
    /// Spotify monthly listeners.
    pub sp_monthly_listeners: Option<i64>,
}

/// A row of `/artist/{id}/urls`: `{domain, url: [..]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ArtistUrl {
    /// The site, e.g. `spotify`.
    pub domain: String,
    /// The artist's pages there.
    pub url: Vec<String>,
}

/// The body of `/artist/{id}/where-people-listen`: per city and per country,
/// a daily series of listeners, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WherePeopleListen {
    /// City name → points.
    pub cities: BTreeMap<String, Vec<ListenPoint>>,
    /// Country code → points.
    pub countries: BTreeMap<String, Vec<ListenPoint>>,
}

/// One day of listeners in a city or country: `{code2, listeners, timestp}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ListenPoint {
    /// Lower-case country code.
    pub code2: String,
    /// Monthly listeners that day.
    pub listeners: i64,
    /// The day (ISO 8601).
    pub timestp: String,
    /// City id, in the `cities` part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_id: Option<i64>,
}

/// The body of `/artist/{id}/instagram-audience-stats`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InstagramAudience {
    /// Instagram followers.
    pub followers: i64,
    /// The day of the figures (ISO 8601).
    pub timestp: String,
    /// Shares by gender.
    pub audience_genders: Vec<Weight>,
    /// Gender shares per age band.
    pub audience_genders_per_age: Vec<AgeGenders>,
    /// Shares by ethnicity.
    pub audience_ethnicities: Vec<Weight>,
    /// Biggest countries of the audience.
    pub top_countries: Vec<Weight>,
    /// Biggest cities of the audience.
    pub top_cities: Vec<Weight>,
    /// Brands the audience follows.
    pub audience_brand_affinities: Vec<Weight>,
    /// Interests of the audience.
    pub audience_interests: Vec<Weight>,
    /// Average likes per post.
    pub avg_likes_per_post: f64,
    /// Spelled with three m's, as the real API does.
    pub avg_commments_per_post: f64,
    /// Average likes per post over followers.
    pub engagement_rate: f64,
}

/// A share of an audience: `{code, name, weight}` (weights of a list sum to 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Weight {
    /// Code, e.g. a country code or `male`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Share, 0 to 1.
    pub weight: f64,
}

/// The gender shares of one age band: `{code, male, female}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AgeGenders {
    /// Age band, e.g. `18-24`.
    pub code: String,
    /// Share of men in the whole audience.
    pub male: f64,
    /// Share of women in the whole audience.
    pub female: f64,
}

/// The body of `/artist/list/filter`: `{obj: [rows], total}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FilterPage {
    /// The rows of this page.
    pub obj: Vec<FilterRow>,
    /// Rows matching the filter over all pages.
    pub total: i64,
}

/// A row of `/artist/list/filter`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FilterRow {
    /// Chartmetric artist id.
    pub cm_artist: i64,
    /// Name.
    pub name: String,
    /// Profile image.
    pub image_url: Option<String>,
    /// Lower-case country code.
    pub code2: Option<String>,
    /// Genres.
    pub genres: Option<Genres>,
    /// Career stage and trend.
    pub career_status: Option<FilterCareer>,
    /// Spotify followers.
    pub sp_followers: Option<i64>,
    /// Spotify monthly listeners.
    pub sp_monthly_listeners: Option<i64>,
    /// Instagram followers.
    pub ins_followers: Option<i64>,
    /// YouTube channel subscribers.
    pub ycs_subscribers: Option<i64>,
    /// TikTok followers.
    pub tiktok_followers: Option<i64>,
}

/// The `career_status` of a filter row: `{stage, trend}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FilterCareer {
    /// Career stage.
    pub stage: Option<String>,
    /// Career trend.
    pub trend: Option<String>,
}

/// The body of `/artist/{metric}/list`: `{length, data}`, `length` = rows here.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MetricPage {
    /// Number of rows in `data`.
    pub length: usize,
    /// The rows.
    pub data: Vec<MetricRow>,
}

/// A row of `/artist/{metric}/list`: `{id, cm_artist, name, code2,
/// image_url, <metric>: n}`. The metric's value sits in [`MetricRow::metric`]
/// under the metric's own name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MetricRow {
    /// Chartmetric artist id.
    pub id: i64,
    /// Chartmetric artist id again.
    pub cm_artist: i64,
    /// Name.
    pub name: String,
    /// Lower-case country code.
    pub code2: Option<String>,
    /// Profile image.
    pub image_url: Option<String>,
    /// `{<metric>: value}`, and any field this version does not know.
    #[serde(flatten)]
    pub metric: Map<String, Value>,
}

/// A TV or film sync: `{name, media, episode, date}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TunefindRow {
    /// The track's title.
    pub name: String,
    /// The show or film.
    pub media: String,
    /// The episode, for a show.
    pub episode: Option<String>,
    /// Air or release date, `YYYY-MM-DD`.
    pub date: String,
}
