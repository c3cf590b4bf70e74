//! Well-formed refresh tokens, edited, through the refresh-token parser.
#![no_main]

use chartgate_core::fuzzing::{Edit, refresh_token_edited};

libfuzzer_sys::fuzz_target!(|input: (Vec<u8>, Vec<Edit>)| refresh_token_edited(&input.0, &input.1));
