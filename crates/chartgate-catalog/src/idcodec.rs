//! Platform ids that decode back to the Chartmetric id. Each is a keyed,
//! invertible encoding of the cm id, so get-ids answers both ways without
//! a table: decode, then re-encode and compare (a mistyped id finds nothing).

use crate::mix::{hash, mix};
use crate::perm::Affine;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE36: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";

/// A string id: `prefix` + `len` digits in `alphabet` holding
/// `hash(id) << 32 | id ^ mask`, + an optional check character. The hash
/// part both looks random and rejects strings that were never issued.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hashed {
    alphabet: &'static [u8],
    len: usize,
    prefix: &'static str,
    check: bool,
}

/// Spotify: 22 base62 characters.
pub(crate) const SPOTIFY: Hashed = Hashed { alphabet: BASE62, len: 21, prefix: "", check: true };
/// YouTube video: 11 base64url characters.
pub(crate) const YOUTUBE_VIDEO: Hashed = Hashed { alphabet: BASE64URL, len: 11, prefix: "", check: false };
/// YouTube channel: `UC` + 22 base64url characters.
pub(crate) const YOUTUBE_CHANNEL: Hashed = Hashed { alphabet: BASE64URL, len: 21, prefix: "UC", check: true };
/// Amazon ASIN: `B0` + 8 base36 characters.
pub(crate) const AMAZON: Hashed = Hashed { alphabet: BASE36, len: 8, prefix: "B0", check: false };
/// QQ Music: 14 base62 characters.
pub(crate) const QQ: Hashed = Hashed { alphabet: BASE62, len: 14, prefix: "", check: false };
/// TikTok: 19 digits.
pub(crate) const TIKTOK: Hashed = Hashed { alphabet: DIGITS, len: 19, prefix: "", check: false };

impl Hashed {
    fn bits(&self) -> u32 {
        let per = f64::from(self.alphabet.len() as u32).log2();
        ((self.len as f64 * per).floor() as u32).min(127)
    }

    fn tag(&self, key: u64, id: u64) -> u128 {
        let wide = (u128::from(hash(key, &[id, 1])) << 64) | u128::from(hash(key, &[id, 2]));
        wide & ((1u128 << (self.bits() - 32)) - 1)
    }

    pub(crate) fn encode(&self, key: u64, id: u64) -> String {
        let tag = self.tag(key, id);
        let low = (id ^ mix(tag as u64)) & 0xFFFF_FFFF;
        let value = (tag << 32) | u128::from(low);
        let base = self.alphabet.len() as u64;
        // u128 division is slow: peel off chunks of `per` digits that fit a u64.
        let per = (64.0 / (base as f64).log2()).floor() as usize - 1;
        let chunk = u128::from(base.pow(per as u32));
        let mut digits = vec![0u8; self.len];
        let (mut rest, mut pos) = (value, self.len);
        while pos > 0 {
            let mut part = (rest % chunk) as u64;
            rest /= chunk;
            for _ in 0..per.min(pos) {
                pos -= 1;
                digits[pos] = self.alphabet[(part % base) as usize];
                part /= base;
            }
        }
        let mut out = String::with_capacity(self.prefix.len() + self.len + 1);
        out.push_str(self.prefix);
        out.extend(digits.iter().map(|&b| b as char));
        if self.check {
            out.push(self.alphabet[(hash(key, &[id, 3]) % self.alphabet.len() as u64) as usize] as char);
        }
        out
    }

    /// The id a string encodes, if it was issued under `key` and `id <= max`.
    pub(crate) fn decode(&self, key: u64, s: &str, max: u64) -> Option<u64> {
        let body = s.strip_prefix(self.prefix)?;
        let digits = body.get(..self.len)?;
        let base = self.alphabet.len() as u128;
        let mut value: u128 = 0;
        for b in digits.bytes() {
            let d = self.alphabet.iter().position(|&a| a == b)? as u128;
            value = value.checked_mul(base)?.checked_add(d)?;
        }
        let tag = value >> 32;
        let id = ((value as u64) ^ mix(tag as u64)) & 0xFFFF_FFFF;
        (1..=max).contains(&id).then_some(id).filter(|&id| self.encode(key, id) == s)
    }
}

/// A numeric id: `offset + affine(id - 1)` over `[0, modulus)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Numeric {
    pub(crate) offset: u64,
    pub(crate) modulus: u64,
}

impl Numeric {
    pub(crate) fn encode(&self, key: u64, id: u64) -> u64 {
        self.offset + Affine::new(key, self.modulus).forward(id - 1)
    }

    pub(crate) fn decode(&self, key: u64, s: &str, max: u64) -> Option<u64> {
        let n: u64 = s.trim().parse().ok()?;
        let v = n.checked_sub(self.offset).filter(|v| *v < self.modulus)?;
        let id = Affine::new(key, self.modulus).backward(v) + 1;
        (id <= max).then_some(id)
    }
}

/// The numeric codecs, per platform.
pub(crate) const ITUNES: Numeric = Numeric { offset: 100_000_000, modulus: 1_500_000_000 };
pub(crate) const DEEZER: Numeric = Numeric { offset: 1_000_000, modulus: 3_000_000_000 };
pub(crate) const SOUNDCLOUD: Numeric = Numeric { offset: 100_000_000, modulus: 1_900_000_000 };
pub(crate) const SHAZAM: Numeric = Numeric { offset: 10_000_000, modulus: 990_000_000 };
pub(crate) const BEATPORT: Numeric = Numeric { offset: 1_000_000, modulus: 90_000_000 };
pub(crate) const GENIUS: Numeric = Numeric { offset: 100_000, modulus: 99_000_000 };

/// ISRC registrant × designation space: 36³ × 10⁵.
const ISRC_SPACE: u64 = 46_656 * 100_000;

/// An ISRC, `CC XXX YY NNNNN` without dashes: country, registrant (3
/// base36 characters) and designation (5 digits) from the id, year.
pub(crate) fn isrc(key: u64, id: u64, country: &str, year: i32) -> String {
    let v = Affine::new(key, ISRC_SPACE).forward(id - 1);
    let (reg, des) = (v / 100_000, v % 100_000);
    let r = |i: u32| BASE36[(reg / 36u64.pow(i) % 36) as usize] as char;
    format!("{}{}{}{}{:02}{des:05}", country.to_ascii_uppercase(), r(2), r(1), r(0), year.rem_euclid(100))
}

/// The id an ISRC's registrant and designation encode (country and year are
/// checked by the caller, by re-encoding).
pub(crate) fn isrc_id(key: u64, isrc: &str, max: u64) -> Option<u64> {
    let s: String = isrc.chars().filter(|c| *c != '-').collect::<String>().to_ascii_uppercase();
    if s.len() != 12 || !s.is_ascii() {
        return None;
    }
    let mut reg = 0u64;
    for b in s[2..5].bytes() {
        reg = reg * 36 + BASE36.iter().position(|&a| a == b)? as u64;
    }
    let des: u64 = s[7..12].parse().ok()?;
    let id = Affine::new(key, ISRC_SPACE).backward(reg * 100_000 + des) + 1;
    (id <= max).then_some(id)
}

/// A UPC-A: 11 digits from the id, then the check digit.
pub(crate) fn upc(key: u64, id: u64) -> String {
    let body = format!("{:011}", Affine::new(key, 100_000_000_000).forward(id - 1));
    format!("{body}{}", upc_check(&body))
}

fn upc_check(body: &str) -> u32 {
    let sum: u32 = body.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 }).sum();
    (10 - sum % 10) % 10
}

/// The id a UPC encodes, if its check digit is right.
pub(crate) fn upc_id(key: u64, s: &str, max: u64) -> Option<u64> {
    let s = s.trim();
    if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) || upc_check(&s[..11]).to_string() != s[11..] {
        return None;
    }
    let id = Affine::new(key, 100_000_000_000).backward(s[..11].parse().ok()?) + 1;
    (id <= max).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn string_ids_have_their_platform_shape() {
        assert_eq!(SPOTIFY.encode(1, 42).len(), 22);
        assert_eq!(YOUTUBE_VIDEO.encode(1, 42).len(), 11);
        assert!(YOUTUBE_CHANNEL.encode(1, 42).starts_with("UC"));
        assert_eq!(YOUTUBE_CHANNEL.encode(1, 42).len(), 24);
        assert_eq!(upc(1, 42).len(), 12);
        let code = isrc(1, 42, "nz", 2024);
        assert_eq!(code.len(), 12);
        assert!(code.starts_with("NZ") && code[5..7] == *"24");
    }

    proptest! {
        #[test]
        fn every_codec_round_trips(key: u64, id in 1u64..=50_000_000) {
            for c in [SPOTIFY, YOUTUBE_VIDEO, YOUTUBE_CHANNEL, AMAZON, QQ, TIKTOK] {
                prop_assert_eq!(c.decode(key, &c.encode(key, id), 50_000_000), Some(id));
            }
            for c in [ITUNES, DEEZER, SOUNDCLOUD, SHAZAM, BEATPORT, GENIUS] {
                prop_assert_eq!(c.decode(key, &c.encode(key, id).to_string(), 50_000_000), Some(id));
            }
            prop_assert_eq!(upc_id(key, &upc(key, id), 50_000_000), Some(id));
            prop_assert_eq!(isrc_id(key, &isrc(key, id, "us", 2019), 50_000_000), Some(id));
        }

        #[test]
        fn a_changed_spotify_id_finds_nothing(key: u64, id in 1u64..=50_000_000, pos in 0usize..22) {
            let s = SPOTIFY.encode(key, id);
            let mut b = s.clone().into_bytes();
            b[pos] = if b[pos] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(b).unwrap();
            prop_assume!(changed != s);
            prop_assert_eq!(SPOTIFY.decode(key, &changed, 50_000_000), None);
        }
    }
}
