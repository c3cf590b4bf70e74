//! Arbitrary bytes as an access token, verified with a fixed key.
#![no_main]

libfuzzer_sys::fuzz_target!(|token: &[u8]| chartgate_core::fuzzing::jwt_verify(token));
