//! Scopes over real HTTP: a plan's scopes go into its access tokens, and a
//! data route refuses a token without the route's scope with 403.

use crate::common::*;
use chartgate_core::admin;
use chartgate_server::routes::DATA_ROUTES;
use std::time::Duration;

const ARTIST: &str = "/api/artist/206557";

#[tokio::test]
async fn a_plan_without_artist_read_gets_403_naming_the_scope_and_the_plan() {
    let app = spawn_app().await;
    let (_, access) = app.user_on_plan("charts", 5, 12, "chart:read").await;
    let res = app.get(ARTIST, &access).await;
    assert_eq!(res.status(), 403);
    let rl = rate_limit_of(&res);
    assert_eq!((rl.limit, rl.remaining), (5, 4), "a 403 carries the data budget's figures");
    let message = error_of(res).await;
    assert!(message.contains("artist:read"), "{message}");
    assert!(message.contains("charts_plan"), "{message}");
}

#[tokio::test]
async fn every_data_route_refuses_a_token_without_its_scope() {
    let app = spawn_app().await;
    let (_, access) = app.user_on_plan("outsider", 10_000, 100, "nothing:read").await;
    for route in DATA_ROUTES {
        let path = route.path.replace("{id}", "206557");
        let res =
            app.http.request(route.method.parse().unwrap(), app.url(&path)).bearer_auth(&access).send().await.unwrap();
        assert_eq!(res.status(), 403, "{} {}", route.method, route.path);
        let message = error_of(res).await;
        assert!(message.contains(route.scope), "{message}");
    }
}

#[tokio::test]
async fn artist_read_and_api_both_grant_the_artist_route() {
    let app = spawn_app().await;
    for (user, scopes) in [("reader", "artist:read"), ("mixed", "chart:read artist:read"), ("everything", "api")] {
        let (_, access) = app.user_on_plan(user, 5, 12, scopes).await;
        let res = app.get(ARTIST, &access).await;
        assert_eq!(res.status(), 200, "scopes {scopes:?}");
        assert_eq!(rate_limit_of(&res).limit, 5);
    }
}

#[tokio::test]
async fn the_mint_response_and_the_tokens_scope_claim_carry_the_plans_scopes() {
    let app = spawn_app().await;
    for scopes in ["artist:read chart:read", "api"] {
        let plan = format!("p{}", scopes.len());
        app.plan(&plan, 1, 4, scopes).await;
        let refresh = app.user(&format!("u{}", scopes.len()), &plan).await;
        let token = app.mint(&refresh).await;
        assert_eq!(token.scope, scopes);
        let (_, claims) = jwt_parts(&token.token);
        assert_eq!(claims["scope"], scopes);
    }
}

#[tokio::test]
async fn a_request_outside_the_tokens_scope_still_counts_against_the_data_budget() {
    // The guard authenticates, charges the budget, then checks the scope: a
    // 403 is a request received like any other.
    let app = spawn_manual().await;
    let (_, access) = app.user_on_plan("stubborn", 1, 4, "chart:read").await;
    let res = app.get(ARTIST, &access).await;
    assert_eq!((res.status().as_u16(), rate_limit_of(&res).remaining), (403, 0));
    assert_eq!(app.get(ARTIST, &access).await.status(), 429);
    app.advance(Duration::from_secs(1));
    assert_eq!(app.get(ARTIST, &access).await.status(), 403);
}

#[tokio::test]
async fn a_plans_new_scopes_reach_its_users_at_their_next_mint() {
    let app = spawn_app().await;
    app.plan("tiered", 50, 100, "chart:read").await;
    let refresh = app.user("climber", "tiered").await;
    let old = app.mint(&refresh).await.token;
    assert_eq!(app.get(ARTIST, &old).await.status(), 403);
    app.plan("tiered", 50, 100, "artist:read chart:read").await;
    app.settle().await;
    // The old token keeps the scope claim it was minted with.
    let res = app.get(ARTIST, &old).await;
    assert_eq!(res.status(), 403);
    let message = error_of(res).await;
    assert!(message.contains("mint"), "the 403 should point at re-minting: {message}");
    // The server learns of the change by polling; the next mint after that
    // carries the new scopes.
    let wanted = "artist:read chart:read";
    let fresh =
        eventually("the scope change", async || Some(app.mint(&refresh).await).filter(|t| t.scope == wanted)).await;
    assert_eq!(jwt_parts(&fresh.token).1["scope"], wanted);
    assert_eq!(app.get(ARTIST, &fresh.token).await.status(), 200);
}

#[tokio::test]
async fn a_user_moved_to_a_narrower_plan_loses_the_routes_it_no_longer_grants_on_old_tokens_too() {
    let app = spawn_app().await;
    app.plan("narrow", 50, 100, "chart:read").await;
    let refresh = app.user("demoted", "entry").await;
    let old = app.mint(&refresh).await.token;
    let name = "demoted".parse().unwrap();
    admin::set_user_plan(&*app.store, &name, &"narrow".parse().unwrap(), &by()).await.unwrap();
    // The narrower of the token's and the current plan's scopes wins: as
    // soon as the server sees the move, the old token is refused the route,
    // with the new plan's rate in its headers.
    let res = eventually("the plan change", async || {
        Some(app.get(ARTIST, &old).await).filter(|r| rate_limit_of(r).limit == 50)
    })
    .await;
    assert_eq!(res.status(), 403);
    let fresh = app.mint(&refresh).await;
    assert_eq!(fresh.scope, "chart:read");
    assert_eq!(app.get(ARTIST, &fresh.token).await.status(), 403);
}
