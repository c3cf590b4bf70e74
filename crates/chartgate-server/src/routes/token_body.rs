//! Reading `{"refreshtoken": "..."}` (JSON, or the same field form-encoded),
//! with a precise 400, 413 or 415 for each way a body can be wrong.

use crate::error::ApiError;
use axum::body::Body;
use http::{HeaderMap, HeaderValue, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::Value;

const FIELD: &str = "refreshtoken";
const EXAMPLE: &str = r#"{"refreshtoken": "<your refresh token>"}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Form,
}

/// The refresh token a mint request carries, exactly as sent.
pub async fn refresh_token_from(headers: &HeaderMap, body: Body, max: usize) -> Result<String, ApiError> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(ApiError::PayloadTooLarge(max));
    }
    let content_type = headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes);
    // A type we cannot read is refused before the body is read.
    kind_of(content_type)?;
    let bytes = match Limited::new(body, max).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(ApiError::PayloadTooLarge(max)),
        Err(e) => return Err(ApiError::BadRequest(format!("could not read the request body: {e}"))),
    };
    parse_token_body(content_type, &bytes, max)
}

/// The refresh token in a whole body of a `Content-Type` (raw header
/// bytes, `None` when none was sent): 415 for a type that is neither JSON
/// nor a form, 413 for a body over `max` bytes, 400 for a body without a
/// non-empty `refreshtoken` string. Pure, for the reader above and for
/// fuzzing.
pub fn parse_token_body(content_type: Option<&[u8]>, body: &[u8], max: usize) -> Result<String, ApiError> {
    let kind = kind_of(content_type)?;
    if body.len() > max {
        return Err(ApiError::PayloadTooLarge(max));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest(format!("the request body is empty; send {EXAMPLE}")));
    }
    match kind.unwrap_or_else(|| sniff(body)) {
        Kind::Json => from_json(body),
        Kind::Form => from_form(body),
    }
}

/// `None` when no Content-Type was sent: the body decides.
fn kind_of(content_type: Option<&[u8]>) -> Result<Option<Kind>, ApiError> {
    let Some(raw) = content_type else {
        return Ok(None);
    };
    // As `HeaderValue::to_str`: visible ASCII and tabs, or nothing.
    let visible = raw.iter().all(|&b| b == b'\t' || (b' '..=b'~').contains(&b));
    let value = std::str::from_utf8(raw).ok().filter(|_| visible).unwrap_or("").to_ascii_lowercase();
    let essence = value.split(';').next().unwrap_or("").trim();
    match essence {
        "application/json" | "text/json" => Ok(Some(Kind::Json)),
        e if e.starts_with("application/") && e.ends_with("+json") => Ok(Some(Kind::Json)),
        "application/x-www-form-urlencoded" => Ok(Some(Kind::Form)),
        _ => Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type {:?} is not supported; send application/json with {EXAMPLE}, or application/x-www-form-urlencoded with refreshtoken=...",
            essence.chars().take(60).collect::<String>()
        ))),
    }
}

fn sniff(bytes: &[u8]) -> Kind {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[' | b'"')) || !bytes.contains(&b'=') { Kind::Json } else { Kind::Form }
}

fn from_json(bytes: &[u8]) -> Result<String, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON body ({e}); send {EXAMPLE}")))?;
    let Value::Object(map) = value else {
        return Err(ApiError::BadRequest(format!("the body must be a JSON object; send {EXAMPLE}")));
    };
    match map.get(FIELD) {
        Some(Value::String(s)) => non_empty(s.clone()),
        Some(other) => Err(ApiError::BadRequest(format!("`refreshtoken` must be a string, got {}", type_name(other)))),
        None => Err(missing(map.keys().map(String::as_str))),
    }
}

fn from_form(bytes: &[u8]) -> Result<String, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes)
        .map_err(|e| ApiError::BadRequest(format!("malformed form body ({e}); send refreshtoken=...")))?;
    match pairs.iter().find(|(k, _)| k == FIELD) {
        Some((_, v)) => non_empty(v.clone()),
        None => Err(missing(pairs.iter().map(|(k, _)| k.as_str()))),
    }
}

fn non_empty(s: String) -> Result<String, ApiError> {
    if s.is_empty() { Err(ApiError::BadRequest("`refreshtoken` is empty".into())) } else { Ok(s) }
}

/// A 400 for a body without `refreshtoken`, naming a near miss if there is one.
fn missing<'a>(keys: impl Iterator<Item = &'a str>) -> ApiError {
    let near = keys.into_iter().find(|k| is_near_miss(k));
    ApiError::BadRequest(match near {
        Some(k) => format!(
            "missing field `refreshtoken`: the body has `{}`, but the field is named `refreshtoken` (all lower case, one word)",
            k.chars().take(40).collect::<String>()
        ),
        None => format!("missing field `refreshtoken`; send {EXAMPLE}"),
    })
}

fn is_near_miss(key: &str) -> bool {
    let folded: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    matches!(folded.as_str(), "refreshtoken" | "token" | "refresh" | "refreshtokens" | "accesstoken")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Result<String, ApiError> {
        from_json(s.as_bytes())
    }

    #[test]
    fn near_misses_name_the_right_field() {
        for key in ["refresh_token", "refreshToken", "token", "RefreshToken", "refresh-token"] {
            let body = format!(r#"{{"{key}": "x"}}"#);
            let msg = json(&body).unwrap_err().to_string();
            assert!(msg.contains("`refreshtoken`") && msg.contains(key), "{msg}");
        }
    }

    #[test]
    fn each_bad_json_body_has_its_message() {
        assert!(json("{").unwrap_err().to_string().contains("malformed JSON"));
        assert!(json("[1]").unwrap_err().to_string().contains("JSON object"));
        assert!(json(r#"{"refreshtoken": 5}"#).unwrap_err().to_string().contains("a number"));
        assert!(json(r#"{"refreshtoken": ""}"#).unwrap_err().to_string().contains("empty"));
        assert_eq!(json(r#"{"refreshtoken": "x", "extra": 1}"#).unwrap(), "x");
    }

    #[test]
    fn form_bodies_are_read() {
        assert_eq!(from_form(b"refreshtoken=abc&x=1").unwrap(), "abc");
        assert!(from_form(b"refresh_token=abc").unwrap_err().to_string().contains("refresh_token"));
    }
}
