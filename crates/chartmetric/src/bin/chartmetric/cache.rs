//! The access-token cache: two runs in a row mint once.
//!
//! One file per (base URL, refresh token) under `$XDG_CACHE_HOME/chartmetric/`
//! (else `~/.cache/chartmetric/`), named by a SHA-256 of the two, so the
//! refresh token itself is never written. The file holds the access token
//! and its expiry, mode 0600 in a 0700 directory, written atomically. A
//! cached token is used only while it has more than five minutes left, and
//! only from a file nobody else can read.

use chartmetric::{AccessToken, ClientBuilder, ExposeSecret};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zeroize::Zeroizing;

/// A cached token must have at least this long left to be used.
const MIN_LEFT: Duration = Duration::from_secs(300);

/// The cache file of one base URL and refresh token.
pub struct TokenCache {
    path: PathBuf,
    base_url: String,
    loaded: Option<Zeroizing<String>>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    base_url: String,
    token: String,
    expires_at: u64,
}

impl Drop for Entry {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.token);
    }
}

impl TokenCache {
    /// The cache file for this base URL and refresh token, under the
    /// default directory; `None` when there is no home to put it in.
    pub fn new(base_url: &str, refresh_token: &str) -> Option<Self> {
        let dir = default_dir()?;
        let mut hash = Sha256::new();
        hash.update(b"chartmetric token cache v1\0");
        hash.update(base_url.as_bytes());
        hash.update(b"\0");
        hash.update(refresh_token.as_bytes());
        let name: String = hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
        let path = dir.join(format!("token-{name}.json"));
        Some(Self { path, base_url: base_url.to_owned(), loaded: None })
    }

    /// Seeds the builder with the cached token, if one is usable.
    pub fn seed(&mut self, builder: ClientBuilder) -> ClientBuilder {
        match self.read() {
            Ok(Some(entry)) => {
                let expires_at = UNIX_EPOCH + Duration::from_secs(entry.expires_at);
                self.loaded = Some(Zeroizing::new(entry.token.clone()));
                builder.access_token(entry.token.clone(), expires_at)
            }
            Ok(None) => builder,
            Err(error) => {
                tracing::warn!(%error, path = %self.path.display(), "cannot read the token cache");
                builder
            }
        }
    }

    fn read(&self) -> io::Result<Option<Entry>> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if !owner_only(&file)? {
            tracing::warn!(path = %self.path.display(), "the token cache file is readable by others; ignoring it");
            return Ok(None);
        }
        let mut text = Zeroizing::new(String::new());
        file.read_to_string(&mut text)?;
        let Ok(entry) = serde_json::from_str::<Entry>(&text) else {
            return Ok(None);
        };
        let left = (UNIX_EPOCH + Duration::from_secs(entry.expires_at)).duration_since(SystemTime::now());
        let usable = entry.base_url == self.base_url && left.is_ok_and(|left| left > MIN_LEFT);
        Ok(usable.then_some(entry))
    }

    /// Writes the client's current token, unless it is the one loaded.
    pub fn store(&self, current: Option<AccessToken>) {
        let Some(current) = current else {
            return;
        };
        let token = current.token.expose_secret();
        if self.loaded.as_ref().is_some_and(|loaded| same(loaded, token)) {
            return;
        }
        let expires_at = current.expires_at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let entry = Entry { base_url: self.base_url.clone(), token: token.to_owned(), expires_at };
        if let Err(error) = self.write(&entry) {
            tracing::warn!(%error, path = %self.path.display(), "cannot write the token cache");
        }
    }

    fn write(&self, entry: &Entry) -> io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let text = Zeroizing::new(serde_json::to_vec(entry).map_err(io::Error::other)?);
        let temp = dir.join(format!(".token-{}-{:016x}.tmp", std::process::id(), rand::random::<u64>()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(&temp).and_then(|mut file| {
            file.write_all(&text)?;
            file.sync_all()
        });
        let renamed = written.and_then(|()| fs::rename(&temp, &self.path));
        if renamed.is_err() {
            let _ = fs::remove_file(&temp);
        }
        renamed
    }
}

/// Constant-time comparison of two tokens.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// `$XDG_CACHE_HOME/chartmetric`, else `$HOME/.cache/chartmetric`.
fn default_dir() -> Option<PathBuf> {
    let absolute = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
    let base = absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|home| home.join(".cache")))?;
    Some(base.join("chartmetric"))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match fs::DirBuilder::new().recursive(true).mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn owner_only(file: &File) -> io::Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    Ok(file.metadata()?.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn owner_only(_file: &File) -> io::Result<bool> {
    Ok(true)
}
