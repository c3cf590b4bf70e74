//! Finding generated names that match a query without scanning them: match
//! the query words against each vocabulary list, build the combos those
//! words can form, classify each combo's name, then list the ids of the
//! best combos through the inverse of the name map.

use crate::names::{List, Part, Scheme, VOCAB};
use crate::perm::Affine;
use crate::words::{Class, Query, classify, lev, normalize, word_score};

/// Combos built per template, at most.
const COMBOS_PER_TEMPLATE: usize = 3_000;
/// Ids listed per combo, at most (the least popular repeats are left out).
const IDS_PER_COMBO: u64 = 200;
/// Candidate ids gathered per scheme, at most, beyond those a page needs.
const IDS_MAX: usize = 1_000;

/// Nearest words kept per list in the fallback.
const NEAREST: usize = 12;

/// A combo and how its name matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Matched {
    pub(crate) class: Class,
    pub(crate) dist: u32,
    pub(crate) combo: u64,
}

/// Per list, the indices of words matching some query word (best score first).
pub(crate) struct WordHits {
    lists: Vec<Vec<usize>>,
}

impl WordHits {
    /// Words within two edits (or a prefix or substring) of a query word.
    pub(crate) fn new(q: &Query) -> Self {
        Self::build(|words| {
            let mut hits: Vec<(u32, usize)> = words
                .iter()
                .enumerate()
                .filter_map(|(i, w)| {
                    q.tokens.iter().filter_map(|t| word_score(t, &normalize(w), 2)).min().map(|s| (s, i))
                })
                .collect();
            hits.sort_unstable();
            hits.into_iter().map(|h| h.1).collect()
        })
    }

    /// Per list, the words nearest to a query word, however far: the
    /// fallback that keeps a real-looking query from finding nothing.
    pub(crate) fn nearest(q: &Query) -> Self {
        Self::build(|words| {
            let dist: Vec<usize> =
                words.iter().map(|w| q.tokens.iter().map(|t| lev(t, w)).min().unwrap_or(usize::MAX)).collect();
            let best = dist.iter().copied().min().unwrap_or(usize::MAX);
            (0..words.len()).filter(|&i| dist[i] == best).take(NEAREST).collect()
        })
    }

    fn build(hits: impl Fn(&[String]) -> Vec<usize>) -> Self {
        Self { lists: VOCAB.all_lower().iter().map(|words| hits(words)).collect() }
    }

    fn of(&self, l: List) -> &[usize] {
        &self.lists[l as usize]
    }
}

/// The combos of a scheme whose names the query words can form, best first.
pub(crate) fn matching_combos(scheme: &Scheme, q: &Query, words: &WordHits) -> Vec<Matched> {
    let mut out = Vec::new();
    for (ti, t) in scheme.templates.iter().enumerate() {
        let literal_hit =
            t.parts.iter().any(|p| matches!(p, Part::Lit(w) if q.tokens.iter().any(|x| x == &w.to_ascii_lowercase())));
        let choices: Vec<Vec<usize>> = t
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Slot(l) => Some(*l),
                Part::Lit(_) => None,
            })
            .map(|l| if words.of(l).is_empty() { (0..VOCAB.list(l).len()).collect() } else { words.of(l).to_vec() })
            .collect();
        let slots: Vec<List> =
            t.parts.iter().filter_map(|p| if let Part::Slot(l) = p { Some(*l) } else { None }).collect();
        if !literal_hit && slots.iter().all(|l| words.of(*l).is_empty()) {
            continue;
        }
        let mut digits = vec![0usize; choices.len()];
        for _ in 0..COMBOS_PER_TEMPLATE {
            let picked: Vec<usize> = digits.iter().zip(&choices).map(|(d, c)| c[*d]).collect();
            let (class, dist) = classify(&normalize(&scheme.render(ti, &picked)), q);
            out.push(Matched { class, dist, combo: scheme.encode(ti, &picked) });
            if !advance(&mut digits, &choices) {
                break;
            }
        }
    }
    out.sort_unstable();
    out
}

/// The next combination, last slot fastest; false when done.
fn advance(digits: &mut [usize], choices: &[Vec<usize>]) -> bool {
    for i in (0..digits.len()).rev() {
        digits[i] += 1;
        if digits[i] < choices[i].len() {
            return true;
        }
        digits[i] = 0;
    }
    false
}

/// Ids (1-based) whose name is one of `combos`, with the match of their name,
/// for an id range of `n` named through `affine`. Stops once `needed` ids
/// are listed and the current (class, distance) group is complete.
pub(crate) fn ids_of(combos: &[Matched], total: u64, affine: &Affine, n: u64, needed: usize) -> Vec<(Matched, u64)> {
    let mut out = Vec::new();
    let mut group = None;
    for m in combos {
        let key = (m.class, m.dist);
        if out.len() >= needed && group != Some(key) || out.len() >= needed + IDS_MAX {
            break;
        }
        group = Some(key);
        let mut u = m.combo;
        let mut k = 0;
        while u < n && k < IDS_PER_COMBO {
            debug_assert_eq!(u % total, m.combo);
            out.push((*m, affine.backward(u) + 1));
            u += total;
            k += 1;
        }
    }
    out
}
