//! How the sandbox routes answer: an entity or list under `obj`, a 404 for
//! an id the catalog does not have, a 400 for a value it does not know.

use crate::catalog::Entry;
use crate::error::ApiError;
use crate::headers::{json_bytes, json_response};
use axum::response::Response;
use chartgate_catalog::{CatalogError, UnknownValue};
use chartmetric_types::Envelope;
use http::StatusCode;
use serde::Serialize;
use std::str::FromStr;

/// `{"obj": entity}`, or a 404 naming `what` and `id`.
pub(crate) fn found<T: Serialize>(what: &str, id: i64, entity: Option<T>) -> Result<Response, ApiError> {
    match entity {
        Some(obj) => Ok(ok(obj)),
        None => Err(ApiError::NotFound(format!("{what} {id} not found"))),
    }
}

/// A serialised record (imported or generated), or a 404 naming `what` and `id`.
pub(crate) fn entry(what: &str, id: i64, entry: Entry) -> Result<Response, ApiError> {
    match entry {
        Entry::Found(body) => Ok(json_bytes(StatusCode::OK, body)),
        Entry::Missing => Err(ApiError::NotFound(format!("{what} {id} not found"))),
    }
}

/// `{"obj": obj}` with 200.
pub(crate) fn ok<T: Serialize>(obj: T) -> Response {
    json_response(StatusCode::OK, &Envelope::new(obj))
}

/// A path segment the catalog knows by name (platform, source, ...); a 400
/// saying what was expected otherwise.
pub(crate) fn value<T: FromStr<Err = UnknownValue>>(raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|e: UnknownValue| ApiError::BadRequest(e.to_string()))
}

/// A catalog refusal as the API's answer: 404 for what does not exist, 400
/// for a range or value the route cannot take.
pub(crate) fn catalog_error(e: CatalogError) -> ApiError {
    match e {
        CatalogError::NotFound { .. } => ApiError::NotFound(e.to_string()),
        CatalogError::BadRange(_) | CatalogError::Invalid(_) => ApiError::BadRequest(e.to_string()),
    }
}
