//! Store cases on users: creation, look-ups, tokens, epochs, plans and
//! the change feed.

use super::{NOW, migrated, new_user, plan_name, seq, user_name};
use chartgate_core::{RefreshToken, Store, StoreError, UserId};
use std::sync::Arc;

/// A created user is found by name, id and token hash, identically.
pub async fn create_user_then_find_by_name_id_and_token_hash(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, token) = new_user(&store, "alice").await;
    assert_eq!(alice.name, user_name("alice"));
    assert_eq!(alice.plan, plan_name("entry"));
    assert!(alice.enabled && alice.has_refresh_token);
    assert_eq!(alice.created_at, NOW.as_secs());
    let by_name = store.user_by_name(&alice.name).await.expect("by name");
    let by_id = store.user_by_id(alice.id).await.expect("by id");
    let by_hash = store.user_by_refresh_token(&token.hash()).await.expect("by hash");
    assert_eq!(by_name.as_ref(), Some(&alice));
    assert_eq!(by_id.as_ref(), Some(&alice));
    assert_eq!(by_hash.as_ref(), Some(&alice));
    let stranger = RefreshToken::generate().hash();
    assert_eq!(store.user_by_refresh_token(&stranger).await.expect("hash"), None);
    assert_eq!(store.user_by_name(&user_name("bob")).await.expect("name"), None);
    assert_eq!(store.user_by_id(UserId(alice.id.0 + 1000)).await.expect("id"), None);
}

/// A second user of the same name is refused, and nothing is written.
pub async fn duplicate_user_name_is_a_conflict(store: Arc<dyn Store>) {
    migrated(&store).await;
    new_user(&store, "alice").await;
    let before = seq(&store).await;
    let other = RefreshToken::generate().hash();
    let err =
        store.create_user(&user_name("alice"), &plan_name("pro"), &other, NOW).await.expect_err("a duplicate name");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.list_users().await.expect("list_users").len(), 1);
    assert_eq!(store.user_by_refresh_token(&other).await.expect("hash"), None);
    assert_eq!(seq(&store).await, before);
}

/// A user cannot be created on a plan that does not exist.
pub async fn unknown_plan_is_refused(store: Arc<dyn Store>) {
    migrated(&store).await;
    let token = RefreshToken::generate().hash();
    let err =
        store.create_user(&user_name("alice"), &plan_name("platinum"), &token, NOW).await.expect_err("an unknown plan");
    assert!(matches!(err, StoreError::NotFound(ref m) if m.contains("platinum")), "{err:?}");
    assert!(store.list_users().await.expect("list_users").is_empty());
}

/// Rotating swaps the hash: the old token finds nobody, the new one the
/// user, whose epoch moved on.
pub async fn rotate_replaces_the_hash_and_bumps_the_epoch(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, old) = new_user(&store, "alice").await;
    let new = RefreshToken::generate();
    let rotated = store.set_refresh_token(alice.id, Some(&new.hash())).await.expect("rotate");
    assert_eq!(rotated.epoch, alice.epoch + 1);
    assert!(rotated.has_refresh_token);
    assert_eq!(store.user_by_refresh_token(&old.hash()).await.expect("old"), None);
    let found = store.user_by_refresh_token(&new.hash()).await.expect("new");
    assert_eq!(found, Some(rotated));
}

/// Rotation at mint swaps the hash only if it is still the old one, and keeps
/// the epoch (access tokens stay valid); a second swap from the same old
/// hash loses.
pub async fn swap_refresh_token_is_a_compare_and_swap_that_keeps_the_epoch(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, old) = new_user(&store, "alice").await;
    let (first, second) = (RefreshToken::generate(), RefreshToken::generate());
    let swapped = store.swap_refresh_token(alice.id, &old.hash(), &first.hash(), NOW).await.expect("swap");
    let swapped = swapped.expect("the first swap wins");
    assert_eq!(swapped.epoch, alice.epoch, "no access token ends");
    assert!(swapped.seq > alice.seq);
    assert_eq!(store.user_by_refresh_token(&old.hash()).await.expect("old"), None);
    assert_eq!(store.user_by_refresh_token(&first.hash()).await.expect("first").map(|u| u.id), Some(alice.id));
    let lost = store.swap_refresh_token(alice.id, &old.hash(), &second.hash(), NOW).await.expect("second swap");
    assert_eq!(lost, None, "a swap from a stale hash changes nothing");
    assert_eq!(store.user_by_refresh_token(&second.hash()).await.expect("second"), None);
    let missing = store.swap_refresh_token(chartgate_core::UserId(9_999), &first.hash(), &second.hash(), NOW).await;
    assert_eq!(missing.expect("unknown user"), None);
}

/// Revoking removes the token and ends the access tokens issued before.
pub async fn revoke_leaves_no_working_token(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, token) = new_user(&store, "alice").await;
    let revoked = store.set_refresh_token(alice.id, None).await.expect("revoke");
    assert!(!revoked.has_refresh_token);
    assert_eq!(revoked.epoch, alice.epoch + 1);
    assert_eq!(store.user_by_refresh_token(&token.hash()).await.expect("hash"), None);
    let reloaded = store.user_by_id(alice.id).await.expect("by id");
    assert_eq!(reloaded, Some(revoked));
}

/// Disabling bumps the epoch; enabling again does not. A disabled user is
/// still found by its token (the caller decides what to answer).
pub async fn disable_bumps_epoch_enable_does_not(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, token) = new_user(&store, "alice").await;
    let disabled = store.set_enabled(alice.id, false).await.expect("disable");
    assert!(!disabled.enabled);
    assert_eq!(disabled.epoch, alice.epoch + 1);
    let found = store.user_by_refresh_token(&token.hash()).await.expect("hash");
    assert_eq!(found, Some(disabled.clone()));
    let enabled = store.set_enabled(alice.id, true).await.expect("enable");
    assert!(enabled.enabled);
    assert_eq!(enabled.epoch, disabled.epoch);
}

/// Moving a user to another plan sticks; unknown plans and users are
/// not found.
pub async fn set_user_plan_changes_the_plan(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, _) = new_user(&store, "alice").await;
    let moved = store.set_user_plan(alice.id, &plan_name("pro")).await.expect("set_user_plan");
    assert_eq!(moved.plan, plan_name("pro"));
    assert_eq!(store.user_by_id(alice.id).await.expect("by id"), Some(moved));
    let err = store.set_user_plan(alice.id, &plan_name("platinum")).await;
    assert!(matches!(err, Err(StoreError::NotFound(_))), "{err:?}");
    let err = store.set_user_plan(UserId(alice.id.0 + 1000), &plan_name("pro")).await;
    assert!(matches!(err, Err(StoreError::NotFound(_))), "{err:?}");
}

/// Every user write names an existing user; a missing one is not found
/// and the change sequence stays put.
pub async fn writes_to_an_unknown_user_are_not_found_and_change_nothing(store: Arc<dyn Store>) {
    migrated(&store).await;
    let before = seq(&store).await;
    let nobody = UserId(4242);
    let hash = RefreshToken::generate().hash();
    let results = [
        store.set_refresh_token(nobody, Some(&hash)).await,
        store.set_refresh_token(nobody, None).await,
        store.set_enabled(nobody, false).await,
        store.set_user_plan(nobody, &plan_name("pro")).await,
    ];
    for result in results {
        assert!(matches!(result, Err(StoreError::NotFound(_))), "{result:?}");
    }
    assert_eq!(seq(&store).await, before);
}

/// `list_users` returns every user, ordered by id.
pub async fn list_users_returns_everyone_by_id(store: Arc<dyn Store>) {
    migrated(&store).await;
    let mut created = Vec::new();
    for name in ["carol", "alice", "bob"] {
        created.push(new_user(&store, name).await.0);
    }
    created.sort_by_key(|u| u.id);
    assert_eq!(store.list_users().await.expect("list_users"), created);
}

/// `users_changed_since(s)` returns exactly the users written after `s`.
pub async fn users_changed_since_sees_only_later_writes(store: Arc<dyn Store>) {
    migrated(&store).await;
    new_user(&store, "alice").await;
    let (bob, _) = new_user(&store, "bob").await;
    let mark = seq(&store).await;
    store.set_enabled(bob.id, false).await.expect("disable");
    new_user(&store, "carol").await;
    let mut changed = store.users_changed_since(mark).await.expect("since");
    changed.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = changed.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["bob", "carol"]);
    assert!(changed.iter().all(|u| u.seq > mark), "{changed:?}");
    let latest = seq(&store).await;
    assert!(store.users_changed_since(latest).await.expect("since").is_empty());
    let everyone = store.users_changed_since(0).await.expect("since 0");
    assert_eq!(everyone.len(), 3);
}
