//! The token body target as bounded property tests: arbitrary bytes, and
//! near misses of the bodies and types clients send.

use super::*;
use chartgate_core::fuzzing::{Edit, apply};
use chartgate_core::refresh::RefreshToken;
use proptest::prelude::*;
use proptest::sample::select;

/// Cases per property: each runs in well under a second.
const CASES: u32 = 512;

fn content_type() -> impl Strategy<Value = Option<Vec<u8>>> {
    let named = select(vec![
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON ;charset=UTF-8",
        "text/json",
        "application/vnd.api+json",
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
        "",
        "application/json\u{7f}",
        "application/jsön",
    ]);
    prop_oneof![
        1 => Just(None),
        4 => named.prop_map(|t| Some(t.as_bytes().to_vec())),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(Some),
    ]
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<u16>(), any::<u8>()).prop_map(|(at, b)| Edit::Set(at, b)),
        (any::<u16>(), select(b"{}[]\",:=&%+\\ \n0".to_vec())).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<u16>().prop_map(Edit::Remove),
        any::<u16>().prop_map(Edit::Truncate),
    ];
    prop_oneof![Just(Vec::new()), prop::collection::vec(edit, 1..4)]
}

/// A JSON or form body with a right or wrong key and a right or wrong
/// value, the value often a real refresh token, then perhaps edited.
fn near_body() -> impl Strategy<Value = Vec<u8>> {
    let key = select(vec!["refreshtoken", "refresh_token", "refreshToken", "token", "cgrt_key", "x", ""]);
    let token = RefreshToken::generate().expose().to_owned();
    let value = select(vec![
        format!("\"{token}\""),
        "\"\"".into(),
        "5".into(),
        "null".into(),
        format!("[\"{token}\"]"),
        format!("{{\"refreshtoken\":\"{token}\"}}"),
        "\"\\u0000\\ud800\"".into(),
    ]);
    let json = (key.clone(), value).prop_map(|(k, v)| format!("{{\"{k}\": {v}}}"));
    let form = (key, select(vec![token.clone(), String::new(), format!("{token}%ZZ"), "a+b%20c".into()]))
        .prop_map(|(k, v)| format!("{k}={v}&other=1"));
    let shape = prop_oneof![json, form, Just(format!("\"{token}\"")), Just(token.clone()), "\\PC{0,40}"];
    (shape, edits()).prop_map(|(body, edits)| apply(&body, &edits))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_token_body_parser_holds_for_any_bytes(
        content_type in content_type(),
        body in prop::collection::vec(any::<u8>(), 0..MAX_BODY + 64),
    ) {
        token_body(content_type.as_deref(), &body);
    }

    #[test]
    fn the_token_body_parser_holds_for_near_misses(content_type in content_type(), body in near_body()) {
        token_body(content_type.as_deref(), &body);
    }

    #[test]
    fn a_body_is_read_up_to_the_limit_and_refused_past_it(len in MAX_BODY - 3..MAX_BODY + 3) {
        let mut body = br#"{"refreshtoken": "x"}"#.to_vec();
        body.resize(len, b' ');
        let got = parse_token_body(Some(b"application/json"), &body, MAX_BODY);
        if len > MAX_BODY {
            prop_assert!(matches!(got, Err(ApiError::PayloadTooLarge(MAX_BODY))), "{got:?}");
        } else {
            prop_assert_eq!(got.ok(), Some("x".to_owned()));
        }
        token_body(None, &body);
    }
}

#[test]
fn a_type_we_cannot_read_is_refused_before_the_size() {
    let big = vec![b'a'; MAX_BODY + 1];
    let got = parse_token_body(Some(b"text/plain"), &big, MAX_BODY);
    assert!(matches!(got, Err(ApiError::UnsupportedMediaType(_))), "{got:?}");
    let got = parse_token_body(Some(b"application/json\x01"), b"{}", MAX_BODY);
    assert!(matches!(got, Err(ApiError::UnsupportedMediaType(_))), "{got:?}");
}
