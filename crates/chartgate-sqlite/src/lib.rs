//! chartgate-sqlite
