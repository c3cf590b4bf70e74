//! The API reference: an OpenAPI 3.1 document generated from the handlers'
//! `#[utoipa::path]` attributes and the wire types' schemas, served at
//! [`OPENAPI_PATH`].
//!
//! What the attributes cannot say is added here, from the code that decides
//! it: the bearer scheme, and each data route's scope, read from
//! [`DATA_ROUTES`] (never written out twice). Parameters and responses are
//! described beside their handlers, in [`crate::routes`]; this module reads
//! them and nothing but the router imports it.

use crate::docs_page;
use crate::headers::json_bytes;
use crate::routes::health::{Health, Readiness};
use crate::routes::{self, DATA_ROUTES, DataRoute};
use axum::response::Response;
use bytes::Bytes;
use chartmetric_types::{
    Artist, ArtistTag, CareerStatus, CmStatistics, DEFAULT_SCOPE, ErrorBody, Genre, Genres, TokenRequest, TokenResponse,
};
use http::StatusCode;
use std::sync::LazyLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{self, PathItem};
use utoipa::{Modify, OpenApi};

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/openapi.json";
/// The name of the bearer security scheme in the document.
pub const BEARER_SCHEME: &str = "bearerAuth";
/// The extension on each data operation naming the scope it needs.
pub const SCOPE_EXTENSION: &str = "x-required-scope";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "chartgate",
        description = "A self-hostable implementation of the Chartmetric API's two-token model. \
            Exchange a refresh token at `POST /api/token` for a one-hour access token, then send it as \
            `Authorization: Bearer <token>` on the data routes. Each data route needs a scope \
            (`x-required-scope`); the scope `api` grants every route. Every error body is `{\"error\": \"...\"}`."
    ),
    paths(
        routes::token::create_token,
        routes::artist::get_artist,
        routes::entities::get_track,
        routes::entities::get_album,
        routes::entities::get_playlist,
        routes::entities::get_curator,
        routes::entities::search,
        routes::artist_data::tracks,
        routes::artist_data::albums,
        routes::artist_data::related,
        routes::artist_data::urls,
        routes::artist_data::stat,
        routes::charts::spotify,
        routes::charts::spotify_freshfind,
        routes::charts::applemusic_tracks,
        routes::charts::applemusic_albums,
        routes::charts::applemusic_videos,
        routes::charts::itunes_tracks,
        routes::charts::itunes_albums,
        routes::charts::itunes_videos,
        routes::charts::amazon_tracks,
        routes::charts::amazon_albums,
        routes::charts::deezer,
        routes::charts::qq,
        routes::charts::shazam,
        routes::charts::shazam_cities,
        routes::charts::soundcloud,
        routes::charts::beatport,
        routes::charts::youtube_trends,
        routes::charts::youtube_videos,
        routes::charts::youtube_tracks,
        routes::charts::youtube_artists,
        routes::charts::track_cm_score,
        routes::charts::artist_cm_score,
        routes::charts::album_cm_score,
        routes::album_track::album_charts,
        routes::album_track::album_ids,
        routes::album_track::album_playlists,
        routes::album_track::album_followers,
        routes::album_track::album_stats,
        routes::album_track::album_tracks,
        routes::album_track::album_tunefind,
        routes::album_track::track_charts,
        routes::album_track::track_ids,
        routes::album_track::track_snapshot,
        routes::album_track::track_playlists,
        routes::album_track::track_stats,
        routes::album_track::track_tunefind,
        routes::playlist_curator::playlist_lists,
        routes::playlist_curator::playlist_snapshot,
        routes::playlist_curator::playlist_tracks,
        routes::playlist_curator::curator_lists,
        routes::playlist_curator::curator_playlists,
        routes::playlist_curator::similar_playlists,
        routes::artist_more::cpp,
        routes::artist_more::charts,
        routes::artist_more::get_ids,
        routes::artist_lists::metric_list,
        routes::artist_lists::list_filter,
        routes::artist_more::playlists,
        routes::artist_more::where_people_listen,
        routes::artist_more::instagram_audience,
        routes::artist_more::tunefind,
        routes::health::healthz,
        routes::health::readyz,
        routes::health::metrics,
        routes::jwks::jwks,
        document,
        docs_page::page,
        docs_page::asset,
    ),
    components(schemas(
        TokenRequest, TokenResponse, ErrorBody, Artist, ArtistTag, Genres, Genre, CareerStatus, CmStatistics,
        chartmetric_types::Track, chartmetric_types::Album, chartmetric_types::Playlist, chartmetric_types::Curator,
        chartmetric_types::TrackRow, chartmetric_types::AlbumRow, chartmetric_types::RelatedArtist,
        chartmetric_types::ArtistUrl, chartmetric_types::SearchResults, chartmetric_types::Point,
        Health, Readiness,
        chartmetric_types::ChartEntry, chartmetric_types::PlatformExtras, chartmetric_types::RankStat,
        chartmetric_types::RawData, chartmetric_types::ChartArtistEntry, chartmetric_types::ChartCities,
        chartmetric_types::CmScorePoint,
        // Album, track, playlist and curator sub-routes.
        chartmetric_types::AlbumIds, chartmetric_types::TrackIds,
        chartmetric_types::Placement, chartmetric_types::PlacementPlaylist, chartmetric_types::PlacementTrack,
        chartmetric_types::TunefindRow, chartmetric_types::SocialUrl,
        // Artist sub-routes.
        chartmetric_types::CppPoint, chartmetric_types::ArtistIds, chartmetric_types::MetricRow,
        chartmetric_types::FilterRow, chartmetric_types::FilterCareer, chartmetric_types::ListenPoint,
        chartmetric_types::Weight, chartmetric_types::AgeGenders,
    )),
    modifiers(&Scopes),
    tags(
        (name = "auth", description = "Exchanging a refresh token for an access token"),
        (name = "data", description = "The API itself; each route needs a bearer token with its scope"),
        (name = "health", description = "Liveness and readiness; no authentication"),
        (name = "docs", description = "This reference"),
    )
)]
struct ApiDoc;

/// The document, with every data route's scope filled in, as served.
pub fn document_json() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    strip_doctests(&mut doc);
    doc
}

/// Schema descriptions come from the wire types' rustdoc; their Rust
/// examples (fenced code blocks) mean nothing to an API reader.
fn strip_doctests(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(s) if key == "description" && s.contains("```") => {
                        *s = s.split("```").step_by(2).collect::<String>().trim_end().to_owned();
                    }
                    _ => strip_doctests(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_doctests),
        _ => {}
    }
}

/// The OpenAPI path of an axum path: `{*rest}` becomes `{rest}`.
pub fn openapi_path(axum_path: &str) -> String {
    axum_path.replace("{*", "{")
}

static DOCUMENT: LazyLock<Bytes> = LazyLock::new(|| {
    let json = serde_json::to_vec(&document_json()).unwrap_or_else(|_| br#"{"error":"internal error"}"#.to_vec());
    Bytes::from(json)
});

/// This OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = OPENAPI_PATH,
    tag = "docs",
    responses((status = 200, description = "This OpenAPI 3.1 document", body = Object))
)]
pub async fn document() -> Response {
    json_bytes(StatusCode::OK, DOCUMENT.clone())
}

/// Adds the bearer scheme and, on each data route, the scope it needs.
struct Scopes;

impl Modify for Scopes {
    fn modify(&self, doc: &mut openapi::OpenApi) {
        let bearer = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .description(Some(
                "An access token from `POST /api/token`, sent as `Authorization: Bearer <token>` \
                 (one space, no quotes). Valid for 3600 s.",
            ))
            .build();
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme(BEARER_SCHEME, SecurityScheme::Http(bearer));
        for route in DATA_ROUTES {
            if let Some(op) = operation_mut(doc, route) {
                require_scope(op, route);
            }
        }
    }
}

fn operation_mut<'a>(doc: &'a mut openapi::OpenApi, route: &DataRoute) -> Option<&'a mut openapi::path::Operation> {
    let item: &mut PathItem = doc.paths.paths.get_mut(&openapi_path(route.path))?;
    match route.method {
        "GET" => item.get.as_mut(),
        "POST" => item.post.as_mut(),
        "PUT" => item.put.as_mut(),
        "PATCH" => item.patch.as_mut(),
        "DELETE" => item.delete.as_mut(),
        _ => None,
    }
}

fn require_scope(op: &mut openapi::path::Operation, route: &DataRoute) {
    op.security = Some(vec![SecurityRequirement::new(BEARER_SCHEME, [route.scope])]);
    op.extensions.get_or_insert_with(Default::default).insert(SCOPE_EXTENSION.into(), route.scope.into());
    let note = format!(
        "**Requires scope `{}`** (the scope `{DEFAULT_SCOPE}` grants every route); a token without it gets 403.",
        route.scope
    );
    op.description = Some(match op.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
        _ => note,
    });
}
