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

#[test]
fn chart_entry_writes_rank_stats_camel_case_and_skips_absent_extras() {
    let e = ChartEntry { rank: 1, peak_rank: 1, time_on_chart: 3, ..ChartEntry::default() };
    let v = serde_json::to_value(&e).unwrap();
    assert!(v.get("rankStats").unwrap().is_array());
    assert!(v.get("rank_stats").is_none());
    assert!(v.get("itunes_album_id").is_none() && v.get("youtube_track_id").is_none() && v.get("code2").is_none());
    assert!(v["rank"].is_i64() && v["time_on_chart"].is_i64());
    assert!(v["pre_rank"].is_null());
}

#[test]
fn chart_entry_keeps_platform_extras_flat() {
    let mut e = ChartEntry::default();
    e.platform.itunes_album_id = Some(12);
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["itunes_album_id"], 12);
    let back: ChartEntry = serde_json::from_value(v).unwrap();
    assert_eq!(back.platform.itunes_album_id, Some(12));
}

#[test]
fn points_write_whole_values_as_integers() {
    let p = Point { diff: Some(-3.0), monthly_diff_percent: Some(1.5), ..Point::new("t", 42.0) };
    let s = serde_json::to_string(&p).unwrap();
    assert_eq!(s, r#"{"timestp":"t","value":42,"diff":-3,"monthly_diff_percent":1.5}"#);
    assert_eq!(serde_json::to_string(&Point::new("t", 0.25)).unwrap(), r#"{"timestp":"t","value":0.25}"#);
}

#[test]
fn every_shape_tolerates_unknown_fields() {
    let extra = r#"{"id":1,"name":"n","surprise":{"a":[1]}}"#;
    assert_eq!(serde_json::from_str::<Track>(extra).unwrap().id, 1);
    assert_eq!(serde_json::from_str::<Album>(extra).unwrap().id, 1);
    assert_eq!(serde_json::from_str::<Playlist>(extra).unwrap().id, 1);
    assert_eq!(serde_json::from_str::<Curator>(extra).unwrap().id, 1);
    assert_eq!(serde_json::from_str::<ChartEntry>(extra).unwrap().id, 1);
    assert_eq!(serde_json::from_str::<RelatedArtist>(extra).unwrap().id, 1);
    let page: ChartPage = serde_json::from_str(r#"{"length":0,"data":[],"x":1}"#).unwrap();
    assert_eq!(page.length, 0);
}

#[test]
fn search_results_skip_types_not_asked_for() {
    let r = SearchResults { artists: Some(vec![]), ..SearchResults::default() };
    assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::json!({"artists": []}));
}

#[test]
fn playlist_hit_followers_is_a_number_or_a_display_string() {
    let n: PlaylistHit = serde_json::from_str(r#"{"id":1,"name":"x","followers":12}"#).unwrap();
    let s: PlaylistHit = serde_json::from_str(r#"{"id":1,"name":"x","followers":"4.2M"}"#).unwrap();
    assert_eq!(n.followers, Some(Count::Number(12)));
    assert_eq!(s.followers, Some(Count::Text("4.2M".into())));
}

#[test]
fn metric_row_carries_the_metric_under_its_own_name() {
    let mut row = MetricRow { id: 1, cm_artist: 1, name: "a".into(), ..MetricRow::default() };
    row.metric.insert("sp_followers".into(), 12.into());
    let v = serde_json::to_value(&row).unwrap();
    assert_eq!(v["sp_followers"], 12);
}
