//! A small connection pool that runs every SQLite call on a blocking thread.
//!
//! A file database gets one writer connection, behind an async mutex so that
//! writes queue without holding a thread, and [`READERS`] reader connections
//! (`query_only`), handed out under a semaphore, so reads run side by side
//! under WAL and never wait for a write. An in-memory database is private to
//! one connection, so there the writer answers reads too.

use crate::error;
use crate::target::Target;
use chartgate_core::StoreError;
use rusqlite::{Connection, OpenFlags};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{Mutex as AsyncMutex, Semaphore};

/// How many reads a file database answers at once.
pub(crate) const READERS: usize = 4;
/// How long a connection waits for another's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 32;

/// The connections of one store.
pub(crate) struct Pool {
    target: Target,
    writer: Arc<AsyncMutex<Connection>>,
    readers: Option<Readers>,
}

struct Readers {
    idle: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
}

#[derive(Clone, Copy)]
enum Role {
    Writer,
    Reader,
}

impl Pool {
    /// Opens the writer and, for a file, the readers.
    pub(crate) fn open(target: Target) -> Result<Self, StoreError> {
        if let Target::File(path) = &target {
            secure_file(path)
                .map_err(|e| StoreError::Unavailable(format!("cannot open SQLite database {target}: {e}")))?;
        }
        let writer = connect(&target, Role::Writer)?;
        let readers = match target {
            Target::Memory => None,
            Target::File(_) => Some(Readers::open(&target)?),
        };
        Ok(Self { target, writer: Arc::new(AsyncMutex::new(writer)), readers })
    }

    /// Where the database lives.
    pub(crate) fn target(&self) -> &Target {
        &self.target
    }

    /// Runs `f` on a reader connection, on a blocking thread.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let Some(readers) = &self.readers else {
            return self.write(move |conn| f(conn)).await;
        };
        let permit = Arc::clone(&readers.permits)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the reader pool is closed".into()))?;
        let idle = Arc::clone(&readers.idle);
        let target = self.target.clone();
        blocking(move || {
            let _permit = permit;
            // A reader lost to a panic is replaced here.
            let conn = match take(&idle) {
                Some(conn) => conn,
                None => connect(&target, Role::Reader)?,
            };
            let out = f(&conn);
            give_back(&idle, conn);
            out
        })
        .await
    }

    /// Runs `f` on the writer connection, on a blocking thread, after every
    /// write queued before it.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let mut conn = Arc::clone(&self.writer).lock_owned().await;
        blocking(move || f(&mut conn)).await
    }
}

impl Readers {
    fn open(target: &Target) -> Result<Self, StoreError> {
        let conns = (0..READERS).map(|_| connect(target, Role::Reader)).collect::<Result<Vec<_>, _>>()?;
        Ok(Self { idle: Arc::new(Mutex::new(conns)), permits: Arc::new(Semaphore::new(READERS)) })
    }
}

fn take(idle: &Mutex<Vec<Connection>>) -> Option<Connection> {
    idle.lock().unwrap_or_else(PoisonError::into_inner).pop()
}

fn give_back(idle: &Mutex<Vec<Connection>>, conn: Connection) {
    idle.lock().unwrap_or_else(PoisonError::into_inner).push(conn);
}

/// Runs `f` on tokio's blocking threads; a panic in `f` goes on unwinding
/// in the caller.
async fn blocking<T, F>(f: F) -> Result<T, StoreError>
where
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(out) => out,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(error::task(e)),
    }
}

/// The database holds the signing keys and refresh-token hashes: it is
/// created readable by its owner only (0600, whatever the umask), and SQLite
/// creates its `-wal` and `-shm` files with the database file's mode. An
/// existing file that others can read is named in a warning.
fn secure_file(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    for loose in loose_files(path) {
        tracing::warn!(
            file = %loose.display(),
            "this database file can be read by other users (it holds signing keys and token hashes); \
             run `chmod 600` on it"
        );
    }
    Ok(())
}

/// The database's files (itself, `-wal`, `-shm`) that exist and grant any
/// permission to group or others.
pub fn loose_files(path: &std::path::Path) -> Vec<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        files.push(p.into());
    }
    files.retain(|f| std::fs::metadata(f).is_ok_and(|m| m.permissions().mode() & 0o077 != 0));
    files
}

fn connect(target: &Target, role: Role) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let opened = match target {
        Target::Memory => Connection::open_in_memory(),
        Target::File(path) => Connection::open_with_flags(path, flags),
    };
    opened
        .and_then(|conn| configure(&conn, target, role).map(|()| conn))
        .map_err(|e| error::db(e).context(format_args!("cannot open SQLite database {target}")))
}

fn configure(conn: &Connection, target: &Target, role: Role) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    match (role, target) {
        (Role::Writer, Target::File(_)) => enable_wal(conn, target),
        (Role::Writer, Target::Memory) => Ok(()),
        (Role::Reader, _) => conn.pragma_update(None, "query_only", true),
    }
}

/// WAL is a property of the file: set once by the writer, kept by SQLite.
fn enable_wal(conn: &Connection, target: &Target) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(
            database = %target,
            journal_mode = %mode,
            "SQLite could not switch to WAL; reads may wait for writes"
        );
    }
    Ok(())
}
