//! Secret handling: refresh tokens in, bearer header values out.
//!
//! Tokens live in [`SecretString`] (zeroized on drop, redacted in `Debug`).
//! The `Authorization` value is built once per mint into a buffer that is
//! zeroized when its last clone is dropped, so that the per-request cost is a
//! reference-count bump and no copy of the token is left lying around by us.
//! (Copies that the HTTP stack makes in its own write buffers are out of our
//! reach.)

use crate::error::Error;
use bytes::Bytes;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use zeroize::{Zeroize, Zeroizing};

/// Turns a configured refresh token into a secret, trimming surrounding
/// whitespace with a warning (the source document's first troubleshooting
/// hint) and rejecting an empty or malformed one.
pub(crate) fn parse_refresh_token(mut raw: String) -> Result<SecretString, Error> {
    let trimmed = raw.trim();
    if trimmed.len() != raw.len() {
        tracing::warn!(
            target: "chartmetric",
            "the refresh token had leading or trailing whitespace; it was trimmed"
        );
    }
    let result = check_token_chars(trimmed).map(|()| SecretString::from(trimmed.to_owned()));
    raw.zeroize();
    result
}

fn check_token_chars(token: &str) -> Result<(), Error> {
    if token.is_empty() {
        return Err(Error::config("the refresh token is empty"));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::config("the refresh token contains whitespace or non-printable characters"));
    }
    Ok(())
}

/// Compares two secrets in constant time (for equal lengths), so that
/// timing says nothing about where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Builds `Bearer <token>` as a sensitive, zeroize-on-drop header value.
pub(crate) fn bearer_header(token: &SecretString) -> Result<HeaderValue, Error> {
    let secret = token.expose_secret();
    let mut buf = Zeroizing::new(Vec::with_capacity(7 + secret.len()));
    buf.extend_from_slice(b"Bearer ");
    buf.extend_from_slice(secret.as_bytes());
    let mut value = HeaderValue::from_maybe_shared(Bytes::from_owner(buf))
        .map_err(|_| Error::invalid_response("the access token contains characters not allowed in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Serializes the token request body into a zeroize-on-drop buffer.
pub(crate) fn token_request_body(refresh: &SecretString) -> Bytes {
    let mut request = chartmetric_types::TokenRequest::new(refresh.expose_secret());
    let mut buf = Zeroizing::new(Vec::with_capacity(24 + request.refreshtoken.len()));
    // Writing a struct of one string field into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, &request);
    request.refreshtoken.zeroize();
    Bytes::from_owner(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrounding_whitespace_is_trimmed_and_inner_whitespace_rejected() {
        let t = parse_refresh_token("  abc\n".to_owned()).expect("trimmed");
        assert_eq!(t.expose_secret(), "abc");
        assert!(parse_refresh_token("a b".to_owned()).is_err());
        assert!(parse_refresh_token("   ".to_owned()).is_err());
    }

    #[test]
    fn bearer_header_is_sensitive_and_exact() {
        let h = bearer_header(&SecretString::from("tok.en")).expect("valid");
        assert_eq!(h.as_bytes(), b"Bearer tok.en");
        assert!(h.is_sensitive());
        assert!(!format!("{h:?}").contains("tok.en"));
    }

    #[test]
    fn token_request_body_is_the_wire_json() {
        let body = token_request_body(&SecretString::from("r1"));
        assert_eq!(&body[..], br#"{"refreshtoken":"r1"}"#);
    }
}
