//! chartgate-server
