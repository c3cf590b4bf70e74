//! `chartgate key ...`: signing keys listed, rotated and retired, never
//! printing a secret.

use crate::support::*;

#[test]
fn keys_rotate_list_and_retire_and_the_active_key_cannot_be_retired() {
    let (_dir, db) = temp_db();
    assert_eq!(ok_json(&db, &["key", "list", "--json"]), serde_json::json!([]));
    let first = ok_json(&db, &["key", "rotate", "--json"]);
    assert_eq!((first["alg"].as_str(), first["state"].as_str()), (Some("HS256"), Some("active")));
    let second = ok_json(&db, &["key", "rotate", "--alg", "EdDSA", "--json"]);
    assert!(second["kid"].as_str().unwrap().starts_with("ed-"), "{second}");
    let keys = ok_json(&db, &["key", "list", "--json"]);
    let keys = keys.as_array().expect("an array");
    let states: Vec<_> = keys.iter().map(|k| (k["kid"].clone(), k["state"].as_str().unwrap().to_owned())).collect();
    assert_eq!(states, vec![(first["kid"].clone(), "verifying".into()), (second["kid"].clone(), "active".into())]);
    for k in keys {
        let mut fields: Vec<_> = k.as_object().expect("an object").keys().cloned().collect();
        fields.sort();
        assert_eq!(fields, ["alg", "created_at", "kid", "state"], "never a secret: {k}");
    }
    let refused = fails(&db, &["key", "retire", second["kid"].as_str().unwrap()]);
    assert!(refused.contains("active signing key") && refused.contains("key rotate"), "{refused}");
    assert!(fails(&db, &["key", "retire", "nope"]).contains("no signing key"));
    let retired = ok_json(&db, &["key", "retire", first["kid"].as_str().unwrap(), "--json"]);
    assert_eq!(retired["state"], "retired");
}
