//! Behind a load balancer: failed mints counted per forwarded client address.

use crate::common::*;
use chartgate_core::{RefreshToken, Rule};
use std::time::Duration;

async fn bad_mint(app: &TestApp, forwarded: &str) -> u16 {
    let bogus = RefreshToken::generate();
    let req = app.http.post(app.url("/api/token")).header("x-forwarded-for", forwarded);
    req.json(&serde_json::json!({"refreshtoken": bogus.expose()})).send().await.unwrap().status().as_u16()
}

fn opts(trust: bool) -> Options {
    let mut o = Options::default();
    o.config.failed_mint_rule = Rule { limit: 2, window: Duration::from_secs(60) };
    o.config.trust_forwarded_for = trust;
    o
}

#[tokio::test]
async fn trusting_the_proxy_counts_each_forwarded_client_apart() {
    let app = spawn_with(opts(true)).await;
    for _ in 0..2 {
        assert_eq!(bad_mint(&app, "203.0.113.9, 198.51.100.1").await, 401);
    }
    assert_eq!(bad_mint(&app, "203.0.113.9, 198.51.100.1").await, 429);
    // Another client behind the same balancer still has its budget; the
    // forged left-hand entry does not matter, the proxy's last one does.
    assert_eq!(bad_mint(&app, "198.51.100.1, 198.51.100.2").await, 401);
}

#[tokio::test]
async fn by_default_the_header_is_ignored_and_the_peer_counts() {
    let app = spawn_with(opts(false)).await;
    assert_eq!(bad_mint(&app, "198.51.100.1").await, 401);
    assert_eq!(bad_mint(&app, "198.51.100.2").await, 401);
    assert_eq!(bad_mint(&app, "198.51.100.3").await, 429, "all three came from 127.0.0.1");
}
