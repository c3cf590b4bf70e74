//! The fixed vocabularies of the routes: platforms, statuses, chart types,
//! sources, metrics, id types, search types. Each serializes to its wire
//! string (`as_str`, `Display`).

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value, in the order the API documents them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The wire string.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
wire_enum! {
    /// A streaming platform, as the playlist, curator and placement routes name it (not every route takes every one).
    Platform {
        /// Spotify.
        Spotify => "spotify",
        /// Apple Music.
        AppleMusic => "applemusic",
        /// Deezer.
        Deezer => "deezer",
        /// Amazon Music.
        Amazon => "amazon",
        /// YouTube (Music).
        Youtube => "youtube",
    }
}

wire_enum! {
    /// Whether a placement or a playlist's track is still there (`current`) or was (`past`).
    Status {
        /// On the playlist now.
        Current => "current",
        /// On it once, removed since.
        Past => "past",
    }
}

wire_enum! {
    /// A chart an artist's, album's or track's history is read on (`/{entity}/{id}/{type}/charts`): artists and tracks take the `spotify_*`, `applemusic_top|daily|albums`, `itunes_top|albums`, `shazam` and `beatport` charts (tracks also `amazon`); albums take `applemusic`, `itunes` and `amazon`.
    ChartType {
        /// Spotify Viral 50, daily.
        SpotifyViralDaily => "spotify_viral_daily",
        /// Spotify Viral 50, weekly.
        SpotifyViralWeekly => "spotify_viral_weekly",
        /// Spotify Top 200, daily.
        SpotifyTopDaily => "spotify_top_daily",
        /// Spotify Top 200, weekly.
        SpotifyTopWeekly => "spotify_top_weekly",
        /// Apple Music top tracks.
        ApplemusicTop => "applemusic_top",
        /// Apple Music daily tracks.
        ApplemusicDaily => "applemusic_daily",
        /// Apple Music albums.
        ApplemusicAlbums => "applemusic_albums",
        /// iTunes top tracks.
        ItunesTop => "itunes_top",
        /// iTunes albums.
        ItunesAlbums => "itunes_albums",
        /// Shazam.
        Shazam => "shazam",
        /// Beatport.
        Beatport => "beatport",
        /// Apple Music (albums).
        Applemusic => "applemusic",
        /// iTunes (albums).
        Itunes => "itunes",
        /// Amazon (tracks and albums).
        Amazon => "amazon",
    }
}

wire_enum! {
    /// The source of an artist's statistics (`/artist/{id}/stat/{source}`).
    StatSource {
        /// Spotify: followers, popularity, listeners.
        Spotify => "spotify",
        /// Deezer.
        Deezer => "deezer",
        /// Facebook.
        Facebook => "facebook",
        /// Twitter.
        Twitter => "twitter",
        /// Instagram.
        Instagram => "instagram",
        /// A YouTube channel.
        YoutubeChannel => "youtube_channel",
        /// A YouTube artist page.
        YoutubeArtist => "youtube_artist",
        /// Wikipedia.
        Wikipedia => "wikipedia",
        /// Bandsintown.
        Bandsintown => "bandsintown",
        /// SoundCloud.
        Soundcloud => "soundcloud",
        /// TikTok.
        Tiktok => "tiktok",
        /// Twitch.
        Twitch => "twitch",
        /// LINE.
        Line => "line",
        /// Melon.
        Melon => "melon",
        /// Apple Music.
        AppleMusic => "applemusic",
    }
}

wire_enum! {
    /// The kind of id a get-ids lookup starts from (`/{entity}/{type}/{id}/get-ids`): artists take `chartmetric`, `spotify`, `itunes`, `deezer`; albums also `upc`; tracks also `isrc` and the other platforms.
    IdType {
        /// A Chartmetric numeric id.
        Chartmetric => "chartmetric",
        /// A Spotify id.
        Spotify => "spotify",
        /// An iTunes / Apple Music id.
        Itunes => "itunes",
        /// A Deezer id.
        Deezer => "deezer",
        /// An ISRC (tracks).
        Isrc => "isrc",
        /// A UPC (albums).
        Upc => "upc",
        /// An Amazon id (tracks).
        Amazon => "amazon",
        /// A YouTube id (tracks).
        Youtube => "youtube",
        /// A SoundCloud id (tracks).
        Soundcloud => "soundcloud",
        /// A Shazam id (tracks).
        Shazam => "shazam",
        /// A TikTok id (tracks).
        Tiktok => "tiktok",
        /// A QQ Music id (tracks).
        Qq => "qq",
        /// A Beatport id (tracks).
        Beatport => "beatport",
        /// A Genius id (tracks).
        Genius => "genius",
    }
}

wire_enum! {
    /// What a search looks for (`type`).
    SearchType {
        /// Every kind, one bucket each.
        All => "all",
        /// Artists.
        Artists => "artists",
        /// Tracks.
        Tracks => "tracks",
        /// Playlists, by platform.
        Playlists => "playlists",
        /// Curators, by platform.
        Curators => "curators",
        /// Albums.
        Albums => "albums",
        /// Radio stations.
        Stations => "stations",
        /// Cities.
        Cities => "cities",
    }
}

wire_enum! {
    /// The metric of an artist ranking (`/artist/{metric}/list`).
    ArtistMetric {
        /// Spotify monthly listeners.
        SpMonthlyListeners => "sp_monthly_listeners",
        /// Spotify followers.
        SpFollowers => "sp_followers",
        /// Spotify popularity.
        SpPopularity => "sp_popularity",
        /// Spotify listeners per follower.
        SpListenersToFollowersRatio => "sp_listeners_to_followers_ratio",
        /// Facebook likes.
        FsLikes => "fs_likes",
        /// Facebook talks.
        FsTalks => "fs_talks",
        /// YouTube channel views.
        YcsViews => "ycs_views",
        /// YouTube channel subscribers.
        YcsSubscribers => "ycs_subscribers",
        /// Wikipedia views.
        WsViews => "ws_views",
        /// SoundCloud followers.
        SsFollowers => "ss_followers",
    }
}

wire_enum! {
    /// The platform of a track's daily statistics (`/track/{id}/{platform}/stats`).
    StatsPlatform {
        /// Spotify popularity.
        Spotify => "spotify",
        /// YouTube views.
        Youtube => "youtube",
        /// Shazam counts.
        Shazam => "shazam",
    }
}

wire_enum! {
    /// What an artist's Chartmetric performance points give (`stat`).
    CppStat {
        /// The rank.
        Rank => "rank",
        /// The score.
        Score => "score",
    }
}

wire_enum! {
    /// The chart of a cm-score series (`/charts/{entity}/{id}/{chart_type}/cm-score`).
    CmScoreChart {
        /// Spotify top.
        SpotifyTop => "spotify-top",
        /// Spotify viral.
        SpotifyViral => "spotify-viral",
        /// Apple Music, by genre.
        ApplemusicGenre => "applemusic-genre",
        /// Apple Music daily.
        ApplemusicDaily => "applemusic-daily",
        /// Apple Music albums.
        ApplemusicAlbums => "applemusic-albums",
        /// iTunes.
        Itunes => "itunes",
        /// iTunes albums.
        ItunesAlbums => "itunes-albums",
        /// Shazam.
        Shazam => "shazam",
    }
}

wire_enum! {
    /// Whose cm-score series is asked for.
    CmScoreEntity {
        /// An artist.
        Artist => "artist",
        /// A track.
        Track => "track",
        /// An album.
        Album => "album",
    }
}

wire_enum! {
    /// Which Spotify chart (`type`).
    SpotifyChart {
        /// The Top 200.
        Regional => "regional",
        /// The Viral 50.
        Viral => "viral",
    }
}

wire_enum! {
    /// How often a chart is drawn up (`interval`).
    Interval {
        /// Every day.
        Daily => "daily",
        /// Every week.
        Weekly => "weekly",
    }
}

wire_enum! {
    /// Which Apple Music chart (`/charts/applemusic/{kind}`).
    AppleMusicChart {
        /// Tracks.
        Tracks => "tracks",
        /// Albums.
        Albums => "albums",
        /// Music videos.
        Videos => "videos",
    }
}

wire_enum! {
    /// The Apple Music track chart's `type`.
    AppleMusicTracksType {
        /// The daily chart.
        Daily => "daily",
        /// The top chart.
        Top => "top",
    }
}

wire_enum! {
    /// Which iTunes chart (`/charts/itunes/{kind}`).
    ItunesChart {
        /// Tracks.
        Tracks => "tracks",
        /// Albums.
        Albums => "albums",
        /// Music videos.
        Videos => "videos",
    }
}

wire_enum! {
    /// Which Amazon chart (`type`; the track ones are served under `/charts/amazon/tracks`, the album ones under `/charts/amazon/albums`).
    AmazonChart {
        /// Popular tracks.
        PopularTrack => "popular_track",
        /// New tracks.
        NewTrack => "new_track",
        /// Popular albums.
        PopularAlbum => "popular_album",
        /// New albums.
        NewAlbum => "new_album",
    }
}

wire_enum! {
    /// Which SoundCloud chart (`kind`).
    SoundcloudKind {
        /// Top 50.
        Top => "top",
        /// New and hot.
        Trending => "trending",
    }
}

wire_enum! {
    /// Which YouTube chart (`/charts/youtube/{kind}`; artists have [`Charts::youtube_artists`](crate::Charts::youtube_artists)).
    YoutubeChart {
        /// Trending.
        Trends => "trends",
        /// Top videos.
        Videos => "videos",
        /// Top tracks.
        Tracks => "tracks",
    }
}

wire_enum! {
    /// The order of a playlist list (`sortColumn`).
    PlaylistSort {
        /// Most followed first.
        Followers => "followers",
        /// Most recently updated first.
        LastUpdated => "last_updated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_serialize_to_their_wire_strings() {
        assert_eq!(Platform::AppleMusic.to_string(), "applemusic");
        assert_eq!(ChartType::SpotifyViralDaily.as_str(), "spotify_viral_daily");
        assert_eq!(CmScoreChart::SpotifyTop.as_str(), "spotify-top");
        assert_eq!(StatSource::YoutubeChannel.as_str(), "youtube_channel");
        assert_eq!(IdType::ALL.len(), 14);
    }
}
