use crate::common::*;

#[tokio::test]
async fn the_documents_two_calls_work_against_a_fresh_server() {
    let app = spawn_app().await;
    let refresh = app.user("alice", "entry").await;
    let token = app.mint(&refresh).await;
    assert_eq!(token.expires_in, 3600);
    assert_eq!(token.refresh_token, refresh);
    assert_eq!(token.scope, "api");
    let res = app.get("/api/artist/206557", &token.token).await;
    assert_eq!(res.status(), 200);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["obj"]["id"], 206557);
    app.stop().await;
}
