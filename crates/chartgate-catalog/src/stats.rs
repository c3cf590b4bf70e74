//! Daily numbers: smooth functions of the day, so that a series is
//! consistent from one day to the next, whatever range is asked, and its
//! last point is what the entity object says that day.

use crate::date::{Day, days};
use crate::enums::{CmScoreChart, CppStat, EntityKind, Source, StatsPlatform};
use crate::mix::{hash, unit};
use crate::{Catalog, CatalogError, not_found};
use chartmetric_types::{CmScorePoint, CppPoint, Point, StatSeries};

/// Values are anchored here (growth is measured from this day), so a day's
/// value never depends on the `today` a catalog was built for.
const EPOCH: Day = Day(738_521); // 2023-01-01

/// A counter of a stat source: name, aliases, size relative to Spotify
/// followers, wobble, yearly growth range, and its `cm_statistics` key.
pub(crate) struct Spec {
    pub(crate) source: Source,
    pub(crate) field: &'static str,
    aliases: &'static [&'static str],
    scale: f64,
    wobble: f64,
    growth: (f64, f64),
    pub(crate) cm_key: Option<&'static str>,
}

const fn spec(source: Source, field: &'static str, scale: f64, wobble: f64, cm_key: Option<&'static str>) -> Spec {
    Spec { source, field, aliases: &[], scale, wobble, growth: (0.02, 0.45), cm_key }
}

/// Popularity counters (0–100) use this scale.
const POPULARITY: f64 = -1.0;

pub(crate) const SPECS: &[Spec] = &[
    spec(Source::Spotify, "followers", 1.0, 0.01, Some("sp_followers")),
    Spec {
        aliases: &["monthly_listeners"],
        growth: (-0.2, 0.5),
        ..spec(Source::Spotify, "listeners", 1.8, 0.08, Some("sp_monthly_listeners"))
    },
    spec(Source::Spotify, "popularity", POPULARITY, 0.0, Some("sp_popularity")),
    Spec { aliases: &["followers"], ..spec(Source::Deezer, "fans", 0.12, 0.01, Some("deezer_fans")) },
    spec(Source::Facebook, "likes", 0.6, 0.005, Some("fs_likes")),
    Spec { growth: (-0.3, 0.3), ..spec(Source::Facebook, "talks", 0.01, 0.3, Some("fs_talks")) },
    spec(Source::Twitter, "followers", 0.35, 0.01, Some("twitter_followers")),
    Spec { growth: (-0.3, 0.3), ..spec(Source::Twitter, "retweets", 0.005, 0.4, None) },
    spec(Source::Instagram, "followers", 0.9, 0.01, Some("ins_followers")),
    spec(Source::YoutubeChannel, "subscribers", 0.5, 0.01, Some("ycs_subscribers")),
    spec(Source::YoutubeChannel, "views", 160.0, 0.01, Some("ycs_views")),
    spec(Source::YoutubeChannel, "videos", 0.000_02, 0.0, None),
    spec(Source::YoutubeArtist, "views", 120.0, 0.02, None),
    Spec { growth: (-0.3, 0.4), ..spec(Source::Wikipedia, "views", 0.002, 0.3, Some("ws_views")) },
    spec(Source::Bandsintown, "followers", 0.06, 0.01, None),
    spec(Source::Soundcloud, "followers", 0.1, 0.01, Some("ss_followers")),
    spec(Source::Soundcloud, "plays", 25.0, 0.02, None),
    spec(Source::Tiktok, "followers", 1.1, 0.01, Some("tiktok_followers")),
    spec(Source::Tiktok, "likes", 15.0, 0.02, None),
    spec(Source::Twitch, "followers", 0.01, 0.01, None),
    spec(Source::Twitch, "views", 0.2, 0.05, None),
    spec(Source::Line, "likes", 0.05, 0.01, None),
    spec(Source::Melon, "likes", 0.03, 0.01, None),
    spec(Source::AppleMusic, "followers", 0.04, 0.01, None),
];

/// A smooth, deterministic function of the day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Curve {
    pub(crate) base: f64,
    pub(crate) rate: f64,
    pub(crate) wobble: f64,
    pub(crate) key: u64,
    pub(crate) popularity: bool,
}

/// Slow noise in [-1, 1]: cosine interpolation between hashed knots every
/// 20 days, plus a slower octave.
pub(crate) fn smooth(key: u64, day: Day) -> f64 {
    let octave = |period: i64| {
        let k = day.0.div_euclid(period);
        let f = day.0.rem_euclid(period) as f64 / period as f64;
        let a = unit(hash(key, &[period as u64, k as u64])) * 2.0 - 1.0;
        let b = unit(hash(key, &[period as u64, (k + 1) as u64])) * 2.0 - 1.0;
        let w = (1.0 - (f * std::f64::consts::PI).cos()) / 2.0;
        a + (b - a) * w
    };
    (octave(20) + 0.6 * octave(97)) / 1.6
}

impl Curve {
    pub(crate) fn at(&self, day: Day) -> f64 {
        let t = day.since(EPOCH) as f64 / 365.25;
        let s = smooth(self.key, day);
        if self.popularity {
            (self.base + 6.0 * self.rate * t + 2.5 * s).clamp(0.0, 100.0).round()
        } else {
            (self.base * (self.rate * t).exp() * (1.0 + self.wobble * s)).max(0.0).round()
        }
    }
}

/// Spotify followers of the artist with popularity rank `slot`, at EPOCH.
pub(crate) fn artist_base(slot: u64) -> f64 {
    1.2e8 * ((slot + 1) as f64).powf(-0.75)
}

/// Spotify-style popularity (0–100) of the artist with popularity rank `slot`.
pub(crate) fn artist_popularity(slot: u64) -> f64 {
    100.0 - 10.5 * ((slot + 1) as f64).log10()
}

impl Catalog {
    /// The curve of an artist's counter.
    pub(crate) fn artist_curve(&self, id: i64, slot: u64, spec_index: usize) -> Curve {
        let s = &SPECS[spec_index];
        let d = self.draw(&[30, id as u64, spec_index as u64]);
        let popularity = s.scale == POPULARITY;
        let base = if popularity {
            artist_popularity(slot)
        } else {
            (artist_base(slot) * s.scale * (0.45 * d.normal(0)).exp()).max(3.0)
        };
        Curve { base, rate: d.range(2, s.growth.0, s.growth.1), wobble: s.wobble, key: d.at(3), popularity }
    }

    /// An artist's counter on a day: the override's `cm_statistics` scales
    /// the curve so that it ends there today.
    pub(crate) fn artist_value(&self, id: i64, slot: u64, spec_index: usize, day: Day) -> f64 {
        let curve = self.artist_curve(id, slot, spec_index);
        let raw = curve.at(day);
        match self.override_counter(id, spec_index) {
            Some(target) if !curve.popularity => {
                let today = curve.at(self.today).max(1.0);
                (raw * target / today).round()
            }
            Some(target) => (raw + target - curve.at(self.today)).clamp(0.0, 100.0),
            None => raw,
        }
    }

    fn override_counter(&self, id: i64, spec_index: usize) -> Option<f64> {
        let key = SPECS[spec_index].cm_key?;
        let stats = self.overrides.artists.get(&id)?.cm_statistics.as_ref()?;
        let v = serde_json::to_value(stats).ok()?;
        v.get(key)?.as_f64()
    }

    /// `/artist/{id}/stat/{source}`: field → one point per day from `since`
    /// to `until`, oldest first. `field` picks one (its aliases too, e.g.
    /// `monthly_listeners` for Spotify's `listeners`); without it, every
    /// field of the source.
    pub fn stat(
        &self,
        artist: i64,
        source: Source,
        field: Option<&str>,
        since: Day,
        until: Day,
    ) -> Result<StatSeries, CatalogError> {
        self.check_range(since, until)?;
        let slot = self.artist_stat_slot(artist).ok_or_else(|| not_found("artist", artist))?;
        let wanted = |s: &Spec| field.is_none_or(|f| s.field == f || s.aliases.contains(&f));
        let chosen: Vec<usize> = (0..SPECS.len()).filter(|&i| SPECS[i].source == source && wanted(&SPECS[i])).collect();
        if chosen.is_empty() {
            return Err(CatalogError::Invalid(format!("source {source} has no field {}", field.unwrap_or(""))));
        }
        let mut out = StatSeries::new();
        for i in chosen {
            let name = field.unwrap_or(SPECS[i].field).to_string();
            out.insert(name, series(since, until, |d| self.artist_value(artist, slot, i, d)));
        }
        Ok(out)
    }

    /// The slot whose numbers an artist uses: its own, or for an override
    /// outside the id range, one chosen from its id.
    /// An override's `cm_artist_rank` stands for its popularity rank (so its
    /// related artists and numbers fit it); an override outside the id range
    /// without one gets a rank drawn from its id.
    pub(crate) fn artist_stat_slot(&self, id: i64) -> Option<u64> {
        if let Some(a) = self.overrides.artists.get(&id) {
            let drawn = || self.artist_slot(id).unwrap_or(hash(self.seed, &[31, id as u64]) % 1_000_000);
            return Some(a.cm_artist_rank.map_or_else(drawn, |r| (r.max(1) - 1) as u64));
        }
        self.artist_slot(id)
    }

    /// Chartmetric rank of an artist on a day; an override's ends on its
    /// `cm_artist_rank` today.
    pub(crate) fn cm_rank(&self, id: i64, slot: u64, day: Day) -> i64 {
        let key = hash(self.seed, &[32, id as u64]);
        let at = |d: Day| ((slot + 1) as f64) * (0.12 * smooth(key, d)).exp();
        let given = self.overrides.artists.get(&id).and_then(|a| a.cm_artist_rank);
        let rank = given.map_or_else(|| at(day), |r| r as f64 * at(day) / at(self.today));
        rank.round().max(1.0) as i64
    }

    /// Chartmetric score of an artist on a day; an override's ends on its
    /// `cm_artist_score` today.
    pub(crate) fn cm_score_of(&self, id: i64, slot: u64, day: Day) -> f64 {
        let key = hash(self.seed, &[33, id as u64]);
        let at = |d: Day| 100.0 * (1.0 - ((slot + 1) as f64).log10() / 7.5) + 1.5 * smooth(key, d);
        let given = self.overrides.artists.get(&id).and_then(|a| a.cm_artist_score);
        let score = given.map_or_else(|| at(day), |g| g + at(day) - at(self.today));
        (score.clamp(0.0, 100.0) * 100.0).round() / 100.0
    }

    /// `/artist/{id}/cpp`: the artist's Chartmetric rank or score per day.
    pub fn cpp(&self, artist: i64, stat: CppStat, since: Day, until: Day) -> Result<Vec<CppPoint>, CatalogError> {
        self.check_range(since, until)?;
        let slot = self.artist_stat_slot(artist).ok_or_else(|| not_found("artist", artist))?;
        Ok(days(since, until)
            .map(|d| {
                let timestp = d.iso();
                match stat {
                    CppStat::Rank => {
                        let r = self.cm_rank(artist, slot, d);
                        CppPoint { timestp, rank: Some(r), score: None, value: Some(r as f64) }
                    }
                    CppStat::Score => {
                        let s = self.cm_score_of(artist, slot, d);
                        CppPoint { timestp, rank: None, score: Some(s), value: Some(s) }
                    }
                }
            })
            .collect())
    }

    /// The cm-score routes: `{timestp, score, rank}` per day for an entity
    /// on a chart type.
    pub fn cm_score(
        &self,
        kind: EntityKind,
        id: i64,
        chart: CmScoreChart,
        since: Day,
        until: Day,
    ) -> Result<Vec<CmScorePoint>, CatalogError> {
        self.check_range(since, until)?;
        let slot = self.entity_popularity_slot(kind, id).ok_or_else(|| not_found(kind.as_str(), id))?;
        let key = hash(self.seed, &[34, kind as u64, id as u64, chart as u64]);
        let curve = Curve { base: artist_popularity(slot), rate: 0.0, wobble: 0.0, key, popularity: true };
        Ok(days(since, until)
            .map(|d| {
                let score = curve.at(d);
                let rank = (10f64.powf((100.0 - score) / 10.5)).round().max(1.0) as i64;
                CmScorePoint { timestp: d.iso(), score, rank }
            })
            .collect())
    }

    /// `/track/{id}/{platform}/stats` and `/album/{id}/{platform}/followers`:
    /// Spotify popularity, YouTube views or Shazam counts per day. Albums
    /// have Spotify only ([`CatalogError::Invalid`] otherwise).
    pub fn entity_stats(
        &self,
        kind: EntityKind,
        id: i64,
        platform: StatsPlatform,
        since: Day,
        until: Day,
    ) -> Result<Vec<Point>, CatalogError> {
        self.check_range(since, until)?;
        let slot = self.entity_popularity_slot(kind, id).ok_or_else(|| not_found(kind.as_str(), id))?;
        if kind != EntityKind::Track && platform != StatsPlatform::Spotify {
            return Err(CatalogError::Invalid(format!("unknown platform '{platform}'; expected one of: spotify")));
        }
        let curve = self.entity_curve(kind, id, slot, platform);
        Ok(series(since, until, |day| curve.at(day)))
    }

    /// The curve of a track's or album's counter on a platform.
    pub(crate) fn entity_curve(&self, kind: EntityKind, id: i64, slot: u64, platform: StatsPlatform) -> Curve {
        let d = self.draw(&[35, kind as u64, id as u64, crate::mix::hash_str(platform.as_str())]);
        let (base, popularity) = match platform {
            StatsPlatform::Spotify => (artist_popularity(slot) - d.range(0, 0.0, 12.0), true),
            StatsPlatform::Youtube => (artist_base(slot) * 20.0 * (0.6 * d.normal(1)).exp(), false),
            StatsPlatform::Shazam => (artist_base(slot) * 0.3 * (0.6 * d.normal(1)).exp(), false),
        };
        Curve { base, rate: d.range(3, -0.1, 0.6), wobble: 0.03, key: d.at(4), popularity }
    }

    /// The popularity rank an entity's numbers derive from: the artist's,
    /// for a track or an album.
    pub(crate) fn entity_popularity_slot(&self, kind: EntityKind, id: i64) -> Option<u64> {
        match kind {
            EntityKind::Artist => self.artist_stat_slot(id),
            EntityKind::Track => self.track_core(id).map(|t| t.artist_slot),
            EntityKind::Album => self.album_core(id).map(|a| a.artist_slot),
        }
    }
}

/// One point per day from `since` to `until`, with the diff fields.
pub(crate) fn series(since: Day, until: Day, value: impl Fn(Day) -> f64) -> Vec<Point> {
    days(since, until)
        .map(|d| {
            let v = value(d);
            let before = |n: i64| value(d.plus(-n));
            let month = before(30);
            Point {
                timestp: d.iso(),
                value: v,
                diff: Some(v - before(1)),
                weekly_diff: Some(v - before(7)),
                monthly_diff_percent: Some(if month > 0.0 {
                    ((v - month) / month * 10_000.0).round() / 100.0
                } else {
                    0.0
                }),
            }
        })
        .collect()
}
