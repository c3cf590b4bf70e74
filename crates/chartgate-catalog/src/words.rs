//! Matching a query against names and words: the classes search ranks by.

/// How a name matches a query, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// The whole name equals the query.
    Exact,
    /// The name starts with the query.
    Prefix,
    /// The name contains the query, or every query word.
    Token,
    /// Every query word is within a small edit distance of a name word.
    Fuzzy,
}

/// A normalised query: lower case, punctuation as spaces, single spaces.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub(crate) text: String,
    pub(crate) tokens: Vec<String>,
}

pub(crate) fn normalize(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() || "&-/'".contains(c) { c.to_ascii_lowercase() } else { ' ' })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Query {
    /// The query of `q`; `None` only when `q` is blank. A query of
    /// symbols alone (`"🎵"`, `"!!"`) is kept whole as one word, so that the
    /// nearest spellings still answer it: any non-blank query finds something.
    pub(crate) fn new(q: &str) -> Option<Self> {
        let mut text = normalize(q);
        if text.is_empty() {
            text = q.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        }
        let tokens: Vec<String> = text.split(' ').filter(|t| !t.is_empty()).map(str::to_string).collect();
        (!tokens.is_empty()).then_some(Self { text, tokens })
    }
}

/// Levenshtein distance on bytes.
pub(crate) fn lev(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// How well a query word matches one vocabulary word (lower case): 0 equal,
/// 1 prefix, 2 substring, 3 + distance when within `max_dist` edits.
pub(crate) fn word_score(token: &str, word: &str, max_dist: usize) -> Option<u32> {
    if word == token {
        Some(0)
    } else if word.starts_with(token) {
        Some(1)
    } else if token.len() >= 2 && word.contains(token) {
        Some(2)
    } else if token.len() >= 3 {
        let d = word.split(' ').map(|w| lev(token, w)).min().unwrap_or(usize::MAX);
        (d <= max_dist).then_some(3 + d as u32)
    } else {
        None
    }
}

/// The class of a (normalised) name for a query, and for fuzzy matches the
/// summed edit distance of the query words to their nearest name words.
pub(crate) fn classify(name: &str, q: &Query) -> (Class, u32) {
    if name == q.text {
        return (Class::Exact, 0);
    }
    if name.starts_with(&q.text) {
        return (Class::Prefix, 0);
    }
    if name.contains(&q.text) || q.tokens.iter().all(|t| name.contains(t.as_str())) {
        return (Class::Token, 0);
    }
    let dist = q.tokens.iter().map(|t| name.split(' ').map(|w| lev(t, w)).min().unwrap_or(t.len()) as u32).sum();
    (Class::Fuzzy, dist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_rank_exact_prefix_token_fuzzy() {
        let q = Query::new("Aurora  Vale!").unwrap();
        assert_eq!(q.text, "aurora vale");
        assert_eq!(classify("aurora vale", &q).0, Class::Exact);
        assert_eq!(classify("aurora vale & the wolves", &q).0, Class::Prefix);
        assert_eq!(classify("dj aurora vale", &q).0, Class::Token);
        assert_eq!(classify("aurora vile", &q), (Class::Fuzzy, 1));
        assert!(Class::Exact < Class::Prefix && Class::Token < Class::Fuzzy);
    }

    #[test]
    fn levenshtein() {
        assert_eq!(lev("kitten", "sitting"), 3);
        assert_eq!(lev("", "abc"), 3);
        assert_eq!(word_score("auro", "aurora", 2), Some(1));
        assert_eq!(word_score("auroa", "aurora", 2), Some(4));
    }
}
