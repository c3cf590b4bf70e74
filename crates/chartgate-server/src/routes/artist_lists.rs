//! The sandbox's lists of artists: by one metric's range
//! (`/artist/{metric}/list`) and by filters (`/artist/list/filter`).

use super::entities::EntityResponses;
use super::params::{Params, bad};
use super::reply::{ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::{Country, ListFilter, Metric};
use chartmetric_types::{FilterPage, MetricPage};
use utoipa::{IntoParams, ToSchema};

/// `offset + limit` of `/artist/list/filter` (the live API's cap).
const FILTER_DEPTH: i64 = 10_000;

/// The range filters of `/artist/list/filter`: query name → the counter
/// it bounds (a `cm_statistics` key, or `cm_artist_rank`).
const RANGES: &[(&str, &str)] = &[
    ("sp_ml", "sp_monthly_listeners"),
    ("sp_f", "sp_followers"),
    ("sp_p", "sp_popularity"),
    ("dz_fans", "deezer_fans"),
    ("fb_l", "fs_likes"),
    ("fb_t", "fs_talks"),
    ("tw_f", "twitter_followers"),
    ("ig_f", "ins_followers"),
    ("ytc_v", "ycs_views"),
    ("ytc_s", "ycs_subscribers"),
    ("sc_f", "ss_followers"),
    ("tt_f", "tiktok_followers"),
    ("cpp", "cm_artist_rank"),
];

/// Artists whose `metric` today lies in `min`..`max`, most popular first:
/// `{length, data}`, `length` the rows of this page.
#[utoipa::path(get, path = super::ARTIST_METRIC_LIST.path, tag = "data", params(MetricPath, MetricQuery), responses(EntityResponses<MetricPage>))]
pub async fn metric_list(
    State(s): State<AppState>,
    Path(metric): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let metric: Metric = value(&metric)?;
    let p = Params::parse(q.as_deref());
    let (min, max) = (number(&p, "min")?, number(&p, "max")?);
    let (offset, limit) = p.page(200, 200)?;
    let code2 = country(&p)?;
    Ok(ok(s.sandbox().catalog().metric_list(metric, min, max, code2, offset, limit)))
}

/// A required finite number.
fn number(p: &Params, name: &str) -> Result<f64, ApiError> {
    p.required(name)?;
    p.parsed::<f64>(name, "a number")?.filter(|v| v.is_finite()).ok_or_else(|| bad(name, "must be a finite number"))
}

/// `code2`, a country code in either case.
fn country(p: &Params) -> Result<Option<Country>, ApiError> {
    p.parsed::<Country>("code2", "a two-letter country code")
}

/// Artists matching every filter given, most popular first (least popular
/// with `sortOrderDesc=false`), as `{obj: [rows], total}`.
#[utoipa::path(get, path = super::ARTIST_LIST_FILTER.path, tag = "data", params(FilterQuery), responses(EntityResponses<FilterPage>))]
pub async fn list_filter(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let (offset, limit) = p.page(50, FILTER_DEPTH)?;
    if (offset + limit) as i64 > FILTER_DEPTH {
        return Err(bad("offset", &format!("plus limit must be at most {FILTER_DEPTH}")));
    }
    let filter = ListFilter {
        code2: country(&p)?,
        band: p.bool("band")?,
        career_stage: p.str("career_stage").map(str::to_owned),
        career_trend: p.str("career_trend").map(str::to_owned),
        genre_id: p.parsed("tagId", "an integer")?,
        ranges: ranges(&p)?,
        ascending: p.bool("sortOrderDesc")? == Some(false),
    };
    Ok(ok(s.sandbox().catalog().list_filter(&filter, offset, limit)))
}

/// The range filters given, each two numbers `[min, max]`.
fn ranges(p: &Params) -> Result<Vec<(String, i64, i64)>, ApiError> {
    let mut out = Vec::new();
    for (name, key) in RANGES {
        let values = p.list(name);
        if values.is_empty() {
            continue;
        }
        let bounds: Option<Vec<f64>> = values.iter().map(|v| v.parse().ok().filter(|x: &f64| x.is_finite())).collect();
        let Some(&[lo, hi]) = bounds.as_deref() else {
            return Err(bad(&format!("{name}[]"), "must be two numbers, min and max"));
        };
        out.push(((*key).to_owned(), lo.ceil() as i64, hi.floor() as i64));
    }
    Ok(out)
}

/// The path parameter of `GET /api/artist/{metric}/list`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct MetricPath {
    /// The metric; another (or a number) gets 400.
    #[param(inline)]
    metric: MetricName,
}

/// The metrics of the artist lists.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum MetricName {
    sp_monthly_listeners,
    sp_followers,
    sp_popularity,
    sp_listeners_to_followers_ratio,
    fs_likes,
    fs_talks,
    ycs_views,
    ycs_subscribers,
    ws_views,
    ss_followers,
}

/// The query of `GET /api/artist/{metric}/list`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MetricQuery {
    /// Smallest value of the metric (required).
    #[param(example = 10000)]
    min: f64,
    /// Largest value of the metric (required; below `min`, nothing matches).
    #[param(example = 50000)]
    max: f64,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
    /// Artists of this country only: an ISO 3166-1 alpha-2 code, either case; another gets 400.
    #[param(example = "us")]
    code2: Option<String>,
}

/// The query of `GET /api/artist/list/filter`. Ranges are two numbers,
/// min and max, sent as `k[]=min&k[]=max`, `k[]=min,max` or `k=[min,max]`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, non_snake_case)]
pub struct FilterQuery {
    /// Rows to return, 1 to 10,000 (default 50); `offset + limit` at most 10,000.
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<u32>,
    /// Rows to skip (default 0); `offset + limit` at most 10,000.
    #[param(minimum = 0, maximum = 9999)]
    offset: Option<u32>,
    /// Accepted; the sandbox lists artists by popularity, whatever the column.
    sortColumn: Option<String>,
    /// `false`: least popular first (default `true`).
    sortOrderDesc: Option<bool>,
    /// Artists of this country only: an ISO 3166-1 alpha-2 code, either case; another gets 400.
    #[param(example = "us")]
    code2: Option<String>,
    /// Primary genre id.
    tagId: Option<i64>,
    /// Bands only (`true`) or solo artists only (`false`).
    band: Option<bool>,
    /// Career stage: `superstar`, `mainstream`, `mid-level`, `developing` or `undiscovered`.
    career_stage: Option<String>,
    /// Career trend: `explosive growth`, `growth` or `steady`.
    career_trend: Option<String>,
    /// Spotify monthly listeners, `[min, max]`.
    #[param(rename = "sp_ml[]", min_items = 2, max_items = 2)]
    sp_ml: Option<Vec<i64>>,
    /// Spotify followers, `[min, max]`.
    #[param(rename = "sp_f[]", min_items = 2, max_items = 2)]
    sp_f: Option<Vec<i64>>,
    /// Spotify popularity, `[min, max]`.
    #[param(rename = "sp_p[]", min_items = 2, max_items = 2)]
    sp_p: Option<Vec<i64>>,
    /// Deezer fans, `[min, max]`.
    #[param(rename = "dz_fans[]", min_items = 2, max_items = 2)]
    dz_fans: Option<Vec<i64>>,
    /// Facebook likes, `[min, max]`.
    #[param(rename = "fb_l[]", min_items = 2, max_items = 2)]
    fb_l: Option<Vec<i64>>,
    /// Facebook talks, `[min, max]`.
    #[param(rename = "fb_t[]", min_items = 2, max_items = 2)]
    fb_t: Option<Vec<i64>>,
    /// Twitter followers, `[min, max]`.
    #[param(rename = "tw_f[]", min_items = 2, max_items = 2)]
    tw_f: Option<Vec<i64>>,
    /// Instagram followers, `[min, max]`.
    #[param(rename = "ig_f[]", min_items = 2, max_items = 2)]
    ig_f: Option<Vec<i64>>,
    /// YouTube channel views, `[min, max]`.
    #[param(rename = "ytc_v[]", min_items = 2, max_items = 2)]
    ytc_v: Option<Vec<i64>>,
    /// YouTube channel subscribers, `[min, max]`.
    #[param(rename = "ytc_s[]", min_items = 2, max_items = 2)]
    ytc_s: Option<Vec<i64>>,
    /// SoundCloud followers, `[min, max]`.
    #[param(rename = "sc_f[]", min_items = 2, max_items = 2)]
    sc_f: Option<Vec<i64>>,
    /// TikTok followers, `[min, max]`.
    #[param(rename = "tt_f[]", min_items = 2, max_items = 2)]
    tt_f: Option<Vec<i64>>,
    /// Chartmetric rank, `[min, max]`.
    #[param(rename = "cpp[]", min_items = 2, max_items = 2)]
    cpp: Option<Vec<i64>>,
}
