//! Store cases on refresh-token reuse (the hashes rotation replaced, the
//! retry and theft writes), the audit log and the hourly mint counts.

use super::{NOW, migrated, new_user, plan, plan_name, seq, user_name};
use chartgate_core::{
    Action, Actor, AdminChange, AuditEvent, AuditQuery, MintCount, RefreshToken, Store, StoreError, Subject, UnixTime,
    UserId,
};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

fn at(secs_after: u64) -> UnixTime {
    NOW.plus(Duration::from_secs(secs_after))
}

fn event(when: UnixTime, user: &str, action: Action) -> AuditEvent {
    let actor = Actor::operator("alice", "host");
    AuditEvent::new(when, &actor, Subject::user(&user_name(user)), action, json!({"n": 1}))
}

async fn everything(store: &Arc<dyn Store>) -> Vec<AuditEvent> {
    store.list_audit(&AuditQuery { limit: 1_000, ..AuditQuery::default() }).await.expect("list_audit")
}

/// A swap at mint keeps the replaced hash, with the user's epoch and the
/// time; a current or unknown hash is not a replaced one.
pub async fn swap_keeps_the_replaced_hash_with_its_epoch_and_time(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, old) = new_user(&store, "alice").await;
    let new = RefreshToken::generate();
    let swapped = store.swap_refresh_token(alice.id, &old.hash(), &new.hash(), at(5)).await.expect("swap");
    let swapped = swapped.expect("swapped");
    let replaced = store.replaced_refresh_token(&old.hash()).await.expect("replaced").expect("kept");
    assert_eq!(replaced.user, swapped);
    assert_eq!(replaced.epoch, alice.epoch);
    assert_eq!(replaced.replaced_at, at(5));
    assert_eq!(store.replaced_refresh_token(&new.hash()).await.expect("current"), None);
    let stranger = RefreshToken::generate().hash();
    assert_eq!(store.replaced_refresh_token(&stranger).await.expect("unknown"), None);
    let lost = store.swap_refresh_token(alice.id, &stranger, &RefreshToken::generate().hash(), at(6)).await;
    assert_eq!(lost.expect("lost swap"), None);
    assert_eq!(store.replaced_refresh_token(&stranger).await.expect("not kept"), None, "a lost swap keeps nothing");
}

/// A replaced token's user is read as it is now: after an operator's
/// rotation its epoch has moved on past the one kept.
pub async fn a_replaced_token_shows_its_user_as_now(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, old) = new_user(&store, "alice").await;
    store.swap_refresh_token(alice.id, &old.hash(), &RefreshToken::generate().hash(), NOW).await.expect("swap");
    let rotated = store.set_refresh_token(alice.id, Some(&RefreshToken::generate().hash())).await.expect("rotate");
    let replaced = store.replaced_refresh_token(&old.hash()).await.expect("replaced").expect("kept");
    assert_eq!(replaced.user, rotated);
    assert_eq!(replaced.epoch, alice.epoch);
    assert!(replaced.user.epoch > replaced.epoch);
}

/// A retry rotates whatever token the user holds now, keeping it as
/// replaced, and leaves the epoch alone; with an epoch that moved on, or no
/// token left, it writes nothing.
pub async fn rotate_replaced_refresh_token_swaps_the_current_token_of_the_same_epoch(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, old) = new_user(&store, "alice").await;
    let (first, second) = (RefreshToken::generate(), RefreshToken::generate());
    store.swap_refresh_token(alice.id, &old.hash(), &first.hash(), NOW).await.expect("swap");
    let again = store.rotate_replaced_refresh_token(alice.id, alice.epoch, &second.hash(), at(2)).await;
    let again = again.expect("rotate").expect("rotated");
    assert_eq!(again.epoch, alice.epoch, "no access token ends");
    assert_eq!(store.user_by_refresh_token(&second.hash()).await.expect("second"), Some(again.clone()));
    assert_eq!(store.user_by_refresh_token(&first.hash()).await.expect("first"), None);
    let first_kept = store.replaced_refresh_token(&first.hash()).await.expect("first").expect("kept");
    assert_eq!((first_kept.epoch, first_kept.replaced_at), (alice.epoch, at(2)));
    let before = seq(&store).await;
    let third = RefreshToken::generate();
    let stale = store.rotate_replaced_refresh_token(alice.id, alice.epoch + 1, &third.hash(), at(3)).await;
    assert_eq!(stale.expect("stale epoch"), None);
    store.set_refresh_token(alice.id, None).await.expect("revoke");
    let revoked = store.user_by_id(alice.id).await.expect("by id").expect("alice");
    let none_left = store.rotate_replaced_refresh_token(alice.id, revoked.epoch, &third.hash(), at(4)).await;
    assert_eq!(none_left.expect("no token"), None);
    let nobody = store.rotate_replaced_refresh_token(UserId(9_999), 0, &third.hash(), at(4)).await;
    assert_eq!(nobody.expect("unknown user"), None);
    assert_eq!(store.user_by_refresh_token(&third.hash()).await.expect("third"), None);
    assert_eq!(seq(&store).await, before + 1, "only the revoke was written");
}

/// Reuse detected: the user's token is revoked, its epoch moves on and the
/// event is logged, once; a second detection from the same epoch writes
/// nothing.
pub async fn revoke_reused_refresh_token_revokes_and_audits_once(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, token) = new_user(&store, "alice").await;
    let theft = event(at(90), "alice", Action::REFRESH_TOKEN_REUSE_DETECTED);
    let revoked = store.revoke_reused_refresh_token(alice.id, alice.epoch, &theft).await.expect("revoke");
    let revoked = revoked.expect("revoked");
    assert!(!revoked.has_refresh_token);
    assert_eq!(revoked.epoch, alice.epoch + 1);
    assert!(revoked.seq > alice.seq);
    assert_eq!(store.user_by_refresh_token(&token.hash()).await.expect("hash"), None);
    assert_eq!(everything(&store).await, std::slice::from_ref(&theft));
    let before = seq(&store).await;
    let twice = store.revoke_reused_refresh_token(alice.id, alice.epoch, &theft).await.expect("again");
    assert_eq!(twice, None);
    assert_eq!(everything(&store).await.len(), 1, "no second event");
    assert_eq!(seq(&store).await, before, "nothing written");
    let nobody = store.revoke_reused_refresh_token(UserId(9_999), 0, &theft).await.expect("unknown user");
    assert_eq!(nobody, None);
}

/// Forgetting drops the tokens replaced before the cut-off only.
pub async fn forget_replaced_refresh_tokens_drops_only_older_ones(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, t0) = new_user(&store, "alice").await;
    let (t1, t2) = (RefreshToken::generate(), RefreshToken::generate());
    store.swap_refresh_token(alice.id, &t0.hash(), &t1.hash(), at(10)).await.expect("swap 1");
    store.swap_refresh_token(alice.id, &t1.hash(), &t2.hash(), at(20)).await.expect("swap 2");
    assert_eq!(store.forget_replaced_refresh_tokens(at(20)).await.expect("forget"), 1);
    assert_eq!(store.replaced_refresh_token(&t0.hash()).await.expect("t0"), None);
    assert!(store.replaced_refresh_token(&t1.hash()).await.expect("t1").is_some());
    assert_eq!(store.forget_replaced_refresh_tokens(at(20)).await.expect("again"), 0);
}

/// An administrative change and its event are written together, or, when
/// the change fails, neither is.
pub async fn write_audited_writes_the_change_and_its_event_or_neither(store: Arc<dyn Store>) {
    migrated(&store).await;
    let token = RefreshToken::generate();
    let create =
        AdminChange::CreateUser { name: user_name("alice"), plan: plan_name("entry"), token: token.hash(), now: NOW };
    let added = event(at(1), "alice", Action::USER_ADDED);
    let alice = store.write_audited(&create, &added).await.expect("create").expect("a user");
    assert_eq!(store.user_by_refresh_token(&token.hash()).await.expect("hash"), Some(alice.clone()));
    let duplicate = store.write_audited(&create, &event(at(2), "alice", Action::USER_ADDED)).await;
    assert!(matches!(duplicate, Err(StoreError::Conflict(_))), "{duplicate:?}");
    let unknown = AdminChange::SetEnabled { id: UserId(alice.id.0 + 1000), enabled: false };
    let missing = store.write_audited(&unknown, &event(at(3), "bob", Action::USER_DISABLED)).await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))), "{missing:?}");
    let moved = AdminChange::SetUserPlan { id: alice.id, plan: plan_name("platinum") };
    let missing = store.write_audited(&moved, &event(at(4), "alice", Action::USER_PLAN_CHANGED)).await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))), "{missing:?}");
    assert_eq!(everything(&store).await, std::slice::from_ref(&added), "failed changes log nothing");

    let disable = AdminChange::SetEnabled { id: alice.id, enabled: false };
    let disabled = store.write_audited(&disable, &event(at(5), "alice", Action::USER_DISABLED)).await;
    assert!(!disabled.expect("disable").expect("a user").enabled);
    let move_ = AdminChange::SetUserPlan { id: alice.id, plan: plan_name("pro") };
    let moved = store.write_audited(&move_, &event(at(6), "alice", Action::USER_PLAN_CHANGED)).await;
    assert_eq!(moved.expect("move").expect("a user").plan, plan_name("pro"));
    let revoke = AdminChange::SetRefreshToken { id: alice.id, token: None };
    let revoked = store.write_audited(&revoke, &event(at(7), "alice", Action::REFRESH_TOKEN_REVOKED)).await;
    assert!(!revoked.expect("revoke").expect("a user").has_refresh_token);
    let studio = plan("studio", 7, "api");
    let plan_set =
        AuditEvent::new(at(8), &Actor::operator("a", "h"), Subject::plan(&studio.name), Action::PLAN_SET, json!({}));
    let none = store.write_audited(&AdminChange::UpsertPlan(studio.clone()), &plan_set).await.expect("plan");
    assert_eq!(none, None);
    assert!(store.list_plans().await.expect("plans").contains(&studio));
    let actions: Vec<String> = everything(&store).await.iter().map(|e| e.action.to_string()).collect();
    let expected = ["plan_set", "refresh_token_revoked", "user_plan_changed", "user_disabled", "user_added"];
    assert_eq!(actions, expected, "newest first");
}

/// The log lists newest first (ties in insertion order, the later first),
/// filtered by user and time, at most `limit` events; every field reads
/// back as written, an action this code does not know included.
pub async fn audit_log_lists_newest_first_filtered_by_user_and_time(store: Arc<dyn Store>) {
    migrated(&store).await;
    let key_rotated: Action = "key_rotated".parse().expect("an action");
    let odd = AuditEvent { details: "quotes \" and unicode \u{2713}".into(), ..event(at(30), "bob", key_rotated) };
    let written = [
        event(at(10), "alice", Action::USER_ADDED),
        event(at(20), "bob", Action::USER_ADDED),
        event(at(20), "alice", Action::USER_DISABLED),
        odd.clone(),
        event(at(40), "alice", Action::USER_ENABLED),
    ];
    for e in &written {
        store.append_audit(e).await.expect("append");
    }
    let all = everything(&store).await;
    let newest_first: Vec<AuditEvent> = [4, 3, 2, 1, 0].iter().map(|&i| written[i].clone()).collect();
    assert_eq!(all, newest_first);
    let query = |user: Option<&str>, since: Option<UnixTime>, limit: u32| AuditQuery {
        user: user.map(user_name),
        since,
        limit,
    };
    let alice = store.list_audit(&query(Some("alice"), None, 50)).await.expect("alice");
    assert_eq!(alice, [written[4].clone(), written[2].clone(), written[0].clone()]);
    let recent = store.list_audit(&query(None, Some(at(20)), 50)).await.expect("since");
    assert_eq!(recent.len(), 4);
    assert!(recent.iter().all(|e| e.at >= at(20)), "{recent:?}");
    let both = store.list_audit(&query(Some("alice"), Some(at(20)), 50)).await.expect("both");
    assert_eq!(both, [written[4].clone(), written[2].clone()]);
    let two = store.list_audit(&query(None, None, 2)).await.expect("limit");
    assert_eq!(two, [written[4].clone(), odd]);
    assert!(store.list_audit(&query(Some("carol"), None, 50)).await.expect("carol").is_empty());
}

/// Mint counts add up per user and hour, keeping the latest mint time, and
/// list newest hour first.
pub async fn mint_counts_add_up_per_user_and_hour(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, _) = new_user(&store, "alice").await;
    let (bob, _) = new_user(&store, "bob").await;
    let hour = |n: u64| UnixTime::from_secs(1_699_999_200 + n * 3600);
    let count = |user: UserId, h: u64, count: u64, last: u64| MintCount {
        user,
        hour: hour(h),
        count,
        last_mint_at: hour(h).plus(Duration::from_secs(last)),
    };
    store.add_mint_counts(&[count(alice.id, 0, 3, 100), count(bob.id, 0, 1, 5)]).await.expect("first flush");
    store.add_mint_counts(&[count(alice.id, 0, 2, 50), count(alice.id, 1, 4, 7)]).await.expect("second flush");
    store.add_mint_counts(&[]).await.expect("an empty flush");
    let alices = store.mint_counts(alice.id, 10).await.expect("alice");
    assert_eq!(alices, [count(alice.id, 1, 4, 7), count(alice.id, 0, 5, 100)]);
    assert_eq!(store.mint_counts(alice.id, 1).await.expect("latest"), [count(alice.id, 1, 4, 7)]);
    assert_eq!(store.mint_counts(bob.id, 10).await.expect("bob"), [count(bob.id, 0, 1, 5)]);
    assert!(store.mint_counts(UserId(9_999), 10).await.expect("nobody").is_empty());
}
