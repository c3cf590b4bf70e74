//! The shared limiter suite, on the in-process limiter.

use chartgate_memory::MemoryLimiter;
use std::sync::Arc;

chartgate_testkit::limiter_conformance!(Arc::new(MemoryLimiter::new()));
