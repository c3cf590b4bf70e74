//! `chartgate import artists`: good lines are loaded, bad ones reported by
//! line number.

use crate::support::*;
use chartgate_core::Store;
use chartgate_sqlite::SqliteStore;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

const ARTISTS: &str = r#"{"id": 900001, "name": "Good One", "code2": "se"}
{"id": 900002, "name": "Broken
{"id": 900003, "name": "Good Two", "genres": {"primary": {"id": 1, "name": "pop", "score": 0.5}, "secondary": [], "sub": []}}

{"name": "No Id"}
{"id": 900004, "name": "Good Three", "tags": [{"name": "x", "id": 2, "count": 3}]}
"#;

fn write_artists(dir: &Path) -> PathBuf {
    let path = dir.join("artists.jsonl");
    std::fs::File::create(&path).unwrap().write_all(ARTISTS.as_bytes()).unwrap();
    path
}

fn stored_artists(db: &Path, ids: &[i64]) -> Vec<Option<String>> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let store = SqliteStore::open(db.to_str().unwrap()).unwrap();
        let mut names = Vec::new();
        for &id in ids {
            names.push(store.artist(id).await.unwrap().map(|a| a.name));
        }
        names
    })
}

#[test]
fn import_keeps_good_lines_reports_bad_ones_by_line_number_and_exits_2() {
    let (dir, db) = temp_db();
    let file = write_artists(dir.path());
    let o = run(&db, &["import", "artists", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}\n{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("line 2:"), "{err}");
    assert!(err.contains("line 5:"), "{err}");
    assert!(!err.contains("line 1:") && !err.contains("line 3:") && !err.contains("line 6:"), "{err}");
    assert!(stdout(&o).contains("loaded 3"), "{}", stdout(&o));

    let names = stored_artists(&db, &[900001, 900002, 900003, 900004]);
    assert_eq!(names, [Some("Good One".to_owned()), None, Some("Good Two".to_owned()), Some("Good Three".to_owned())]);
}

#[test]
fn import_with_json_reports_loaded_and_rejected_lines() {
    let (dir, db) = temp_db();
    let file = write_artists(dir.path());
    let o = run(&db, &["import", "artists", file.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["loaded"], 3, "{v}");
    let lines: Vec<u64> = v["rejected"].as_array().unwrap().iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 5], "{v}");
    for r in v["rejected"].as_array().unwrap() {
        assert!(r["reason"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
    }
}

#[test]
fn importing_a_clean_file_exits_0_and_a_missing_file_fails_clearly() {
    let (dir, db) = temp_db();
    let file = dir.path().join("clean.jsonl");
    std::fs::write(&file, "{\"id\": 900010, \"name\": \"Clean\"}\n").unwrap();
    let o = run(&db, &["import", "artists", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stored_artists(&db, &[900010]), [Some("Clean".to_owned())]);
    let err = fails(&db, &["import", "artists", dir.path().join("nope.jsonl").to_str().unwrap()]);
    assert!(err.contains("nope.jsonl"), "{err}");
}

#[test]
fn tracks_and_albums_import_into_their_own_kind_with_bad_lines_reported() {
    let (dir, db) = temp_db();
    let tracks = dir.path().join("tracks.jsonl");
    std::fs::write(
        &tracks,
        "{\"id\": 15678739, \"name\": \"Imported Song\", \"isrc\": \"USRC17607839\"}\n{\"id\": 5, \"name\": \"\"}\n{\"id\": 6, \"name\": \"x\", \"artists\": 1}\n",
    )
    .unwrap();
    let o = run(&db, &["import", "tracks", tracks.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains("loaded 1 tracks"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("line 2: `name` is missing") && err.contains("line 3: not a track"), "{err}");

    let albums = dir.path().join("albums.jsonl");
    std::fs::write(&albums, "{\"id\": 1119543, \"name\": \"Imported LP\", \"upc\": \"00602537518357\"}\n").unwrap();
    let v: Value =
        serde_json::from_str(ok(&db, &["import", "albums", albums.to_str().unwrap(), "--json"]).trim()).unwrap();
    assert_eq!(v["loaded"], 1, "{v}");

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use chartgate_core::RecordKind;
        let store = SqliteStore::open(db.to_str().unwrap()).unwrap();
        let track: Value =
            serde_json::from_str(&store.record(RecordKind::Track, 15678739).await.unwrap().unwrap()).unwrap();
        assert_eq!(track["name"], "Imported Song");
        let album: Value =
            serde_json::from_str(&store.record(RecordKind::Album, 1119543).await.unwrap().unwrap()).unwrap();
        assert_eq!(album["upc"], "00602537518357");
        assert_eq!(store.record(RecordKind::Album, 15678739).await.unwrap(), None, "a track is not an album");
    });
}
