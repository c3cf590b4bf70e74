//! Chart rows: a ranked entrant as a `ChartEntry`, with its platform's extras.

use super::ChartQuery;
use super::engine::{Model, Standing};
use super::kinds::{ChartKind, Flavour};
use crate::Catalog;
use crate::artist::image;
use crate::date::Day;
use crate::enums::{EntityKind, IdType, StatsPlatform};
use crate::geo::{self, GENRES};
use crate::idcodec;
use crate::mix::hash;
use crate::stats::smooth;
use crate::track::TrackCore;
use chartmetric_types::{ChartArtistEntry, ChartEntry, PlatformExtras, RankStat, RawData};

/// `rankStats` keeps at most this many ranks.
const RANK_STATS: usize = 30;

impl Catalog {
    fn rank_stats(&self, q: &ChartQuery, s: &Standing, plays: bool) -> Vec<RankStat> {
        let skip = s.history.len().saturating_sub(RANK_STATS);
        s.history[skip..]
            .iter()
            .map(|&(d, r)| RankStat { rank: r, plays: plays.then(|| self.plays(q, r, Day(d))), timestp: Day(d).iso() })
            .collect()
    }

    /// Plays of a rank on a day: falls with rank, scales with the country.
    fn plays(&self, q: &ChartQuery, rank: i64, day: Day) -> i64 {
        let scale = match q.country {
            None => 6.0e6,
            Some(c) => geo::COUNTRIES.iter().find(|x| x.0 == c.as_str()).map_or(2.0e4, |x| f64::from(x.2) * 1.5e4),
        };
        let wobble = 1.0 + 0.05 * smooth(hash(self.seed, &[210, rank as u64]), day);
        (scale * (rank as f64).powf(-0.55) * wobble).round() as i64
    }

    /// The row of entrant `x` with standing `s` on `q`'s chart day.
    pub(super) fn chart_row(
        &self,
        q: &ChartQuery,
        model: &Model,
        x: u64,
        s: &Standing,
        dated: bool,
    ) -> Option<ChartEntry> {
        let member = model.member(x);
        let entity = q.kind.entity();
        let id = self.member_id(entity, member);
        let (t, row_id, name) = match entity {
            EntityKind::Album => {
                let a = self.album_core(id)?;
                let first = self.album_track_range(a.artist_slot, a.index).start;
                let t = self.track_core(self.track_id(a.artist_slot, first))?;
                (t, id, a.name.clone())
            }
            _ => {
                let t = self.track_core(id)?;
                let name = t.name.clone();
                (t, id, name)
            }
        };
        let artist = self.artist_core(t.artist_id)?;
        let genre = GENRES[artist.genre].1.to_string();
        let day = q.chart_day();
        let mut e = ChartEntry {
            rank: s.rank,
            pre_rank: s.pre_rank,
            peak_rank: s.peak_rank,
            peak_date: Day(s.peak_day).iso(),
            added_at: Day(s.first_day).iso(),
            time_on_chart: s.time_on_chart,
            velocity: s.pre_rank.map_or(0.0, |p| (p - s.rank) as f64),
            code2: q.country.filter(|_| q.kind.has_country()).map(|c| c.to_string()),
            rank_stats: self.rank_stats(
                q,
                s,
                matches!(q.kind, ChartKind::SpotifyRegionalDaily | ChartKind::SpotifyRegionalWeekly),
            ),
            timestp: dated.then(|| day.iso()),
            name,
            isrc: Some(self.isrc(&t)),
            image_url: Some(image("album", t.album.id)),
            id: row_id,
            cm_track: t.id,
            cm_artist: vec![t.artist_id],
            artist_names: vec![t.artist_name.clone()],
            artist_images: artist.image_url.clone().into_iter().collect(),
            artist_covers: artist.cover_url.clone().into_iter().collect(),
            code2s: vec![artist.code2.clone()],
            album_ids: vec![t.album.id],
            album_names: vec![t.album.name.clone()],
            album_upc: vec![self.upc(&t.album)],
            album_label: vec![t.album.label.clone()],
            release_dates: vec![t.album.release.ymd_string()],
            track_genre: Some(genre.clone()),
            platform: PlatformExtras::default(),
        };
        e.platform = self.extras(q, &t, s, genre, day);
        Some(e)
    }

    fn extras(&self, q: &ChartQuery, t: &TrackCore, s: &Standing, genre: String, day: Day) -> PlatformExtras {
        let (tk, ak, rk) = (EntityKind::Track, EntityKind::Album, EntityKind::Artist);
        let num = |k, id| self.numeric_id(k, IdType::Itunes, idcodec::ITUNES, id);
        let country = q.country.map_or_else(|| "us".to_string(), |c| c.to_string());
        match q.kind.flavour() {
            Flavour::Spotify => {
                let sp = |k, id| self.hashed_id(k, IdType::Spotify, idcodec::SPOTIFY, id);
                let viral = matches!(q.kind, ChartKind::SpotifyViralDaily | ChartKind::SpotifyViralWeekly);
                let popularity =
                    Some(self.entity_curve(tk, t.id, t.artist_slot, StatsPlatform::Spotify).at(day) as i64);
                PlatformExtras {
                    spotify_track_id: Some(sp(tk, t.id)),
                    spotify_album_id: Some(sp(ak, t.album.id)),
                    spotify_popularity: popularity,
                    spotify_artist_names: Some(vec![t.artist_name.clone()]),
                    spotify_artist_ids: Some(vec![sp(rk, t.artist_id)]),
                    spotify_track_ids: Some(vec![sp(tk, t.id)]),
                    spotify_album_ids: Some(vec![sp(ak, t.album.id)]),
                    spotify_duration_ms: Some(self.track_duration(t.id)),
                    chart_type: Some(if viral { "viral" } else { "regional" }.into()),
                    chart_name: Some(if viral { "Viral 50" } else { "Top 200" }.into()),
                    current_plays: (!viral).then(|| self.plays(q, s.rank, day)),
                    ..PlatformExtras::default()
                }
            }
            Flavour::Apple => PlatformExtras {
                itunes_album_id: Some(num(ak, t.album.id) as i64),
                itunes: Some(num(tk, t.id) as i64),
                composer_name: Some(self.person_name(hash(self.seed, &[211, t.id as u64]))),
                itunes_album_ids: Some(vec![num(ak, t.album.id).to_string()]),
                itunes_artist_ids: Some(vec![num(rk, t.artist_id) as i64]),
                itunes_artist_names: Some(vec![t.artist_name.clone()]),
                itunes_track_ids: Some(vec![num(tk, t.id).to_string()]),
                storefronts: Some(vec![country.clone()]),
                country: Some(country),
                genre: Some(q.genre.clone().filter(|g| !g.trim().is_empty()).unwrap_or(genre)),
                ..PlatformExtras::default()
            },
            Flavour::Shazam => PlatformExtras {
                itunes_album_id: Some(num(ak, t.album.id) as i64),
                city: q.city.clone(),
                itunes_id: Some(num(tk, t.id) as i64),
                num_of_shazams: Some(self.plays(q, s.rank, day) / 40 + 1),
                shazam_track_id: Some(self.numeric_id(tk, IdType::Shazam, idcodec::SHAZAM, t.id) as i64),
                ..PlatformExtras::default()
            },
            Flavour::Youtube => {
                let video = self.hashed_id(tk, IdType::Youtube, idcodec::YOUTUBE_VIDEO, t.id);
                let channel = self.hashed_id(rk, IdType::Youtube, idcodec::YOUTUBE_CHANNEL, t.artist_id);
                let views = self.plays(q, s.rank, day) * 3;
                let change = s.pre_rank.map_or(0.0, |p| ((p - s.rank) as f64 * 1.7).clamp(-90.0, 300.0));
                PlatformExtras {
                    youtube_track_id: Some(video.clone()),
                    position: Some(s.rank),
                    view_count: Some(views),
                    artist_name: Some(t.artist_name.clone()),
                    youtube_artist: Some(channel.clone()),
                    youtube_artist_ids: Some(vec![channel]),
                    youtube_artist_names: Some(vec![t.artist_name.clone()]),
                    youtube_track_ids: Some(vec![video]),
                    raw_data: Some(RawData { percent_views_change: change }),
                    ..PlatformExtras::default()
                }
            }
            Flavour::Plain => PlatformExtras::default(),
        }
    }

    /// A row of the YouTube artists chart.
    pub(super) fn artist_chart_row(
        &self,
        q: &ChartQuery,
        model: &Model,
        x: u64,
        s: &Standing,
    ) -> Option<ChartArtistEntry> {
        let id = self.member_id(EntityKind::Artist, model.member(x));
        let a = self.artist_core(id)?;
        Some(ChartArtistEntry {
            rank: s.rank,
            pre_rank: s.pre_rank,
            peak_rank: s.peak_rank,
            peak_date: Day(s.peak_day).iso(),
            time_on_chart: s.time_on_chart,
            id,
            cm_artist: id,
            name: a.name,
            image_url: a.image_url,
            code2: q.country.map(|c| c.to_string()),
            view_count: self.plays(q, s.rank, q.chart_day()) * 5,
            youtube_artist: Some(self.hashed_id(EntityKind::Artist, IdType::Youtube, idcodec::YOUTUBE_CHANNEL, id)),
            rank_stats: self.rank_stats(q, s, false),
        })
    }
}
