//! chartgate-memory
