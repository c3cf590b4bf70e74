use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One point of a daily time series: `{"timestp": ISO, "value": n}`.
///
/// Series run oldest first, one point per day. A whole `value` is written as
/// a JSON integer. The `diff` fields are optional extras some routes carry.
///
/// ```
/// use chartmetric_types::Point;
/// let p = Point::new("2024-01-05T00:00:00.000Z", 12.0);
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"timestp":"2024-01-05T00:00:00.000Z","value":12}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Point {
    /// The day, ISO 8601 at midnight UTC.
    pub timestp: String,
    /// The value on that day.
    #[serde(serialize_with = "crate::num::whole")]
    pub value: f64,
    /// Change since the day before.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::num::whole_opt")]
    pub diff: Option<f64>,
    /// Change since seven days before.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::num::whole_opt")]
    pub weekly_diff: Option<f64>,
    /// Change since thirty days before, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_diff_percent: Option<f64>,
}

impl Point {
    /// A point with no diff fields.
    pub fn new(timestp: impl Into<String>, value: f64) -> Self {
        Self { timestp: timestp.into(), value, ..Self::default() }
    }
}

/// The body of `/artist/{id}/stat/{source}`: field name → daily points.
pub type StatSeries = BTreeMap<String, Vec<Point>>;

/// One day of `/artist/{id}/cpp`: `{timestp, rank}` or `{timestp, score}`
/// (whichever `stat` asked for), plus `value` holding the same number.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CppPoint {
    /// The day, ISO 8601 at midnight UTC.
    pub timestp: String,
    /// Chartmetric rank, when `stat=rank`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<i64>,
    /// Chartmetric score, when `stat=score`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The requested stat again, under a neutral name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// One day of a `cm-score` series: `{timestp, score, rank}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CmScorePoint {
    /// The day, ISO 8601 at midnight UTC.
    pub timestp: String,
    /// Chartmetric chart score.
    pub score: f64,
    /// Rank by that score.
    pub rank: i64,
}
