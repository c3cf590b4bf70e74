//! Three `chartgate serve` processes on one PostgreSQL schema and one Redis
//! prefix, administered with `chartgate token rotate` from a fourth process:
//! the deployment docs/OPERATIONS.md describes, run for real. In CI the
//! services must be there; elsewhere the test skips without them.

use crate::support::*;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_serve_processes_share_tokens_limits_and_revocations() {
    let (Some(pg), Some(redis)) =
        (chartgate_testkit::services::postgres_url(), chartgate_testkit::services::redis_url())
    else {
        return;
    };
    let tag = std::process::id();
    let schema = format!("cg_cli_{tag}_{}", Instant::now().elapsed().as_nanos() % 1_000_000);
    // The schema is made by a store once; the binaries then reach it through
    // the connection's search_path option.
    let store = chartgate_postgres::PostgresStore::connect_with_schema(&pg, &schema).unwrap();
    chartgate_core::Store::migrate(&store).await.unwrap();
    let sep = if pg.contains('?') { '&' } else { '?' };
    let database = format!("{pg}{sep}options=-csearch_path%3D{schema}");

    ok_json(&database, &["plan", "set", "three", "--rps", "3", "--mint-rps", "50", "--json"]);
    let user = ok_json(&database, &["user", "add", "--name", "ops", "--plan", "three", "--json"]);
    let refresh = user["refresh_token"].as_str().unwrap().to_owned();

    let logs = tempfile::tempdir().unwrap();
    let prefix = format!("cgtest:{schema}");
    let args = ["--redis", redis.as_str(), "--instances", "3", "--redis-prefix", prefix.as_str()];
    let mut servers: Vec<Server> =
        (0..3).map(|i| Server::start(&database, &args, logs.path().join(format!("serve-{i}.log")))).collect();
    let http = reqwest::Client::new();
    for server in &mut servers {
        server.ready(&http).await;
    }
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();

    // A token minted on one instance works on all three.
    let minted: serde_json::Value = http
        .post(format!("{}/api/token", bases[0]))
        .json(&serde_json::json!({"refreshtoken": refresh}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = minted["token"].as_str().unwrap().to_owned();

    // Twelve requests at once through the three: the plan's three pass.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (http, url, token) = (http.clone(), format!("{}/api/artist/206557", bases[i % 3]), token.clone());
        tasks.push(tokio::spawn(
            async move { http.get(url).bearer_auth(token).send().await.unwrap().status().as_u16() },
        ));
    }
    let mut ok = 0;
    for t in tasks {
        let s = t.await.unwrap();
        assert!(s == 200 || s == 429, "{s}");
        ok += usize::from(s == 200);
    }
    let spread = started.elapsed();
    if spread < Duration::from_millis(900) {
        assert_eq!(ok, 3, "one shared window across the three instances");
    } else {
        assert!(ok <= 6, "{ok} accepted over {spread:?}");
    }

    // Rotation from a fourth process ends the old access token everywhere
    // within a second (the default poll interval is 0.5 s).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let rotated = ok_json(&database, &["token", "rotate", "ops", "--json"]);
    let at = Instant::now();
    assert_ne!(rotated["refresh_token"], refresh.as_str());
    for base in &bases {
        loop {
            let s = http.get(format!("{base}/api/artist/206557")).bearer_auth(&token).send().await.unwrap().status();
            if s == 401 {
                break;
            }
            assert!(at.elapsed() < Duration::from_secs(1), "{base} still accepts the rotated-away token");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
    eprintln!("rotation reached all three instances in {} ms", at.elapsed().as_millis());
    drop(servers);
}
