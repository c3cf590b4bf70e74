//! Refresh tokens: `cgrt_` + 43 base62 characters (256 random bits) + a
//! 6-character base62 CRC-32 checksum.
//!
//! The prefix and checksum let secret scanners find leaked tokens and let the
//! server reject a mistyped one without a lookup. Only the SHA-256 hash of a
//! token is ever stored; the plaintext lives in a [`RefreshToken`] whose
//! `Debug` is redacted and whose memory is zeroized on drop.

use rand::Rng;
use sha2::{Digest, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The prefix every chartgate refresh token carries.
pub const PREFIX: &str = "cgrt_";
const BODY_LEN: usize = 43;
const CHECK_LEN: usize = 6;
/// The length of a refresh token in characters.
pub const LEN: usize = PREFIX.len() + BODY_LEN + CHECK_LEN;
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A refresh token in plaintext. Never logged, never stored.
pub struct RefreshToken(Zeroizing<String>);

/// Why a string is not a refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RefreshTokenFormatError {
    /// Leading or trailing whitespace around an otherwise possible token.
    #[error("the refresh token has leading or trailing whitespace; send it exactly as issued")]
    Whitespace,
    /// Not of the shape `cgrt_` + 49 base62 characters.
    #[error("the refresh token is not a chartgate refresh token (wrong prefix, length or characters)")]
    Shape,
    /// The checksum does not match: a typo or a truncated copy.
    #[error("the refresh token's checksum does not match (mistyped or truncated?)")]
    Checksum,
}

impl RefreshToken {
    /// A new random token.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        Self::with_body((0..BODY_LEN).map(|_| rng.random_range(0..62)))
    }

    /// A token whose body is the given indices into the alphabet.
    fn with_body(body: impl Iterator<Item = usize>) -> Self {
        let mut s = String::with_capacity(LEN);
        s.push_str(PREFIX);
        s.extend(body.map(|i| ALPHABET[i % 62] as char));
        s.push_str(&checksum(&s));
        Self(Zeroizing::new(s))
    }

    /// Parses a token as a client sent it.
    pub fn parse(s: &str) -> Result<Self, RefreshTokenFormatError> {
        if s.trim() != s {
            return Err(RefreshTokenFormatError::Whitespace);
        }
        let body_ok =
            s.len() == LEN && s.starts_with(PREFIX) && s.bytes().skip(PREFIX.len()).all(|b| b.is_ascii_alphanumeric());
        if !body_ok {
            return Err(RefreshTokenFormatError::Shape);
        }
        let (head, check) = s.split_at(LEN - CHECK_LEN);
        if !bool::from(checksum(head).as_bytes().ct_eq(check.as_bytes())) {
            return Err(RefreshTokenFormatError::Checksum);
        }
        Ok(Self(Zeroizing::new(s.to_owned())))
    }

    /// The plaintext, for sending it once to its owner.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The hash under which the token is stored.
    pub fn hash(&self) -> RefreshTokenHash {
        RefreshTokenHash(Sha256::digest(self.0.as_bytes()).into())
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshToken(<redacted>)")
    }
}

/// A well-formed token whose body is `seed` mapped onto the alphabet
/// (zeros past its end): a reproducible starting point for fuzzing.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn from_seed(seed: &[u8]) -> RefreshToken {
    RefreshToken::with_body((0..BODY_LEN).map(|i| usize::from(seed.get(i).copied().unwrap_or(0))))
}

fn checksum(head: &str) -> String {
    let mut n = crc32fast::hash(head.as_bytes()) as u64;
    let mut out = [b'0'; CHECK_LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    out.iter().map(|&b| b as char).collect()
}

/// The SHA-256 of a refresh token: what the store keeps.
#[derive(Clone, Copy, Eq)]
pub struct RefreshTokenHash(pub [u8; 32]);

impl RefreshTokenHash {
    /// Lower-case hex, for storage.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
    /// From stored lower-case hex.
    pub fn from_hex(s: &str) -> Option<Self> {
        if s.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Self(out))
    }
}

impl PartialEq for RefreshTokenHash {
    /// Constant time.
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for RefreshTokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RefreshTokenHash({}…)", &self.to_hex()[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_tokens_parse_and_differ() {
        let a = RefreshToken::generate();
        let b = RefreshToken::generate();
        assert_eq!(a.expose().len(), LEN);
        assert!(RefreshToken::parse(a.expose()).is_ok());
        assert_ne!(a.expose(), b.expose());
        assert!(a.hash() != b.hash());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let t = RefreshToken::generate();
        assert!(!format!("{t:?}").contains(&t.expose()[5..]));
    }

    #[test]
    fn whitespace_is_named() {
        let t = RefreshToken::generate();
        let padded = format!(" {}\n", t.expose());
        assert_eq!(RefreshToken::parse(&padded).unwrap_err(), RefreshTokenFormatError::Whitespace);
    }

    #[test]
    fn one_changed_character_fails_the_checksum() {
        let t = RefreshToken::generate();
        let mut s = t.expose().to_owned();
        let c = if s.as_bytes()[10] == b'a' { "b" } else { "a" };
        s.replace_range(10..11, c);
        assert_eq!(RefreshToken::parse(&s).unwrap_err(), RefreshTokenFormatError::Checksum);
    }

    #[test]
    fn hash_hex_round_trips() {
        let h = RefreshToken::generate().hash();
        assert!(RefreshTokenHash::from_hex(&h.to_hex()).unwrap() == h);
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,80}") {
            let _ = RefreshToken::parse(&s);
        }
    }
}
