//! Limiter conformance cases.
