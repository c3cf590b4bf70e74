//! Invertible names. A name is a template (a sequence of literal words and
//! slots, each slot filled from a word list) with one word per slot. All
//! (template, words) choices are numbered 0..C, the *combos* of a scheme;
//! an entity's combo is `affine(id - 1) mod C`, and the quotient is its
//! repeat index. Going back, the ids whose name is combo `c` are
//! `affine⁻¹(c + k·C) + 1` for k = 0, 1, …: that is what makes search over
//! millions of generated names possible without scanning them.

use crate::{geo, vocab, vocab_titles};
use std::sync::LazyLock;

/// The word lists, split once.
pub(crate) struct Vocab {
    lists: Vec<Vec<String>>,
    /// The same words normalised for matching (lower case).
    lower: Vec<Vec<String>>,
}

/// Which list a slot draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum List {
    Given,
    Surname,
    Prefix,
    BandAdj,
    BandNoun,
    TitleAdj,
    TitleNoun,
    TitleVerb,
    Mood,
    PlaylistGenre,
    PlaylistNoun,
    LabelWord,
    LabelSuffix,
    StationWord,
    City,
    Tag,
    StationFormat,
}

pub(crate) static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let split = |s: &str| s.split_whitespace().map(|w| w.replace('_', " ")).collect::<Vec<_>>();
    let cities = geo::CITIES.iter().map(|c| c.0.to_string()).collect();
    let lists: Vec<Vec<String>> = vec![
        split(vocab::GIVEN),
        split(vocab::SURNAMES),
        split(vocab::PREFIXES),
        split(vocab::BAND_ADJ),
        split(vocab::BAND_NOUN),
        split(vocab_titles::TITLE_ADJ),
        split(vocab_titles::TITLE_NOUN),
        split(vocab_titles::TITLE_VERB),
        split(vocab::MOODS),
        split(vocab::PLAYLIST_GENRES),
        split(vocab::PLAYLIST_NOUN),
        split(vocab::LABEL_WORDS),
        split(vocab::LABEL_SUFFIX),
        split(vocab_titles::STATION_WORDS),
        cities,
        split(vocab::TAGS),
        split(vocab_titles::STATION_FORMATS),
    ];
    let lower = lists.iter().map(|l| l.iter().map(|w| crate::words::normalize(w)).collect()).collect();
    Vocab { lists, lower }
});

impl Vocab {
    pub(crate) fn list(&self, list: List) -> &[String] {
        &self.lists[list as usize]
    }
    /// Every list's words normalised for matching, indexed by [`List`].
    pub(crate) fn all_lower(&self) -> &[Vec<String>] {
        &self.lower
    }
    pub(crate) fn word(&self, list: List, i: u64) -> &str {
        let l = self.list(list);
        &l[(i % l.len() as u64) as usize]
    }
}

/// One piece of a template.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Lit(&'static str),
    Slot(List),
}

/// A template and what it says about the entity (e.g. a band name).
pub(crate) struct Template {
    pub(crate) parts: &'static [Part],
    pub(crate) flag: bool,
}

/// A set of templates, their combos numbered in order.
pub(crate) struct Scheme {
    pub(crate) templates: &'static [Template],
    starts: Vec<u64>,
    total: u64,
}

use List::*;
use Part::{Lit, Slot};

const fn t(parts: &'static [Part], flag: bool) -> Template {
    Template { parts, flag }
}

/// Artist names; the flag marks a band.
pub(crate) static ARTIST: LazyLock<Scheme> = LazyLock::new(|| {
    static T: &[Template] = &[
        t(&[Slot(Given), Slot(Surname)], false),
        t(&[Slot(Given)], false),
        t(&[Slot(Prefix), Slot(Given)], false),
        t(&[Lit("The"), Slot(BandAdj), Slot(BandNoun)], true),
        t(&[Slot(BandAdj), Slot(BandNoun)], true),
        t(&[Slot(Given), Lit("&"), Lit("the"), Slot(BandNoun)], true),
        t(&[Lit("The"), Slot(BandNoun)], true),
    ];
    Scheme::new(T)
});

/// Track titles.
pub(crate) static TRACK: LazyLock<Scheme> = LazyLock::new(|| {
    static T: &[Template] = &[
        t(&[Slot(TitleNoun)], false),
        t(&[Slot(TitleAdj), Slot(TitleNoun)], false),
        t(&[Slot(TitleVerb), Slot(TitleNoun)], false),
        t(&[Slot(TitleNoun), Lit("of"), Slot(TitleNoun)], false),
    ];
    Scheme::new(T)
});

/// Album titles; the flag marks an EP.
pub(crate) static ALBUM: LazyLock<Scheme> = LazyLock::new(|| {
    static T: &[Template] = &[
        t(&[Slot(TitleAdj), Slot(TitleNoun)], false),
        t(&[Slot(TitleNoun)], false),
        t(&[Slot(TitleVerb), Slot(TitleNoun)], false),
        t(&[Slot(TitleAdj), Slot(TitleNoun), Lit("EP")], true),
    ];
    Scheme::new(T)
});

/// Playlist names.
pub(crate) static PLAYLIST: LazyLock<Scheme> = LazyLock::new(|| {
    static T: &[Template] = &[
        t(&[Slot(Mood), Slot(PlaylistGenre), Slot(PlaylistNoun)], false),
        t(&[Slot(Mood), Slot(PlaylistNoun)], false),
        t(&[Slot(PlaylistGenre), Slot(PlaylistNoun)], false),
        t(&[Slot(TitleAdj), Slot(TitleNoun), Slot(PlaylistNoun)], false),
    ];
    Scheme::new(T)
});

/// Curator names; the flag marks a person.
pub(crate) static CURATOR: LazyLock<Scheme> = LazyLock::new(|| {
    static T: &[Template] = &[
        t(&[Slot(Given), Slot(Surname)], true),
        t(&[Slot(LabelWord), Slot(LabelSuffix)], false),
        t(&[Slot(Mood), Slot(PlaylistNoun)], false),
        t(&[Slot(PlaylistGenre), Slot(LabelWord)], false),
    ];
    Scheme::new(T)
});

/// Radio station names.
pub(crate) static STATION: LazyLock<Scheme> = LazyLock::new(|| {
    static T: &[Template] = &[
        t(&[Slot(StationWord), Lit("FM")], false),
        t(&[Slot(City), Slot(StationWord), Lit("FM")], false),
        t(&[Lit("Radio"), Slot(City)], false),
        t(&[Slot(StationWord), Slot(City)], false),
    ];
    Scheme::new(T)
});

impl Scheme {
    fn new(templates: &'static [Template]) -> Self {
        let v = &*VOCAB;
        let mut starts = Vec::with_capacity(templates.len());
        let mut total = 0;
        for t in templates {
            starts.push(total);
            total += Self::size_of(v, t);
        }
        Self { templates, starts, total }
    }

    fn size_of(v: &Vocab, t: &Template) -> u64 {
        t.parts.iter().map(|p| if let Slot(l) = p { v.list(*l).len() as u64 } else { 1 }).product()
    }

    /// Number of combos.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// The template of a combo and the word index of each slot.
    pub(crate) fn decode(&self, combo: u64) -> (usize, Vec<usize>) {
        let combo = combo % self.total;
        let ti = self.starts.partition_point(|&s| s <= combo) - 1;
        let mut rest = combo - self.starts[ti];
        let mut digits = Vec::new();
        for p in self.templates[ti].parts {
            if let Slot(l) = p {
                let n = VOCAB.list(*l).len() as u64;
                digits.push((rest % n) as usize);
                rest /= n;
            }
        }
        (ti, digits)
    }

    /// The combo of a template and slot words (the inverse of [`Scheme::decode`]).
    pub(crate) fn encode(&self, ti: usize, digits: &[usize]) -> u64 {
        let mut combo = 0;
        let mut scale = 1;
        let mut d = digits.iter();
        for p in self.templates[ti].parts {
            if let Slot(l) = p {
                combo += scale * *d.next().unwrap_or(&0) as u64;
                scale *= VOCAB.list(*l).len() as u64;
            }
        }
        self.starts[ti] + combo
    }

    /// The name of a combo.
    pub(crate) fn render(&self, ti: usize, digits: &[usize]) -> String {
        let mut out = String::new();
        let mut d = digits.iter();
        for p in self.templates[ti].parts {
            if !out.is_empty() {
                out.push(' ');
            }
            match p {
                Lit(w) => out.push_str(w),
                Slot(l) => out.push_str(&VOCAB.list(*l)[*d.next().unwrap_or(&0)]),
            }
        }
        out
    }

    /// The name and flag of a combo.
    pub(crate) fn name(&self, combo: u64) -> (String, bool) {
        let (ti, digits) = self.decode(combo);
        (self.render(ti, &digits), self.templates[ti].flag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_decodes_what_it_encodes() {
        for s in [&*ARTIST, &*TRACK, &*ALBUM, &*PLAYLIST, &*CURATOR, &*STATION] {
            for combo in [0, 1, s.total() / 3, s.total() / 2, s.total() - 1] {
                let (ti, digits) = s.decode(combo);
                assert_eq!(s.encode(ti, &digits), combo);
            }
        }
    }

    #[test]
    fn the_vocabulary_is_sizeable() {
        let n: usize = VOCAB.lists.iter().map(Vec::len).sum();
        assert!(n > 1500, "{n} words");
        assert!(ARTIST.total() > 100_000);
    }
}
