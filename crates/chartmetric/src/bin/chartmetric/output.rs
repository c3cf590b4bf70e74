//! Printing: JSON (pretty or compact), NDJSON and CSV, and `--include`.

use chartmetric::Response;
use serde_json::Value;
use std::io::{self, Write};

/// The output formats of `chartmetric get`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document: the `obj` (with `--all`, an array of every item).
    Json,
    /// One JSON value per line: each item of a list, else the `obj`.
    Ndjson,
    /// A header line and one row per item; nested values as JSON.
    Csv,
}

/// The items of a list `obj` (itself, or its `data` or `obj` field);
/// anything else is one item.
pub fn items_of(obj: Value) -> Vec<Value> {
    match obj {
        Value::Array(items) => items,
        Value::Object(mut fields) if matches!(fields.get("data"), Some(Value::Array(_))) => match fields.remove("data")
        {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        Value::Object(mut fields) if matches!(fields.get("obj"), Some(Value::Array(_))) => match fields.remove("obj") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        other => vec![other],
    }
}

pub fn json(out: &mut impl Write, value: &Value, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)
}

pub fn ndjson(out: &mut impl Write, items: &[Value]) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, item)?;
        writeln!(out)?;
    }
    Ok(())
}

/// CSV (RFC 4180) of the items: the columns are every key of the objects,
/// in order of first appearance; a list of scalars is one `value` column.
pub fn csv(out: &mut impl Write, items: &[Value]) -> io::Result<()> {
    let mut columns: Vec<&str> = Vec::new();
    for item in items {
        if let Value::Object(fields) = item {
            for key in fields.keys() {
                if !columns.contains(&key.as_str()) {
                    columns.push(key);
                }
            }
        }
    }
    if columns.is_empty() {
        writeln!(out, "value")?;
        for item in items {
            writeln!(out, "{}", field(&cell(item)))?;
        }
        return Ok(());
    }
    writeln!(out, "{}", columns.iter().map(|c| field(c)).collect::<Vec<_>>().join(","))?;
    for item in items {
        let row: Vec<String> = columns.iter().map(|c| field(&item.get(*c).map(cell).unwrap_or_default())).collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// A value as the text of a cell: strings bare, null empty, the rest JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Quotes a field when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

/// `--include`: the status line and headers of a response, on stderr.
pub fn include(response: &Response) {
    let mut err = io::stderr().lock();
    let status = response.status();
    let _ = writeln!(err, "HTTP {} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
    for (name, value) in response.headers() {
        let _ = writeln!(err, "{name}: {}", String::from_utf8_lossy(value.as_bytes()));
    }
    let _ = writeln!(err);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_takes_every_key() {
        let items = [json!({"id": 1, "name": "a, \"b\""}), json!({"id": 2, "tags": [1, 2], "name": null})];
        let csv = text(|out| csv(out, &items));
        assert_eq!(csv, "id,name,tags\n1,\"a, \"\"b\"\"\",\n2,,\"[1,2]\"\n");
        assert_eq!(text(|out| super::csv(out, &[json!(1), json!("x")])), "value\n1\nx\n");
    }

    #[test]
    fn the_items_are_the_list_or_its_data_or_obj_field() {
        assert_eq!(items_of(json!([1, 2])).len(), 2);
        assert_eq!(items_of(json!({"length": 1, "data": [1]})).len(), 1);
        assert_eq!(items_of(json!({"obj": [1, 2, 3], "total": 3})).len(), 3);
        assert_eq!(items_of(json!({"id": 1})), [json!({"id": 1})]);
    }
}
