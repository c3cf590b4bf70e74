use serde::{Deserialize, Serialize};

/// A page of a chart: `{"length": n, "data": [...]}` with `length == data.len()`.
///
/// ```
/// use chartmetric_types::{ChartEntry, ChartPage};
/// let page = ChartPage::new(vec![ChartEntry::default()]);
/// assert_eq!(page.length, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ChartPage<T = ChartEntry> {
    /// Number of rows in `data`.
    #[serde(default)]
    pub length: usize,
    /// The rows.
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
}

impl<T> ChartPage<T> {
    /// A page holding `data`, its `length` set to match.
    pub fn new(data: Vec<T>) -> Self {
        Self { length: data.len(), data }
    }
}

/// One rank of a chart entry's history: `{rank, plays?, timestp}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RankStat {
    /// Rank that day.
    pub rank: i64,
    /// Plays that day, on charts that count them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plays: Option<i64>,
    /// The chart day (ISO 8601).
    pub timestp: String,
}

/// YouTube's `raw_data`: `{percent_views_change}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RawData {
    /// Change of views since the previous chart, in percent.
    pub percent_views_change: f64,
}

/// One row of a chart.
///
/// Position and track identity are always present; the platform extras are
/// present only on their platform's charts and are skipped when `None`.
/// The rank history is `rankStats` (there is no `rank_stats` key: the Go
/// client decodes that name as an object).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChartEntry {
    /// Rank, 1-based.
    pub rank: i64,
    /// Rank on the previous chart, `null` when absent from it.
    pub pre_rank: Option<i64>,
    /// Best rank so far.
    pub peak_rank: i64,
    /// When the best rank was first reached (ISO 8601).
    pub peak_date: String,
    /// When the entry first appeared on this chart (ISO 8601).
    pub added_at: String,
    /// Number of charts the entry has been on.
    pub time_on_chart: i64,
    /// Rank change per chart, positive when climbing.
    pub velocity: f64,
    /// Lower-case country code of the chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code2: Option<String>,
    /// Rank history, oldest first; the last is the chart date.
    #[serde(rename = "rankStats")]
    pub rank_stats: Vec<RankStat>,
    /// The chart day, on an entity's chart history (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestp: Option<String>,
    /// Title.
    pub name: String,
    /// ISRC.
    pub isrc: Option<String>,
    /// Cover image.
    pub image_url: Option<String>,
    /// Row id (the Chartmetric track id).
    pub id: i64,
    /// Chartmetric track id.
    pub cm_track: i64,
    /// Chartmetric artist ids.
    pub cm_artist: Vec<i64>,
    /// Artist names.
    pub artist_names: Vec<String>,
    /// Artist images.
    pub artist_images: Vec<String>,
    /// Artist covers.
    pub artist_covers: Vec<String>,
    /// Artist country codes.
    pub code2s: Vec<String>,
    /// Chartmetric album ids.
    pub album_ids: Vec<i64>,
    /// Album names.
    pub album_names: Vec<String>,
    /// Album UPCs.
    pub album_upc: Vec<String>,
    /// Album labels.
    pub album_label: Vec<String>,
    /// Album release dates, `YYYY-MM-DD`.
    pub release_dates: Vec<String>,
    /// Genres, comma-joined.
    pub track_genre: Option<String>,
    /// Spotify, Apple Music, iTunes, Shazam and YouTube extras.
    #[serde(flatten)]
    pub platform: PlatformExtras,
}

/// The platform extras of a [`ChartEntry`], each skipped when `None`.
///
/// Clients choose their parser by key: `itunes_album_id` selects the Apple
/// parser (Shazam has it too, without `itunes`), `youtube_track_id` the
/// YouTube one; neither appears on other charts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PlatformExtras {
    /// Spotify track id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_track_id: Option<String>,
    /// Spotify album id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_album_id: Option<String>,
    /// Spotify popularity, 0–100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_popularity: Option<i64>,
    /// Artist names on Spotify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_artist_names: Option<Vec<String>>,
    /// Spotify artist ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_artist_ids: Option<Vec<String>>,
    /// Spotify track ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_track_ids: Option<Vec<String>>,
    /// Spotify album ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_album_ids: Option<Vec<String>>,
    /// Length on Spotify, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify_duration_ms: Option<i64>,
    /// `regional` or `viral`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart_type: Option<String>,
    /// Display name of the chart, e.g. `Top 200`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart_name: Option<String>,
    /// Plays on the chart day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_plays: Option<i64>,
    /// iTunes album id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes_album_id: Option<i64>,
    /// Present on Apple Music and iTunes only, never on Shazam.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes: Option<i64>,
    /// Composers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composer_name: Option<String>,
    /// iTunes album ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes_album_ids: Option<Vec<String>>,
    /// iTunes artist ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes_artist_ids: Option<Vec<i64>>,
    /// Artist names on iTunes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes_artist_names: Option<Vec<String>>,
    /// iTunes track ids (digit strings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes_track_ids: Option<Vec<String>>,
    /// Apple storefronts (country codes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storefronts: Option<Vec<String>>,
    /// Country of the chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Genre of the chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// Shazam city of the chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// iTunes track id, on Shazam rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itunes_id: Option<i64>,
    /// Shazams on the chart day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_of_shazams: Option<i64>,
    /// Shazam track id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shazam_track_id: Option<i64>,
    /// YouTube video id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youtube_track_id: Option<String>,
    /// Position, as YouTube numbers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// Views in the chart period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view_count: Option<i64>,
    /// Artist name, as YouTube shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artist_name: Option<String>,
    /// YouTube channel id of the artist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youtube_artist: Option<String>,
    /// YouTube channel ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youtube_artist_ids: Option<Vec<String>>,
    /// Artist names on YouTube.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youtube_artist_names: Option<Vec<String>>,
    /// YouTube video ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youtube_track_ids: Option<Vec<String>>,
    /// YouTube raw figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_data: Option<RawData>,
}

/// A row of the YouTube artists chart: `{id, name, rank, view_count, ...}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChartArtistEntry {
    /// Rank, 1-based.
    pub rank: i64,
    /// Rank on the previous chart.
    pub pre_rank: Option<i64>,
    /// Best rank so far.
    pub peak_rank: i64,
    /// When the best rank was first reached (ISO 8601).
    pub peak_date: String,
    /// Number of charts the artist has been on.
    pub time_on_chart: i64,
    /// Chartmetric artist id.
    pub id: i64,
    /// Chartmetric artist id again, under the name other rows use.
    pub cm_artist: i64,
    /// Name.
    pub name: String,
    /// Profile image.
    pub image_url: Option<String>,
    /// Lower-case country code of the chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code2: Option<String>,
    /// Views in the chart period.
    pub view_count: i64,
    /// The YouTube channel id.
    pub youtube_artist: Option<String>,
    /// Rank history, oldest first; the last is the chart date.
    #[serde(rename = "rankStats")]
    pub rank_stats: Vec<RankStat>,
}

/// The body of `/charts/shazam/{country_code}/cities`: `{cities: [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChartCities {
    /// City names usable as `city=`.
    pub cities: Vec<String>,
}
