//! Conformance suites for the ports of `chartgate-core`.
//!
//! Each suite is a set of `pub async fn` cases plus a macro that turns them
//! into one `#[tokio::test]` per case for a given backend constructor. Every
//! backend crate invokes the macro in its own tests, so SQLite and PostgreSQL
//! run the same store tests, and the in-process and Redis limiters run the
//! same limiter tests: the same code, not copies.
//!
//! Test-only: never a dependency of a production crate.
#![allow(clippy::unwrap_used)] // a failed unwrap is how a conformance case fails

pub mod hooked;
pub mod limiter_suite;
pub mod services;
pub mod store_suite;
pub mod tls;
