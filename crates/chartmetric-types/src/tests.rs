use super::*;

#[test]
fn token_response_has_exactly_four_keys() {
    let r = TokenResponse { token: "t".into(), expires_in: 3600, refresh_token: "r".into(), scope: "api".into() };
    let v = serde_json::to_value(&r).unwrap();
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["expires_in", "refresh_token", "scope", "token"]);
    assert!(v["expires_in"].is_u64());
}

#[test]
fn artist_round_trips_unknown_fields() {
    let src = r#"{"id":1,"name":"x","genres":{"primary":{"id":1,"name":"pop","score":0.5},"secondary":[],"sub":[]},"new_field":[1]}"#;
    let a: Artist = serde_json::from_str(src).unwrap();
    assert_eq!(a.genres.as_ref().unwrap().primary.as_ref().unwrap().name, "pop");
    let back = serde_json::to_value(&a).unwrap();
    assert_eq!(back["new_field"], serde_json::json!([1]));
}

#[test]
fn envelope_has_only_obj() {
    let v = serde_json::to_value(Envelope::new(1)).unwrap();
    assert_eq!(v, serde_json::json!({"obj": 1}));
}
