//! The handlers, each beside the OpenAPI description of its parameters and
//! answers, and the declaration of every data route with the scope it needs.
//! The router that mounts them is [`crate::app`].

pub(crate) mod album_track;
mod album_track_params;
pub(crate) mod artist;
pub(crate) mod artist_data;
pub(crate) mod artist_lists;
pub(crate) mod artist_more;
pub(crate) mod charts;
mod describe;
pub(crate) mod entities;
pub(crate) mod health;
pub(crate) mod jwks;
pub mod params;
pub(crate) mod playlist_curator;
mod reply;
pub(crate) mod token;
mod token_body;

pub use token_body::parse_token_body;

/// A data route and the scope it needs: the one place each route's
/// authorisation requirement is declared (docs/API.md lists the same).
#[derive(Debug, Clone, Copy)]
pub struct DataRoute {
    /// HTTP method.
    pub method: &'static str,
    /// Path as documented (OpenAPI, docs/API.md), in axum's syntax; the
    /// router mounts [`mount_path`] of it.
    pub path: &'static str,
    /// The scope a token needs to call it.
    pub scope: &'static str,
}

/// `GET /api/artist/{id}`.
pub const ARTIST: DataRoute = DataRoute { method: "GET", path: "/api/artist/{id}", scope: "artist:read" };

/// `GET /api/track/{id}`.
pub const TRACK: DataRoute = DataRoute { method: "GET", path: "/api/track/{id}", scope: "track:read" };
/// `GET /api/album/{id}`.
pub const ALBUM: DataRoute = DataRoute { method: "GET", path: "/api/album/{id}", scope: "album:read" };
/// `GET /api/playlist/{platform}/{id}`.
pub const PLAYLIST: DataRoute =
    DataRoute { method: "GET", path: "/api/playlist/{platform}/{id}", scope: "playlist:read" };
/// `GET /api/curator/{platform}/{id}`.
pub const CURATOR: DataRoute = DataRoute { method: "GET", path: "/api/curator/{platform}/{id}", scope: "curator:read" };

/// `GET /api/artist/{id}/tracks`.
pub const ARTIST_TRACKS: DataRoute = DataRoute { method: "GET", path: "/api/artist/{id}/tracks", scope: "artist:read" };
/// `GET /api/artist/{id}/albums`.
pub const ARTIST_ALBUMS: DataRoute = DataRoute { method: "GET", path: "/api/artist/{id}/albums", scope: "artist:read" };
/// `GET /api/artist/{id}/relatedartists`.
pub const ARTIST_RELATED: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/relatedartists", scope: "artist:read" };
/// `GET /api/artist/{id}/urls`.
pub const ARTIST_URLS: DataRoute = DataRoute { method: "GET", path: "/api/artist/{id}/urls", scope: "artist:read" };
/// `GET /api/artist/{id}/stat/{source}`.
pub const ARTIST_STAT: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/stat/{source}", scope: "artist:read" };
/// `GET /api/artist/{id}/cpp`.
pub const ARTIST_CPP: DataRoute = DataRoute { method: "GET", path: "/api/artist/{id}/cpp", scope: "artist:read" };
/// `GET /api/artist/{id}/{type}/charts`.
pub const ARTIST_CHARTS: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/{type}/charts", scope: "artist:read" };
/// `GET /api/artist/{type}/{id}/get-ids`.
pub const ARTIST_GET_IDS: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{type}/{id}/get-ids", scope: "artist:read" };
/// `GET /api/artist/{metric}/list`.
pub const ARTIST_METRIC_LIST: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{metric}/list", scope: "artist:read" };
/// `GET /api/artist/list/filter`.
pub const ARTIST_LIST_FILTER: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/list/filter", scope: "artist:read" };
/// `GET /api/artist/{id}/{platform}/{status}/playlists`.
pub const ARTIST_PLAYLISTS: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/{platform}/{status}/playlists", scope: "artist:read" };
/// `GET /api/artist/{id}/where-people-listen`.
pub const ARTIST_WHERE_PEOPLE_LISTEN: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/where-people-listen", scope: "artist:read" };
/// `GET /api/artist/{id}/instagram-audience-stats`.
pub const ARTIST_INSTAGRAM_AUDIENCE: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/instagram-audience-stats", scope: "artist:read" };
/// `GET /api/artist/{id}/tunefind`.
pub const ARTIST_TUNEFIND: DataRoute =
    DataRoute { method: "GET", path: "/api/artist/{id}/tunefind", scope: "artist:read" };
/// `GET /api/search`.
pub const SEARCH: DataRoute = DataRoute { method: "GET", path: "/api/search", scope: "search:read" };

/// A chart route (scope `chart:read`).
const fn chart(path: &'static str) -> DataRoute {
    DataRoute { method: "GET", path, scope: "chart:read" }
}
/// `GET /api/charts/spotify`.
pub const CHARTS_SPOTIFY: DataRoute = chart("/api/charts/spotify");
/// `GET /api/charts/spotify/freshfind`.
pub const CHARTS_SPOTIFY_FRESHFIND: DataRoute = chart("/api/charts/spotify/freshfind");
/// `GET /api/charts/applemusic/tracks`.
pub const CHARTS_APPLEMUSIC_TRACKS: DataRoute = chart("/api/charts/applemusic/tracks");
/// `GET /api/charts/applemusic/albums`.
pub const CHARTS_APPLEMUSIC_ALBUMS: DataRoute = chart("/api/charts/applemusic/albums");
/// `GET /api/charts/applemusic/videos`.
pub const CHARTS_APPLEMUSIC_VIDEOS: DataRoute = chart("/api/charts/applemusic/videos");
/// `GET /api/charts/itunes/tracks`.
pub const CHARTS_ITUNES_TRACKS: DataRoute = chart("/api/charts/itunes/tracks");
/// `GET /api/charts/itunes/albums`.
pub const CHARTS_ITUNES_ALBUMS: DataRoute = chart("/api/charts/itunes/albums");
/// `GET /api/charts/itunes/videos`.
pub const CHARTS_ITUNES_VIDEOS: DataRoute = chart("/api/charts/itunes/videos");
/// `GET /api/charts/amazon/tracks`.
pub const CHARTS_AMAZON_TRACKS: DataRoute = chart("/api/charts/amazon/tracks");
/// `GET /api/charts/amazon/albums`.
pub const CHARTS_AMAZON_ALBUMS: DataRoute = chart("/api/charts/amazon/albums");
/// `GET /api/charts/deezer/` (mounted without the slash; both forms answer).
pub const CHARTS_DEEZER: DataRoute = chart("/api/charts/deezer");
/// `GET /api/charts/qq/` (mounted without the slash; both forms answer).
pub const CHARTS_QQ: DataRoute = chart("/api/charts/qq");
/// `GET /api/charts/shazam`.
pub const CHARTS_SHAZAM: DataRoute = chart("/api/charts/shazam");
/// `GET /api/charts/shazam/{country_code}/cities`.
pub const CHARTS_SHAZAM_CITIES: DataRoute = chart("/api/charts/shazam/{country_code}/cities");
/// `GET /api/charts/soundcloud`.
pub const CHARTS_SOUNDCLOUD: DataRoute = chart("/api/charts/soundcloud");
/// `GET /api/charts/beatport`.
pub const CHARTS_BEATPORT: DataRoute = chart("/api/charts/beatport");
/// `GET /api/charts/youtube/trends`.
pub const CHARTS_YOUTUBE_TRENDS: DataRoute = chart("/api/charts/youtube/trends");
/// `GET /api/charts/youtube/videos`.
pub const CHARTS_YOUTUBE_VIDEOS: DataRoute = chart("/api/charts/youtube/videos");
/// `GET /api/charts/youtube/tracks`.
pub const CHARTS_YOUTUBE_TRACKS: DataRoute = chart("/api/charts/youtube/tracks");
/// `GET /api/charts/youtube/artists`.
pub const CHARTS_YOUTUBE_ARTISTS: DataRoute = chart("/api/charts/youtube/artists");
/// `GET /api/charts/track/{id}/{chart_type}/cm-score`.
pub const CHARTS_TRACK_CM_SCORE: DataRoute = chart("/api/charts/track/{id}/{chart_type}/cm-score");
/// `GET /api/charts/artist/{id}/{chart_type}/cm-score`.
pub const CHARTS_ARTIST_CM_SCORE: DataRoute = chart("/api/charts/artist/{id}/{chart_type}/cm-score");
/// `GET /api/charts/album/{id}/{chart_type}/cm-score`.
pub const CHARTS_ALBUM_CM_SCORE: DataRoute = chart("/api/charts/album/{id}/{chart_type}/cm-score");
/// `GET /api/album/{id}/{type}/charts`.
pub const ALBUM_CHARTS: DataRoute =
    DataRoute { method: "GET", path: "/api/album/{id}/{type}/charts", scope: "album:read" };
/// `GET /api/album/{type}/{id}/get-ids`.
pub const ALBUM_IDS: DataRoute =
    DataRoute { method: "GET", path: "/api/album/{type}/{id}/get-ids", scope: "album:read" };
/// `GET /api/album/{id}/{platform}/{status}/playlists`.
pub const ALBUM_PLACEMENTS: DataRoute =
    DataRoute { method: "GET", path: "/api/album/{id}/{platform}/{status}/playlists", scope: "album:read" };
/// `GET /api/album/{id}/{platform}/followers`.
pub const ALBUM_FOLLOWERS: DataRoute =
    DataRoute { method: "GET", path: "/api/album/{id}/{platform}/followers", scope: "album:read" };
/// `GET /api/album/{id}/{platform}/stats`: the same as [`ALBUM_FOLLOWERS`].
pub const ALBUM_STATS: DataRoute =
    DataRoute { method: "GET", path: "/api/album/{id}/{platform}/stats", scope: "album:read" };
/// `GET /api/album/{id}/tracks`.
pub const ALBUM_TRACKS: DataRoute = DataRoute { method: "GET", path: "/api/album/{id}/tracks", scope: "album:read" };
/// `GET /api/album/{id}/tunefind`.
pub const ALBUM_TUNEFIND: DataRoute =
    DataRoute { method: "GET", path: "/api/album/{id}/tunefind", scope: "album:read" };
/// `GET /api/track/{id}/{type}/charts`.
pub const TRACK_CHARTS: DataRoute =
    DataRoute { method: "GET", path: "/api/track/{id}/{type}/charts", scope: "track:read" };
/// `GET /api/track/{type}/{id}/get-ids`.
pub const TRACK_IDS: DataRoute =
    DataRoute { method: "GET", path: "/api/track/{type}/{id}/get-ids", scope: "track:read" };
/// `GET /api/track/{id}/{platform}/playlists/snapshot`.
pub const TRACK_SNAPSHOT: DataRoute =
    DataRoute { method: "GET", path: "/api/track/{id}/{platform}/playlists/snapshot", scope: "track:read" };
/// `GET /api/track/{id}/{platform}/{status}/playlists`.
pub const TRACK_PLACEMENTS: DataRoute =
    DataRoute { method: "GET", path: "/api/track/{id}/{platform}/{status}/playlists", scope: "track:read" };
/// `GET /api/track/{id}/{platform}/stats`.
pub const TRACK_STATS: DataRoute =
    DataRoute { method: "GET", path: "/api/track/{id}/{platform}/stats", scope: "track:read" };
/// `GET /api/track/{id}/tunefind`.
pub const TRACK_TUNEFIND: DataRoute =
    DataRoute { method: "GET", path: "/api/track/{id}/tunefind", scope: "track:read" };
/// `GET /api/playlist/{platform}/lists`.
pub const PLAYLIST_LISTS: DataRoute =
    DataRoute { method: "GET", path: "/api/playlist/{platform}/lists", scope: "playlist:read" };
/// `GET /api/playlist/{platform}/{id}/snapshot`.
pub const PLAYLIST_SNAPSHOT: DataRoute =
    DataRoute { method: "GET", path: "/api/playlist/{platform}/{id}/snapshot", scope: "playlist:read" };
/// `GET /api/playlist/{platform}/{id}/{span}/tracks`.
pub const PLAYLIST_TRACKS: DataRoute =
    DataRoute { method: "GET", path: "/api/playlist/{platform}/{id}/{span}/tracks", scope: "playlist:read" };
/// `GET /api/curator/{platform}/lists`.
pub const CURATOR_LISTS: DataRoute =
    DataRoute { method: "GET", path: "/api/curator/{platform}/lists", scope: "curator:read" };
/// `GET /api/curator/{platform}/{id}/playlists`.
pub const CURATOR_PLAYLISTS: DataRoute =
    DataRoute { method: "GET", path: "/api/curator/{platform}/{id}/playlists", scope: "curator:read" };
/// `GET /api/playlist/{platform}/{id}/similarplaylists`: under `/playlist`,
/// but a recommendation.
pub const SIMILAR_PLAYLISTS: DataRoute =
    DataRoute { method: "GET", path: "/api/playlist/{platform}/{id}/similarplaylists", scope: "recommendation:read" };

/// Every data route.
pub const DATA_ROUTES: &[DataRoute] = &[
    ARTIST,
    ARTIST_TRACKS,
    ARTIST_ALBUMS,
    ARTIST_RELATED,
    ARTIST_URLS,
    ARTIST_STAT,
    TRACK,
    ALBUM,
    PLAYLIST,
    CURATOR,
    SEARCH,
    // Charts.
    CHARTS_SPOTIFY,
    CHARTS_SPOTIFY_FRESHFIND,
    CHARTS_APPLEMUSIC_TRACKS,
    CHARTS_APPLEMUSIC_ALBUMS,
    CHARTS_APPLEMUSIC_VIDEOS,
    CHARTS_ITUNES_TRACKS,
    CHARTS_ITUNES_ALBUMS,
    CHARTS_ITUNES_VIDEOS,
    CHARTS_AMAZON_TRACKS,
    CHARTS_AMAZON_ALBUMS,
    CHARTS_DEEZER,
    CHARTS_QQ,
    CHARTS_SHAZAM,
    CHARTS_SHAZAM_CITIES,
    CHARTS_SOUNDCLOUD,
    CHARTS_BEATPORT,
    CHARTS_YOUTUBE_TRENDS,
    CHARTS_YOUTUBE_VIDEOS,
    CHARTS_YOUTUBE_TRACKS,
    CHARTS_YOUTUBE_ARTISTS,
    CHARTS_TRACK_CM_SCORE,
    CHARTS_ARTIST_CM_SCORE,
    CHARTS_ALBUM_CM_SCORE,
    // Album, track, playlist, curator and recommendation sub-routes.
    ALBUM_CHARTS,
    ALBUM_IDS,
    ALBUM_PLACEMENTS,
    ALBUM_FOLLOWERS,
    ALBUM_STATS,
    ALBUM_TRACKS,
    ALBUM_TUNEFIND,
    TRACK_CHARTS,
    TRACK_IDS,
    TRACK_SNAPSHOT,
    TRACK_PLACEMENTS,
    TRACK_STATS,
    TRACK_TUNEFIND,
    PLAYLIST_LISTS,
    PLAYLIST_SNAPSHOT,
    PLAYLIST_TRACKS,
    CURATOR_LISTS,
    CURATOR_PLAYLISTS,
    SIMILAR_PLAYLISTS,
    ARTIST_CPP,
    ARTIST_CHARTS,
    ARTIST_GET_IDS,
    ARTIST_METRIC_LIST,
    ARTIST_LIST_FILTER,
    ARTIST_PLAYLISTS,
    ARTIST_WHERE_PEOPLE_LISTEN,
    ARTIST_INSTAGRAM_AUDIENCE,
    ARTIST_TUNEFIND,
];

/// The path the router mounts for a documented path: each placeholder is
/// renamed after its segment's position (`/api/artist/{id}/{type}/charts`
/// becomes `/api/artist/{p3}/{p4}/charts`).
///
/// The router (matchit) refuses two routes that name one position
/// differently (`/artist/{id}/tracks` beside `/artist/{type}/{id}/get-ids`),
/// and the Chartmetric API does exactly that. Handlers take their path
/// parameters as tuples, by position, so the names do not matter to them;
/// the documented names stay in the OpenAPI document, the logs and metrics.
pub fn mount_path(path: &str) -> String {
    path.split('/')
        .enumerate()
        .map(|(i, seg)| if seg.starts_with('{') && seg.ends_with('}') { format!("{{p{i}}}") } else { seg.to_owned() })
        .collect::<Vec<_>>()
        .join("/")
}

/// `GET /healthz`.
pub const HEALTHZ: &str = "/healthz";
/// `GET /readyz`.
pub const READYZ: &str = "/readyz";
/// `GET /metrics`.
pub const METRICS: &str = "/metrics";
/// `GET /.well-known/jwks.json`.
pub const JWKS: &str = "/.well-known/jwks.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_paths_name_placeholders_by_position() {
        assert_eq!(mount_path("/api/artist/{id}/{type}/charts"), "/api/artist/{p3}/{p4}/charts");
        assert_eq!(mount_path("/api/artist/{type}/{id}/get-ids"), "/api/artist/{p3}/{p4}/get-ids");
        assert_eq!(mount_path("/api/search"), "/api/search");
    }

    #[test]
    fn every_data_route_mounts_beside_the_others() {
        // matchit panics on a conflict; mounting them all is the check.
        let mut router: axum::Router = axum::Router::new();
        for r in DATA_ROUTES {
            router = router.route(&mount_path(r.path), axum::routing::get(|| async {}));
        }
        let _ = router;
    }
}
