//! Layered settings: `*_FILE` variants for URLs that carry a password, and
//! a config file below the environment and flags.

use crate::support::chartgate;

#[test]
fn the_database_url_can_come_from_a_file_named_by_chartgate_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-file.db");
    let url_file = dir.path().join("database-url");
    std::fs::write(&url_file, format!("{}\n", db.display())).unwrap();
    let out = chartgate()
        .env("CHARTGATE_DATABASE_FILE", &url_file)
        .args(["user", "add", "--name", "f", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists(), "the database named in the file was used");
}

#[test]
fn a_missing_database_file_is_a_clear_error() {
    let out = chartgate().env("CHARTGATE_DATABASE_FILE", "/nonexistent/url").args(["user", "list"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CHARTGATE_DATABASE_FILE"), "{err}");
}

#[test]
fn a_flag_wins_over_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let (from_file, from_flag) = (dir.path().join("file.db"), dir.path().join("flag.db"));
    let config = dir.path().join("chartgate.toml");
    std::fs::write(&config, format!("database = {:?}\n", from_file.display().to_string())).unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = chartgate();
        cmd.arg("--config").arg(&config).args(extra).args(["migrate"]);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    run(&[]);
    assert!(from_file.exists());
    run(&["--database", from_flag.to_str().unwrap()]);
    assert!(from_flag.exists());
}

#[test]
fn an_unknown_key_in_the_config_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("chartgate.toml");
    std::fs::write(&config, "databse = \"x.db\"\n").unwrap();
    let out = chartgate().arg("--config").arg(&config).arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid config file"));
}

#[test]
fn the_example_config_file_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../chartgate.example.toml")).unwrap();
    let db = dir.path().join("example.db");
    let config = dir.path().join("chartgate.toml");
    let example = example.replace("\"chartgate.db\"", &format!("{:?}", db.display().to_string()));
    // As shipped, then with every optional key uncommented.
    let uncommented: String = example
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(kv)
                if kv.split_once(" = ").is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_')) =>
            {
                kv
            }
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    for text in [example.as_str(), uncommented.as_str()] {
        std::fs::write(&config, text).unwrap();
        let out = chartgate().arg("--config").arg(&config).arg("migrate").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(uncommented.contains("\nredis = "), "the optional keys were uncommented");
    assert!(db.exists());
}

#[test]
fn a_body_cache_size_that_is_not_a_size_is_refused_naming_the_setting() {
    let out = chartgate()
        .args(["serve", "--database", ":memory:", "--listen", "127.0.0.1:0", "--body-cache-size", "lots"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("body_cache_size") && err.contains("lots"), "{err}");
}
