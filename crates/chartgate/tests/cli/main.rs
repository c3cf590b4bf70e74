//! The `chartgate` binary run as an operator would, in one test binary:
//! admin commands against a database in a temp dir, imports, settings, and
//! `serve` end to end (one instance with SIGTERM, three sharing PostgreSQL
//! and Redis). `support` starts the binary for all of them.
#![allow(clippy::unwrap_used)] // unwrap is how tests fail

mod support;

mod admin;
mod audit;
mod cluster;
mod gateway;
mod import;
mod keys;
mod output;
mod plan;
mod serve;
mod settings;
