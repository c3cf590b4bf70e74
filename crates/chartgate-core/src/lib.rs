//! chartgate-core
