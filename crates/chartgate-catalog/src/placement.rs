//! Which track sits where on which playlist, on any day, both ways.
//!
//! Position `i` of playlist slot `ps` changes hands every `L` weeks (`L`
//! and the phase drawn per playlist and position). The holder of the tenure
//! that starts in week `w0` is track `τ(s mod TRACKS) + 1`, with
//! `s = (w0·PLAYLISTS + ps)·256 + i` and `τ` a keyed permutation. Going
//! back from a track, `s ≡ τ⁻¹(id - 1) (mod TRACKS)` lists every tenure the
//! track could hold; those whose position exists and whose week starts a
//! tenure are its placements. So a playlist's tracks and a track's
//! placements always agree.

use crate::date::{CHARTS_SINCE, Day};
use crate::enums::{EntityKind, Platform, Status, UnknownValue, wire_enum};
use crate::layout::{PLAYLIST_TIERS, PLAYLISTS, TRACKS, pi};
use crate::mix::hash;
use crate::perm::Feistel;
use crate::{Catalog, CatalogError, not_found, page};
use chartmetric_types::{Placement, PlacementPlaylist, PlacementTrack, TrackRow};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Which placements a placements route keeps, and in what order.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlacementQuery {
    /// The kinds of playlist to keep.
    pub kinds: PlaylistKinds,
    /// The column to sort by; `None`: the playlist's followers.
    pub sort: Option<PlacementSort>,
    /// Smallest first (default: largest, newest, last in the alphabet first).
    pub ascending: bool,
}

/// Kinds of playlist, as the placements routes' flags name them. Each flag
/// includes its kind; with none set, every playlist is kept (so `indie=false`
/// restricts nothing, as the clients that always send it expect).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaylistKinds {
    /// The platform's own playlists.
    pub editorial: bool,
    /// Labels' and brands' playlists.
    pub major_curator: bool,
    /// Independent curators' playlists.
    pub indie: bool,
    /// Independent curators' playlists with at least
    /// [`PlaylistKinds::POPULAR`] followers.
    pub popular_indie: bool,
    /// Chart playlists: the sandbox has none, so this flag alone keeps nothing.
    pub chart: bool,
}

impl PlaylistKinds {
    /// Followers from which an independent playlist counts as popular.
    pub const POPULAR: i64 = 10_000;

    fn keeps(&self, playlist_slot: u64) -> bool {
        if *self == Self::default() {
            return true;
        }
        let cslot = PLAYLIST_TIERS.parent(playlist_slot).0;
        let indie = Catalog::curator_is_indie(cslot);
        (self.editorial && Catalog::curator_is_editorial(cslot))
            || (self.major_curator && !indie && !Catalog::curator_is_editorial(cslot))
            || (self.indie && indie)
            || (self.popular_indie && indie && Catalog::playlist_followers(playlist_slot) >= Self::POPULAR)
    }
}

wire_enum!(
    /// The `sortColumn` of the placements routes.
    PlacementSort, "sort column" {
        /// The playlist's followers.
        Followers = "followers",
        /// When the track was added.
        AddedAt = "added_at",
        /// When the track was removed (past placements).
        RemovedAt = "removed_at",
        /// The track's position.
        Position = "position",
        /// The track's best position.
        PeakPosition = "peak_position",
        /// The playlist's name.
        Name = "name",
        /// The playlist's country.
        Code2 = "code2",
        /// The track's title.
        Track = "track",
    }
);

const POSITIONS: u64 = 256;
/// Longest tenure, in weeks.
const MAX_TENURE: i64 = 8;

/// One tenure: a track at a position of a playlist from one week to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Tenure {
    playlist_slot: u64,
    position: u64,
    start_week: i64,
    weeks: i64,
    track: i64,
}

impl Tenure {
    fn added(&self) -> Day {
        Day(self.start_week * 7)
    }
    fn removed(&self) -> Day {
        Day((self.start_week + self.weeks) * 7)
    }
}

fn week(d: Day) -> i64 {
    d.0.div_euclid(7)
}

impl Catalog {
    fn tau(&self, p: Platform) -> Feistel {
        Feistel::new(hash(self.seed, &[80, pi(p) as u64]), TRACKS)
    }

    /// Tenure length (weeks) and phase of one position.
    fn tenure_shape(&self, p: Platform, ps: u64, position: u64) -> (i64, i64) {
        let d = self.draw(&[81, pi(p) as u64, ps]);
        let weeks = 1 + d.below(0, MAX_TENURE as u64) as i64;
        (weeks, self.draw(&[82, pi(p) as u64, ps, position]).below(0, weeks as u64) as i64)
    }

    fn tenure_at(&self, p: Platform, tau: &Feistel, ps: u64, position: u64, day: Day) -> Tenure {
        let (weeks, phase) = self.tenure_shape(p, ps, position);
        let w = week(day);
        let start_week = w - (w + phase).rem_euclid(weeks);
        let s = (start_week as u64 * PLAYLISTS + ps) * POSITIONS + position;
        let track = tau.forward(s % TRACKS) as i64 + 1;
        Tenure { playlist_slot: ps, position, start_week, weeks, track }
    }

    /// Every tenure of a track starting in weeks `first..=last`.
    fn tenures_of(&self, p: Platform, track: i64, first: i64, last: i64) -> Vec<Tenure> {
        let tau = self.tau(p);
        let x = tau.backward(track as u64 - 1);
        let span = PLAYLISTS * POSITIONS;
        let lo = first.max(0) as u64 * span;
        let hi = (last.max(0) as u64 + 1) * span;
        let mut s = x + lo.saturating_sub(x).div_ceil(TRACKS) * TRACKS;
        let mut out = Vec::new();
        while s < hi {
            let (start_week, ps, position) = ((s / span) as i64, (s / POSITIONS) % PLAYLISTS, s % POSITIONS);
            if position < self.playlist_size(p, ps) {
                let (weeks, phase) = self.tenure_shape(p, ps, position);
                if (start_week + phase).rem_euclid(weeks) == 0 {
                    out.push(Tenure { playlist_slot: ps, position, start_week, weeks, track });
                }
            }
            s += TRACKS;
        }
        out
    }

    /// Playlist placements of an artist's, album's or track's tracks on a
    /// platform. `Current`: on a playlist on `until` (default today).
    /// `Past`: removed between `since` (default a year before `until`; no
    /// removals before 2016-01-01, when the catalog's history starts) and
    /// `until`. Most followed playlists first.
    #[allow(clippy::too_many_arguments)]
    pub fn placements(
        &self,
        kind: EntityKind,
        id: i64,
        p: Platform,
        status: Status,
        since: Option<Day>,
        until: Option<Day>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Placement>, CatalogError> {
        let all = PlacementQuery::default();
        self.placements_where(kind, id, p, status, since, until, &all, offset, limit)
    }

    /// [`Catalog::placements`] on the playlists of the kinds `query` asks
    /// for, in its order.
    #[allow(clippy::too_many_arguments)]
    pub fn placements_where(
        &self,
        kind: EntityKind,
        id: i64,
        p: Platform,
        status: Status,
        since: Option<Day>,
        until: Option<Day>,
        query: &PlacementQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Placement>, CatalogError> {
        let until = until.unwrap_or(self.today);
        let since = since.unwrap_or(until.plus(-365));
        self.check_range(since, until)?;
        // Playlist history starts when the charts do: no removals before.
        let since = since.max(CHARTS_SINCE);
        let tracks = self.entity_tracks(kind, id).ok_or_else(|| not_found(kind.as_str(), id))?;
        let mut found = Vec::new();
        for t in tracks {
            let (first, last) = match status {
                Status::Current => (week(until) - MAX_TENURE, week(until)),
                Status::Past => (week(since) - MAX_TENURE, week(until)),
            };
            found.extend(self.tenures_of(p, t, first, last).into_iter().filter(|x| {
                let held = match status {
                    Status::Current => x.added() <= until && until < x.removed(),
                    Status::Past => since <= x.removed() && x.removed() <= until,
                };
                held
            }));
        }
        found.retain(|x| query.kinds.keeps(x.playlist_slot));
        found.sort();
        let past = status == Status::Past;
        match query.sort {
            None if query.ascending => found.reverse(),
            None => {}
            Some(column) => {
                // Keys first, rows for the page only: a long history holds
                // tens of thousands of placements.
                let mut titles = BTreeMap::new();
                let mut keyed: Vec<_> =
                    found.into_iter().map(|x| (self.sort_key(p, column, &x, past, &mut titles), x)).collect();
                keyed.sort_by(|a, b| if query.ascending { a.0.cmp(&b.0) } else { b.0.cmp(&a.0) });
                found = keyed.into_iter().map(|(_, x)| x).collect();
            }
        }
        Ok(page(found, offset, limit).into_iter().map(|x| self.placement(p, &x, past)).collect())
    }

    /// What a placement sorts by under `column`: a number, or text.
    fn sort_key(
        &self,
        p: Platform,
        column: PlacementSort,
        x: &Tenure,
        past: bool,
        titles: &mut BTreeMap<i64, String>,
    ) -> (i64, String) {
        let number = |n: i64| (n, String::new());
        match column {
            PlacementSort::Followers => number(Self::playlist_followers(x.playlist_slot)),
            PlacementSort::AddedAt => number(x.added().0),
            PlacementSort::RemovedAt => number(if past { x.removed().0 } else { 0 }),
            PlacementSort::Position | PlacementSort::PeakPosition => number(x.position as i64),
            PlacementSort::Name => (0, self.playlist_name(p, self.playlist_id(p, x.playlist_slot))),
            PlacementSort::Code2 => (0, self.playlist_code2(p, x.playlist_slot).to_owned()),
            PlacementSort::Track => {
                let title = titles
                    .entry(x.track)
                    .or_insert_with(|| self.track_core(x.track).map(|t| t.name).unwrap_or_default());
                (0, title.clone())
            }
        }
    }

    /// `/track/{id}/{platform}/playlists/snapshot`: the track's placements on `date`.
    pub fn track_snapshot(
        &self,
        track: i64,
        p: Platform,
        date: Day,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Placement>, CatalogError> {
        self.placements(EntityKind::Track, track, p, Status::Current, Some(date), Some(date), offset, limit)
    }

    fn entity_tracks(&self, kind: EntityKind, id: i64) -> Option<Vec<i64>> {
        match kind {
            EntityKind::Track => self.track_core(id).map(|t| vec![t.id]),
            EntityKind::Album => self.album_tracks(id).map(|r| r.into_iter().map(|t| t.id).collect()),
            EntityKind::Artist => self.artist_tracks(id, 0, usize::MAX).map(|r| r.into_iter().map(|t| t.id).collect()),
        }
    }

    fn placement(&self, p: Platform, x: &Tenure, past: bool) -> Placement {
        let pl = self.playlist_at(p, x.playlist_slot);
        let cslot = PLAYLIST_TIERS.parent(x.playlist_slot).0;
        let t = self.track_core(x.track);
        let track = t.map(|t| PlacementTrack {
            name: t.name.clone(),
            cm_track: t.id,
            isrc: Some(self.isrc(&t)),
            cm_artist: vec![t.artist_id],
            artist_names: vec![t.artist_name.clone()],
            album_ids: vec![t.album.id],
            album_names: vec![t.album.name.clone()],
        });
        Placement {
            playlist: PlacementPlaylist {
                id: pl.id,
                name: pl.name,
                followers: pl.followers,
                position: Some(x.position as i64 + 1),
                peak_position: Some(x.position as i64 + 1),
                added_at: Some(x.added().iso()),
                removed_at: past.then(|| x.removed().iso()),
                curator_name: Some(self.curator_name(p, cslot)),
                curator_id: Some(self.curator_id(p, cslot)),
                code2: pl.code2,
            },
            track: track.unwrap_or_default(),
        }
    }

    /// `/playlist/{platform}/{id}/snapshot`: the tracks on `date`, in order.
    pub fn playlist_tracks(&self, p: Platform, id: i64, date: Day) -> Result<Vec<TrackRow>, CatalogError> {
        let ps = self.playlist_slot(p, id).ok_or_else(|| not_found("playlist", id))?;
        if date > self.today {
            return Err(CatalogError::BadRange(format!("date {date} is after today ({})", self.today)));
        }
        let tau = self.tau(p);
        Ok((0..self.playlist_size(p, ps))
            .map(|i| self.tenure_at(p, &tau, ps, i, date))
            .map(|x| self.playlist_row(&x, None))
            .collect())
    }

    /// `/playlist/{platform}/{id}/{span}/tracks`: the current tracks, or
    /// the ones each position held before.
    pub fn playlist_span_tracks(&self, p: Platform, id: i64, status: Status) -> Result<Vec<TrackRow>, CatalogError> {
        if status == Status::Current {
            return self.playlist_tracks(p, id, self.today);
        }
        let ps = self.playlist_slot(p, id).ok_or_else(|| not_found("playlist", id))?;
        let tau = self.tau(p);
        Ok((0..self.playlist_size(p, ps))
            .map(|i| {
                let now = self.tenure_at(p, &tau, ps, i, self.today);
                let before = self.tenure_at(p, &tau, ps, i, now.added().plus(-1));
                self.playlist_row(&before, Some(before.removed()))
            })
            .collect())
    }

    fn playlist_row(&self, x: &Tenure, removed: Option<Day>) -> TrackRow {
        let mut row = self.track_core(x.track).map(|t| self.track_row(&t)).unwrap_or_default();
        row.position = Some(x.position as i64 + 1);
        row.added_at = Some(x.added().iso());
        row.removed_at = removed.map(Day::iso);
        row
    }
}
