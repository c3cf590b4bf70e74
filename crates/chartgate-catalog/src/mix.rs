//! The one source of randomness: a keyed integer mixer.
//!
//! Hand-written on purpose. `rand`'s `StdRng` documents that its algorithm
//! may change between versions, and the catalog promises byte-identical
//! output for a seed forever; splitmix64's finaliser is a fixed, public
//! function, so it cannot move under us. Every generated value is a pure
//! function of (seed, what, which), never of call order.

/// splitmix64's finaliser: a bijection on `u64` with good avalanche.
pub(crate) const fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a sequence of words under a key.
pub(crate) fn hash(key: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(mix(key), |h, &p| mix(h ^ p.wrapping_mul(0xA076_1D64_78BD_642F)))
}

/// Hashes a string (FNV-1a, then mixed).
pub(crate) fn hash_str(s: &str) -> u64 {
    mix(s.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)))
}

/// A uniform float in `[0, 1)` from a hash.
pub(crate) fn unit(h: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let v = (h >> 11) as f64;
    v / (1u64 << 53) as f64
}

/// A uniform integer in `[0, n)` from a hash (`n > 0`).
pub(crate) fn below(h: u64, n: u64) -> u64 {
    ((u128::from(h) * u128::from(n)) >> 64) as u64
}

/// A stream of values for one (key, parts): `draw(i)` is the i-th.
#[derive(Clone, Copy)]
pub(crate) struct Draw(u64);

impl Draw {
    pub(crate) fn new(key: u64, parts: &[u64]) -> Self {
        Self(hash(key, parts))
    }
    pub(crate) fn at(self, i: u64) -> u64 {
        mix(self.0 ^ i.wrapping_mul(0xE703_7ED1_A0B4_28DB))
    }
    pub(crate) fn unit(self, i: u64) -> f64 {
        unit(self.at(i))
    }
    pub(crate) fn below(self, i: u64, n: u64) -> u64 {
        below(self.at(i), n)
    }
    /// Picks one item of a non-empty slice.
    pub(crate) fn pick<T: Copy>(self, i: u64, items: &[T]) -> T {
        items[self.below(i, items.len() as u64) as usize]
    }
    /// A float in `[lo, hi)`.
    pub(crate) fn range(self, i: u64, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit(i)
    }
    /// A standard normal deviate (Box–Muller).
    pub(crate) fn normal(self, i: u64) -> f64 {
        let u1 = self.unit(2 * i).max(1e-12);
        let u2 = self.unit(2 * i + 1);
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_is_pinned() {
        // If this changes, every seed's catalog changes: never edit the constants.
        assert_eq!(mix(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(hash(1, &[2, 3]), hash(1, &[2, 3]));
        assert_ne!(hash(1, &[2, 3]), hash(1, &[3, 2]));
    }

    #[test]
    fn below_stays_in_range() {
        for i in 0..1000 {
            assert!(below(mix(i), 7) < 7);
        }
    }
}
