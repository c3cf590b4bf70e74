//! Playlists and curators, per platform. A playlist's slot is its rank by
//! followers; its curator is `PLAYLIST_TIERS.parent(slot)`, so a curator's
//! playlists are consecutive slots and curators too are ranked by slot.

use crate::artist::image;
use crate::enums::{Country, Platform};
use crate::geo::{self, COUNTRIES};
use crate::idcodec;
use crate::layout::{CURATORS, PLAYLIST_TIERS, PLAYLISTS, pi};
use crate::mix::hash;
use crate::names::{CURATOR, PLAYLIST};
use crate::{Catalog, page};
use chartmetric_types::{Curator, Playlist, SocialUrl};

/// Curators below this slot are the platform's own (editorial) accounts.
const EDITORIAL: u64 = 50;
/// Curators below this slot (and not editorial) are labels and brands.
const MAJOR: u64 = 5_000;

/// Filters of the playlist and curator lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlaylistFilter {
    /// `Some(true)`: independent curators only; `Some(false)`: the others.
    pub indie: Option<bool>,
    /// Playlists of this country only.
    pub code2: Option<Country>,
}

/// Rows looked at, at most, to fill one filtered page.
const SCAN: u64 = 200_000;

impl Catalog {
    pub(crate) fn playlist_followers(slot: u64) -> i64 {
        (3.5e7 * ((slot + 1) as f64).powf(-0.7)).round() as i64
    }

    pub(crate) fn curator_is_indie(curator_slot: u64) -> bool {
        curator_slot >= MAJOR
    }

    pub(crate) fn curator_is_editorial(curator_slot: u64) -> bool {
        curator_slot < EDITORIAL
    }

    pub(crate) fn playlist_code2(&self, p: Platform, slot: u64) -> &'static str {
        COUNTRIES[geo::country_by_weight(self.draw(&[70, pi(p) as u64, slot]).unit(0))].0
    }

    /// Number of tracks of a playlist.
    pub(crate) fn playlist_size(&self, p: Platform, slot: u64) -> u64 {
        20 + self.draw(&[71, pi(p) as u64, slot]).below(0, 180)
    }

    /// `GET /playlist/{platform}/{id}`.
    pub fn playlist(&self, p: Platform, id: i64) -> Option<Playlist> {
        let slot = self.playlist_slot(p, id)?;
        Some(self.playlist_at(p, slot))
    }

    pub(crate) fn playlist_name(&self, p: Platform, id: i64) -> String {
        PLAYLIST.name(self.keys.playlist_name[pi(p)].forward(id as u64 - 1) % PLAYLIST.total()).0
    }

    pub(crate) fn playlist_at(&self, p: Platform, slot: u64) -> Playlist {
        let id = self.playlist_id(p, slot);
        let (cslot, _) = PLAYLIST_TIERS.parent(slot);
        let owner = self.curator_name(p, cslot);
        let name = self.playlist_name(p, id);
        let tracks = self.playlist_size(p, slot);
        let key = hash(self.seed, &[73, pi(p) as u64]);
        Playlist {
            id,
            description: Some(format!("{name}: {tracks} tracks, picked by {owner}.")),
            name,
            followers: Some(Self::playlist_followers(slot)),
            num_track: Some(tracks as i64),
            owner_name: Some(owner),
            owner_id: Some(self.curator_id(p, cslot)),
            image_url: Some(image(&format!("playlist/{p}"), id)),
            code2: Some(self.playlist_code2(p, slot).to_string()),
            indie: Some(Self::curator_is_indie(cslot)),
            editorial: Some(cslot < EDITORIAL),
            last_updated: Some(self.today.plus(-(self.days_since_update(p, slot) as i64)).iso()),
            platform_id: Some(match p {
                Platform::Spotify => idcodec::SPOTIFY.encode(key, id as u64),
                Platform::Youtube => format!("PL{}", idcodec::SPOTIFY.encode(key, id as u64)),
                _ => idcodec::DEEZER.encode(key, id as u64).to_string(),
            }),
        }
    }

    /// Days between a playlist's last update and today: within a week for
    /// the platform's and labels' playlists, up to 400 days for the others.
    fn days_since_update(&self, p: Platform, slot: u64) -> u64 {
        let stale = if PLAYLIST_TIERS.parent(slot).0 < MAJOR { 7 } else { 400 };
        self.draw(&[72, pi(p) as u64, slot]).below(0, stale)
    }

    /// `GET /playlist/{platform}/lists`: by followers, most followed first.
    /// A filter matching few playlists may fill less than a page: at most
    /// the 200,000 most followed are looked at.
    pub fn playlists(&self, p: Platform, filter: PlaylistFilter, offset: usize, limit: usize) -> Vec<Playlist> {
        let slots = self.listed_slots(p, filter);
        page(slots, offset, limit).into_iter().map(|s| self.playlist_at(p, s)).collect()
    }

    /// `GET /playlist/{platform}/lists?sortColumn=last_updated`: the most
    /// recently updated first, then the most followed, among the same
    /// 200,000 most followed playlists as [`Catalog::playlists`].
    pub fn playlists_by_update(
        &self,
        p: Platform,
        filter: PlaylistFilter,
        offset: usize,
        limit: usize,
    ) -> Vec<Playlist> {
        let mut slots: Vec<(u64, u64)> =
            self.listed_slots(p, filter).map(|s| (self.days_since_update(p, s), s)).collect();
        slots.sort_unstable();
        page(slots, offset, limit).into_iter().map(|(_, s)| self.playlist_at(p, s)).collect()
    }

    /// The slots a playlist list looks at and keeps, most followed first.
    fn listed_slots(&self, p: Platform, filter: PlaylistFilter) -> impl Iterator<Item = u64> + '_ {
        let known = filter.code2.is_none_or(|c| COUNTRIES.iter().any(|x| x.0 == c.as_str()));
        let keep = move |slot: &u64| {
            let (cslot, _) = PLAYLIST_TIERS.parent(*slot);
            filter.indie.is_none_or(|i| Self::curator_is_indie(cslot) == i)
                && filter.code2.is_none_or(|c| self.playlist_code2(p, *slot) == c.as_str())
        };
        (0..if known { PLAYLISTS.min(SCAN) } else { 0 }).filter(keep)
    }

    /// `GET /playlist/{platform}/{id}/similarplaylists`: playlists of
    /// nearby popularity, the same curator's first.
    pub fn similar_playlists(&self, p: Platform, id: i64, indie: Option<bool>, limit: usize) -> Option<Vec<Playlist>> {
        let slot = self.playlist_slot(p, id)?;
        // Playlists of labels and the platform come first: slots below `major`.
        let major = PLAYLIST_TIERS.child(MAJOR, 0);
        let (lo, hi) = match indie {
            Some(false) => (0, major),
            Some(true) => (major, PLAYLISTS),
            None => (0, PLAYLISTS),
        };
        let centre = slot.clamp(lo, hi - 1);
        let d = self.draw(&[74, pi(p) as u64, slot]);
        let mut seen = vec![slot];
        let mut out = Vec::new();
        for i in 0..(limit as u64 * 20 + 40) {
            if out.len() >= limit {
                break;
            }
            let delta = 1 + d.below(i, 2_000);
            let other = if d.at(i + 10_000) & 1 == 0 { centre + delta } else { centre.saturating_sub(delta) };
            if other < lo || other >= hi || seen.contains(&other) {
                continue;
            }
            seen.push(other);
            out.push(self.playlist_at(p, other));
        }
        Some(out)
    }

    pub(crate) fn curator_name(&self, p: Platform, cslot: u64) -> String {
        let platform = match p {
            Platform::Spotify => "Spotify",
            Platform::AppleMusic => "Apple Music",
            Platform::Deezer => "Deezer",
            Platform::Amazon => "Amazon Music",
            Platform::Youtube => "YouTube Music",
            Platform::Soundcloud => "SoundCloud",
        };
        if cslot == 0 {
            return platform.to_string();
        }
        if cslot < EDITORIAL {
            return format!("{platform} {}", crate::names::VOCAB.word(crate::names::List::PlaylistGenre, cslot));
        }
        let id = self.curator_id(p, cslot);
        CURATOR.name(self.keys.curator_name[pi(p)].forward(id as u64 - 1) % CURATOR.total()).0
    }

    /// `GET /curator/{platform}/{id}`.
    pub fn curator(&self, p: Platform, id: i64) -> Option<Curator> {
        let cslot = self.curator_slot(p, id)?;
        Some(self.curator_at(p, cslot, false))
    }

    pub(crate) fn curator_at(&self, p: Platform, cslot: u64, social: bool) -> Curator {
        let id = self.curator_id(p, cslot);
        let name = self.curator_name(p, cslot);
        let first = PLAYLIST_TIERS.child(cslot, 0);
        let n = PLAYLIST_TIERS.count(cslot);
        let handle: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        Curator {
            id,
            user_id: Some(format!(
                "{handle}{}",
                if cslot < EDITORIAL { String::new() } else { (id % 1000).to_string() }
            )),
            image_url: Some(image(&format!("curator/{p}"), id)),
            num_playlists: Some(n as i64),
            followers: Some((first..first + n).map(Self::playlist_followers).sum()),
            indie: Some(Self::curator_is_indie(cslot)),
            social_urls: social.then(|| {
                ["instagram", "twitter", "facebook"]
                    .iter()
                    .map(|site| SocialUrl {
                        domain: (*site).into(),
                        url: format!("https://{site}.example.invalid/{handle}"),
                    })
                    .collect()
            }),
            name,
        }
    }

    /// `GET /curator/{platform}/{id}/playlists`: most followed first.
    pub fn curator_playlists(&self, p: Platform, id: i64) -> Option<Vec<Playlist>> {
        let cslot = self.curator_slot(p, id)?;
        let first = PLAYLIST_TIERS.child(cslot, 0);
        Some((first..first + PLAYLIST_TIERS.count(cslot)).map(|s| self.playlist_at(p, s)).collect())
    }

    /// `GET /curator/{platform}/lists`: by followers, most followed first.
    pub fn curators(
        &self,
        p: Platform,
        indie: Option<bool>,
        social: bool,
        offset: usize,
        limit: usize,
    ) -> Vec<Curator> {
        let slots = (0..CURATORS).filter(|c| indie.is_none_or(|i| Self::curator_is_indie(*c) == i));
        page(slots, offset, limit).into_iter().map(|c| self.curator_at(p, c, social)).collect()
    }
}
