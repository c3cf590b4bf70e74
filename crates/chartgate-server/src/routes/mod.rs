//! The handlers, each beside the OpenAPI description of its parameters and
//! answers, and the declaration of every data route with the scope it needs.
//! The router that mounts them is [`crate::app`].

pub(crate) mod artist;
pub(crate) mod artist_data;
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
    /// Path, in axum's syntax.
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
];

/// `GET /healthz`.
pub const HEALTHZ: &str = "/healthz";
/// `GET /readyz`.
pub const READYZ: &str = "/readyz";
/// `GET /metrics`.
pub const METRICS: &str = "/metrics";
/// `GET /.well-known/jwks.json`.
pub const JWKS: &str = "/.well-known/jwks.json";
