//! Where a store lives: a file, or memory.

use chartgate_core::StoreError;
use std::fmt;
use std::path::PathBuf;

/// A parsed database location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A database file; it is created when missing, its folder is not.
    File(PathBuf),
    /// A private in-memory database, gone when the store is dropped.
    Memory,
}

impl Target {
    /// Parses `PATH`, `sqlite://PATH`, `sqlite:PATH`, `:memory:` or
    /// `sqlite::memory:`. URL forms take no query parameters.
    pub(crate) fn parse(url_or_path: &str) -> Result<Self, StoreError> {
        let rest = url_or_path.strip_prefix("sqlite://").or_else(|| url_or_path.strip_prefix("sqlite:"));
        let path = match rest {
            Some(rest) if rest.contains('?') => {
                return Err(invalid(url_or_path, "query parameters are not supported"));
            }
            Some(rest) => rest,
            None => url_or_path,
        };
        match path {
            "" => Err(invalid(url_or_path, "no path given")),
            ":memory:" => Ok(Self::Memory),
            _ => Ok(Self::File(PathBuf::from(path))),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Memory => f.write_str(":memory:"),
        }
    }
}

fn invalid(input: &str, why: &str) -> StoreError {
    StoreError::Backend(format!("invalid SQLite location {input:?}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str) -> Target {
        Target::File(PathBuf::from(p))
    }

    #[test]
    fn url_forms_and_plain_paths_name_the_same_file() {
        assert_eq!(Target::parse("data/cg.db").unwrap(), file("data/cg.db"));
        assert_eq!(Target::parse("sqlite://data/cg.db").unwrap(), file("data/cg.db"));
        assert_eq!(Target::parse("sqlite:data/cg.db").unwrap(), file("data/cg.db"));
        assert_eq!(Target::parse("sqlite:///var/cg.db").unwrap(), file("/var/cg.db"));
    }

    #[test]
    fn both_memory_spellings_are_memory() {
        assert_eq!(Target::parse(":memory:").unwrap(), Target::Memory);
        assert_eq!(Target::parse("sqlite::memory:").unwrap(), Target::Memory);
        assert_eq!(Target::parse("sqlite://:memory:").unwrap(), Target::Memory);
    }

    #[test]
    fn empty_paths_and_query_strings_are_refused() {
        for bad in ["", "sqlite://", "sqlite:", "sqlite://cg.db?mode=rwc"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }
}
