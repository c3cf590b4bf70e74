//! The fuzz targets' bodies as bounded property tests: arbitrary input,
//! and near misses built from well-formed input.

use super::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use proptest::sample::select;

/// Cases per property: each runs in well under a second.
const CASES: u32 = 512;

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<u16>(), any::<u8>()).prop_map(|(at, b)| Edit::Set(at, b)),
        2 => (any::<u16>(), select(b" \t\"'.=_-Aa0\xff".to_vec())).prop_map(|(at, b)| Edit::Insert(at, b)),
        2 => any::<u16>().prop_map(Edit::Remove),
        1 => any::<u16>().prop_map(Edit::Truncate),
    ]
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop_oneof![2 => Just(Vec::new()), 3 => prop::collection::vec(edit(), 1..4)]
}

/// A header close to `Bearer <token>`: a scheme, a separator and a token,
/// each right or wrong in one of the ways clients get them wrong.
fn near_bearer() -> impl Strategy<Value = Vec<u8>> {
    let scheme = select(vec!["Bearer", "bearer", "BEARER", "BeArEr", "Bearer:", "Bear", "Basic", "Token", ""]);
    let sep = select(vec!["", " ", "  ", "\t", " \t", "\r\n "]);
    let token = prop_oneof![
        "[!-~]{0,40}",
        "[A-Za-z0-9_-]{1,20}\\.[A-Za-z0-9_-]{1,20}\\.[A-Za-z0-9_-]{0,20}",
        "[\"'][A-Za-z0-9.]{0,20}[\"']?",
        "[A-Za-z0-9.]{1,20}[ \t][A-Za-z0-9.]{0,3}",
        (MAX_TOKEN_LEN - 2..MAX_TOKEN_LEN + 3).prop_map(|n| "a".repeat(n)),
    ];
    (scheme, sep, token, edits())
        .prop_map(|(scheme, sep, token, edits)| apply(&format!("{scheme}{sep}{token}"), &edits))
}

/// Three segments with a real-looking header: `alg` and `kid` right or
/// wrong, a JSON payload, and a signature-shaped tail.
fn near_jwt() -> impl Strategy<Value = Vec<u8>> {
    let kid = key_ring().signing_kid().to_owned();
    let header = select(vec![
        format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#),
        format!(r#"{{"alg":"none","kid":"{kid}"}}"#),
        format!(r#"{{"alg":"HS512","kid":"{kid}"}}"#),
        format!(r#"{{"alg":"HS256","kid":{kid:?},"typ":"JWT","crit":["x"]}}"#),
        r#"{"alg":"HS256","kid":"000000000000"}"#.to_owned(),
        r#"{"alg":"HS256"}"#.to_owned(),
        r#"{"alg":"HS256","kid":7}"#.to_owned(),
        "{}".to_owned(),
        "[]".to_owned(),
    ]);
    let payload = prop_oneof![
        Just(r#"{"id":1,"timestamp":1700000000000,"iat":1700000000,"exp":1700003600,"sub":"1","scope":"api","jti":"j","ep":0}"#.to_owned()),
        r#"\{"id":-?[0-9]{1,20},"iat":[0-9]{1,21}\}"#,
        ".{0,40}",
    ];
    let sig = "[A-Za-z0-9_=+/-]{0,50}";
    (header, payload, sig, edits()).prop_map(|(h, p, s, edits)| {
        let token = format!("{}.{}.{s}", URL_SAFE_NO_PAD.encode(h), URL_SAFE_NO_PAD.encode(p));
        apply(&token, &edits)
    })
}

fn jwt_case() -> impl Strategy<Value = JwtCase> {
    let issued = prop_oneof![
        4 => (-4000i32..100).prop_map(Issued::Near),
        1 => any::<i32>().prop_map(Issued::Near),
        1 => any::<u64>().prop_map(Issued::At),
        1 => (u64::MAX - 4000..=u64::MAX).prop_map(Issued::At),
        1 => (u64::MAX / 1000 - 4000..=u64::MAX / 1000).prop_map(Issued::At),
    ];
    let bend = prop_oneof![
        any::<u64>().prop_map(Bend::Exp),
        any::<u64>().prop_map(Bend::Timestamp),
        any::<u64>().prop_map(Bend::Iat),
        ".{0,12}".prop_map(Bend::Sub),
        ".{0,12}".prop_map(Bend::Scope),
    ];
    let bend = prop_oneof![3 => Just(None), 1 => bend.prop_map(Some)];
    (any::<i64>(), any::<i64>(), issued, any::<u16>(), bend, edits())
        .prop_map(|(user, epoch, issued, millis, bend, edits)| JwtCase { user, epoch, issued, millis, bend, edits })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_bearer_grammar_holds_for_any_bytes(header in bytes(96)) {
        bearer(&header);
    }

    #[test]
    fn the_bearer_grammar_holds_for_near_misses(header in near_bearer()) {
        bearer(&header);
    }

    #[test]
    fn no_forged_access_token_verifies(token in prop_oneof![bytes(300), ".{0,200}".prop_map(String::into_bytes)]) {
        jwt_verify(&token);
    }

    #[test]
    fn no_near_miss_access_token_verifies(token in near_jwt()) {
        jwt_verify(&token);
    }

    #[test]
    fn a_signed_token_verifies_only_unchanged_and_consistent(case in jwt_case()) {
        jwt_mutated(&case);
    }

    #[test]
    fn the_refresh_token_parser_holds_for_any_text(text in prop_oneof![bytes(80), ".{0,80}".prop_map(String::into_bytes)]) {
        refresh_token(&text);
    }

    #[test]
    fn an_edited_refresh_token_parses_only_as_itself(seed in bytes(43), edits in edits()) {
        refresh_token_edited(&seed, &edits);
    }

    #[test]
    fn one_changed_byte_of_a_refresh_token_is_caught(seed in bytes(43), at in any::<u16>(), b in any::<u8>()) {
        refresh_token_edited(&seed, &[Edit::Set(at, b)]);
    }

    #[test]
    fn a_padded_refresh_token_is_named_as_padded(seed in bytes(43), pad in "[ \t\r\n]{1,3}", front in any::<bool>()) {
        let token = refresh::from_seed(&seed);
        let padded = if front { format!("{pad}{}", token.expose()) } else { format!("{}{pad}", token.expose()) };
        refresh_token(padded.as_bytes());
        prop_assert_eq!(RefreshToken::parse(&padded).err(), Some(RefreshTokenFormatError::Whitespace));
    }
}

fn case(issued: Issued, bend: Option<Bend>) -> JwtCase {
    JwtCase { user: 7, epoch: 0, issued, millis: 999, bend, edits: Vec::new() }
}

#[test]
fn claims_at_the_edge_of_time_are_refused_without_overflow() {
    for issued in [Issued::At(u64::MAX), Issued::At(u64::MAX - TTL_SECS), Issued::At(u64::MAX / 1000)] {
        jwt_mutated(&case(issued, None));
        jwt_mutated(&case(issued, Some(Bend::Exp(u64::MAX))));
    }
    jwt_mutated(&case(Issued::Near(0), Some(Bend::Timestamp(u64::MAX))));
}

#[test]
fn a_token_issued_within_the_hour_verifies_to_its_claims() {
    for offset in [-3599, -1, 0, 5] {
        let case = case(Issued::Near(offset), Some(Bend::Scope("artist:read".into())));
        assert!(case.must_verify());
        let got = key_ring().verify(&key_ring().sign(&case.claims()), NOW);
        assert_eq!(got, Ok(case.claims()));
    }
    for offset in [-3601, 6] {
        assert!(!case(Issued::Near(offset), None).must_verify());
        jwt_mutated(&case(Issued::Near(offset), None));
    }
}

#[test]
fn edits_wrap_around_the_text() {
    assert_eq!(apply("abc", &[Edit::Set(4, b'X')]), b"aXc");
    assert_eq!(apply("abc", &[Edit::Insert(3, b'X'), Edit::Remove(0)]), b"bcX");
    assert_eq!(apply("abc", &[Edit::Truncate(7), Edit::Set(0, b'X')]), b"Xbc");
    assert_eq!(apply("abc", &[Edit::Truncate(5)]), b"a");
    assert_eq!(apply("", &[Edit::Set(1, b'X'), Edit::Remove(1), Edit::Insert(9, b'Y')]), b"Y");
}
