use serde::{Deserialize, Serialize};
use std::fmt;

/// Body of `POST /api/token`: `{"refreshtoken": "..."}`.
///
/// `Debug` never shows the token.
///
/// ```
/// use chartmetric_types::TokenRequest;
/// let r = TokenRequest::new("secret");
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"refreshtoken":"secret"}"#);
/// assert!(!format!("{r:?}").contains("secret"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    /// The refresh token, exactly as issued (no surrounding whitespace).
    #[cfg_attr(feature = "utoipa", schema(min_length = 1))]
    pub refreshtoken: String,
}

impl TokenRequest {
    /// Builds a request body for a refresh token.
    pub fn new(refreshtoken: impl Into<String>) -> Self {
        Self { refreshtoken: refreshtoken.into() }
    }
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest").field("refreshtoken", &"<redacted>").finish()
    }
}

/// The 200 body of `POST /api/token`: exactly these four keys.
///
/// `Debug` never shows either token.
///
/// ```
/// use chartmetric_types::TokenResponse;
/// let r: TokenResponse = serde_json::from_str(
///     r#"{"token":"a.b.c","expires_in":3600,"refresh_token":"r","scope":"api"}"#,
/// ).unwrap();
/// assert_eq!(r.expires_in, 3600);
/// assert!(!format!("{r:?}").contains("a.b.c"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// The access token, used as `Authorization: Bearer <token>`.
    pub token: String,
    /// Seconds until the access token expires (a JSON integer).
    pub expires_in: u64,
    /// The refresh token to use for the next exchange.
    pub refresh_token: String,
    /// The granted scopes, space-separated.
    pub scope: String,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &"<redacted>")
            .field("scope", &self.scope)
            .finish()
    }
}
