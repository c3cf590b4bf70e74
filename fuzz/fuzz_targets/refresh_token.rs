//! Arbitrary bytes through the refresh-token parser.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &[u8]| chartgate_core::fuzzing::refresh_token(text));
