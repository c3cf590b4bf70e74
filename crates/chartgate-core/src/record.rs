//! Catalog records as an import reads them: artists, tracks and albums,
//! and what the catalog accepts of each.

use chartmetric_types::{Album, Artist, Track};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a record is not one the catalog can hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The record does not parse as JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// The record is JSON, but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A field has the wrong type.
    #[error("not {what}: {reason}")]
    WrongShape {
        /// "an artist", "a track", "an album".
        what: &'static str,
        /// serde's account of the field.
        reason: String,
    },
    /// `id` is missing, zero or negative.
    #[error("`id` must be a positive integer")]
    BadId,
    /// `name` is missing or blank.
    #[error("`name` is missing or empty")]
    NoName,
}

/// The kinds of records kept beside the artists: tracks and albums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// `/api/track/{id}`.
    Track,
    /// `/api/album/{id}`.
    Album,
}

impl RecordKind {
    /// `track` or `album`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Track => "track",
            RecordKind::Album => "album",
        }
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A track or album as stored: its id and its JSON body (re-serialised from
/// the typed record, so what is stored always reads back as one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The Chartmetric id.
    pub id: i64,
    /// The record as a JSON object.
    pub body: String,
}

/// Parses one record, a JSON object such as a line of a JSON-lines file,
/// into an artist that passes [`validate`].
pub fn parse_artist(record: &[u8]) -> Result<Artist, RecordError> {
    let artist: Artist = parse_object(record, "an artist")?;
    validate(artist.id, &artist.name)?;
    Ok(artist)
}

/// Parses one track or album record (a JSON object) and returns it ready to
/// store; the same rules as for artists (a positive id, a name).
pub fn parse_record(kind: RecordKind, record: &[u8]) -> Result<Record, RecordError> {
    match kind {
        RecordKind::Track => {
            let t: Track = parse_object(record, "a track")?;
            stored(t.id, &t.name, &t)
        }
        RecordKind::Album => {
            let a: Album = parse_object(record, "an album")?;
            stored(a.id, &a.name, &a)
        }
    }
}

fn parse_object<T: DeserializeOwned>(record: &[u8], what: &'static str) -> Result<T, RecordError> {
    let value: serde_json::Value = serde_json::from_slice(record).map_err(|e| RecordError::NotJson(e.to_string()))?;
    if !value.is_object() {
        return Err(RecordError::NotAnObject);
    }
    serde_json::from_value(value).map_err(|e| RecordError::WrongShape { what, reason: e.to_string() })
}

fn stored<T: Serialize>(id: i64, name: &str, typed: &T) -> Result<Record, RecordError> {
    validate(id, name)?;
    // A typed record always serialises; the error arm keeps a panic out.
    let body = serde_json::to_string(typed).map_err(|e| RecordError::NotJson(e.to_string()))?;
    Ok(Record { id, body })
}

/// What the catalog needs of every record: a positive id and a name.
pub fn validate(id: i64, name: &str) -> Result<(), RecordError> {
    if id <= 0 {
        return Err(RecordError::BadId);
    }
    if name.trim().is_empty() {
        return Err(RecordError::NoName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_with_a_positive_id_and_a_name_is_an_artist() {
        let artist = parse_artist(br#"{"id": 900001, "name": "Good One", "code2": "se", "new_field": 1}"#).unwrap();
        assert_eq!((artist.id, artist.name.as_str(), artist.code2.as_deref()), (900001, "Good One", Some("se")));
    }

    #[test]
    fn a_track_and_an_album_parse_and_store_as_their_typed_json() {
        let t = parse_record(RecordKind::Track, br#"{"id": 7, "name": "Song", "isrc": "USRC17607839"}"#).unwrap();
        assert_eq!(t.id, 7);
        let back: Track = serde_json::from_str(&t.body).unwrap();
        assert_eq!((back.name.as_str(), back.isrc.as_deref()), ("Song", Some("USRC17607839")));
        let a = parse_record(RecordKind::Album, br#"{"id": 9, "name": "LP", "upc": "00602537518357"}"#).unwrap();
        let back: Album = serde_json::from_str(&a.body).unwrap();
        assert_eq!((a.id, back.upc.as_deref()), (9, Some("00602537518357")));
    }

    #[test]
    fn each_kind_of_bad_record_is_refused_with_its_reason() {
        let cases: [(&[u8], &str); 7] = [
            (br#"{"id": 1, "name": "Broken"#, "not JSON: "),
            (br#"[{"id": 1, "name": "x"}]"#, "not a JSON object"),
            (br#"{"id": "1", "name": "x"}"#, "not an artist: "),
            (br#"{"name": "No Id"}"#, "`id` must be a positive integer"),
            (br#"{"id": -3, "name": "x"}"#, "`id` must be a positive integer"),
            (br#"{"id": 1}"#, "`name` is missing or empty"),
            (br#"{"id": 1, "name": "  "}"#, "`name` is missing or empty"),
        ];
        for (record, reason) in cases {
            let err = parse_artist(record).unwrap_err().to_string();
            assert!(err.starts_with(reason), "{}: {err}", String::from_utf8_lossy(record));
        }
        let err = parse_record(RecordKind::Track, br#"{"id": 1, "name": "x", "artists": 3}"#).unwrap_err();
        assert!(err.to_string().starts_with("not a track: "), "{err}");
        let err = parse_record(RecordKind::Album, br#"{"id": 0, "name": "x"}"#).unwrap_err();
        assert_eq!(err, RecordError::BadId);
    }
}
