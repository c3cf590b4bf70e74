//! The chart model. Every day `per_day` entrants enter a chart (one chart =
//! kind, country, genre, type, city); entrant `x = day·per_day + k` is the
//! universe member `perm(x mod universe)`. An entrant's score follows a
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
    pub(crate) fn new(key: u64, universe: u64, size: usize, step: i64) -> Self {
        let per_day = (size as u64 * 3).div_ceil(LIFE as u64).max(2);
        Self { key, per_day, universe, perm: Feistel::new(hash(key, &[1]), universe), size, step }
    }

    pub(crate) fn entrant(&self, x: u64) -> Entrant {
        let d = Draw::new(self.key, &[2, x]);
        Entrant {
            x,
            day: (x / self.per_day) as i64,
            quality: 0.15 + d.unit(0).powf(2.5),
            peak: d.below(1, 8) as i64,
            decay: 1.0 / d.range(2, 3.0, 45.0),
        }
    }

    /// The universe member an entrant stands for.
    pub(crate) fn member(&self, x: u64) -> u64 {
        self.perm.forward(x % self.universe)
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
        let ahead =
            self.alive(pool, day).iter().filter(|o| o.score(day) > s || (o.score(day) == s && o.x < e.x)).count();
        (ahead < self.size).then_some(ahead as i64 + 1)
    }

    /// Chart days from `first` to `last` inclusive that are on the chart's
    /// grid (every `step` days back from `last`).
    pub(crate) fn grid(&self, first: i64, last: i64) -> impl Iterator<Item = i64> + '_ {
        let offset = (last - first).rem_euclid(self.step);
        (first + offset..=last).step_by(self.step as usize)
    }

    /// Entrants standing for universe member `member` that entered on days
    /// `first..=last`.
    pub(crate) fn entries_of(&self, member: u64, first: i64, last: i64) -> Vec<u64> {
        let x0 = self.perm.backward(member);
        let lo = first.max(0) as u64 * self.per_day;
        let hi = (last.max(-1) + 1) as u64 * self.per_day;
        let mut x = x0 + lo.saturating_sub(x0).div_ceil(self.universe) * self.universe;
        let mut out = Vec::new();
        while x < hi {
            out.push(x);
            x += self.universe;
        }
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
