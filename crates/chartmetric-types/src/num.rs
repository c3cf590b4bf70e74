//! Numbers on the wire: a count held as `f64` goes out as a JSON integer
//! when it has no fraction (`12`, not `12.0`), as the real API writes it.

use serde::Serializer;

/// Serializes a whole `f64` as a JSON integer and any other as a float.
pub(crate) fn whole<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    // 2^53: beyond it an f64 no longer holds every integer exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)]
        return serializer.serialize_i64(*value as i64);
    }
    serializer.serialize_f64(*value)
}

/// As [`whole`], for an optional number (used with `skip_serializing_if`).
pub(crate) fn whole_opt<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => whole(v, serializer),
        None => serializer.serialize_none(),
    }
}
