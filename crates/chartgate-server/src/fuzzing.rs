//! The body of the `token_body` fuzz target under `fuzz/`, shared with
//! this crate's property tests so that CI runs the same checks on stable.
//!
//! Compiled for this crate's tests and behind the off-by-default `fuzzing`
//! feature; never part of a production build.

use crate::error::ApiError;
use crate::routes::parse_token_body;
use http::StatusCode;

/// The body limit the target parses under: small, so that fuzzed bodies
/// cross it.
pub const MAX_BODY: usize = 256;

/// A `POST /api/token` body and `Content-Type` through
/// [`parse_token_body`]: nothing over the limit is accepted, a refusal is a
/// 400, 413 or 415 with a short message that quotes no refresh token from
/// the body, and what is accepted is a non-empty string.
pub fn token_body(content_type: Option<&[u8]>, body: &[u8]) {
    match parse_token_body(content_type, body, MAX_BODY) {
        Ok(token) => {
            assert!(body.len() <= MAX_BODY, "a body of {} bytes was accepted", body.len());
            assert!(!token.is_empty());
        }
        Err(e) => {
            let status = e.status();
            let expected = [StatusCode::BAD_REQUEST, StatusCode::PAYLOAD_TOO_LARGE, StatusCode::UNSUPPORTED_MEDIA_TYPE];
            assert!(expected.contains(&status), "{status} for {e}");
            if body.len() > MAX_BODY {
                assert!(matches!(e, ApiError::PayloadTooLarge(_) | ApiError::UnsupportedMediaType(_)), "{e}");
            }
            let message = e.to_string();
            assert!(message.len() < 400, "{message}");
            for secret in refresh_tokens_in(body) {
                assert!(!message.contains(&secret), "the message quotes a token: {message}");
            }
        }
    }
}

/// What looks like the random part of a refresh token: eight or more
/// alphanumerics after `cgrt_`.
fn refresh_tokens_in(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let runs = text.split("cgrt_").skip(1);
    let secrets = runs.map(|rest| rest.chars().take_while(char::is_ascii_alphanumeric).collect::<String>());
    secrets.filter(|s| s.len() >= 8).collect()
}

#[cfg(test)]
mod tests;
