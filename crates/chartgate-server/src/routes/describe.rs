//! Building blocks of the handlers' OpenAPI response descriptions, so that
//! every route describes its errors and `X-RateLimit-*` headers alike.

use chartmetric_types::ErrorBody;
use chartmetric_types::headers::{RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, RETRY_AFTER};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa::openapi::{self, ContentBuilder, HeaderBuilder, ObjectBuilder, RefOr, ResponseBuilder, Schema, Type};

/// A response map from `(status, response)` pairs.
pub(crate) fn responses<const N: usize>(
    list: [(&str, openapi::Response); N],
) -> BTreeMap<String, RefOr<openapi::Response>> {
    list.into_iter().map(|(status, r)| (status.to_owned(), r.into())).collect()
}

/// JSON content referring to a component schema.
pub(crate) fn ref_content(schema: &str) -> openapi::Content {
    ContentBuilder::new().schema(Some(openapi::Ref::from_schema_name(schema))).build()
}

/// A JSON response whose body is the named component schema.
pub(crate) fn json_described(description: &str, schema: &str) -> openapi::Response {
    ResponseBuilder::new().description(description).content("application/json", ref_content(schema)).build()
}

/// A response with the `{"error": "..."}` body.
pub(crate) fn error(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content("application/json", ref_content(ErrorBody::name().as_ref()))
}

/// The 401 of a data route, with its `WWW-Authenticate` header.
pub(crate) fn unauthorized() -> openapi::Response {
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

/// A 429 with the rate-limit headers and `Retry-After`.
pub(crate) fn too_many(description: &str) -> openapi::Response {
    rate_limited(error(description)).header(RETRY_AFTER, header("Seconds to wait (at least 1)", 1)).build()
}

/// The 503 of a backend that is away.
pub(crate) fn unavailable() -> openapi::Response {
    error("The database or rate limiter is unreachable; retry later")
        .header(RETRY_AFTER, header("Seconds to wait: 1", 1))
        .build()
}

/// Adds the three `X-RateLimit-*` headers.
pub(crate) fn rate_limited(response: ResponseBuilder) -> ResponseBuilder {
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
