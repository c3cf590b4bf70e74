//! Bijections on `[0, n)`: how slots become public ids and back.

use crate::mix::{hash, mix};

/// A keyed permutation of `[0, n)`: a four-round balanced Feistel network
/// on the smallest even number of bits that covers `n`, with cycle walking
/// to stay inside the range. Neighbouring inputs land far apart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Feistel {
    n: u64,
    half: u32,
    keys: [u64; 4],
}

impl Feistel {
    pub(crate) fn new(key: u64, n: u64) -> Self {
        let bits = 64 - (n.max(4) - 1).leading_zeros();
        let half = bits.div_ceil(2);
        let keys = [0, 1, 2, 3].map(|i| hash(key, &[0x0FE1_57E1, i]));
        Self { n, half, keys }
    }

    fn round(&self, r: u64, k: u64) -> u64 {
        mix(r ^ k) & ((1u64 << self.half) - 1)
    }

    fn enc(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half) - 1;
        let (mut l, mut r) = (x >> self.half, x & mask);
        for k in self.keys {
            (l, r) = (r, l ^ self.round(r, k));
        }
        (l << self.half) | r
    }

    fn dec(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half) - 1;
        let (mut l, mut r) = (x >> self.half, x & mask);
        for k in self.keys.iter().rev() {
            (l, r) = (r ^ self.round(l, *k), l);
        }
        (l << self.half) | r
    }

    /// The image of `x < n`.
    pub(crate) fn forward(&self, x: u64) -> u64 {
        let mut y = self.enc(x);
        while y >= self.n {
            y = self.enc(y);
        }
        y
    }

    /// The preimage of `y < n`.
    pub(crate) fn backward(&self, y: u64) -> u64 {
        let mut x = self.dec(y);
        while x >= self.n {
            x = self.dec(x);
        }
        x
    }
}

/// `x ↦ (a·x + b) mod m` with `gcd(a, m) = 1`: a cheap bijection of `[0, m)`
/// whose inverse is another affine map.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Affine {
    m: u64,
    a: u64,
    b: u64,
    inv: u64,
}

impl Affine {
    pub(crate) fn new(key: u64, m: u64) -> Self {
        let mut a = (mix(key) % m).max(2) | 1;
        while gcd(a, m) != 1 {
            a = (a + 2) % m;
        }
        let b = mix(key ^ 0x00AF_F14E) % m;
        Self { m, a, b, inv: mod_inverse(a, m) }
    }

    pub(crate) fn forward(&self, x: u64) -> u64 {
        ((u128::from(self.a) * u128::from(x) + u128::from(self.b)) % u128::from(self.m)) as u64
    }

    pub(crate) fn backward(&self, y: u64) -> u64 {
        let shifted = (u128::from(y) + u128::from(self.m) - u128::from(self.b)) % u128::from(self.m);
        ((shifted * u128::from(self.inv)) % u128::from(self.m)) as u64
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `a⁻¹ mod m` by the extended Euclidean algorithm (`m < 2^62`, so the
/// Bézout coefficients fit an `i64`; `i128` division is several times slower).
fn mod_inverse(a: u64, m: u64) -> u64 {
    let (mut t, mut new_t, mut r, mut new_r) = (0i64, 1i64, m as i64, a as i64);
    while new_r != 0 {
        let q = r / new_r;
        (t, new_t) = (new_t, t - q * new_t);
        (r, new_r) = (new_r, r - q * new_r);
    }
    t.rem_euclid(m as i64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn feistel_is_a_bijection_on_a_small_range() {
        let f = Feistel::new(7, 1000);
        let mut seen = vec![false; 1000];
        for x in 0..1000 {
            let y = f.forward(x);
            assert!(!seen[y as usize]);
            seen[y as usize] = true;
            assert_eq!(f.backward(y), x);
        }
    }

    proptest! {
        #[test]
        fn feistel_round_trips(key: u64, x in 0u64..50_000_000) {
            let f = Feistel::new(key, 50_000_000);
            let y = f.forward(x);
            prop_assert!(y < 50_000_000);
            prop_assert_eq!(f.backward(y), x);
        }

        #[test]
        fn affine_round_trips(key: u64, x in 0u64..4_665_600_000) {
            let a = Affine::new(key, 4_665_600_000);
            prop_assert_eq!(a.backward(a.forward(x)), x);
        }
    }
}
