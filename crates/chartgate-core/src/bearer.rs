//! The `Authorization: Bearer <token>` grammar.
//!
//! The source document insists on the exact format: the scheme, a single
//! space, the token, no quotes. The scheme name is matched case-insensitively,
//! as RFC 7235 §2.1 says auth-schemes are; everything else is strict, and each
//! way of getting it wrong has its own message.

/// What is wrong with an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BearerError {
    /// No `Authorization` header at all.
    #[error("missing Authorization header; send `Authorization: Bearer <access token>`")]
    Missing,
    /// Bytes that cannot appear in a header token.
    #[error("the Authorization header contains characters that are not printable ASCII")]
    NotAscii,
    /// Another scheme, such as `Basic` or `Token`.
    #[error("the Authorization header uses the {0:?} scheme; send `Authorization: Bearer <access token>`")]
    WrongScheme(String),
    /// A bare token with no scheme.
    #[error("the Authorization header has no scheme; send `Authorization: Bearer <access token>`")]
    NoScheme,
    /// `Bearer` with nothing after it.
    #[error("the Authorization header says Bearer but carries no token")]
    Empty,
    /// `Bearer<token>` with no space.
    #[error("the Authorization header needs exactly one space between Bearer and the token, and has none")]
    NoSpace,
    /// Two or more spaces, a tab, or spaces inside or after the token.
    #[error("the Authorization header needs exactly one space between Bearer and the token, and no other whitespace")]
    ExtraSpace,
    /// The token is in quotes.
    #[error("the access token is quoted; send it without quotes")]
    Quoted,
    /// The header is longer than any access token can be.
    #[error("the Authorization header is longer than {MAX_TOKEN_LEN} bytes; no access token is that long")]
    TooLong,
}

/// The longest access token accepted: a header longer than `Bearer ` and
/// this is refused before any other check (chartgate's tokens are about
/// 250 bytes).
pub const MAX_TOKEN_LEN: usize = 4096;

impl BearerError {
    /// Whether the client presented something meant as a token (RFC 6750 then
    /// wants `error="invalid_token"` in `WWW-Authenticate`).
    pub fn token_presented(&self) -> bool {
        !matches!(self, Self::Missing)
    }
}

/// Extracts the token from an `Authorization` header value.
pub fn parse(header: Option<&[u8]>) -> Result<&str, BearerError> {
    let raw = header.ok_or(BearerError::Missing)?;
    if raw.len() > MAX_TOKEN_LEN + "Bearer ".len() {
        return Err(BearerError::TooLong);
    }
    // One byte-wise pass (this runs on every request): printable ASCII or
    // tab. A fold without early exit, so the compiler vectorises it.
    if !raw.iter().fold(true, |ok, &b| ok & ((b.wrapping_sub(0x20) < 0x5f) | (b == b'\t'))) {
        return Err(BearerError::NotAscii);
    }
    let value = std::str::from_utf8(raw).map_err(|_| BearerError::NotAscii)?;
    let Some(rest) = strip_scheme(value) else {
        return Err(other_scheme(value));
    };
    let Some(token) = rest.strip_prefix(' ') else {
        return Err(if rest.is_empty() {
            BearerError::Empty
        } else if rest.starts_with('\t') {
            BearerError::ExtraSpace
        } else {
            BearerError::NoSpace
        });
    };
    check_token(token)
}

fn strip_scheme(value: &str) -> Option<&str> {
    let scheme = value.get(..6)?;
    scheme.eq_ignore_ascii_case("bearer").then(|| &value[6..])
}

fn other_scheme(value: &str) -> BearerError {
    let value = value.trim();
    match value.split_once([' ', '\t']) {
        Some((scheme, _)) => BearerError::WrongScheme(scheme.chars().take(32).collect()),
        None if value.is_empty() => BearerError::Empty,
        None => BearerError::NoScheme,
    }
}

fn check_token(token: &str) -> Result<&str, BearerError> {
    if token.is_empty() {
        return Err(BearerError::Empty);
    }
    if token.bytes().fold(false, |blank, b| blank | (b == b' ') | (b == b'\t')) {
        return Err(if token.trim().is_empty() { BearerError::Empty } else { BearerError::ExtraSpace });
    }
    let quote = |b: Option<&u8>| matches!(b, Some(b'"' | b'\''));
    if quote(token.as_bytes().first()) || quote(token.as_bytes().last()) {
        return Err(BearerError::Quoted);
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Result<&str, BearerError> {
        parse(Some(s.as_bytes()))
    }

    #[test]
    fn a_token_over_4_kib_is_refused_before_any_other_check() {
        let at_limit = format!("Bearer {}", "a".repeat(MAX_TOKEN_LEN));
        assert_eq!(p(&at_limit).map(str::len), Ok(MAX_TOKEN_LEN));
        let over = format!("Bearer {}", "a".repeat(MAX_TOKEN_LEN + 1));
        assert_eq!(p(&over), Err(BearerError::TooLong));
        assert_eq!(parse(Some(&vec![0xff; 10_000])), Err(BearerError::TooLong));
    }

    #[test]
    fn exact_format_is_accepted_with_any_scheme_case() {
        assert_eq!(p("Bearer a.b.c"), Ok("a.b.c"));
        assert_eq!(p("bearer a.b.c"), Ok("a.b.c"));
        assert_eq!(p("BEARER a.b.c"), Ok("a.b.c"));
    }

    #[test]
    fn each_mistake_has_its_own_error() {
        assert_eq!(parse(None), Err(BearerError::Missing));
        assert_eq!(p("Basic dXNlcjpwYXNz"), Err(BearerError::WrongScheme("Basic".into())));
        assert_eq!(p("a.b.c"), Err(BearerError::NoScheme));
        assert_eq!(p("Bearer"), Err(BearerError::Empty));
        assert_eq!(p("Bearer "), Err(BearerError::Empty));
        assert_eq!(p("Bearera.b.c"), Err(BearerError::NoSpace));
        assert_eq!(p("Bearer  a.b.c"), Err(BearerError::ExtraSpace));
        assert_eq!(p("Bearer\ta.b.c"), Err(BearerError::ExtraSpace));
        assert_eq!(p("Bearer a.b.c "), Err(BearerError::ExtraSpace));
        assert_eq!(p("Bearer \"a.b.c\""), Err(BearerError::Quoted));
        assert_eq!(parse(Some(b"Bearer \xff")), Err(BearerError::NotAscii));
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = parse(Some(&bytes));
        }

        #[test]
        fn a_well_formed_header_yields_its_token(t in "[A-Za-z0-9._-]{1,60}") {
            let header = format!("Bearer {t}");
            prop_assert_eq!(parse(Some(header.as_bytes())), Ok(t.as_str()));
        }
    }
}
