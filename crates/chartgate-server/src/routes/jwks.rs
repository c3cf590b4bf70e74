//! `GET /.well-known/jwks.json`: the public keys that verify chartgate's
//! EdDSA access tokens, so other services can check them without asking
//! chartgate. HS256 secrets are never published (the set is then empty).

use crate::headers::json_response;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use http::StatusCode;

/// The JWK Set of the Ed25519 keys that are not retired, the signing key
/// first.
#[utoipa::path(
    get,
    path = super::JWKS,
    tag = "auth",
    responses((status = 200, description = "A JWK Set (RFC 7517) of OKP/Ed25519 keys; empty when tokens are HS256", body = Object))
)]
pub async fn jwks(State(state): State<AppState>) -> Response {
    json_response(StatusCode::OK, &state.keys().jwks())
}
