//! Where an artist is listened to, who follows it, and where its songs
//! were synced.

use crate::date::{Day, days};
use crate::enums::EntityKind;
use crate::geo::{self, CITIES, CITY_ID_BASE, COUNTRIES};
use crate::mix::hash;
use crate::names::{List, VOCAB};
use crate::stats::smooth;
use crate::{Catalog, CatalogError, not_found};
use chartmetric_types::{AgeGenders, InstagramAudience, ListenPoint, TunefindRow, Weight, WherePeopleListen};

impl Catalog {
    /// Shares of an artist's listeners: (index, weight) of `n` cities or
    /// countries, the artist's own country first, summing to less than 1.
    fn shares(&self, id: i64, what: u64, pool: &[usize], n: usize) -> Vec<(usize, f64)> {
        let d = self.draw(&[100, id as u64, what]);
        let mut picked: Vec<usize> = Vec::new();
        let mut i = 0;
        while picked.len() < n.min(pool.len()) {
            let c = d.pick(i, pool);
            if !picked.contains(&c) {
                picked.push(c);
            }
            i += 1;
        }
        let mut left = 0.8;
        picked
            .into_iter()
            .map(|c| {
                let w = left * d.range(1000 + c as u64, 0.2, 0.45);
                left -= w;
                (c, w)
            })
            .collect()
    }

    /// `/artist/{id}/where-people-listen`: per city and country, a daily
    /// series of monthly listeners (oldest first), shares of the artist's
    /// Spotify monthly listeners.
    pub fn where_people_listen(
        &self,
        id: i64,
        since: Day,
        until: Day,
        limit: usize,
    ) -> Result<WherePeopleListen, CatalogError> {
        self.check_range(since, until)?;
        let core = self.artist_core(id).ok_or_else(|| not_found("artist", id))?;
        let slot = self.artist_stat_slot(id).ok_or_else(|| not_found("artist", id))?;
        let mut city_pool: Vec<usize> = geo::cities_of(&core.code2).collect();
        city_pool.extend(0..CITIES.len());
        let country_pool: Vec<usize> =
            COUNTRIES.iter().position(|c| c.0 == core.code2).into_iter().chain(0..COUNTRIES.len()).collect();
        let series = |share: f64, code2: &str, city_id: Option<i64>, key: u64| {
            days(since, until)
                .map(|d| {
                    let total = self.artist_value(id, slot, 1, d) * share * (1.0 + 0.1 * smooth(key, d));
                    ListenPoint { code2: code2.to_string(), listeners: total.round() as i64, timestp: d.iso(), city_id }
                })
                .collect::<Vec<_>>()
        };
        let mut out = WherePeopleListen::default();
        for (c, w) in self.shares(id, 1, &city_pool, limit.clamp(1, 50)) {
            let (name, code2, ..) = CITIES[c];
            out.cities.insert(
                name.to_string(),
                series(w, code2, Some(CITY_ID_BASE + c as i64), hash(self.seed, &[101, c as u64])),
            );
        }
        for (c, w) in self.shares(id, 2, &country_pool, limit.clamp(1, 50)) {
            let code2 = COUNTRIES[c].0;
            out.countries.insert(code2.to_string(), series(w * 1.2, code2, None, hash(self.seed, &[102, c as u64])));
        }
        Ok(out)
    }

    /// `/artist/{id}/instagram-audience-stats` on `date`.
    pub fn instagram_audience(&self, id: i64, date: Day) -> Result<InstagramAudience, CatalogError> {
        self.check_range(date, date)?;
        let core = self.artist_core(id).ok_or_else(|| not_found("artist", id))?;
        let slot = self.artist_stat_slot(id).ok_or_else(|| not_found("artist", id))?;
        let d = self.draw(&[103, id as u64]);
        let followers = self.artist_value(id, slot, 8, date);
        let female = d.range(0, 0.25, 0.75);
        let weights = |names: &[(&str, &str)], key: u64| -> Vec<Weight> {
            let mut left = 1.0;
            let mut out: Vec<Weight> = names
                .iter()
                .enumerate()
                .map(|(i, (code, name))| {
                    let w = if i + 1 == names.len() { left } else { left * d.range(key + i as u64, 0.2, 0.6) };
                    left -= w;
                    Weight { code: (*code).into(), name: (*name).into(), weight: (w * 10_000.0).round() / 10_000.0 }
                })
                .collect();
            out.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            out
        };
        let countries: Vec<(&str, &str)> = self
            .shares(id, 2, &(0..COUNTRIES.len()).collect::<Vec<_>>(), 5)
            .iter()
            .map(|(c, _)| (COUNTRIES[*c].0, COUNTRIES[*c].1))
            .collect();
        let cities: Vec<(&str, &str)> = self
            .shares(id, 1, &geo::cities_of(&core.code2).chain(0..CITIES.len()).collect::<Vec<_>>(), 5)
            .iter()
            .map(|(c, _)| (CITIES[*c].1, CITIES[*c].0))
            .collect();
        let ages = ["13-17", "18-24", "25-34", "35-44", "45-64", "65-"];
        let age_weights = weights(&ages.map(|a| (a, a)), 40);
        let likes = followers * d.range(1, 0.01, 0.06);
        Ok(InstagramAudience {
            followers: followers as i64,
            timestp: date.iso(),
            audience_genders: vec![
                Weight { code: "female".into(), name: "Female".into(), weight: (female * 10_000.0).round() / 10_000.0 },
                Weight {
                    code: "male".into(),
                    name: "Male".into(),
                    weight: ((1.0 - female) * 10_000.0).round() / 10_000.0,
                },
            ],
            audience_genders_per_age: age_weights
                .iter()
                .map(|a| AgeGenders {
                    code: a.code.clone(),
                    male: ((1.0 - female) * a.weight * 10_000.0).round() / 10_000.0,
                    female: (female * a.weight * 10_000.0).round() / 10_000.0,
                })
                .collect(),
            audience_ethnicities: weights(
                &[
                    ("white", "White"),
                    ("hispanic", "Hispanic"),
                    ("african_american", "African American"),
                    ("asian", "Asian"),
                ],
                50,
            ),
            top_countries: weights(&countries, 60),
            top_cities: weights(&cities, 70),
            audience_brand_affinities: weights(
                &[("nike", "Nike"), ("apple", "Apple"), ("netflix", "Netflix"), ("adidas", "Adidas")],
                80,
            ),
            audience_interests: weights(
                &[
                    ("music", "Music"),
                    ("fashion", "Clothes, Shoes, Handbags & Accessories"),
                    ("travel", "Travel, Tourism & Aviation"),
                    ("friends", "Friends, Family & Relationships"),
                ],
                90,
            ),
            avg_likes_per_post: likes.round(),
            avg_commments_per_post: (likes * d.range(2, 0.005, 0.03)).round(),
            engagement_rate: ((likes / followers.max(1.0)) * 1_000_000.0).round() / 1_000_000.0,
        })
    }

    /// `/{artist|album|track}/{id}/tunefind`: TV and film syncs of the
    /// entity's tracks (none for most).
    pub fn tunefind(&self, kind: EntityKind, id: i64) -> Option<Vec<TunefindRow>> {
        let tracks: Vec<i64> = match kind {
            EntityKind::Track => vec![self.track_core(id)?.id],
            EntityKind::Album => self.album_tracks(id)?.into_iter().map(|t| t.id).collect(),
            EntityKind::Artist => self.artist_tracks(id, 0, usize::MAX)?.into_iter().map(|t| t.id).collect(),
        };
        let mut rows = Vec::new();
        for t in tracks {
            let d = self.draw(&[104, t as u64]);
            let Some(core) = self.track_core(t) else { continue };
            for i in 0..d.below(0, 4).saturating_sub(1) {
                let show = format!("The {}", VOCAB.word(List::TitleNoun, d.at(10 + i)));
                let series = d.unit(20 + i) < 0.7;
                let aired = core.album.release.plus(30 + d.below(30 + i, 1500) as i64).min(self.today);
                rows.push(TunefindRow {
                    name: core.name.clone(),
                    media: show,
                    episode: series.then(|| format!("S{}E{}", 1 + d.below(40 + i, 6), 1 + d.below(50 + i, 12))),
                    date: aired.ymd_string(),
                });
            }
        }
        Some(rows)
    }
}
