//! Artist records as an import reads them: what the catalog accepts.

use chartmetric_types::Artist;

/// Why a record is not an artist the catalog can hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArtistError {
    /// The record does not parse as JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// The record is JSON, but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A field has the wrong type.
    #[error("not an artist: {0}")]
    NotAnArtist(String),
    /// `id` is missing, zero or negative.
    #[error("`id` must be a positive integer")]
    BadId,
    /// `name` is missing or blank.
    #[error("`name` is missing or empty")]
    NoName,
}

/// Parses one record, a JSON object such as a line of a JSON-lines file,
/// into an artist that passes [`validate`].
pub fn parse_record(record: &[u8]) -> Result<Artist, ArtistError> {
    let value: serde_json::Value = serde_json::from_slice(record).map_err(|e| ArtistError::NotJson(e.to_string()))?;
    if !value.is_object() {
        return Err(ArtistError::NotAnObject);
    }
    let artist: Artist = serde_json::from_value(value).map_err(|e| ArtistError::NotAnArtist(e.to_string()))?;
    validate(&artist)?;
    Ok(artist)
}

/// What the catalog needs of every artist: a positive id and a name.
pub fn validate(artist: &Artist) -> Result<(), ArtistError> {
    if artist.id <= 0 {
        return Err(ArtistError::BadId);
    }
    if artist.name.trim().is_empty() {
        return Err(ArtistError::NoName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_with_a_positive_id_and_a_name_is_an_artist() {
        let artist = parse_record(br#"{"id": 900001, "name": "Good One", "code2": "se", "new_field": 1}"#).unwrap();
        assert_eq!((artist.id, artist.name.as_str(), artist.code2.as_deref()), (900001, "Good One", Some("se")));
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
            let err = parse_record(record).unwrap_err().to_string();
            assert!(err.starts_with(reason), "{}: {err}", String::from_utf8_lossy(record));
        }
    }
}
