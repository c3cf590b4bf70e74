//! The handlers, each beside the OpenAPI description of its parameters and
//! answers, and the declaration of every data route with the scope it needs.
//! The router that mounts them is [`crate::app`].

pub(crate) mod artist;
pub(crate) mod artist_data;
pub(crate) mod artist_lists;
pub(crate) mod artist_more;
mod describe;
pub(crate) mod entities;
pub(crate) mod health;
pub(crate) mod jwks;
pub mod params;
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
