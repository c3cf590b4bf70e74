//! Tokens signed with a fixed key from arbitrary claims, then edited, then
//! verified.
#![no_main]

use chartgate_core::fuzzing::{JwtCase, jwt_mutated};

libfuzzer_sys::fuzz_target!(|case: JwtCase| jwt_mutated(&case));
