//! The one error type of the SDK.

use http::StatusCode;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::SystemTime;

/// A convenient alias: every fallible call of the SDK returns this.
///
/// ```
/// fn check(r: chartmetric::Result<()>) -> bool { r.is_ok() }
/// # assert!(check(Ok(())));
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, as a program would branch on it.
///
/// New kinds may be added in minor releases, so a `match` needs a `_` arm.
///
/// ```
/// use chartmetric::ErrorKind;
/// fn exit_code(kind: ErrorKind) -> u8 {
///     match kind {
///         ErrorKind::NotFound => 4,
///         ErrorKind::RateLimited { .. } => 5,
///         _ => 1,
///     }
/// }
/// assert_eq!(exit_code(ErrorKind::NotFound), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401 on a data call, still 401 after one fresh token and one replay.
    Unauthorized,
    /// The token route rejected the refresh token (400, 401 or 403): retrying
    /// cannot help. Check it for typos and rotation, or contact support.
    RefreshTokenRejected,
    /// 403: the token's scope does not permit the resource.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 400: the server found the request malformed.
    BadRequest,
    /// 429, or a rate-limit pause longer than the configured maximum wait.
    RateLimited {
        /// When a new request would succeed (`X-RateLimit-Reset`), if known.
        reset: Option<SystemTime>,
    },
    /// A 5xx status.
    Server(StatusCode),
    /// Any other unexpected status (405, 413, 415, a redirect, ...).
    UnexpectedStatus(StatusCode),
    /// The request did not complete: connection, TLS, timeout, body read.
    Transport,
    /// The call's overall deadline passed (token waits, 429 pauses and
    /// retries included); see [`Request::deadline`](crate::Request::deadline).
    Timeout,
    /// The server answered with a body this SDK cannot understand.
    InvalidResponse,
    /// The client is misconfigured: a bad base URL, path or setting.
    Config,
    /// No refresh token was configured (nor found in the store).
    MissingCredentials,
    /// The [`RefreshTokenStore`](crate::RefreshTokenStore) could not save a
    /// rotated refresh token (after retries): it lives only in memory.
    Store,
}

/// The error every call of the SDK returns: a kind, a one-line message (the
/// server's `{"error": ...}` text when there is one) and maybe a cause.
///
/// Neither `Display` nor `Debug` ever contains a token.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) {
/// match client.artist(206557).await {
///     Ok(artist) => println!("{}", artist.name),
///     Err(e) if e.kind() == chartmetric::ErrorKind::NotFound => println!("no such artist"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    server_message: Option<String>,
    #[source]
    source: Option<Arc<dyn StdError + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: one_line(message.into()), server_message: None, source: None }
    }

    pub(crate) fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub(crate) fn transport(source: reqwest::Error) -> Self {
        let what = if source.is_timeout() {
            "request timed out"
        } else if source.is_connect() {
            "could not connect"
        } else {
            "request failed"
        };
        // reqwest's own text names the URL, which never holds a token; the
        // innermost cause says why ("Connection refused").
        let mut root: &dyn StdError = &source;
        while let Some(next) = root.source() {
            root = next;
        }
        let message = if std::ptr::addr_eq(root, &source) {
            format!("{what}: {source}")
        } else {
            format!("{what}: {source}: {root}")
        };
        Self::new(ErrorKind::Transport, message).with_source(source)
    }

    pub(crate) fn invalid_response(what: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidResponse, what)
    }

    /// Maps a non-success status and the server's message to an error.
    pub(crate) fn from_status(status: StatusCode, server_message: Option<String>) -> Self {
        let kind = match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited { reset: None },
            500..=599 => ErrorKind::Server(status),
            _ => ErrorKind::UnexpectedStatus(status),
        };
        Self::from_parts(kind, status, server_message)
    }

    pub(crate) fn from_parts(kind: ErrorKind, status: StatusCode, server_message: Option<String>) -> Self {
        let message = match &server_message {
            Some(m) => format!("{status}: {m}"),
            None => status.to_string(),
        };
        let mut error = Self::new(kind, message);
        error.server_message = server_message.map(one_line);
        error
    }

    pub(crate) fn context(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}: {}", self.message);
        self
    }

    /// What went wrong, to branch on.
    ///
    /// ```
    /// # fn f(e: chartmetric::Error) -> bool {
    /// e.kind() == chartmetric::ErrorKind::NotFound
    /// # }
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message of the server's `{"error": ...}` body, if there was one.
    ///
    /// ```
    /// # fn f(e: chartmetric::Error) {
    /// if let Some(m) = e.server_message() { eprintln!("server said: {m}"); }
    /// # }
    /// ```
    pub fn server_message(&self) -> Option<&str> {
        self.server_message.as_deref()
    }

    /// The HTTP status this error came with, if it came from a response.
    ///
    /// ```
    /// # fn f(e: chartmetric::Error) {
    /// if let Some(s) = e.status() { eprintln!("status {s}"); }
    /// # }
    /// ```
    pub fn status(&self) -> Option<StatusCode> {
        let code = match self.kind {
            ErrorKind::Unauthorized => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::BadRequest => 400,
            ErrorKind::RateLimited { .. } => 429,
            ErrorKind::Server(s) | ErrorKind::UnexpectedStatus(s) => return Some(s),
            _ => return None,
        };
        StatusCode::from_u16(code).ok()
    }

    /// Whether trying again later may succeed: transport failures, a
    /// deadline passed, 5xx and 429. A rejected refresh token or a 404 is
    /// not transient.
    ///
    /// ```
    /// # fn f(e: chartmetric::Error) {
    /// if e.is_transient() { /* back off and retry */ }
    /// # }
    /// ```
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Server(_) | ErrorKind::RateLimited { .. }
        )
    }
}

/// Keeps error text on one line, so that a CLI prints one line per error.
fn one_line(text: String) -> String {
    if text.contains(['\n', '\r']) { text.split_whitespace().collect::<Vec<_>>().join(" ") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds_with_the_server_message() {
        let e = Error::from_status(StatusCode::NOT_FOUND, Some("artist\nmissing".into()));
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.server_message(), Some("artist missing"));
        assert_eq!(e.to_string(), "404 Not Found: artist missing");
        let e = Error::from_status(StatusCode::SERVICE_UNAVAILABLE, None);
        assert_eq!(e.kind(), ErrorKind::Server(StatusCode::SERVICE_UNAVAILABLE));
        assert!(e.is_transient());
        let e = Error::from_status(StatusCode::UNSUPPORTED_MEDIA_TYPE, None);
        assert_eq!(e.status(), Some(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        assert!(!e.is_transient());
    }
}
