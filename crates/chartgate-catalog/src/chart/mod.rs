//! Charts: the `/charts/...` routes and an entity's chart history.
//!
//! See [`engine`] for the model. Consistency holds by construction: a
//! chart's `pre_rank`, `peak_rank`, `time_on_chart` and `rankStats` are read
//! off the same rankings that the charts of the days before are.

mod engine;
mod kinds;
mod rows;

pub use kinds::{ChartKind, ChartType};

use crate::date::{CHARTS_SINCE, Day};
use crate::enums::{Country, EntityKind};
use crate::geo::{self, CHART_COUNTRIES, CITIES};
use crate::mix::{hash, hash_str};
use crate::{Catalog, CatalogError, not_found};
use chartmetric_types::{ChartArtistEntry, ChartCities, ChartEntry, ChartPage};
use engine::{LIFE, Model, Ranked, standing};
use std::collections::HashMap;

/// Artists whose tracks, albums or selves can chart: the most popular.
const HIT_ARTISTS: u64 = 20_000;
/// Tracks per hit artist that can chart.
const HIT_TRACKS: u64 = 3;
/// Albums per hit artist that can chart.
const HIT_ALBUMS: u64 = 2;

/// Which chart, on which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartQuery {
    /// The chart.
    pub kind: ChartKind,
    /// The day; weekly charts use the latest chart day on or before it.
    pub date: Day,
    /// Country (`None`: the global chart, or a chart without countries).
    pub country: Option<Country>,
    /// Genre as sent (`All Genres`, `all-music`, `top-100` and empty are all genres).
    pub genre: Option<String>,
    /// The chart's `type`/`kind` (e.g. `top` on Apple Music, `new_track` on Amazon).
    pub variant: Option<String>,
    /// Shazam city.
    pub city: Option<String>,
}

impl ChartQuery {
    /// A query for the chart of `kind` on `date`, every other choice at its default.
    pub fn new(kind: ChartKind, date: Day) -> Self {
        Self { kind, date, country: None, genre: None, variant: None, city: None }
    }
    /// With a country.
    pub fn country(mut self, c: Country) -> Self {
        self.country = Some(c);
        self
    }
    /// With a genre.
    pub fn genre(mut self, g: impl Into<String>) -> Self {
        self.genre = Some(g.into());
        self
    }
    /// With a type.
    pub fn variant(mut self, v: impl Into<String>) -> Self {
        self.variant = Some(v.into());
        self
    }
    /// With a Shazam city.
    pub fn city(mut self, c: impl Into<String>) -> Self {
        self.city = Some(c.into());
        self
    }

    /// The chart day: `date`, or for weekly charts the chart weekday on or before it.
    pub fn chart_day(&self) -> Day {
        self.kind.weekday().map_or(self.date, |w| self.date.snap_back(w))
    }

    fn genre_key(&self) -> String {
        let g = self.genre.as_deref().unwrap_or("").trim().to_ascii_lowercase();
        if matches!(g.as_str(), "" | "all" | "all genres" | "all-music" | "top-100") { String::new() } else { g }
    }

    fn variant_key(&self) -> String {
        let v = self.variant.as_deref().unwrap_or("").trim().to_ascii_lowercase();
        let default = matches!(
            (self.kind, v.as_str()),
            (_, "")
                | (ChartKind::AppleMusicTracks | ChartKind::AppleMusicAlbums | ChartKind::AppleMusicVideos, "daily")
                | (ChartKind::AmazonTracks, "popular_track")
                | (ChartKind::AmazonAlbums, "popular_album")
                | (ChartKind::Soundcloud, "top")
        );
        if default { String::new() } else { v }
    }
}

impl Catalog {
    fn model(&self, q: &ChartQuery) -> Model {
        let country =
            if q.kind.has_country() { q.country.map(|c| c.to_string()).unwrap_or_default() } else { String::new() };
        let city = q.city.as_deref().unwrap_or("").trim().to_ascii_lowercase();
        let (genre, variant) = (hash_str(&q.genre_key()), hash_str(&q.variant_key()));
        let key = |country: &str, city: &str| {
            hash(self.seed, &[200, q.kind as u64, hash_str(country), genre, variant, hash_str(city)])
        };
        let universe = HIT_ARTISTS * if q.kind.entity() == EntityKind::Album { HIT_ALBUMS } else { HIT_TRACKS };
        let size = if city.is_empty() { q.kind.size() } else { 50 };
        // Every chart shares entrants with the global chart of its kind, genre and type.
        Model::new(key(&country, &city), key("", ""), universe, size, q.kind.weekday().map_or(1, |_| 7))
    }

    /// The entity id a universe member stands for.
    pub(super) fn member_id(&self, entity: EntityKind, member: u64) -> i64 {
        match entity {
            EntityKind::Track => self.track_id(member / HIT_TRACKS, member % HIT_TRACKS),
            EntityKind::Album => self.album_id(member / HIT_ALBUMS, member % HIT_ALBUMS),
            EntityKind::Artist => self.artist_id(member),
        }
    }

    fn check_chart_day(&self, day: Day) -> Result<(), CatalogError> {
        if day < CHARTS_SINCE || day > self.today {
            return Err(CatalogError::BadRange(format!(
                "charts exist from {CHARTS_SINCE} to {}; not on {day}",
                self.today
            )));
        }
        Ok(())
    }

    /// The ranked entrants of a chart day (best first) and, for the rows
    /// `offset..offset + limit`, their history.
    fn ranked(&self, model: &Model, day: i64, offset: usize, limit: usize) -> Vec<(u64, Vec<Ranked>)> {
        let pool = model.pool(day - 2 * LIFE + 2, day);
        let top = model.ranking(&pool, day);
        let wanted: Vec<u64> = top.iter().skip(offset).take(limit).copied().collect();
        let Some(first) = wanted.iter().map(|&x| model.entrant(x).day).min() else { return Vec::new() };
        let mut history: HashMap<u64, Vec<Ranked>> = wanted.iter().map(|&x| (x, Vec::new())).collect();
        for c in model.grid(first.max(day - LIFE + 1), day) {
            let ranking = if c == day { top.clone() } else { model.ranking(&pool, c) };
            for (i, x) in ranking.iter().enumerate() {
                if let Some(h) = history.get_mut(x) {
                    h.push((c, i as i64 + 1));
                }
            }
        }
        wanted.into_iter().map(|x| (x, history.remove(&x).unwrap_or_default())).collect()
    }

    /// A chart: rows `offset..offset + limit` of the chart of `q.chart_day()`.
    ///
    /// Every date from 2016-01-01 to today has a chart, for every country,
    /// genre and type (a weekly chart asked for 2016-01-01..06 is the one
    /// dated on its weekday before, which may fall in 2015). `rank` runs 1..n; `pre_rank` is the rank on the
    /// previous chart day (`null` if absent); `peak_rank ≤ rank`;
    /// `time_on_chart` counts chart days on the chart (days, or weeks for
    /// weekly charts); `rankStats` holds up to the last 30 ranks, oldest
    /// first, the last on the chart day.
    pub fn chart(&self, q: &ChartQuery, offset: usize, limit: usize) -> Result<ChartPage, CatalogError> {
        self.check_chart_day(q.date)?;
        let day = q.chart_day();
        if q.kind.entity() == EntityKind::Artist {
            return Err(CatalogError::Invalid(format!("{} ranks artists: use artist_chart", q.kind)));
        }
        let model = self.model(q);
        let rows = self
            .ranked(&model, day.0, offset, limit)
            .into_iter()
            .filter_map(|(x, h)| self.chart_row(q, &model, x, &standing(&h, model.step)?, false))
            .collect();
        Ok(ChartPage::new(rows))
    }

    /// The YouTube artists chart.
    pub fn artist_chart(
        &self,
        q: &ChartQuery,
        offset: usize,
        limit: usize,
    ) -> Result<ChartPage<ChartArtistEntry>, CatalogError> {
        self.check_chart_day(q.date)?;
        let day = q.chart_day();
        let model = self.model(&ChartQuery { kind: ChartKind::YoutubeArtists, ..q.clone() });
        let rows = self
            .ranked(&model, day.0, offset, limit)
            .into_iter()
            .filter_map(|(x, h)| self.artist_chart_row(q, &model, x, &standing(&h, model.step)?))
            .collect();
        Ok(ChartPage::new(rows))
    }

    /// `/charts/shazam/{country_code}/cities`: city names usable as `city=`.
    pub fn shazam_cities(&self, country: Country) -> ChartCities {
        ChartCities { cities: geo::cities_of(country.as_str()).map(|i| CITIES[i].0.to_string()).collect() }
    }

    /// `/{artist|track|album}/{id}/{type}/charts`: every row the entity (its
    /// tracks or albums, for an artist) had on that chart, globally and in 20
    /// major markets, from `since` to `until`, each with its `timestp`,
    /// oldest first. Only the most popular artists' music charts, so most
    /// entities have none.
    pub fn entity_charts(
        &self,
        kind: EntityKind,
        id: i64,
        chart: ChartType,
        since: Day,
        until: Day,
    ) -> Result<ChartPage, CatalogError> {
        self.check_range(since, until)?;
        let (ck, variant) =
            chart.resolve(kind).ok_or_else(|| CatalogError::Invalid(format!("no {chart} chart for a {kind}")))?;
        let members = self.chart_members(kind, id, ck.entity()).ok_or_else(|| not_found(kind.as_str(), id))?;
        let countries: Vec<Option<Country>> = if ck.has_country() {
            std::iter::once(None).chain(CHART_COUNTRIES.iter().filter_map(|c| c.parse().ok()).map(Some)).collect()
        } else {
            vec![None]
        };
        let mut rows = Vec::new();
        for country in countries {
            let q = ChartQuery {
                kind: ck,
                date: until,
                country,
                genre: None,
                variant: variant.map(str::to_string),
                city: None,
            };
            let model = self.model(&q);
            for &m in &members {
                for x in model.entries_of(m, since.0.max(CHARTS_SINCE.0) - LIFE + 1, until.0) {
                    rows.extend(self.run_rows(&q, &model, x, since.max(CHARTS_SINCE), until));
                }
            }
        }
        rows.sort_by(|a: &ChartEntry, b| (&a.timestp, &a.code2, a.rank).cmp(&(&b.timestp, &b.code2, b.rank)));
        Ok(ChartPage::new(rows))
    }

    /// The rows of one entrant's run on a chart, on chart days in `since..=until`.
    fn run_rows(&self, q: &ChartQuery, model: &Model, x: u64, since: Day, until: Day) -> Vec<ChartEntry> {
        let e = model.entrant(x);
        let mut last = until.0.min(e.day + LIFE - 1);
        if let Some(w) = q.kind.weekday() {
            last = Day(last).snap_back(w).0;
        }
        let pool = model.pool(e.day - LIFE + 1, last);
        let mut history = Vec::new();
        let mut out = Vec::new();
        for c in model.grid(e.day, last) {
            let Some(rank) = model.rank_of(&pool, &e, c) else { continue };
            history.push((c, rank));
            if c >= since.0 {
                let q = ChartQuery { date: Day(c), ..q.clone() };
                if let Some(row) = standing(&history, model.step).and_then(|s| self.chart_row(&q, model, x, &s, true)) {
                    out.push(row);
                }
            }
        }
        out
    }

    /// The universe members (of a chart ranking `ranks`) an entity stands for.
    fn chart_members(&self, kind: EntityKind, id: i64, ranks: EntityKind) -> Option<Vec<u64>> {
        let track = |slot: u64, i: u64| (slot < HIT_ARTISTS && i < HIT_TRACKS).then_some(slot * HIT_TRACKS + i);
        let album = |slot: u64, i: u64| (slot < HIT_ARTISTS && i < HIT_ALBUMS).then_some(slot * HIT_ALBUMS + i);
        Some(match (kind, ranks) {
            (EntityKind::Artist, r) => {
                self.artist_core(id)?;
                let Some(slot) = self.artist_slot(id) else { return Some(Vec::new()) };
                let (tracks, albums) = self.artist_counts(slot);
                match r {
                    EntityKind::Album => (0..albums).filter_map(|i| album(slot, i)).collect(),
                    _ => (0..tracks).filter_map(|i| track(slot, i)).collect(),
                }
            }
            (EntityKind::Track, EntityKind::Album) => {
                let t = self.track_core(id)?;
                album(t.artist_slot, t.album.index).into_iter().collect()
            }
            (EntityKind::Track, _) => {
                let t = self.track_core(id)?;
                track(t.artist_slot, t.index).into_iter().collect()
            }
            (EntityKind::Album, EntityKind::Album) => {
                let a = self.album_core(id)?;
                album(a.artist_slot, a.index).into_iter().collect()
            }
            (EntityKind::Album, _) => {
                let a = self.album_core(id)?;
                self.album_track_range(a.artist_slot, a.index).filter_map(|i| track(a.artist_slot, i)).collect()
            }
        })
    }
}
