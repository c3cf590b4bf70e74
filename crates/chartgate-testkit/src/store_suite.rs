//! Store conformance cases.
//!
//! Every [`Store`] backend runs the same cases through
//! [`store_conformance!`](crate::store_conformance), one `#[tokio::test]`
//! per case:
//!
//! ```ignore
//! mod file_db {
//!     chartgate_testkit::store_conformance!(crate::fresh_file_store());
//! }
//! ```
//!
//! `$make` is an expression that evaluates to a future; it is evaluated
//! anew in every test, so every case gets a database of its own. The future
//! yields a fresh, *unmigrated* store: an `Arc<dyn Store>`, or a pair
//! `(Arc<dyn Store>, guard)` whose guard (a temporary folder, a throwaway
//! schema) is kept alive until the case ends (see [`StoreFixture`]). Each
//! case migrates the store itself, so the migration case can see a fresh
//! database.
//!
//! The calling crate needs `tokio` with `macros` and `rt-multi-thread` as a
//! dev-dependency. Cases assert only on results, never on timing.

mod audit;
mod catalog;
mod users;

pub use audit::*;
pub use catalog::*;
pub use users::*;

use catalog::small_artist;
use chartgate_core::{
    KeyAlg, KeyState, Plan, PlanName, RefreshToken, Scopes, SigningKey, Store, StoreError, UnixTime, User, UserName,
};
use std::sync::Arc;

/// What a backend's `$make` future may yield: a store, or a store with a
/// guard that must outlive the case.
pub trait StoreFixture {
    /// Kept alive until the case ends, then dropped.
    type Guard;
    /// The store and its guard.
    fn into_parts(self) -> (Arc<dyn Store>, Self::Guard);
}

impl StoreFixture for Arc<dyn Store> {
    type Guard = ();
    fn into_parts(self) -> (Arc<dyn Store>, ()) {
        (self, ())
    }
}

impl<G> StoreFixture for (Arc<dyn Store>, G) {
    type Guard = G;
    fn into_parts(self) -> (Arc<dyn Store>, G) {
        self
    }
}

/// Generates one `#[tokio::test]` per store case; see the
/// [module docs](crate::store_suite) for what `$make` must be. A case runs
/// only if it is listed here: add every new case to the list.
#[macro_export]
macro_rules! store_conformance {
    ($make:expr) => {
        $crate::store_conformance!(@cases $make;
            migrate_is_idempotent_and_reports_fresh_once,
            default_plans_are_seeded,
            migrate_keeps_an_operators_plan_changes,
            create_user_then_find_by_name_id_and_token_hash,
            duplicate_user_name_is_a_conflict,
            unknown_plan_is_refused,
            rotate_replaces_the_hash_and_bumps_the_epoch,
            swap_refresh_token_is_a_compare_and_swap_that_keeps_the_epoch,
            revoke_leaves_no_working_token,
            disable_bumps_epoch_enable_does_not,
            set_user_plan_changes_the_plan,
            writes_to_an_unknown_user_are_not_found_and_change_nothing,
            list_users_returns_everyone_by_id,
            users_changed_since_sees_only_later_writes,
            change_seq_moves_on_with_every_write,
            upsert_plan_creates_and_updates,
            ensure_signing_key_keeps_the_first_key,
            ensure_signing_key_switches_algorithm,
            signing_keys_rotate_and_retire,
            artists_round_trip_with_all_fields,
            upsert_artists_replaces_by_id,
            unknown_artist_is_none,
            records_are_kept_per_kind_and_id_the_last_winning,
            concurrent_reads_do_not_block,
            swap_keeps_the_replaced_hash_with_its_epoch_and_time,
            a_replaced_token_shows_its_user_as_now,
            rotate_replaced_refresh_token_swaps_the_current_token_of_the_same_epoch,
            revoke_reused_refresh_token_revokes_and_audits_once,
            forget_replaced_refresh_tokens_drops_only_older_ones,
            write_audited_writes_the_change_and_its_event_or_neither,
            audit_log_lists_newest_first_filtered_by_user_and_time,
            mint_counts_add_up_per_user_and_hour,
        );
    };
    (@cases $make:expr; $($case:ident),+ $(,)?) => {$(
        #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $case() {
            let (store, _guard) =
                $crate::store_suite::StoreFixture::into_parts(($make).await);
            $crate::store_suite::$case(store).await;
        }
    )+};
}

const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

fn user_name(s: &str) -> UserName {
    s.parse().expect("a valid user name")
}

fn plan_name(s: &str) -> PlanName {
    s.parse().expect("a valid plan name")
}

async fn migrated(store: &Arc<dyn Store>) {
    store.migrate().await.expect("migrate");
}

/// A new user on the entry plan, with the plaintext of its refresh token.
async fn new_user(store: &Arc<dyn Store>, name: &str) -> (User, RefreshToken) {
    let token = RefreshToken::generate();
    let user = store.create_user(&user_name(name), &plan_name("entry"), &token.hash(), NOW).await.expect("create_user");
    (user, token)
}

async fn seq(store: &Arc<dyn Store>) -> i64 {
    store.change_seq().await.expect("change_seq")
}

fn sorted_plans(mut plans: Vec<Plan>) -> Vec<Plan> {
    plans.sort_by(|a, b| a.name.cmp(&b.name));
    plans
}

fn plan(name: &str, rps: u32, scopes: &str) -> Plan {
    Plan {
        name: plan_name(name),
        rps,
        mint_rps: rps * 2 + 2,
        scopes: scopes.parse::<Scopes>().expect("valid scopes"),
        access_ttl: 3600,
    }
}

/// Migrating reports a fresh schema once, then nothing new, and never
/// duplicates the seeded plans.
pub async fn migrate_is_idempotent_and_reports_fresh_once(store: Arc<dyn Store>) {
    assert!(store.migrate().await.expect("first migrate"));
    assert!(!store.migrate().await.expect("second migrate"));
    assert!(!store.migrate().await.expect("third migrate"));
    let plans = store.list_plans().await.expect("list_plans");
    assert_eq!(plans.len(), Plan::defaults().len());
    store.ready().await.expect("ready");
}

/// A fresh database holds exactly the default plans.
pub async fn default_plans_are_seeded(store: Arc<dyn Store>) {
    migrated(&store).await;
    let plans = store.list_plans().await.expect("list_plans");
    assert_eq!(sorted_plans(plans), sorted_plans(Plan::defaults()));
}

/// Migrating again never overwrites a plan an operator changed.
pub async fn migrate_keeps_an_operators_plan_changes(store: Arc<dyn Store>) {
    migrated(&store).await;
    let changed = plan("entry", 3, "artist:read");
    store.upsert_plan(&changed).await.expect("upsert_plan");
    migrated(&store).await;
    let plans = store.list_plans().await.expect("list_plans");
    assert!(plans.contains(&changed), "{plans:?}");
    assert_eq!(plans.len(), Plan::defaults().len());
}

/// Every write to users, plans or artists moves the sequence on; reads
/// leave it alone.
pub async fn change_seq_moves_on_with_every_write(store: Arc<dyn Store>) {
    migrated(&store).await;
    let mut last = seq(&store).await;
    let (alice, token) = new_user(&store, "alice").await;
    moved_on(&store, &mut last, "create_user").await;
    let hash = RefreshToken::generate().hash();
    store.set_refresh_token(alice.id, Some(&hash)).await.expect("rotate");
    moved_on(&store, &mut last, "set_refresh_token").await;
    store.set_enabled(alice.id, false).await.expect("disable");
    moved_on(&store, &mut last, "set_enabled").await;
    store.set_user_plan(alice.id, &plan_name("pro")).await.expect("plan");
    moved_on(&store, &mut last, "set_user_plan").await;
    store.upsert_plan(&plan("studio", 7, "api")).await.expect("upsert_plan");
    moved_on(&store, &mut last, "upsert_plan").await;
    store.upsert_artists(&[small_artist(1, "A")]).await.expect("upsert");
    moved_on(&store, &mut last, "upsert_artists").await;
    let before_reads = seq(&store).await;
    store.user_by_refresh_token(&token.hash()).await.expect("read");
    store.list_users().await.expect("read");
    store.artist(1).await.expect("read");
    assert_eq!(seq(&store).await, before_reads);
}

async fn moved_on(store: &Arc<dyn Store>, last: &mut i64, what: &str) {
    let now = seq(store).await;
    assert!(now > *last, "{what}: {now} after {last}");
    *last = now;
}

/// `upsert_plan` inserts a new plan, then updates it in place.
pub async fn upsert_plan_creates_and_updates(store: Arc<dyn Store>) {
    migrated(&store).await;
    let studio = plan("studio", 7, "artist:read chart:read");
    store.upsert_plan(&studio).await.expect("insert");
    let plans = store.list_plans().await.expect("list_plans");
    assert!(plans.contains(&studio), "{plans:?}");
    assert_eq!(plans.len(), Plan::defaults().len() + 1);
    let bigger = plan("studio", 8, "api");
    store.upsert_plan(&bigger).await.expect("update");
    let plans = store.list_plans().await.expect("list_plans");
    assert!(plans.contains(&bigger) && !plans.contains(&studio), "{plans:?}");
    assert_eq!(plans.len(), Plan::defaults().len() + 1);
}

/// The first key stored stays the signing key; a later candidate of the
/// same algorithm is ignored.
pub async fn ensure_signing_key_keeps_the_first_key(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (first, second) = (SigningKey::generate(), SigningKey::generate());
    let keys = store.ensure_signing_key(&first).await.expect("first");
    let again = store.ensure_signing_key(&second).await.expect("second");
    for keys in [keys, again] {
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].key.kid(), first.kid());
        assert_eq!(keys[0].key.secret(), first.secret());
        assert_eq!(keys[0].state, KeyState::Active);
    }
}

/// A candidate of another algorithm becomes active; the old key verifies.
pub async fn ensure_signing_key_switches_algorithm(store: Arc<dyn Store>) {
    migrated(&store).await;
    let hs = SigningKey::generate();
    store.ensure_signing_key(&hs).await.expect("hs256");
    let seq = store.change_seq().await.expect("seq");
    let ed = SigningKey::generate_alg(KeyAlg::EdDsa);
    let keys = store.ensure_signing_key(&ed).await.expect("eddsa");
    let states: Vec<_> = keys.iter().map(|k| (k.key.kid().to_owned(), k.key.alg(), k.state)).collect();
    assert_eq!(
        states,
        vec![
            (hs.kid().to_owned(), KeyAlg::Hs256, KeyState::Verifying),
            (ed.kid().to_owned(), KeyAlg::EdDsa, KeyState::Active),
        ]
    );
    assert!(store.change_seq().await.expect("seq") > seq, "other instances must reload their keys");
    let again = store.ensure_signing_key(&SigningKey::generate_alg(KeyAlg::EdDsa)).await.expect("again");
    assert_eq!(again.len(), 2, "an active key of the wanted algorithm stays");
}

/// Rotation makes a new key active and keeps the old one verifying;
/// retiring a verifying key ends it; the active key cannot be retired.
pub async fn signing_keys_rotate_and_retire(store: Arc<dyn Store>) {
    migrated(&store).await;
    let first = SigningKey::generate();
    store.ensure_signing_key(&first).await.expect("first");
    let seq = store.change_seq().await.expect("seq");
    let second = SigningKey::generate();
    let keys = store.rotate_signing_key(&second, UnixTime::from_secs(1_700_000_000)).await.expect("rotate");
    assert_eq!(keys.len(), 2);
    assert_eq!((keys[0].key.kid(), keys[0].state), (first.kid(), KeyState::Verifying));
    assert_eq!((keys[1].key.kid(), keys[1].state), (second.kid(), KeyState::Active));
    assert_eq!(keys[1].created_at, 1_700_000_000);
    let seq2 = store.change_seq().await.expect("seq");
    assert!(seq2 > seq);

    let refused = store.retire_signing_key(second.kid()).await.expect_err("the active key");
    assert!(matches!(refused, StoreError::NotFound(_)), "{refused:?}");
    let unknown = store.retire_signing_key("nope").await.expect_err("unknown");
    assert!(matches!(unknown, StoreError::NotFound(_)), "{unknown:?}");
    let retired = store.retire_signing_key(first.kid()).await.expect("retire");
    assert_eq!((retired.key.kid(), retired.state), (first.kid(), KeyState::Retired));
    assert!(store.change_seq().await.expect("seq") > seq2);
    let listed = store.signing_keys().await.expect("list");
    let states: Vec<_> = listed.iter().map(|k| k.state).collect();
    assert_eq!(states, vec![KeyState::Retired, KeyState::Active]);
    assert!(format!("{listed:?}").contains("<redacted>"), "no secret in Debug");
}
