//! Chart kinds and entity chart types, and what each implies.

use crate::enums::{EntityKind, UnknownValue, wire_enum};
use std::fmt;
use std::str::FromStr;

wire_enum!(
    /// A chart the `/charts/...` routes serve.
    ChartKind, "chart" {
        /// `/charts/spotify?type=regional&interval=daily`.
        SpotifyRegionalDaily = "spotify_regional_daily",
        /// `/charts/spotify?type=regional&interval=weekly` (Thursdays).
        SpotifyRegionalWeekly = "spotify_regional_weekly",
        /// `/charts/spotify?type=viral&interval=daily`.
        SpotifyViralDaily = "spotify_viral_daily",
        /// `/charts/spotify?type=viral&interval=weekly` (Thursdays).
        SpotifyViralWeekly = "spotify_viral_weekly",
        /// `/charts/spotify/freshfind` (Thursdays).
        SpotifyFreshFind = "spotify_freshfind",
        /// `/charts/applemusic/tracks`.
        AppleMusicTracks = "applemusic_tracks",
        /// `/charts/applemusic/albums`.
        AppleMusicAlbums = "applemusic_albums",
        /// `/charts/applemusic/videos`.
        AppleMusicVideos = "applemusic_videos",
        /// `/charts/itunes/tracks`.
        ItunesTracks = "itunes_tracks",
        /// `/charts/itunes/albums`.
        ItunesAlbums = "itunes_albums",
        /// `/charts/itunes/videos`.
        ItunesVideos = "itunes_videos",
        /// `/charts/amazon/tracks`.
        AmazonTracks = "amazon_tracks",
        /// `/charts/amazon/albums`.
        AmazonAlbums = "amazon_albums",
        /// `/charts/deezer/`.
        Deezer = "deezer",
        /// `/charts/qq/` (Thursdays).
        Qq = "qq",
        /// `/charts/shazam` (and per city).
        Shazam = "shazam",
        /// `/charts/soundcloud` (Fridays).
        Soundcloud = "soundcloud",
        /// `/charts/beatport` (Fridays).
        Beatport = "beatport",
        /// `/charts/youtube/trends` (Thursdays).
        YoutubeTrends = "youtube_trends",
        /// `/charts/youtube/videos` (Thursdays).
        YoutubeVideos = "youtube_videos",
        /// `/charts/youtube/tracks` (Thursdays).
        YoutubeTracks = "youtube_tracks",
        /// `/charts/youtube/artists` (Thursdays): artist rows.
        YoutubeArtists = "youtube_artists",
    }
);

/// Which platform's extras a chart's rows carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    Spotify,
    Apple,
    Shazam,
    Youtube,
    Plain,
}

impl ChartKind {
    /// The chart of `/charts/spotify?type=…&interval=…`: `type` is
    /// `regional` (default) or `viral` (also `1`/`0`, as one client sends
    /// `viral=1|0`), `interval` is `daily` (default) or `weekly`.
    pub fn spotify(kind: Option<&str>, interval: Option<&str>) -> Result<Self, UnknownValue> {
        let lower = |v: Option<&str>| v.map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty());
        let viral = match lower(kind).as_deref() {
            None | Some("regional" | "top" | "0" | "false") => false,
            Some("viral" | "1" | "true") => true,
            Some(_) => {
                let value = kind.unwrap_or_default().to_string();
                return Err(UnknownValue { what: "type", value, expected: vec!["regional", "viral"] });
            }
        };
        let weekly = match lower(interval).as_deref() {
            None | Some("daily") => false,
            Some("weekly") => true,
            Some(_) => {
                let value = interval.unwrap_or_default().to_string();
                return Err(UnknownValue { what: "interval", value, expected: vec!["daily", "weekly"] });
            }
        };
        Ok(match (viral, weekly) {
            (false, false) => Self::SpotifyRegionalDaily,
            (false, true) => Self::SpotifyRegionalWeekly,
            (true, false) => Self::SpotifyViralDaily,
            (true, true) => Self::SpotifyViralWeekly,
        })
    }

    /// Rows in a full chart.
    pub fn size(self) -> usize {
        use ChartKind::*;
        match self {
            SpotifyRegionalDaily | SpotifyRegionalWeekly | Shazam => 200,
            SpotifyViralDaily | SpotifyViralWeekly | SpotifyFreshFind | Soundcloud | YoutubeTrends => 50,
            _ => 100,
        }
    }

    /// The weekday (0 = Monday) weekly charts are dated, `None` for daily charts.
    pub fn weekday(self) -> Option<i64> {
        use ChartKind::*;
        match self {
            SpotifyRegionalWeekly
            | SpotifyViralWeekly
            | SpotifyFreshFind
            | Qq
            | YoutubeTrends
            | YoutubeVideos
            | YoutubeTracks
            | YoutubeArtists => Some(3),
            Soundcloud | Beatport => Some(4),
            _ => None,
        }
    }

    /// What the chart ranks.
    pub fn entity(self) -> EntityKind {
        match self {
            Self::AppleMusicAlbums | Self::ItunesAlbums | Self::AmazonAlbums => EntityKind::Album,
            Self::YoutubeArtists => EntityKind::Artist,
            _ => EntityKind::Track,
        }
    }

    /// Whether the chart exists per country.
    pub fn has_country(self) -> bool {
        !matches!(self, Self::AmazonTracks | Self::AmazonAlbums | Self::Qq | Self::Beatport)
    }

    pub(crate) fn flavour(self) -> Flavour {
        use ChartKind::*;
        match self {
            SpotifyRegionalDaily
            | SpotifyRegionalWeekly
            | SpotifyViralDaily
            | SpotifyViralWeekly
            | SpotifyFreshFind => Flavour::Spotify,
            AppleMusicTracks | AppleMusicAlbums | AppleMusicVideos | ItunesTracks | ItunesAlbums | ItunesVideos => {
                Flavour::Apple
            }
            Shazam => Flavour::Shazam,
            YoutubeTrends | YoutubeVideos | YoutubeTracks | YoutubeArtists => Flavour::Youtube,
            AmazonTracks | AmazonAlbums | Deezer | Qq | Soundcloud | Beatport => Flavour::Plain,
        }
    }
}

wire_enum!(
    /// The `{type}` of `/artist|track|album/{id}/{type}/charts`.
    ChartType, "chart type" {
        #[allow(missing_docs)]
        SpotifyViralDaily = "spotify_viral_daily",
        #[allow(missing_docs)]
        SpotifyViralWeekly = "spotify_viral_weekly",
        #[allow(missing_docs)]
        SpotifyTopDaily = "spotify_top_daily",
        #[allow(missing_docs)]
        SpotifyTopWeekly = "spotify_top_weekly",
        #[allow(missing_docs)]
        ApplemusicTop = "applemusic_top",
        #[allow(missing_docs)]
        ApplemusicDaily = "applemusic_daily",
        #[allow(missing_docs)]
        ApplemusicAlbums = "applemusic_albums",
        #[allow(missing_docs)]
        ItunesTop = "itunes_top",
        #[allow(missing_docs)]
        ItunesAlbums = "itunes_albums",
        #[allow(missing_docs)]
        Shazam = "shazam",
        #[allow(missing_docs)]
        Beatport = "beatport",
        /// Amazon tracks (albums on an album).
        Amazon = "amazon",
        /// Apple Music albums (album routes).
        Applemusic = "applemusic",
        /// iTunes albums (album routes).
        Itunes = "itunes",
    }
);

impl ChartType {
    /// The chart and its `type` variant this names for an entity kind;
    /// `None` when the entity has no such chart (a route answers 400).
    pub fn resolve(self, entity: EntityKind) -> Option<(ChartKind, Option<&'static str>)> {
        use ChartType::*;
        let album = entity == EntityKind::Album;
        let r = match self {
            SpotifyViralDaily => (ChartKind::SpotifyViralDaily, None),
            SpotifyViralWeekly => (ChartKind::SpotifyViralWeekly, None),
            SpotifyTopDaily => (ChartKind::SpotifyRegionalDaily, None),
            SpotifyTopWeekly => (ChartKind::SpotifyRegionalWeekly, None),
            ApplemusicTop => (ChartKind::AppleMusicTracks, Some("top")),
            ApplemusicDaily => (ChartKind::AppleMusicTracks, None),
            ItunesTop => (ChartKind::ItunesTracks, None),
            Shazam => (ChartKind::Shazam, None),
            Beatport => (ChartKind::Beatport, None),
            ApplemusicAlbums | Applemusic => (ChartKind::AppleMusicAlbums, None),
            ItunesAlbums | Itunes => (ChartKind::ItunesAlbums, None),
            Amazon if album => (ChartKind::AmazonAlbums, None),
            Amazon => (ChartKind::AmazonTracks, None),
        };
        match (album, r.0.entity()) {
            (true, EntityKind::Album) | (false, _) => Some(r),
            (true, _) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spotify_chart_from_what_clients_send() {
        assert_eq!(ChartKind::spotify(None, None), Ok(ChartKind::SpotifyRegionalDaily));
        assert_eq!(ChartKind::spotify(Some("viral"), Some("Weekly")), Ok(ChartKind::SpotifyViralWeekly));
        assert_eq!(ChartKind::spotify(Some("1"), Some("")), Ok(ChartKind::SpotifyViralDaily));
        assert_eq!(ChartKind::spotify(Some("hot"), None).unwrap_err().what, "type");
        assert_eq!(ChartKind::spotify(None, Some("monthly")).unwrap_err().what, "interval");
    }

    #[test]
    fn entity_chart_types_resolve_per_entity() {
        assert_eq!(ChartType::Amazon.resolve(EntityKind::Album), Some((ChartKind::AmazonAlbums, None)));
        assert_eq!(ChartType::Amazon.resolve(EntityKind::Track), Some((ChartKind::AmazonTracks, None)));
        assert_eq!(
            ChartType::ApplemusicTop.resolve(EntityKind::Track),
            Some((ChartKind::AppleMusicTracks, Some("top")))
        );
        assert_eq!(ChartType::Shazam.resolve(EntityKind::Album), None);
    }
}
