//! Artists: the artist object and what hangs off it.

use crate::date::Day;
use crate::geo::{self, CITIES, CITY_ID_BASE, COUNTRIES, GENRES};
use crate::layout::{ALBUM_TIERS, TRACK_TIERS};
use crate::names::{ARTIST, List, VOCAB};
use crate::stats::SPECS;
use crate::{Catalog, vocab};
use chartmetric_types::{Artist, ArtistTag, CareerStatus, CmStatistics, Genre, Genres};
use serde_json::{Map, Value, json};

/// What rows about an artist need, cheaper than the whole object.
#[derive(Debug, Clone)]
pub(crate) struct ArtistCore {
    /// Popularity rank; `None` for an override outside the id range.
    pub(crate) slot: Option<u64>,
    pub(crate) name: String,
    pub(crate) band: bool,
    pub(crate) code2: String,
    pub(crate) genre: usize,
    pub(crate) image_url: Option<String>,
    pub(crate) cover_url: Option<String>,
}

pub(crate) fn image(kind: &str, id: i64) -> String {
    format!("https://example.invalid/img/{kind}/{id}.jpg")
}

impl Catalog {
    /// The combo (name) of a generated artist.
    pub(crate) fn artist_combo(&self, id: i64) -> u64 {
        self.keys.artist_name.forward(id as u64 - 1) % ARTIST.total()
    }

    pub(crate) fn artist_core(&self, id: i64) -> Option<ArtistCore> {
        if let Some(a) = self.overrides.artists.get(&id) {
            let genre = a.genres.as_ref().and_then(|g| g.primary.as_ref()).map(|p| p.name.to_ascii_lowercase());
            return Some(ArtistCore {
                slot: self.artist_slot(id),
                name: a.name.clone(),
                band: a.band.unwrap_or(false),
                code2: a.code2.clone().unwrap_or_else(|| "us".into()),
                genre: genre.and_then(|g| GENRES.iter().position(|x| x.1 == g)).unwrap_or(1),
                image_url: a.image_url.clone(),
                cover_url: a.cover_url.clone(),
            });
        }
        let slot = self.artist_slot(id)?;
        let (name, band) = ARTIST.name(self.artist_combo(id));
        let d = self.draw(&[40, id as u64]);
        Some(ArtistCore {
            slot: Some(slot),
            name,
            band,
            code2: COUNTRIES[geo::country_by_weight(d.unit(0))].0.to_string(),
            genre: geo::genre_by_weight(d.unit(1)),
            image_url: Some(image("artist", id)),
            cover_url: Some(image("artist-cover", id)),
        })
    }

    /// `GET /artist/{id}`: an override exactly as given, or the generated artist.
    pub fn artist(&self, id: i64) -> Option<Artist> {
        if let Some(a) = self.overrides.artists.get(&id) {
            return Some(a.clone());
        }
        let core = self.artist_core(id)?;
        let slot = core.slot?;
        let d = self.draw(&[41, id as u64]);
        let cities: Vec<usize> = geo::cities_of(&core.code2).collect();
        let city =
            |i: u64| if cities.is_empty() { d.below(i, CITIES.len() as u64) as usize } else { d.pick(i, &cities) };
        let (home, current) = (city(0), if d.unit(1) < 0.7 { city(0) } else { city(2) });
        let gender = self.artist_gender(id, core.band);
        let genre = GENRES[core.genre].1;
        let kind = if core.band { "band" } else { "artist" };
        Some(Artist {
            id,
            name: core.name.clone(),
            created_at: Some(timestamp(Day(735_234 + d.below(3, 3650) as i64), d.at(4))),
            code2: Some(core.code2.clone()),
            band: Some(core.band),
            gender: gender.map(str::to_string),
            pronoun_title: Some(
                match gender {
                    Some("female") => "she/her",
                    Some("male") => "he/him",
                    _ => "they/them",
                }
                .into(),
            ),
            isni: (!core.band && d.unit(5) < 0.7).then(|| format!("{:016}", d.at(6) % 10_000_000_000_000_000)),
            image_url: core.image_url.clone(),
            cover_url: core.cover_url.clone(),
            hometown_city: Some(CITIES[home].0.to_string()),
            current_city: Some(CITIES[current].0.to_string()),
            current_city_id: Some(CITY_ID_BASE + current as i64),
            band_members: core.band.then(|| (0..3 + d.below(7, 3)).map(|i| self.person_name(d.at(8 + i))).collect()),
            record_label: Some(self.label_name(d.at(12))),
            description: Some(format!(
                "{} is a {genre} {kind} from {}, {}.",
                core.name,
                CITIES[home].0,
                geo::country_name(&core.code2)
            )),
            cm_artist_rank: Some(self.cm_rank(id, slot, self.today)),
            cm_artist_score: Some(self.cm_score_of(id, slot, self.today)),
            tags: self.artist_tags(id),
            genres: Some(self.artist_genres(id, core.genre)),
            career_status: Some(self.career_status(id, slot)),
            cm_statistics: Some(self.cm_statistics(id, slot, &core)),
            extra: Map::new(),
        })
    }

    fn artist_gender(&self, id: i64, band: bool) -> Option<&'static str> {
        if band {
            return None;
        }
        let (ti, digits) = ARTIST.decode(self.artist_combo(id));
        let given = ARTIST.templates[ti].parts.iter().filter(|p| matches!(p, crate::names::Part::Slot(_))).zip(&digits);
        let index =
            given.into_iter().find(|(p, _)| matches!(p, crate::names::Part::Slot(List::Given))).map(|x| *x.1)?;
        Some(if index < vocab::GIVEN_FEMALE {
            "female"
        } else if index < vocab::GIVEN_FEMALE + vocab::GIVEN_MALE {
            "male"
        } else {
            "non-binary"
        })
    }

    /// A person's name from a hash (band members, songwriters).
    pub(crate) fn person_name(&self, h: u64) -> String {
        format!("{} {}", VOCAB.word(List::Given, h), VOCAB.word(List::Surname, h >> 20))
    }

    /// A label name from a hash.
    pub(crate) fn label_name(&self, h: u64) -> String {
        format!("{} {}", VOCAB.word(List::LabelWord, h), VOCAB.word(List::LabelSuffix, h >> 24))
    }

    fn artist_tags(&self, id: i64) -> Vec<ArtistTag> {
        let d = self.draw(&[42, id as u64]);
        let tags = VOCAB.list(List::Tag);
        let mut picked: Vec<usize> =
            (0..1 + d.below(0, 3)).map(|i| d.below(1 + i, tags.len() as u64) as usize).collect();
        picked.dedup();
        picked
            .into_iter()
            .enumerate()
            .map(|(i, t)| ArtistTag {
                name: tags[t].clone(),
                id: t as i64 + 1,
                count: Some(1 + d.below(10 + i as u64, 25) as i64),
            })
            .collect()
    }

    pub(crate) fn artist_genres(&self, id: i64, genre: usize) -> Genres {
        let d = self.draw(&[43, id as u64]);
        let g = |i: usize, score: f64| Genre { id: GENRES[i].0, name: GENRES[i].1.to_string(), score: Some(score) };
        let second = geo::genre_by_weight(d.unit(0));
        let round = |x: f64| (x * 100.0).round() / 100.0;
        Genres {
            primary: Some(g(genre, round(d.range(1, 0.6, 0.98)))),
            secondary: if second != genre { vec![g(second, round(d.range(2, 0.2, 0.6)))] } else { vec![] },
            sub: geo::sub_genres(genre)
                .iter()
                .take(d.below(3, 3) as usize)
                .enumerate()
                .map(|(i, s)| Genre {
                    id: s.0,
                    name: s.1.to_string(),
                    score: Some(round(d.range(4 + i as u64, 0.3, 0.8))),
                })
                .collect(),
        }
    }

    pub(crate) fn career_status(&self, id: i64, slot: u64) -> CareerStatus {
        let stage = match slot {
            0..1_000 => "superstar",
            1_000..20_000 => "mainstream",
            20_000..200_000 => "mid-level",
            200_000..2_000_000 => "developing",
            _ => "undiscovered",
        };
        let growth = self.artist_curve(id, slot, 0).rate;
        let trend = if growth > 0.3 {
            "explosive growth"
        } else if growth > 0.12 {
            "growth"
        } else {
            "steady"
        };
        let score = (crate::stats::artist_popularity(slot) * 10.0).round() / 10.0;
        CareerStatus {
            stage: Some(stage.into()),
            stage_score: Some(score),
            trend: Some(trend.into()),
            trend_score: Some((growth * 1000.0).round() / 10.0),
        }
    }

    /// Today's counters: the last point of every stat series, and ranks.
    fn cm_statistics(&self, id: i64, slot: u64, core: &ArtistCore) -> CmStatistics {
        let mut all = Map::new();
        for (i, s) in SPECS.iter().enumerate() {
            if let Some(key) = s.cm_key {
                all.insert(key.into(), json!(self.artist_value(id, slot, i, self.today) as i64));
                let noise = self.draw(&[44, id as u64, i as u64]).normal(0);
                all.insert(
                    format!("{key}_rank"),
                    json!(((slot + 1) as f64 * (0.25 * noise).exp()).round().max(1.0) as i64),
                );
            }
        }
        let followers = all.get("sp_followers").and_then(Value::as_i64).unwrap_or(0);
        all.insert("num_sp_playlists".into(), json!(followers / 170 + 1));
        all.insert("num_sp_playlists_rank".into(), json!(slot + 1));
        all.insert("timestamp".into(), json!(self.today.iso()));
        all.insert("countryRank".into(), json!([{"code2": core.code2, "rank": slot / 40 + 1}]));
        all.insert("genreRank".into(), json!([{"name": GENRES[core.genre].1, "rank": slot / 20 + 1}]));
        serde_json::from_value(Value::Object(all)).unwrap_or_default()
    }

    /// Number of tracks and albums of an artist.
    pub(crate) fn artist_counts(&self, slot: u64) -> (u64, u64) {
        (TRACK_TIERS.count(slot), ALBUM_TIERS.count(slot))
    }
}

/// An ISO timestamp on a day, at a time of day drawn from `h`.
pub(crate) fn timestamp(day: Day, h: u64) -> String {
    let secs = h % 86_400;
    format!("{}T{:02}:{:02}:{:02}.000Z", day.ymd_string(), secs / 3600, secs / 60 % 60, secs % 60)
}
