//! Three instances on one PostgreSQL and one Redis behave as one.
//! These run in CI against the machine's services and never skip there.

use crate::common::cluster::{Instance, shared};
use chartgate_core::ManualClock;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_minted_on_one_instance_is_accepted_by_the_others() {
    let Some(shared) = shared() else { return };
    let a = Instance::new(&shared).spawn().await;
    let b = Instance::new(&shared).spawn().await;
    let c = Instance::new(&shared).spawn().await;
    a.plan("fast", 1000, 1000, "api").await;
    let refresh = a.user("roaming", "fast").await;
    let token = b.mint(&refresh).await;
    for app in [&a, &b, &c] {
        let res = app.get("/api/artist/206557", &token.token).await;
        assert_eq!(res.status(), 200, "instance {}", app.addr);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_per_second_hit_through_three_instances_accepts_five_in_any_second() {
    let Some(shared) = shared() else { return };
    let clock = Arc::new(ManualClock::starting_now());
    let mut apps = Vec::new();
    for _ in 0..3 {
        apps.push(Instance { clock: Some(clock.clone()), ..Instance::new(&shared) }.spawn().await);
    }
    apps[0].plan("five", 5, 100, "api").await;
    let refresh = apps[0].user("busy", "five").await;
    let token = apps[1].mint(&refresh).await.token;
    for second in 0..3 {
        // 30 requests at one moment, ten through each instance, at once.
        let mut tasks = Vec::new();
        for i in 0..30 {
            let (http, url, token) = (apps[i % 3].http.clone(), apps[i % 3].url("/api/artist/206557"), token.clone());
            tasks.push(tokio::spawn(async move { http.get(url).bearer_auth(token).send().await.unwrap().status() }));
        }
        let mut ok = 0;
        for t in tasks {
            let status = t.await.unwrap();
            assert!(status == 200 || status == 429, "{status}");
            ok += usize::from(status == 200);
        }
        assert_eq!(ok, 5, "second {second}: the three instances together accept the plan's five");
        clock.advance(Duration::from_millis(1000));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotation_from_another_process_ends_the_old_token_on_all_three_within_a_second() {
    let Some(shared) = shared() else { return };
    let mut apps = Vec::new();
    for _ in 0..3 {
        apps.push(Instance::new(&shared).spawn().await);
    }
    apps[0].plan("fast", 1000, 1000, "api").await;
    let refresh = apps[0].user("rotor", "fast").await;
    let token = apps[2].mint(&refresh).await.token;
    for app in &apps {
        assert_eq!(app.get("/api/artist/206557", &token).await.status(), 200);
    }
    // What `chartgate token rotate` does, through a store of its own.
    let admin = chartgate_postgres::PostgresStore::connect_with_schema(&shared.postgres, &shared.schema).unwrap();
    let started = Instant::now();
    chartgate_core::admin::rotate(&admin, &"rotor".parse().unwrap(), &crate::common::by()).await.unwrap();
    for app in &apps {
        while app.get("/api/artist/206557", &token).await.status() != 401 {
            assert!(started.elapsed() < Duration::from_secs(1), "instance {} still accepts the old token", app.addr);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    eprintln!("old token refused on all three {} ms after the rotation", started.elapsed().as_millis());
    let res = apps[1]
        .http
        .post(apps[1].url("/api/token"))
        .json(&serde_json::json!({"refreshtoken": refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "the old refresh token stops minting at once");
}
