//! The closed sets clients name in paths and queries. Each parses from
//! what clients send (lower case; country codes in either case) and an
//! unknown value is an [`UnknownValue`] naming what was expected, so a
//! route can answer 400 naming the parameter.

use std::fmt;
use std::str::FromStr;

/// A value outside a closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// What was being parsed, e.g. `platform`.
    pub what: &'static str,
    /// The value as sent.
    pub value: String,
    /// The accepted values.
    pub expected: Vec<&'static str>,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} '{}'", self.what, self.value)?;
        if !self.expected.is_empty() && self.expected.len() <= 30 {
            write!(f, "; expected one of: {}", self.expected.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($(#[$vm:meta])* $var:ident = $first:literal $(| $alias:literal)*),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $var),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),*];

            /// The name clients send.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $first),* }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($first $(| $alias)* => Ok($name::$var),)*
                    _ => Err(UnknownValue {
                        what: $what,
                        value: s.to_string(),
                        expected: Self::ALL.iter().map(|v| v.as_str()).collect(),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use wire_enum;

wire_enum!(
    /// A platform with playlists and curators.
    Platform, "platform" {
        /// Spotify.
        Spotify = "spotify",
        /// Apple Music.
        AppleMusic = "applemusic" | "apple_music" | "apple-music",
        /// Deezer.
        Deezer = "deezer",
        /// Amazon Music.
        Amazon = "amazon",
        /// YouTube.
        Youtube = "youtube",
        /// SoundCloud.
        Soundcloud = "soundcloud",
    }
);

wire_enum!(
    /// `current` or `past`, of playlist placements and tracks.
    Status, "status" {
        /// On the playlist now.
        Current = "current",
        /// Was on it, no longer.
        Past = "past",
    }
);

wire_enum!(
    /// A source of `/artist/{id}/stat/{source}`.
    Source, "source" {
        /// Spotify: followers, popularity, listeners.
        Spotify = "spotify",
        /// Deezer: fans.
        Deezer = "deezer",
        /// Facebook: likes, talks.
        Facebook = "facebook",
        /// Twitter: followers, retweets.
        Twitter = "twitter",
        /// Instagram: followers.
        Instagram = "instagram",
        /// YouTube channel: subscribers, views, videos.
        YoutubeChannel = "youtube_channel",
        /// YouTube artist: views.
        YoutubeArtist = "youtube_artist",
        /// Wikipedia: views.
        Wikipedia = "wikipedia",
        /// Bandsintown: followers.
        Bandsintown = "bandsintown",
        /// SoundCloud: followers, plays.
        Soundcloud = "soundcloud",
        /// TikTok: followers, likes.
        Tiktok = "tiktok",
        /// Twitch: followers, views.
        Twitch = "twitch",
        /// LINE: likes.
        Line = "line",
        /// Melon: likes.
        Melon = "melon",
        /// Apple Music: followers.
        AppleMusic = "applemusic",
    }
);

wire_enum!(
    /// The kind of an entity.
    EntityKind, "entity" {
        /// An artist.
        Artist = "artist",
        /// A track.
        Track = "track",
        /// An album.
        Album = "album",
    }
);

wire_enum!(
    /// The id type of a get-ids lookup.
    IdType, "id type" {
        /// Chartmetric's numeric id.
        Chartmetric = "chartmetric" | "cm",
        /// Spotify base62 id.
        Spotify = "spotify",
        /// iTunes / Apple Music numeric id.
        Itunes = "itunes" | "applemusic",
        /// Deezer numeric id.
        Deezer = "deezer",
        /// ISRC (tracks).
        Isrc = "isrc",
        /// UPC (albums).
        Upc = "upc",
        /// Amazon ASIN.
        Amazon = "amazon",
        /// YouTube id.
        Youtube = "youtube",
        /// SoundCloud numeric id.
        Soundcloud = "soundcloud",
        /// Shazam numeric id.
        Shazam = "shazam",
        /// TikTok numeric id.
        Tiktok = "tiktok",
        /// QQ Music id.
        Qq = "qq",
        /// Beatport numeric id.
        Beatport = "beatport",
        /// Genius numeric id.
        Genius = "genius",
    }
);

wire_enum!(
    /// The `type` of `/search`.
    SearchType, "search type" {
        /// Every type.
        All = "all",
        /// Artists.
        Artists = "artists" | "artist",
        /// Tracks.
        Tracks = "tracks" | "track",
        /// Playlists, by platform.
        Playlists = "playlists" | "playlist",
        /// Curators, by platform.
        Curators = "curators" | "curator",
        /// Albums.
        Albums = "albums" | "album",
        /// Radio stations.
        Stations = "stations" | "station",
        /// Cities.
        Cities = "cities" | "city",
    }
);

wire_enum!(
    /// The `{metric}` of `/artist/{metric}/list`.
    Metric, "metric" {
        /// Spotify monthly listeners.
        SpMonthlyListeners = "sp_monthly_listeners",
        /// Spotify followers.
        SpFollowers = "sp_followers",
        /// Spotify popularity.
        SpPopularity = "sp_popularity",
        /// Spotify listeners per follower.
        SpListenersToFollowersRatio = "sp_listeners_to_followers_ratio",
        /// Facebook likes.
        FsLikes = "fs_likes",
        /// Facebook talks.
        FsTalks = "fs_talks",
        /// YouTube channel views.
        YcsViews = "ycs_views",
        /// YouTube channel subscribers.
        YcsSubscribers = "ycs_subscribers",
        /// Wikipedia views.
        WsViews = "ws_views",
        /// SoundCloud followers.
        SsFollowers = "ss_followers",
    }
);

wire_enum!(
    /// The `{platform}` of `/track/{id}/{platform}/stats` and
    /// `/album/{id}/{platform}/followers` (albums: Spotify only).
    StatsPlatform, "platform" {
        /// Spotify popularity.
        Spotify = "spotify",
        /// YouTube views.
        Youtube = "youtube",
        /// Shazam counts.
        Shazam = "shazam",
    }
);

wire_enum!(
    /// The `stat` of `/artist/{id}/cpp`.
    CppStat, "stat" {
        /// Chartmetric rank.
        Rank = "rank",
        /// Chartmetric score.
        Score = "score",
    }
);

wire_enum!(
    /// The `{chart_type}` of the cm-score routes.
    CmScoreChart, "chart type" {
        #[allow(missing_docs)]
        SpotifyTop = "spotify-top",
        #[allow(missing_docs)]
        SpotifyViral = "spotify-viral",
        #[allow(missing_docs)]
        ApplemusicGenre = "applemusic-genre",
        #[allow(missing_docs)]
        ApplemusicDaily = "applemusic-daily",
        #[allow(missing_docs)]
        ApplemusicAlbums = "applemusic-albums",
        #[allow(missing_docs)]
        Itunes = "itunes",
        #[allow(missing_docs)]
        ItunesAlbums = "itunes-albums",
        #[allow(missing_docs)]
        Shazam = "shazam",
    }
);

/// An ISO 3166-1 alpha-2 country code, held in lower case. Parses either case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The code in lower case.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("us")
    }
}

impl FromStr for Country {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_bytes() {
            [a, b] if crate::geo::is_iso_code(&lower) => Ok(Self([*a, *b])),
            _ => Err(UnknownValue { what: "country code", value: s.to_string(), expected: Vec::new() }),
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_what_clients_send_and_name_the_unknown() {
        assert_eq!("Spotify".parse::<Platform>(), Ok(Platform::Spotify));
        assert_eq!("youtube_channel".parse::<Source>(), Ok(Source::YoutubeChannel));
        let err = "myspace".parse::<Source>().unwrap_err();
        assert_eq!(err.what, "source");
        assert!(err.to_string().contains("unknown source 'myspace'"));
        assert!(err.to_string().contains("spotify"));
    }

    #[test]
    fn country_codes_parse_in_either_case() {
        assert_eq!("US".parse::<Country>().unwrap().as_str(), "us");
        assert_eq!("nz".parse::<Country>().unwrap().to_string(), "nz");
        assert!("XX".parse::<Country>().is_err());
        assert!("usa".parse::<Country>().is_err());
    }
}
