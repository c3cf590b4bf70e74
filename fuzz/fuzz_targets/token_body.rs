//! A `Content-Type` and a body through the token request body parser.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: (Option<Vec<u8>>, Vec<u8>)| {
    chartgate_server::fuzzing::token_body(input.0.as_deref(), &input.1);
});
