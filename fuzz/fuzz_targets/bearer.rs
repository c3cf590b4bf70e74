//! `Authorization` header bytes through the bearer grammar.
#![no_main]

libfuzzer_sys::fuzz_target!(|header: &[u8]| chartgate_core::fuzzing::bearer(header));
