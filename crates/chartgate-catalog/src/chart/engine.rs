//! The chart model. Every day `base` entrants enter the global chart of a
//! kind (and genre and type): entrant `i = day·base + k` is the universe
//! member `perm(i mod universe)`. A country's (or city's) chart has every
//! entrant of the global chart, entering the same day with a local twist to
//! its quality, so a global hit charts in many countries at once, plus as
//! many entrants of its own: own entrant `i` is `perm((i + offset) mod
//! universe)`, the offset keeping the two streams from ever naming the same
//! member at once. A chart's entrants are numbered `x = day·per_day + k`. An entrant's score follows a
//! lifecycle curve of its age (a rise to a peak, then a decay) times a
//! quality, and is zero from `LIFE` days on. The chart of a day is the top
//! `size` of the entrants alive that day. Ranks on earlier chart days give
//! the history; only days since the entrant's entry matter, so one chart
//! needs at most `LIFE` earlier rankings.

use crate::mix::{Draw, hash};
use crate::perm::Feistel;

/// Days an entrant can stay on a chart.
pub(crate) const LIFE: i64 = 90;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Entrant {
    pub(crate) x: u64,
    pub(crate) day: i64,
    quality: f64,
    peak: i64,
    decay: f64,
}

impl Entrant {
    pub(crate) fn score(&self, day: i64) -> f64 {
        let age = day - self.day;
        if !(0..LIFE).contains(&age) {
            return 0.0;
        }
        let shape = if age < self.peak {
            (age + 1) as f64 / (self.peak + 1) as f64
        } else {
            (-((age - self.peak) as f64) * self.decay).exp()
        };
        self.quality * shape * (1.0 - age as f64 / LIFE as f64)
    }
}

/// One chart's model.
pub(crate) struct Model {
    key: u64,
    /// The key of the global chart this one shares entrants with (its own
    /// key for a global chart).
    shared_key: u64,
    /// Shift of this chart's own entrants in the universe; 0 on a global chart.
    offset: u64,
    /// Entrants per day of the global chart.
    base: u64,
    pub(crate) per_day: u64,
    pub(crate) universe: u64,
    perm: Feistel,
    pub(crate) size: usize,
    /// Days between charts: 1 (daily) or 7 (weekly).
    pub(crate) step: i64,
}

/// A rank on a chart day.
pub(crate) type Ranked = (i64, i64);

impl Model {
    pub(crate) fn new(key: u64, shared_key: u64, universe: u64, size: usize, step: i64) -> Self {
        let base = (size as u64 * 3).div_ceil(LIFE as u64).max(2);
        let global = key == shared_key;
        // Indices of one stream alive together span less than 2·LIFE·base.
        let gap = 2 * LIFE as u64 * base;
        let offset = if global { 0 } else { gap + hash(key, &[3]) % (universe - 2 * gap) };
        let perm = Feistel::new(hash(shared_key, &[1]), universe);
        let per_day = if global { base } else { 2 * base };
        Self { key, shared_key, offset, base, per_day, universe, perm, size, step }
    }

    /// Whether entrant `x` comes from the global chart, and its index in its stream.
    fn stream(&self, x: u64) -> (bool, u64) {
        let (day, k) = (x / self.per_day, x % self.per_day);
        if k < self.base { (true, day * self.base + k) } else { (false, day * self.base + k - self.base) }
    }

    pub(crate) fn entrant(&self, x: u64) -> Entrant {
        let (shared, i) = self.stream(x);
        let d = Draw::new(if shared { self.shared_key } else { self.key }, &[2, i]);
        let local = if shared && self.offset != 0 { Draw::new(self.key, &[4, i]).range(0, 0.5, 1.5) } else { 1.0 };
        Entrant {
            x,
            day: (x / self.per_day) as i64,
            quality: (0.15 + d.unit(0).powf(2.5)) * local,
            peak: d.below(1, 8) as i64,
            decay: 1.0 / d.range(2, 3.0, 45.0),
        }
    }

    /// The universe member an entrant stands for.
    pub(crate) fn member(&self, x: u64) -> u64 {
        let (shared, i) = self.stream(x);
        self.perm.forward((i + if shared { 0 } else { self.offset }) % self.universe)
    }

    /// Entrants of days `first..=last`, oldest first.
    pub(crate) fn pool(&self, first: i64, last: i64) -> Vec<Entrant> {
        let lo = first.max(0) as u64 * self.per_day;
        let hi = (last.max(-1) + 1) as u64 * self.per_day;
        (lo..hi).map(|x| self.entrant(x)).collect()
    }

    /// The entrants alive on `day`, from a pool sorted by entry day.
    fn alive<'a>(&self, pool: &'a [Entrant], day: i64) -> &'a [Entrant] {
        let a = pool.partition_point(|e| e.day <= day - LIFE);
        let b = pool.partition_point(|e| e.day <= day);
        &pool[a..b.max(a)]
    }

    /// The chart of `day`: entrants best first, at most `size`.
    pub(crate) fn ranking(&self, pool: &[Entrant], day: i64) -> Vec<u64> {
        let mut scored: Vec<(f64, u64)> = self.alive(pool, day).iter().map(|e| (e.score(day), e.x)).collect();
        let better = |a: &(f64, u64), b: &(f64, u64)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > self.size {
            scored.select_nth_unstable_by(self.size - 1, better);
            scored.truncate(self.size);
        }
        scored.sort_unstable_by(better);
        scored.into_iter().map(|s| s.1).collect()
    }

    /// The rank of one entrant on `day`, if it is on the chart.
    pub(crate) fn rank_of(&self, pool: &[Entrant], e: &Entrant, day: i64) -> Option<i64> {
        let s = e.score(day);
        if s <= 0.0 {
            return None;
        }
        // Stop counting once it is clear the entrant is off the chart.
        let ahead = self
            .alive(pool, day)
            .iter()
            .filter(|o| {
                let t = o.score(day);
                t > s || (t == s && o.x < e.x)
            })
            .take(self.size)
            .count();
        (ahead < self.size).then_some(ahead as i64 + 1)
    }

    /// Chart days from `first` to `last` inclusive that are on the chart's
    /// grid (every `step` days back from `last`).
    pub(crate) fn grid(&self, first: i64, last: i64) -> impl Iterator<Item = i64> + '_ {
        let offset = (last - first).rem_euclid(self.step);
        (first + offset..=last).step_by(self.step as usize)
    }

    /// Entrants standing for universe member `member` that entered on days
    /// `first..=last`, oldest first.
    pub(crate) fn entries_of(&self, member: u64, first: i64, last: i64) -> Vec<u64> {
        let y = self.perm.backward(member);
        let lo = first.max(0) as u64 * self.base;
        let hi = (last.max(-1) + 1) as u64 * self.base;
        // Global stream: i ≡ y; own stream: i + offset ≡ y (mod universe).
        let own = (y + self.universe - self.offset) % self.universe;
        let streams: &[(u64, u64)] = if self.offset == 0 { &[(y, 0)] } else { &[(y, 0), (own, self.base)] };
        let mut out = Vec::new();
        for &(start, shift) in streams {
            let mut i = start + lo.saturating_sub(start).div_ceil(self.universe) * self.universe;
            while i < hi {
                out.push((i / self.base) * self.per_day + i % self.base + shift);
                i += self.universe;
            }
        }
        out.sort_unstable();
        out
    }
}

/// What the history of one entrant says on a chart day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Standing {
    pub(crate) rank: i64,
    pub(crate) pre_rank: Option<i64>,
    pub(crate) peak_rank: i64,
    pub(crate) peak_day: i64,
    pub(crate) first_day: i64,
    pub(crate) time_on_chart: i64,
    /// (day, rank), oldest first, ending on the chart day.
    pub(crate) history: Vec<Ranked>,
}

/// The standing on the last day of `history` (ranks on chart days, oldest
/// first), given the chart step.
pub(crate) fn standing(history: &[Ranked], step: i64) -> Option<Standing> {
    let &(day, rank) = history.last()?;
    let (peak_day, peak_rank) =
        history.iter().fold((day, i64::MAX), |best, &(d, r)| if r < best.1 { (d, r) } else { best });
    let pre_rank = history.iter().rev().nth(1).filter(|(d, _)| *d == day - step).map(|x| x.1);
    Some(Standing {
        rank,
        pre_rank,
        peak_rank,
        peak_day,
        first_day: history[0].0,
        time_on_chart: history.len() as i64,
        history: history.to_vec(),
    })
}
