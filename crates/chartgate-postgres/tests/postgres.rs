//! What only PostgreSQL has: several instances on one database, a server
//! that may be down, collations, and rows edited behind the store's back.
//! Each test skips (with a note) when PostgreSQL is not reachable, except
//! in CI, where that fails.

mod support;

use chartgate_core::{Plan, RefreshToken, Scopes, SigningKey, Store, StoreError, UnixTime, User};
use chartgate_postgres::PostgresStore;
use chartmetric_types::Artist;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::TestSchema;
use tokio::task::JoinSet;

const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

async fn migrated(schema: &TestSchema) -> PostgresStore {
    let store = schema.store();
    store.migrate().await.expect("migrate");
    store
}

async fn add_user(store: &PostgresStore, name: &str) -> (User, RefreshToken) {
    let token = RefreshToken::generate();
    let name = name.parse().expect("a user name");
    let plan = "entry".parse().expect("a plan name");
    let user = store.create_user(&name, &plan, &token.hash(), NOW).await.expect("create_user");
    (user, token)
}

fn artist(id: i64, name: &str) -> Artist {
    Artist { id, name: name.into(), ..Artist::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_instance_sees_writes_through_the_change_seq() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let (a, b) = (migrated(&schema).await, schema.store());
    let before = b.change_seq().await.expect("seq");
    let (alice, _) = add_user(&a, "alice").await;
    assert!(b.change_seq().await.expect("seq") > before);
    let seen = b.users_changed_since(before).await.expect("since");
    assert_eq!(seen, std::slice::from_ref(&alice));
    let disabled = b.set_enabled(alice.id, false).await.expect("disable");
    let seen = a.users_changed_since(alice.seq).await.expect("since");
    assert_eq!(seen, [disabled]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_migrating_one_schema_at_once_agree() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let stores: Vec<Arc<PostgresStore>> = (0..4).map(|_| Arc::new(schema.store())).collect();
    let mut runs = JoinSet::new();
    for store in &stores {
        let store = Arc::clone(store);
        runs.spawn(async move { store.migrate().await });
    }
    let fresh: Vec<bool> = runs.join_all().await.into_iter().map(|r| r.expect("migrate")).collect();
    assert_eq!(fresh.iter().filter(|f| **f).count(), 1, "{fresh:?}");
    let by_name = |mut plans: Vec<Plan>| {
        plans.sort_by(|a, b| a.name.cmp(&b.name));
        plans
    };
    for store in &stores {
        let plans = store.list_plans().await.expect("plans");
        assert_eq!(by_name(plans), by_name(Plan::defaults()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_instances_agree_on_the_signing_key() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    migrated(&schema).await;
    let mut racers = JoinSet::new();
    for _ in 0..4 {
        let store = schema.store();
        racers.spawn(async move {
            let keys = store.ensure_signing_key(&SigningKey::generate()).await;
            keys.expect("ensure_signing_key")
        });
    }
    let kids: BTreeSet<String> = racers
        .join_all()
        .await
        .iter()
        .map(|keys| {
            assert_eq!(keys.len(), 1);
            keys[0].key.kid().to_owned()
        })
        .collect();
    assert_eq!(kids.len(), 1, "{kids:?}");
}

/// A poller that reads the change sequence, then the users changed since
/// its last mark, never misses a user written concurrently: a reader that
/// sees sequence `s` sees every row stamped `<= s`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poller_never_misses_a_user_written_concurrently() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let (a, b) = (Arc::new(migrated(&schema).await), Arc::new(schema.store()));
    let mut writers = JoinSet::new();
    for i in 0..40 {
        let store = Arc::clone(if i % 2 == 0 { &a } else { &b });
        writers.spawn(async move { add_user(&store, &format!("user{i}")).await.0 });
    }
    let (mut mark, mut seen) = (0, BTreeSet::new());
    loop {
        // Sampled before reading: when no writer was left, this round is
        // the last and must find everyone not yet seen.
        let last_round = writers.is_empty();
        let now = b.change_seq().await.expect("seq");
        for user in b.users_changed_since(mark).await.expect("since") {
            seen.insert(user.name.to_string());
        }
        mark = now;
        while let Some(done) = writers.try_join_next() {
            done.expect("a writer");
        }
        if last_round {
            break;
        }
    }
    assert_eq!(seen.len(), 40, "the poller missed users: saw {seen:?}");
    let seqs: BTreeSet<i64> = a.list_users().await.expect("list").iter().map(|u| u.seq).collect();
    assert_eq!(seqs.len(), 40, "every write has a sequence number of its own");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_on_a_closed_port_is_unavailable_within_seconds() {
    let store = PostgresStore::connect("postgres://root:hunter2secret@127.0.0.1:1/test").expect("connecting is lazy");
    let started = Instant::now();
    for err in [
        store.ready().await.expect_err("nothing listens"),
        store.migrate().await.expect_err("nothing listens"),
        store.change_seq().await.expect_err("nothing listens"),
    ] {
        assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
        assert!(!err.to_string().contains("hunter2secret"), "{err}");
    }
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert!(!format!("{store:?}").contains("hunter2secret"));
}

#[test]
fn urls_of_other_databases_and_bad_schema_names_are_refused() {
    let cases = [
        ("sqlite://chartgate.db", None),
        ("postgres://root@127.0.0.1/test?unknown_option=1", None),
        ("postgres://root@127.0.0.1/test", Some("Robert'); DROP TABLE users")),
    ];
    for (url, schema) in cases {
        let err = match schema {
            Some(schema) => PostgresStore::connect_with_schema(url, schema).err(),
            None => PostgresStore::connect(url).err(),
        };
        assert!(matches!(err, Some(StoreError::Backend(_))), "{url}: {err:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_keeps_the_token_hash_never_the_token() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let (_, token) = add_user(&migrated(&schema).await, "alice").await;
    let raw = schema.raw().await;
    let row = raw.query_one("SELECT refresh_hash FROM users", &[]).await.expect("read the hash");
    assert_eq!(row.get::<_, String>(0), token.hash().to_hex());
    let everything = raw.query_one("SELECT string_agg(u::text, ' ') FROM users u", &[]).await.expect("read the rows");
    let text: String = everything.get(0);
    assert!(!text.contains(token.expose()), "the table holds the token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_rows_are_corrupt_not_a_panic() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let store = migrated(&schema).await;
    add_user(&store, "alice").await;
    let raw = schema.raw().await;
    let damage = "UPDATE users SET name = 'not a valid name!'; \
                  INSERT INTO artists (id, body, seq) VALUES (7, '{not json', 1);";
    raw.batch_execute(damage).await.expect("damage rows");
    let err = store.list_users().await.expect_err("a damaged name");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
    let err = store.artist(7).await.expect_err("a damaged body");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schema_newer_than_the_code_is_refused() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let store = migrated(&schema).await;
    let raw = schema.raw().await;
    raw.batch_execute("INSERT INTO schema_migrations VALUES (999, 0)").await.expect("a future migration");
    let err = store.migrate().await.expect_err("a newer schema");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_naming_one_artist_twice_keeps_the_last() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let store = migrated(&schema).await;
    let batch = [artist(1, "First"), artist(2, "Two"), artist(1, "Last")];
    store.upsert_artists(&batch).await.expect("upsert");
    assert_eq!(store.artist(1).await.expect("artist"), Some(artist(1, "Last")));
    assert_eq!(store.artist_count().await.expect("count"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plans_list_in_byte_order_whatever_the_collation() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let store = migrated(&schema).await;
    for name in ["Zeta", "alpha", "Beta"] {
        let plan = Plan {
            name: name.parse().expect("a plan name"),
            rps: 1,
            mint_rps: 4,
            scopes: "api".parse::<Scopes>().expect("scopes"),
            access_ttl: 3600,
        };
        store.upsert_plan(&plan).await.expect("upsert_plan");
    }
    let names: Vec<String> = store.list_plans().await.expect("plans").iter().map(|p| p.name.to_string()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_rate_beyond_i32_round_trips() {
    let Some(schema) = TestSchema::new().await else {
        return;
    };
    let store = migrated(&schema).await;
    let plan = Plan {
        name: "unmetered".parse().expect("a plan name"),
        rps: u32::MAX,
        mint_rps: u32::MAX,
        scopes: Scopes::default_api(),
        access_ttl: 3600,
    };
    store.upsert_plan(&plan).await.expect("upsert_plan");
    assert!(store.list_plans().await.expect("plans").contains(&plan));
}
