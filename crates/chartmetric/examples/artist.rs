//! Fetch an artist and print a few fields.
//!
//! ```sh
//! CHARTMETRIC_REFRESH_TOKEN=... cargo run -p chartmetric --example artist -- 206557
//! # against a local chartgate server:
//! CHARTMETRIC_BASE_URL=http://127.0.0.1:8080 CHARTMETRIC_REFRESH_TOKEN=... \
//!     cargo run -p chartmetric --example artist
//! ```

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let id = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(206557);
    let client = match chartmetric::Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("configuration: {error}");
            return ExitCode::FAILURE;
        }
    };
    match client.artist(id).await {
        Ok(artist) => {
            println!("{} (id {})", artist.name, artist.id);
            if let Some(country) = &artist.code2 {
                println!("country: {country}");
            }
            if let Some(primary) = artist.genres.as_ref().and_then(|g| g.primary.as_ref()) {
                println!("primary genre: {}", primary.name);
            }
            let metrics = client.metrics();
            println!("({} mint, {} request)", metrics.mints, metrics.requests);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
