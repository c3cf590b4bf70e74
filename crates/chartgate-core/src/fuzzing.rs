//! The bodies of the fuzz targets under `fuzz/`, shared with this crate's
//! property tests so that CI runs the same checks, bounded, on stable.
//!
//! Each function feeds one input to one parser of untrusted text and panics
//! when an invariant breaks; a parser that panics by itself fails the same
//! way. Compiled for this crate's tests and behind the off-by-default
//! `fuzzing` feature (which also derives `arbitrary::Arbitrary` for the
//! structured inputs); never part of a production build.

use crate::bearer::{self, BearerError, MAX_TOKEN_LEN};
use crate::jwt::{IAT_LEEWAY_SECS, TTL_SECS};
use crate::refresh::{self, RefreshTokenFormatError};
use crate::{Claims, KeyRing, RefreshToken, SigningKey, UnixTime};
use std::sync::OnceLock;

/// The moment the JWT targets verify at.
pub const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

/// The fixed key ring the JWT targets sign and verify with.
pub fn key_ring() -> &'static KeyRing {
    static RING: OnceLock<KeyRing> = OnceLock::new();
    RING.get_or_init(|| match SigningKey::from_secret(&[0x42; 32]) {
        Ok(key) => KeyRing::new(&key, &[]),
        Err(e) => unreachable!("a 32-byte secret is long enough: {e}"),
    })
}

/// `Authorization` header bytes through [`bearer::parse`]: a token comes
/// out only as exactly the part after `Bearer ` (scheme in any case), and
/// only when that part is printable, unquoted and not over the limit.
pub fn bearer(header: &[u8]) {
    let parsed = bearer::parse(Some(header));
    if header.len() > MAX_TOKEN_LEN + "Bearer ".len() {
        assert_eq!(parsed, Err(BearerError::TooLong));
    }
    match parsed {
        Ok(token) => {
            assert!(header[..6].eq_ignore_ascii_case(b"bearer") && header[6] == b' ', "scheme of {header:?}");
            assert_eq!(token.as_bytes(), &header[7..]);
            assert!(!token.is_empty() && token.len() <= MAX_TOKEN_LEN);
            assert!(token.bytes().all(|b| b.is_ascii_graphic()), "{token:?}");
            assert!(!token.starts_with(['"', '\'']) && !token.ends_with(['"', '\'']), "{token:?}");
        }
        Err(BearerError::WrongScheme(scheme)) => assert!(scheme.chars().count() <= 32, "{scheme:?}"),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Arbitrary bytes as an access token through [`KeyRing::verify`] with the
/// fixed key, at [`NOW`]: nothing forged verifies (a signature needs the
/// key), and whatever does has consistent, current claims.
pub fn jwt_verify(token: &[u8]) {
    // Tokens reach `verify` as text: the bearer grammar admits only ASCII.
    let Ok(token) = std::str::from_utf8(token) else { return };
    let verified = key_ring().verify(token, NOW);
    check_verified(&verified);
    assert!(verified.is_err(), "a token not signed here verified: {token:?}");
}

/// One change to a token's text; positions wrap around its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum Edit {
    /// Overwrites the byte at a position.
    Set(u16, u8),
    /// Inserts a byte before a position.
    Insert(u16, u8),
    /// Removes the byte at a position.
    Remove(u16),
    /// Cuts the text at a position.
    Truncate(u16),
}

/// Applies `edits` in order.
pub fn apply(text: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        let at = |pos: u16, len: usize| usize::from(pos) % (len + 1);
        match *edit {
            Edit::Set(pos, b) if !bytes.is_empty() => {
                let i = usize::from(pos) % bytes.len();
                bytes[i] = b;
            }
            Edit::Set(..) => {}
            Edit::Insert(pos, b) => bytes.insert(at(pos, bytes.len()), b),
            Edit::Remove(pos) if !bytes.is_empty() => {
                bytes.remove(usize::from(pos) % bytes.len());
            }
            Edit::Remove(_) => {}
            Edit::Truncate(pos) => bytes.truncate(at(pos, bytes.len())),
        }
    }
    bytes
}

/// When a [`JwtCase`] was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum Issued {
    /// Whole seconds after [`NOW`] (before it when negative).
    Near(i32),
    /// At any second at all, overflow included.
    At(u64),
}

/// A claim changed after issue, so that the claims may disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum Bend {
    /// Another `exp`.
    Exp(u64),
    /// Another `timestamp` (ms).
    Timestamp(u64),
    /// Another `iat`, the rest unchanged.
    Iat(u64),
    /// Another `sub`.
    Sub(String),
    /// Another `scope`.
    Scope(String),
}

/// A token signed with the fixed key, perhaps with a bent claim, then
/// perhaps edited, and verified at [`NOW`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct JwtCase {
    /// The user id.
    pub user: i64,
    /// The revocation epoch.
    pub epoch: i64,
    /// The issue time.
    pub issued: Issued,
    /// Milliseconds into the issue second (taken modulo 1000).
    pub millis: u16,
    /// A claim changed before signing.
    pub bend: Option<Bend>,
    /// Changes to the signed token's text.
    pub edits: Vec<Edit>,
}

impl JwtCase {
    /// The claims it signs.
    pub fn claims(&self) -> Claims {
        let iat = match self.issued {
            Issued::Near(offset) => NOW.as_secs().saturating_add_signed(offset.into()),
            Issued::At(secs) => secs,
        };
        let mut claims = Claims {
            id: self.user,
            timestamp: iat.wrapping_mul(1000).wrapping_add(u64::from(self.millis % 1000)),
            iat,
            exp: iat.wrapping_add(TTL_SECS),
            sub: self.user.to_string(),
            scope: "api".into(),
            jti: "fuzz".into(),
            ep: self.epoch,
        };
        match self.bend.clone() {
            Some(Bend::Exp(exp)) => claims.exp = exp,
            Some(Bend::Timestamp(ms)) => claims.timestamp = ms,
            Some(Bend::Iat(iat)) => claims.iat = iat,
            Some(Bend::Sub(sub)) => claims.sub = sub,
            Some(Bend::Scope(scope)) => claims.scope = scope,
            None => {}
        }
        claims
    }

    /// Whether the unedited token must verify: issued consistently, within
    /// the last hour (a few seconds of clock skew allowed).
    fn must_verify(&self) -> bool {
        let consistent = !matches!(self.bend, Some(Bend::Exp(_) | Bend::Timestamp(_) | Bend::Iat(_)));
        // `exp` is a whole hour after a timestamp at or after `iat`, so an
        // offset of -3599 s still leaves at least one second.
        let current = matches!(self.issued, Issued::Near(o) if (-3599..=IAT_LEEWAY_SECS as i32).contains(&o));
        consistent && current
    }
}

/// A [`JwtCase`] through signing, editing and [`KeyRing::verify`]: a token
/// verifies only as signed, with the claims it was signed with, and one
/// issued consistently within the hour does verify.
pub fn jwt_mutated(case: &JwtCase) {
    let ring = key_ring();
    let claims = case.claims();
    let signed = ring.sign(&claims);
    let edited = apply(&signed, &case.edits);
    let Ok(token) = std::str::from_utf8(&edited) else { return };
    let verified = ring.verify(token, NOW);
    check_verified(&verified);
    match &verified {
        Ok(got) => {
            assert_eq!(token, signed, "an edited token verified");
            assert_eq!(got, &claims);
        }
        Err(e) if token == signed => assert!(!case.must_verify(), "{case:?} was refused: {e}"),
        Err(_) => {}
    }
}

/// What holds of any verification: a verified token's claims agree with
/// each other and with [`NOW`]; a refusal's message is short.
fn check_verified(verified: &Result<Claims, crate::TokenError>) {
    match verified {
        Ok(c) => {
            assert_eq!(c.iat.checked_add(TTL_SECS), Some(c.exp), "{c:?}");
            assert_eq!(c.timestamp / 1000, c.iat, "{c:?}");
            assert!(NOW < c.expires_at(), "{c:?}");
            assert!(c.iat <= NOW.as_secs() + IAT_LEEWAY_SECS, "{c:?}");
        }
        // Echoed parts of the header are cut short (16 and 32 characters).
        Err(e) => assert!(e.to_string().len() < 160, "{e}"),
    }
}

/// Arbitrary bytes through [`RefreshToken::parse`]: a token that parses is
/// exactly the input, has the documented shape, and parses again to the
/// same hash; whitespace is named as such.
pub fn refresh_token(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    match RefreshToken::parse(text) {
        Ok(token) => {
            assert_eq!(token.expose(), text);
            assert!(text.len() == refresh::LEN && text.starts_with(refresh::PREFIX));
            assert!(text[refresh::PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric()));
            let again = RefreshToken::parse(token.expose()).unwrap_or_else(|e| panic!("no round trip: {e}"));
            assert!(again.hash() == token.hash());
            assert!(!format!("{token:?}").contains(&text[refresh::PREFIX.len()..]));
        }
        Err(RefreshTokenFormatError::Whitespace) => assert_ne!(text.trim(), text),
        Err(_) => {}
    }
}

/// A well-formed token whose random part comes from `seed`, then edited:
/// whatever parses is the edited text, and one changed byte is always
/// caught (by the shape or by the checksum).
pub fn refresh_token_edited(seed: &[u8], edits: &[Edit]) {
    let token = refresh::from_seed(seed);
    let original = token.expose();
    assert!(RefreshToken::parse(original).is_ok(), "a built token must parse");
    let edited = apply(original, edits);
    refresh_token(&edited);
    let one_set = matches!(edits, [Edit::Set(..)]);
    if one_set && edited != original.as_bytes() {
        let text = String::from_utf8_lossy(&edited);
        assert!(RefreshToken::parse(&text).is_err(), "one changed byte went unnoticed: {text}");
    }
}

#[cfg(test)]
mod tests;
