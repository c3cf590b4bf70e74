//! Identifiers, parsed once at the edge ("parse, don't validate").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The numeric id of an API user (the `id` claim of an access token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} {value:?}: {why}")]
pub struct NameError {
    what: &'static str,
    value: String,
    why: &'static str,
}

fn check_name(what: &'static str, s: &str) -> Result<(), NameError> {
    let err = |why| Err(NameError { what, value: s.chars().take(80).collect(), why });
    if s.is_empty() || s.len() > 64 {
        return err("must be 1 to 64 characters long");
    }
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@');
    if !s.chars().all(ok) {
        return err("may contain only ASCII letters, digits and - _ . @");
    }
    Ok(())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $ty:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $ty(String);

        impl $ty {
            /// The name as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $ty {
            type Err = NameError;
            fn from_str(s: &str) -> Result<Self, NameError> {
                check_name($what, s).map(|()| Self(s.to_owned()))
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

name_type!(
    /// The unique name of an API user: 1 to 64 of `[A-Za-z0-9-_.@]`.
    UserName,
    "user name"
);
name_type!(
    /// The name of a plan: 1 to 64 of `[A-Za-z0-9-_.@]`.
    PlanName,
    "plan name"
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_refuse_spaces_and_empty() {
        assert!("a b".parse::<UserName>().is_err());
        assert!("".parse::<UserName>().is_err());
        assert!("dev@example.com".parse::<UserName>().is_ok());
    }

    proptest! {
        #[test]
        fn a_parsed_name_displays_as_its_input(s in "[A-Za-z0-9_.@-]{1,64}") {
            prop_assert_eq!(s.parse::<PlanName>().unwrap().to_string(), s);
        }

        #[test]
        fn parsing_never_panics(s in ".*") {
            let _ = s.parse::<UserName>();
        }
    }
}
