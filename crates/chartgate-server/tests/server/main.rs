//! chartgate-server's integration tests, in one binary: the real application
//! on port 0, talked to over HTTP. `common` is the harness; each other module
//! is one area of behaviour.
#![allow(clippy::unwrap_used)] // unwrap is how tests fail

mod common;
mod external;

mod artist;
mod audit;
mod bearer;
mod broker;
mod cluster;
mod docs_browser;
mod edges;
mod faults;
mod forwarded;
mod garbage;
mod gateway;
mod injected_faults;
mod keys;
mod lifecycle;
mod logs;
mod metrics;
mod openapi;
mod openapi_fuzz;
mod plans;
mod rate_limits;
mod refresh_reuse;
mod rotation;
mod sandbox;
mod sandbox_artist;
mod sandbox_charts;
mod sandbox_entities;
mod scopes;
mod sdk;
mod sdk_typed;
mod security;
mod smoke;
mod snapshots;
mod token;
