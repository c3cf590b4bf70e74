//! Plans over real HTTP: the seeded defaults, the figures each reports, and
//! plan changes reaching the request path while the server runs.

use crate::common::*;
use chartgate_core::{Plan, admin};
use std::time::Duration;

const ARTIST: &str = "/api/artist/206557";

/// Calls `GET ARTIST` until `X-RateLimit-Limit` reads `limit`.
async fn until_limit_is(app: &TestApp, access: &str, limit: u32) {
    eventually("the plan change", async || {
        let res = app.get(ARTIST, access).await;
        (rate_limit_of(&res).limit == limit).then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_default_plans_are_seeded_from_entry_at_1_to_enterprise_at_25() {
    let app = spawn_app().await;
    let mut plans = app.store.list_plans().await.unwrap();
    plans.sort_by_key(|p| p.rps);
    let figures: Vec<(String, u32)> = plans.iter().map(|p| (p.name.to_string(), p.rps)).collect();
    let want = [("entry", 1), ("standard", 5), ("pro", 10), ("enterprise", 25)].map(|(n, r)| (n.to_owned(), r));
    assert_eq!(figures, want);
    for p in &plans {
        assert!(p.mint_rps >= 2 * p.rps, "{}: {} mints/s for {} requests/s", p.name, p.mint_rps, p.rps);
        assert_eq!(p.scopes.to_string(), "api", "{}", p.name);
    }
    assert_eq!(plans, Plan::defaults());
}

#[tokio::test]
async fn each_default_plan_reports_its_own_rates_in_the_rate_limit_headers() {
    let app = spawn_app().await;
    for plan in Plan::defaults() {
        let refresh = app.user(&format!("on-{}", plan.name), &plan.name.to_string()).await;
        let res = app.mint_raw(&refresh).await;
        assert_eq!(rate_limit_of(&res).limit, plan.mint_rps, "mint on {}", plan.name);
        let access: chartmetric_types::TokenResponse = res.json().await.unwrap();
        let res = app.get(ARTIST, &access.token).await;
        assert_eq!(res.status(), 200);
        assert_eq!(rate_limit_of(&res).limit, plan.rps, "data on {}", plan.name);
    }
}

#[tokio::test]
async fn every_default_plan_lets_a_client_minting_twice_per_call_use_its_whole_data_budget() {
    // Two popular Python clients mint before every data call, one twice. On
    // a clock that stands still, a whole second's budget of such calls goes
    // through without one 429, mints included.
    let app = spawn_manual().await;
    for plan in Plan::defaults() {
        let refresh = app.user(&format!("py-{}", plan.name), &plan.name.to_string()).await;
        let mut access = String::new();
        for call in 0..plan.rps {
            app.mint(&refresh).await;
            access = app.mint(&refresh).await.token;
            let res = app.get(ARTIST, &access).await;
            assert_eq!(res.status(), 200, "call {call} on {}", plan.name);
        }
        assert_eq!(app.get(ARTIST, &access).await.status(), 429, "{} let more through", plan.name);
    }
}

#[tokio::test]
async fn moving_a_user_to_a_faster_plan_raises_its_limit_within_a_few_seconds() {
    let app = spawn_manual().await;
    app.plan("slow", 1, 4, "api").await;
    app.plan("quick", 50, 100, "api").await;
    let refresh = app.user("mover", "slow").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    assert_eq!(app.get(ARTIST, &access).await.status(), 429);
    let name = "mover".parse().unwrap();
    admin::set_user_plan(&*app.store, &name, &"quick".parse().unwrap(), &by()).await.unwrap();
    // Within the same (stopped) second, once the server has seen the change:
    // the refused requests used up nothing, and the call that first reports
    // the new limit is the second accepted, so 48 more fit.
    until_limit_is(&app, &access, 50).await;
    let mut accepted = 0;
    for _ in 0..60 {
        accepted += usize::from(app.get(ARTIST, &access).await.status() == 200);
    }
    assert_eq!(accepted, 48);
    let res = app.mint_raw(&refresh).await;
    assert_eq!(rate_limit_of(&res).limit, 100, "the mint budget follows the plan too");
}

#[tokio::test]
async fn changing_a_plans_rate_applies_to_its_users_within_a_few_seconds() {
    let app = spawn_manual().await;
    app.plan("elastic", 1, 4, "api").await;
    let refresh = app.user("stretch", "elastic").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    assert_eq!(app.get(ARTIST, &access).await.status(), 429);
    app.plan("elastic", 50, 100, "api").await;
    until_limit_is(&app, &access, 50).await;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    // And back down: the requests of this second already exceed 2.
    app.plan("elastic", 2, 4, "api").await;
    until_limit_is(&app, &access, 2).await;
    let res = app.get(ARTIST, &access).await;
    assert_eq!(res.status(), 429);
    assert_eq!(rate_limit_of(&res).remaining, 0);
    app.advance(Duration::from_secs(1));
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
}

#[tokio::test]
async fn a_plan_sets_its_access_token_lifetime_and_tokens_expire_on_time() {
    let app = spawn_manual().await;
    let plan = chartgate_core::Plan {
        name: "brief".parse().unwrap(),
        rps: 50,
        mint_rps: 50,
        scopes: "api".parse().unwrap(),
        access_ttl: 5,
    };
    app.store.upsert_plan(&plan).await.unwrap();
    let refresh = app.user("brief", "brief").await;
    let minted = app.mint(&refresh).await;
    assert_eq!(minted.expires_in, 5);
    let claims = jwt_parts(&minted.token).1;
    assert_eq!(claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(), 5);
    assert_eq!(app.get("/api/artist/3380", &minted.token).await.status(), 200);
    app.advance(Duration::from_millis(4_900));
    assert_eq!(app.get("/api/artist/3380", &minted.token).await.status(), 200);
    app.advance(Duration::from_millis(200));
    let res = app.get("/api/artist/3380", &minted.token).await;
    assert_eq!(res.status(), 401);
    assert!(error_of(res).await.contains("expired"));
}
