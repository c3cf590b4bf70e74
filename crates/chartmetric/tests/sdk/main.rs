//! The chartmetric SDK and CLI against a fault-injecting stand-in for the
//! Chartmetric API (`common::Stub`), in one binary. The counting-allocator
//! test keeps a binary of its own (`tests/fast_path_allocations.rs`): a
//! `#[global_allocator]` is process-wide.

mod common;

#[cfg(feature = "cli")]
mod cli;
mod failures;
mod metrics;
mod rate_limits;
mod retries;
mod rotation;
mod secrets;
mod single_flight;
mod token_lifecycle;
mod trimming;
mod unauthorized;
