//! Where a rotated refresh token goes.
//!
//! The real API echoes the refresh token it was sent, but a server may rotate
//! it: the token in a mint response then replaces the old one, which may stop
//! working. Losing it locks the account out, so the client hands every
//! rotated token to a [`RefreshTokenStore`] exactly once, from a task that a
//! cancelled caller cannot abort.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// A place to keep the refresh token across restarts.
///
/// [`save`](RefreshTokenStore::save) is called once per rotation, on a
/// blocking-safe thread, and the client sends the rotated token in no mint
/// before that call has returned. [`load`](RefreshTokenStore::load) is called once when the client is
/// built; a stored token wins over a configured one, because a rotated token
/// supersedes the one first issued.
///
/// ```
/// use chartmetric::{RefreshTokenStore, SecretString};
/// use std::sync::Mutex;
///
/// #[derive(Debug, Default)]
/// struct Vault(Mutex<Option<SecretString>>);
///
/// impl RefreshTokenStore for Vault {
///     fn save(&self, token: &SecretString) -> std::io::Result<()> {
///         *self.0.lock().unwrap() = Some(token.clone());
///         Ok(())
///     }
/// }
/// ```
pub trait RefreshTokenStore: Send + Sync + fmt::Debug + 'static {
    /// The stored token, if any. The default stores nothing.
    ///
    /// ```
    /// use chartmetric::{FileStore, RefreshTokenStore};
    /// let store = FileStore::new("/nonexistent/dir/token");
    /// assert!(store.load().unwrap().is_none());
    /// ```
    fn load(&self) -> io::Result<Option<SecretString>> {
        Ok(None)
    }

    /// Persists a rotated token. Must not return before it is durable.
    ///
    /// ```no_run
    /// use chartmetric::{FileStore, RefreshTokenStore, SecretString};
    /// FileStore::new("token.txt").save(&SecretString::from("rotated"))?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn save(&self, token: &SecretString) -> io::Result<()>;
}

/// Keeps the refresh token in a file, written atomically: a temporary file
/// in the same directory, created with mode 0600, written, fsynced, then
/// renamed over the old one (and the directory fsynced), so a crash leaves
/// either the old token or the new one, never half of one.
///
/// ```no_run
/// use chartmetric::{Client, FileStore};
/// use std::sync::Arc;
/// let client = Client::builder()
///     .refresh_token_store(Arc::new(FileStore::new("/var/lib/app/chartmetric-token")))
///     .build()?;
/// # Ok::<(), chartmetric::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store at `path`; the file need not exist yet.
    ///
    /// ```
    /// let store = chartmetric::FileStore::new("token.txt");
    /// assert_eq!(store.path(), std::path::Path::new("token.txt"));
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file this store writes.
    ///
    /// ```
    /// # let store = chartmetric::FileStore::new("t");
    /// println!("{}", store.path().display());
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn temp_path(&self) -> PathBuf {
        let name = self.path.file_name().map_or_else(|| "refresh-token".into(), |n| n.to_string_lossy().into_owned());
        let unique: u64 = rand::random();
        self.path.with_file_name(format!(".{name}.{}.{unique:016x}.tmp", std::process::id()))
    }
}

impl RefreshTokenStore for FileStore {
    fn load(&self) -> io::Result<Option<SecretString>> {
        let mut text = Zeroizing::new(String::new());
        match File::open(&self.path) {
            Ok(mut file) => file.read_to_string(&mut text)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let token = text.trim();
        Ok((!token.is_empty()).then(|| SecretString::from(token.to_owned())))
    }

    fn save(&self, token: &SecretString) -> io::Result<()> {
        let temp = self.temp_path();
        let written =
            write_synced(&temp, token.expose_secret().as_bytes()).and_then(|()| fs::rename(&temp, &self.path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written?;
        sync_parent_dir(&self.path)
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[cfg(unix)]
fn sync_parent_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_parent_dir(_path: &Path) -> io::Result<()> {
    Ok(())
}
