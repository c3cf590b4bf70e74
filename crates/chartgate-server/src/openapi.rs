//! The API reference: an OpenAPI 3.1 document generated from the handlers'
//! `#[utoipa::path]` attributes and the wire types' schemas, served at
//! [`OPENAPI_PATH`].
//!
//! What the attributes cannot say is added here, from the code that decides
//! it: the bearer scheme, and each data route's scope, read from
//! [`DATA_ROUTES`] (never written out twice). The responses of the token and
//! data routes, with their `X-RateLimit-*` and `Retry-After` headers, are
//! built here once so that every route describes them alike.

use crate::docs_page;
use crate::headers::json_bytes;
use crate::routes::{self, DATA_ROUTES, DataRoute};
use axum::response::Response;
use bytes::Bytes;
use chartmetric_types::headers::{RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, RETRY_AFTER};
use chartmetric_types::{
    Artist, ArtistTag, CareerStatus, CmStatistics, DEFAULT_SCOPE, Envelope, ErrorBody, Genre, Genres, TokenRequest,
    TokenResponse,
};
use http::StatusCode;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    self, ContentBuilder, HeaderBuilder, ObjectBuilder, PathItem, RefOr, ResponseBuilder, Schema, Type,
};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, PartialSchema, ToSchema};

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
        routes::health::healthz,
        routes::health::readyz,
        routes::health::metrics,
        document,
        docs_page::page,
        docs_page::asset,
    ),
    components(schemas(
        TokenRequest, TokenResponse, ErrorBody, Artist, ArtistTag, Genres, Genre, CareerStatus, CmStatistics,
        Health, Readiness,
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

/// The path parameter of `GET /api/artist/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct ArtistId {
    /// Chartmetric artist id (a positive integer; anything else gets 400).
    #[param(minimum = 1, example = 206557)]
    id: i64,
}

/// The body of `GET /healthz`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Health {
    /// Always `ok`.
    #[schema(pattern = "^ok$", example = "ok")]
    status: String,
}

/// The body of `GET /readyz`: `ok` or `unavailable`, overall and per backend.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Readiness {
    /// `ok` when both backends answer.
    #[schema(inline)]
    status: Word,
    /// Whether the store answers.
    #[schema(inline)]
    store: Word,
    /// Whether the rate limiter answers.
    #[schema(inline)]
    limiter: Word,
}

#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum Word {
    ok,
    unavailable,
}

/// The answers of `GET /readyz`.
pub struct ReadinessResponses;

impl IntoResponses for ReadinessResponses {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        let body = |d: &str| json_response(d, Readiness::name().as_ref()).into();
        BTreeMap::from([
            ("200".into(), body("Both backends answer")),
            ("503".into(), body("A backend does not answer")),
        ])
    }
}

/// The answers of `POST /api/token`.
pub struct TokenResponses;

impl IntoResponses for TokenResponses {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        let minted = ResponseBuilder::new()
            .description("A new access token; the `X-RateLimit-*` headers describe the user's mint budget")
            .content("application/json", ref_content(TokenResponse::name().as_ref()));
        responses([
            ("200", rate_limited(minted).build()),
            ("400", error("Malformed body, or a missing, non-string or empty `refreshtoken`").build()),
            ("401", error("Unknown, revoked or malformed refresh token, or a disabled user").build()),
            ("413", error("Body over 16 KiB").build()),
            ("415", error("A Content-Type other than JSON or form").build()),
            ("429", too_many("Mint budget, or the failed-mint budget of the client address, exhausted")),
            ("503", unavailable()),
        ])
    }
}

/// The answers of `GET /api/artist/{id}`.
pub struct ArtistResponses;

impl IntoResponses for ArtistResponses {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        let found = ResponseBuilder::new()
            .description("The artist, under `obj`")
            .content("application/json", ContentBuilder::new().schema(Some(Envelope::<Artist>::schema())).build());
        responses([
            ("200", rate_limited(found).build()),
            ("400", rate_limited(error("The id is not a positive integer")).build()),
            ("401", unauthorized()),
            ("403", rate_limited(error("The token's scopes do not cover this route")).build()),
            ("404", rate_limited(error("No such artist")).build()),
            ("429", too_many("The plan's data budget is exhausted")),
            ("503", unavailable()),
        ])
    }
}

fn responses<const N: usize>(list: [(&str, openapi::Response); N]) -> BTreeMap<String, RefOr<openapi::Response>> {
    list.into_iter().map(|(status, r)| (status.to_owned(), r.into())).collect()
}

fn ref_content(schema: &str) -> openapi::Content {
    ContentBuilder::new().schema(Some(openapi::Ref::from_schema_name(schema))).build()
}

fn json_response(description: &str, schema: &str) -> openapi::Response {
    ResponseBuilder::new().description(description).content("application/json", ref_content(schema)).build()
}

fn error(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content("application/json", ref_content(ErrorBody::name().as_ref()))
}

fn unauthorized() -> openapi::Response {
    error("Missing or malformed `Authorization` header, or an invalid, expired or revoked access token")
        .header(
            "WWW-Authenticate",
            HeaderBuilder::new()
                .schema(Schema::Object(ObjectBuilder::new().schema_type(Type::String).build()))
                .description(Some(r#"`Bearer realm="chartgate"`, with `error="invalid_token"` when a token was sent"#))
                .build(),
        )
        .build()
}

fn too_many(description: &str) -> openapi::Response {
    rate_limited(error(description)).header(RETRY_AFTER, header("Seconds to wait (at least 1)", 1)).build()
}

fn unavailable() -> openapi::Response {
    error("The database or rate limiter is unreachable; retry later")
        .header(RETRY_AFTER, header("Seconds to wait: 1", 1))
        .build()
}

fn rate_limited(response: ResponseBuilder) -> ResponseBuilder {
    response
        .header(RATE_LIMIT_LIMIT, header("Requests accepted per one-second window", 0))
        .header(RATE_LIMIT_REMAINING, header("Requests left in the window, this one counted", 0))
        .header(
            RATE_LIMIT_RESET,
            header(
                "Unix epoch second (rounded up) of the earliest moment a new request would be accepted; \
                 never in the past",
                0,
            ),
        )
}

/// An integer header of at least `min`.
fn header(description: &str, min: u32) -> openapi::Header {
    let schema = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(min));
    HeaderBuilder::new().schema(Schema::Object(schema.build())).description(Some(description)).build()
}
