//! `/search`: names matched by running the name map backwards.

use crate::enums::{EntityKind, Platform, SearchType};
use crate::geo::{CITIES, CITY_ID_BASE};
use crate::layout::{ALBUMS, ARTISTS, CURATORS, PLAYLISTS, STATIONS, TRACKS, pi};
use crate::names::{ALBUM, ARTIST, CURATOR, List, PLAYLIST, STATION, Scheme, VOCAB};
use crate::perm::Affine;
use crate::search_gen::{Matched, WordHits, ids_of, matching_combos};
use crate::words::{Class, Query, classify, normalize};
use crate::{Catalog, CatalogError, page};
use chartmetric_types::{ArtistHit, CityHit, Count, SearchResults, StationHit, TrackHit};
use std::cell::OnceCell;
use std::collections::BTreeMap;

/// The vocabulary words a query matches, and (computed when first needed)
/// the nearest ones, for schemes the query matches nothing in.
struct Words {
    near: WordHits,
    nearest: OnceCell<WordHits>,
}

/// A candidate: its rank key and id.
type Ranked = ((Class, u32, bool, u64, i64), i64);

fn wants(kind: SearchType, t: SearchType) -> bool {
    kind == SearchType::All || kind == t
}

/// Spotify shows follower counts as display strings.
fn display_count(n: i64) -> String {
    match n {
        1_000_000.. => format!("{:.1}M", n as f64 / 1e6),
        1_000.. => format!("{:.1}K", n as f64 / 1e3),
        _ => n.to_string(),
    }
}

impl Catalog {
    /// `/search`: the best matches per result type. Ranking, per type:
    ///
    /// 1. **class**: exact (the whole name equals the query, case and
    ///    punctuation aside) > prefix (the name starts with it) > token (the
    ///    name contains it, or every query word) > fuzzy (every query word
    ///    within two edits of a name word; when no vocabulary word is that
    ///    close, the nearest words are used, so a real-looking query never
    ///    finds nothing);
    /// 2. within fuzzy, the smaller summed edit distance;
    /// 3. imported records (overrides) before generated ones;
    /// 4. the more popular first (artist popularity rank; a track's or album's
    ///    artist's; a playlist's or curator's followers rank);
    /// 5. the smaller id.
    ///
    /// `limit` and `offset` apply per list (per platform for playlists and
    /// curators).
    ///
    /// An empty query is [`CatalogError::Invalid`].
    pub fn search(
        &self,
        q: &str,
        kind: SearchType,
        limit: usize,
        offset: usize,
    ) -> Result<SearchResults, CatalogError> {
        let query = Query::new(q).ok_or_else(|| CatalogError::Invalid("q must not be empty".into()))?;
        let words = Words { near: WordHits::new(&query), nearest: OnceCell::new() };
        let need = offset + limit;
        let mut out = SearchResults::default();
        if wants(kind, SearchType::Artists) {
            let ids = self.single(&ARTIST, &query, &words, &self.keys.artist_name, ARTISTS, need, |id| {
                self.artist_slot(id).unwrap_or(u64::MAX)
            });
            let ids = self.merge_overrides(ids, &query, EntityKind::Artist);
            out.artists = Some(page(ids, offset, limit).into_iter().filter_map(|id| self.artist_hit(id)).collect());
        }
        if wants(kind, SearchType::Tracks) {
            let ids = self.single(&crate::names::TRACK, &query, &words, &self.keys.track_name, TRACKS, need, |id| {
                self.track_slot(id).map_or(u64::MAX, |(a, i)| a * 10 + i)
            });
            let ids = self.merge_overrides(ids, &query, EntityKind::Track);
            out.tracks = Some(page(ids, offset, limit).into_iter().filter_map(|id| self.track_hit(id)).collect());
        }
        if wants(kind, SearchType::Albums) {
            let ids = self.single(&ALBUM, &query, &words, &self.keys.album_name, ALBUMS, need, |id| {
                self.album_slot(id).map_or(u64::MAX, |(a, i)| a * 10 + i)
            });
            let ids = self.merge_overrides(ids, &query, EntityKind::Album);
            out.albums = Some(
                page(ids, offset, limit)
                    .into_iter()
                    .filter_map(|id| self.album_core(id).map(|a| self.album_row(&a)))
                    .collect(),
            );
        }
        if wants(kind, SearchType::Playlists) {
            let names = &self.keys.playlist_name;
            let hit = |p, id| self.playlist_hit(p, id);
            let pages = (need, offset, limit);
            out.playlists =
                Some(self.per_platform(&PLAYLIST, &query, &words, names, PLAYLISTS, pages, Self::playlist_slot, hit));
        }
        if wants(kind, SearchType::Curators) {
            let names = &self.keys.curator_name;
            // The platforms' own (editorial) accounts are not named by the scheme.
            let hit = |p, id| self.curator_slot(p, id).filter(|&c| c >= 50).map(|c| self.curator_at(p, c, false));
            let pages = (need, offset, limit);
            out.curators =
                Some(self.per_platform(&CURATOR, &query, &words, names, CURATORS, pages, Self::curator_slot, hit));
        }
        if wants(kind, SearchType::Stations) {
            let ids = self.single(&STATION, &query, &words, &self.keys.station_name, STATIONS, need, |id| id as u64);
            out.stations = Some(page(ids, offset, limit).into_iter().map(|(_, id)| self.station_hit(id)).collect());
        }
        if wants(kind, SearchType::Cities) {
            out.cities = Some(page(self.city_hits(&query), offset, limit));
        }
        Ok(out)
    }

    /// The combos of a scheme the query matches, falling back to the
    /// nearest words when it matches none.
    fn combos(&self, scheme: &Scheme, q: &Query, words: &Words) -> Vec<Matched> {
        let combos = matching_combos(scheme, q, &words.near);
        if !combos.is_empty() {
            return combos;
        }
        matching_combos(scheme, q, words.nearest.get_or_init(|| WordHits::nearest(q)))
    }

    /// Generated ids of those combos, best first (enough for `need`).
    fn ranked_ids(
        combos: &[Matched],
        scheme: &Scheme,
        affine: &Affine,
        n: u64,
        need: usize,
        popularity: impl Fn(i64) -> u64,
    ) -> Vec<Ranked> {
        let mut ids: Vec<Ranked> = ids_of(combos, scheme.total(), affine, n, need)
            .into_iter()
            .map(|(m, id)| ((m.class, m.dist, true, popularity(id as i64), id as i64), id as i64))
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The generated ids of a single-range type matching the query.
    #[allow(clippy::too_many_arguments)]
    fn single(
        &self,
        scheme: &Scheme,
        q: &Query,
        words: &Words,
        affine: &Affine,
        n: u64,
        need: usize,
        popularity: impl Fn(i64) -> u64,
    ) -> Vec<Ranked> {
        Self::ranked_ids(&self.combos(scheme, q, words), scheme, affine, n, need, popularity)
    }

    /// Merges overrides matching the query into generated candidates, and
    /// drops generated candidates an override replaces.
    fn merge_overrides(&self, mut ids: Vec<Ranked>, q: &Query, kind: EntityKind) -> Vec<i64> {
        let names: Vec<(i64, &str)> = match kind {
            EntityKind::Artist => self.overrides.artists.values().map(|a| (a.id, a.name.as_str())).collect(),
            EntityKind::Track => self.overrides.tracks.values().map(|a| (a.id, a.name.as_str())).collect(),
            EntityKind::Album => self.overrides.albums.values().map(|a| (a.id, a.name.as_str())).collect(),
        };
        ids.retain(|(_, id)| !names.iter().any(|(o, _)| o == id));
        for (id, name) in names {
            let (class, dist) = classify(&normalize(name), q);
            if class != Class::Fuzzy || dist as usize <= 2 * q.tokens.len() {
                ids.push(((class, dist, false, 0, id), id));
            }
        }
        ids.sort_unstable();
        ids.into_iter().map(|r| r.1).collect()
    }

    /// The hits of one generated type on every platform, keyed by platform.
    #[allow(clippy::too_many_arguments)]
    fn per_platform<T>(
        &self,
        scheme: &Scheme,
        q: &Query,
        words: &Words,
        names: &[Affine; 6],
        n: u64,
        (need, offset, limit): (usize, usize, usize),
        slot: fn(&Self, Platform, i64) -> Option<u64>,
        hit: impl Fn(Platform, i64) -> Option<T>,
    ) -> BTreeMap<String, Vec<T>> {
        let combos = self.combos(scheme, q, words);
        Platform::ALL
            .iter()
            .map(|&p| {
                let ids = Self::ranked_ids(&combos, scheme, &names[pi(p)], n, need, |id| {
                    slot(self, p, id).unwrap_or(u64::MAX)
                });
                (p.to_string(), page(ids, offset, limit).into_iter().filter_map(|(_, id)| hit(p, id)).collect())
            })
            .collect()
    }

    fn artist_hit(&self, id: i64) -> Option<ArtistHit> {
        let a = self.artist(id)?;
        let stats = a.cm_statistics.as_ref();
        Some(ArtistHit {
            id,
            name: a.name,
            image_url: a.image_url,
            isni: a.isni,
            cm_artist_score: a.cm_artist_score,
            sp_followers: stats.and_then(|s| s.sp_followers),
            sp_monthly_listeners: stats.and_then(|s| s.sp_monthly_listeners),
        })
    }

    fn track_hit(&self, id: i64) -> Option<TrackHit> {
        let t = self.track(id)?;
        Some(TrackHit {
            id,
            name: t.name,
            isrc: t.isrc,
            image_url: t.image_url,
            artist_names: t.artists.into_iter().map(|a| a.name).collect(),
        })
    }

    fn playlist_hit(&self, p: Platform, id: i64) -> Option<chartmetric_types::PlaylistHit> {
        let pl = self.playlist(p, id)?;
        let followers = pl.followers.unwrap_or(0);
        Some(chartmetric_types::PlaylistHit {
            id,
            name: pl.name,
            image_url: pl.image_url,
            followers: Some(if p == Platform::Spotify {
                Count::Text(display_count(followers))
            } else {
                Count::Number(followers)
            }),
            num_track: pl.num_track,
            owner_name: pl.owner_name,
            owner_id: pl.owner_id,
        })
    }

    pub(crate) fn station_name(&self, id: i64) -> (String, Vec<usize>, usize) {
        let combo = self.keys.station_name.forward(id as u64 - 1) % STATION.total();
        let (ti, digits) = STATION.decode(combo);
        (STATION.render(ti, &digits), digits, ti)
    }

    fn station_hit(&self, id: i64) -> StationHit {
        let (name, digits, ti) = self.station_name(id);
        let slots = STATION.templates[ti].parts.iter().filter(|p| matches!(p, crate::names::Part::Slot(_)));
        let city = slots
            .zip(&digits)
            .find(|(p, _)| matches!(p, crate::names::Part::Slot(List::City)))
            .map_or_else(|| self.draw(&[110, id as u64]).below(0, CITIES.len() as u64) as usize, |(_, d)| *d);
        let d = self.draw(&[111, id as u64]);
        StationHit {
            id,
            name,
            code2: Some(CITIES[city].1.to_string()),
            city: Some(CITIES[city].0.to_string()),
            format: Some(VOCAB.word(List::StationFormat, d.at(0)).to_string()),
        }
    }

    fn city_hits(&self, q: &Query) -> Vec<CityHit> {
        let mut hits: Vec<((Class, u32, u32, usize), usize)> = CITIES
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (class, dist) = classify(&normalize(c.0), q);
                ((class, dist, u32::MAX - c.2, i), i)
            })
            .collect();
        hits.sort_unstable();
        let best = hits.first().map(|h| (h.0.0, h.0.1));
        hits.into_iter()
            .filter(|h| h.0.0 != Class::Fuzzy || Some((h.0.0, h.0.1)) == best || h.0.1 as usize <= 2 * q.tokens.len())
            .map(|(_, i)| {
                let (name, code2, pop, lat, lng) = CITIES[i];
                CityHit {
                    id: CITY_ID_BASE + i as i64,
                    name: name.to_string(),
                    code2: Some(code2.to_string()),
                    population: Some(i64::from(pop) * 1000),
                    lat: Some(f64::from(lat)),
                    lng: Some(f64::from(lng)),
                }
            })
            .collect()
    }
}
