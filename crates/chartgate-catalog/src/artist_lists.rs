//! Lists of artists: related artists, urls, the metric list and the filter.

use crate::Catalog;
use crate::enums::{Country, Metric, Source};
use crate::geo::GENRES;
use crate::layout::ARTISTS;
use crate::stats::{SPECS, artist_base, artist_popularity};
use chartmetric_types::{ArtistUrl, FilterCareer, FilterPage, FilterRow, MetricPage, MetricRow, RelatedArtist};
use serde_json::json;

/// Slots looked at, at most, to fill one page of a filtered list: a rare
/// filter may fill less than a page.
const SCAN: u64 = 20_000;

/// Filters of `/artist/list/filter`.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Artists of this country.
    pub code2: Option<Country>,
    /// Bands (`true`) or solo artists (`false`).
    pub band: Option<bool>,
    /// Career stage, e.g. `mainstream`.
    pub career_stage: Option<String>,
    /// Career trend, e.g. `growth`.
    pub career_trend: Option<String>,
    /// Primary genre id (`tagId`).
    pub genre_id: Option<i64>,
    /// Inclusive ranges on today's counters, each named by its
    /// `cm_statistics` key (`sp_followers`, `ins_followers`, ...) or
    /// `cm_artist_rank`; an artist without the counter is left out.
    pub ranges: Vec<(String, i64, i64)>,
    /// `false`: least popular first.
    pub ascending: bool,
}

fn spec_index(source: Source, field: &str) -> usize {
    SPECS.iter().position(|s| s.source == source && s.field == field).unwrap_or(0)
}

impl Catalog {
    /// `/artist/{id}/relatedartists`: artists of similar popularity.
    pub fn related_artists(&self, id: i64, limit: usize) -> Option<Vec<RelatedArtist>> {
        self.artist_core(id)?;
        let slot = self.artist_stat_slot(id)?;
        let d = self.draw(&[90, id as u64]);
        let width = slot / 8 + 50;
        let mut seen = vec![slot];
        let mut out = Vec::new();
        for i in 0..limit as u64 * 4 + 8 {
            let off = 1 + d.below(i, width);
            let other = if d.at(i + 1_000) & 1 == 0 { slot + off } else { slot.saturating_sub(off) };
            if out.len() >= limit || other >= ARTISTS || seen.contains(&other) {
                continue;
            }
            seen.push(other);
            let oid = self.artist_id(other);
            let Some(core) = self.artist_core(oid) else { continue };
            out.push(RelatedArtist {
                id: oid,
                name: core.name,
                image_url: core.image_url,
                cm_artist_rank: Some(self.cm_rank(oid, other, self.today)),
                sp_followers: Some(self.artist_value(oid, other, 0, self.today) as i64),
                sp_monthly_listeners: Some(self.artist_value(oid, other, 1, self.today) as i64),
            });
        }
        Some(out)
    }

    /// `/artist/{id}/urls`: `{domain, url: [..]}` per site.
    pub fn artist_urls(&self, id: i64) -> Option<Vec<ArtistUrl>> {
        let core = self.artist_core(id)?;
        let handle: String =
            core.name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let ids = self.artist_ids(id)?;
        let mut rows = Vec::new();
        let mut add = |domain: &str, url: Option<String>| {
            if let Some(url) = url {
                rows.push(ArtistUrl { domain: domain.into(), url: vec![url] });
            }
        };
        add("spotify", ids.spotify_artist_id.map(|s| format!("https://open.spotify.com/artist/{s}")));
        add("itunes", ids.itunes_artist_id.map(|s| format!("https://music.apple.com/artist/{s}")));
        add("deezer", ids.deezer_artist_id.map(|s| format!("https://www.deezer.com/artist/{s}")));
        add("youtube", ids.youtube_channel_id.map(|s| format!("https://www.youtube.com/channel/{s}")));
        add("soundcloud", Some(format!("https://soundcloud.com/{handle}")));
        add("instagram", Some(format!("https://www.instagram.com/{handle}")));
        add("twitter", Some(format!("https://twitter.com/{handle}")));
        add("facebook", Some(format!("https://www.facebook.com/{handle}")));
        add("tiktok", Some(format!("https://www.tiktok.com/@{handle}")));
        add("wikipedia", Some(format!("https://en.wikipedia.org/wiki/{}", core.name.replace(' ', "_"))));
        Some(rows)
    }

    fn metric_value(&self, metric: Metric, id: i64, slot: u64) -> serde_json::Value {
        let v = |source, field| self.artist_value(id, slot, spec_index(source, field), self.today) as i64;
        match metric {
            Metric::SpMonthlyListeners => json!(v(Source::Spotify, "listeners")),
            Metric::SpFollowers => json!(v(Source::Spotify, "followers")),
            Metric::SpPopularity => json!(v(Source::Spotify, "popularity")),
            Metric::SpListenersToFollowersRatio => {
                let ratio = v(Source::Spotify, "listeners") as f64 / v(Source::Spotify, "followers").max(1) as f64;
                json!((ratio * 100.0).round() / 100.0)
            }
            Metric::FsLikes => json!(v(Source::Facebook, "likes")),
            Metric::FsTalks => json!(v(Source::Facebook, "talks")),
            Metric::YcsViews => json!(v(Source::YoutubeChannel, "views")),
            Metric::YcsSubscribers => json!(v(Source::YoutubeChannel, "subscribers")),
            Metric::WsViews => json!(v(Source::Wikipedia, "views")),
            Metric::SsFollowers => json!(v(Source::Soundcloud, "followers")),
        }
    }

    /// Where to look for values in `min..=max`: from the first popularity
    /// rank whose typical value (base × median growth since the epoch) is at
    /// most `max`, to the first whose typical value is far below `min`.
    /// Artists lifted above `max` by noise at more popular ranks are not
    /// looked for: the list is in popularity order, not exhaustive.
    fn window(metric: Metric, min: f64, max: f64) -> (u64, u64) {
        let typical = |slot: u64| {
            let count = |scale: f64| artist_base(slot) * scale * 2.5;
            match metric {
                Metric::SpPopularity => artist_popularity(slot),
                Metric::SpListenersToFollowersRatio => 1.8,
                Metric::YcsViews => count(160.0),
                Metric::SpMonthlyListeners => count(1.8),
                _ => count(1.0),
            }
        };
        let (start, end) = match metric {
            Metric::SpPopularity => (max + 3.0, min - 10.0),
            Metric::SpListenersToFollowersRatio => (f64::INFINITY, f64::NEG_INFINITY),
            _ => (max, min / 8.0),
        };
        let start = Self::first_slot(|slot| typical(slot) <= start);
        (start, Self::first_slot(|slot| typical(slot) < end).max(start))
    }

    /// The first slot at which `pred` holds, `pred` being monotone in the slot.
    fn first_slot(pred: impl Fn(u64) -> bool) -> u64 {
        let (mut lo, mut hi) = (0, ARTISTS);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pred(mid) { hi = mid } else { lo = mid + 1 }
        }
        lo
    }

    /// `/artist/{metric}/list`: artists whose `metric` today lies in
    /// `min..=max`, most popular first; `length` is the rows of this page.
    pub fn metric_list(
        &self,
        metric: Metric,
        min: f64,
        max: f64,
        code2: Option<Country>,
        offset: usize,
        limit: usize,
    ) -> MetricPage {
        let (start, end) = Self::window(metric, min, max);
        let rows = (start..end.min(start + SCAN))
            .filter_map(|slot| {
                let id = self.artist_id(slot);
                let value = self.metric_value(metric, id, slot);
                if !(min..=max).contains(&value.as_f64()?) {
                    return None;
                }
                let core = self.artist_core(id)?;
                code2.is_none_or(|c| core.code2 == c.as_str()).then_some((id, core, value))
            })
            .skip(offset)
            .take(limit)
            .map(|(id, core, value)| {
                let mut row = MetricRow {
                    id,
                    cm_artist: id,
                    name: core.name,
                    code2: Some(core.code2),
                    image_url: core.image_url,
                    ..MetricRow::default()
                };
                row.metric.insert(metric.as_str().into(), value);
                row
            })
            .collect::<Vec<_>>();
        MetricPage { length: rows.len(), data: rows }
    }

    /// `/artist/list/filter`: `{obj: rows, total}`, most popular first
    /// (least popular first when `ascending`).
    pub fn list_filter(&self, filter: &ListFilter, offset: usize, limit: usize) -> FilterPage {
        if filter.code2.is_some_and(|c| !crate::geo::COUNTRIES.iter().any(|x| x.0 == c.as_str())) {
            return FilterPage { obj: Vec::new(), total: 0 };
        }
        let slot_at = |i: u64| if filter.ascending { ARTISTS - 1 - i } else { i };
        let mut scanned = 0u64;
        let mut matched = 0usize;
        let mut rows = Vec::new();
        for i in 0..SCAN.min(ARTISTS) {
            scanned = i + 1;
            let Some(row) = self.filter_row(slot_at(i), filter) else { continue };
            matched += 1;
            if matched > offset {
                rows.push(row);
                if rows.len() >= limit {
                    break;
                }
            }
        }
        let total =
            if scanned >= SCAN { (matched as f64 / scanned as f64 * ARTISTS as f64) as i64 } else { matched as i64 };
        let total = total.max((offset + rows.len()) as i64);
        FilterPage { obj: rows, total }
    }

    fn filter_row(&self, slot: u64, f: &ListFilter) -> Option<FilterRow> {
        let id = self.artist_id(slot);
        let core = self.artist_core(id)?;
        if f.code2.is_some_and(|c| core.code2 != c.as_str())
            || f.band.is_some_and(|b| core.band != b)
            || f.genre_id.is_some_and(|g| GENRES[core.genre].0 != g)
        {
            return None;
        }
        // What the artist object would say, without building all of it
        // (a page may hold 10,000 rows); an override says it itself.
        let given = self.overrides.artists.get(&id);
        let career = match given {
            Some(a) => a.career_status.clone().unwrap_or_default(),
            None => self.career_status(id, slot),
        };
        let is = |want: &Option<String>, have: &Option<String>| want.is_none() || want == have;
        if !is(&f.career_stage, &career.stage) || !is(&f.career_trend, &career.trend) {
            return None;
        }
        let stats = given.and_then(|a| serde_json::to_value(a.cm_statistics.as_ref()?).ok());
        let value = |key: &str| match (key, given, &stats) {
            ("cm_artist_rank", Some(a), _) => a.cm_artist_rank,
            ("cm_artist_rank", None, _) => Some(self.cm_rank(id, slot, self.today)),
            (_, Some(_), stats) => stats.as_ref()?.get(key)?.as_i64(),
            (_, None, _) => {
                let spec = SPECS.iter().position(|s| s.cm_key == Some(key))?;
                Some(self.artist_value(id, slot, spec, self.today) as i64)
            }
        };
        if !f.ranges.iter().all(|(key, lo, hi)| value(key).is_some_and(|v| *lo <= v && v <= *hi)) {
            return None;
        }
        Some(FilterRow {
            cm_artist: id,
            genres: match given {
                Some(a) => a.genres.clone(),
                None => Some(self.artist_genres(id, core.genre)),
            },
            name: core.name,
            image_url: core.image_url,
            code2: given.map_or(Some(core.code2), |a| a.code2.clone()),
            career_status: Some(FilterCareer { stage: career.stage, trend: career.trend }),
            sp_followers: value("sp_followers"),
            sp_monthly_listeners: value("sp_monthly_listeners"),
            ins_followers: value("ins_followers"),
            ycs_subscribers: value("ycs_subscribers"),
            tiktok_followers: value("tiktok_followers"),
        })
    }
}
