//! The on-disk cache of link results, so that a draft checked twice in a row does not hit
//! every site twice.
//!
//! Format: a JSON object `{"version": 1, "entries": {URL: {"checked_at": unix-seconds,
//! "strict": bool, "status": LinkStatus}}}`. Invariants:
//! - only working links ([`LinkStatus::is_cacheable`]) are stored: failures and refusals are
//!   always checked again;
//! - an entry older than the maximum age, or dated in the future (clock change), is ignored;
//! - an entry made while private addresses were allowed is not reused by a run that forbids
//!   them (`strict`), since that run would have refused the link;
//! - a cached code that the current `accept` list no longer accepts is re-checked;
//! - the file is replaced atomically (temporary file in the same folder, then rename), so a
//!   crash or a concurrent run never leaves a half-written cache;
//! - an unreadable or corrupt file is ignored with a warning, never an error.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::status::LinkStatus;

/// Where the cache file lives. The default is `.cuadra-cache` in the working directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachePath(PathBuf);

/// File name of the default cache.
pub const DEFAULT_CACHE_FILE: &str = ".cuadra-cache";

impl CachePath {
    /// A cache stored at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self(path.into())
    }

    /// The file path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for CachePath {
    fn default() -> Self {
        Self(PathBuf::from(DEFAULT_CACHE_FILE))
    }
}

const FORMAT_VERSION: u32 = 1;

/// Entries written in the future by more than this are treated as invalid (clock skew
/// between machines sharing a cache is normal; years of it are not).
const FUTURE_TOLERANCE: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheEntry {
    checked_at: u64,
    strict: bool,
    status: LinkStatus,
}

/// The in-memory cache, loaded once per checker and saved after each run.
#[derive(Debug)]
pub(crate) struct Cache {
    path: PathBuf,
    max_age: Duration,
    entries: Mutex<BTreeMap<String, CacheEntry>>,
}

impl Cache {
    /// Loads the cache file; returns the cache and a warning when the file existed but
    /// could not be used.
    pub fn load(path: &CachePath, max_age: Duration) -> (Self, Option<String>) {
        let (entries, warning) = match fs::read(path.path()) {
            Ok(bytes) => match serde_json::from_slice::<CacheFile>(&bytes) {
                Ok(file) if file.version == FORMAT_VERSION => (file.entries, None),
                Ok(file) => (
                    BTreeMap::new(),
                    Some(format!(
                        "ignoring link cache {}: format version {} is not {FORMAT_VERSION}",
                        path.path().display(),
                        file.version
                    )),
                ),
                Err(error) => {
                    (BTreeMap::new(), Some(format!("ignoring corrupt link cache {}: {error}", path.path().display())))
                }
            },
            Err(error) if error.kind() == io::ErrorKind::NotFound => (BTreeMap::new(), None),
            Err(error) => (BTreeMap::new(), Some(format!("cannot read link cache {}: {error}", path.path().display()))),
        };
        let cache = Self { path: path.path().to_path_buf(), max_age, entries: Mutex::new(entries) };
        (cache, warning)
    }

    /// A still-valid cached status for `url`, given the run's policy strictness and a test
    /// of whether a status code is accepted.
    pub fn get(&self, url: &str, now: SystemTime, strict: bool, accepts: impl Fn(u16) -> bool) -> Option<LinkStatus> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = entries.get(url)?;
        if !self.is_fresh(entry, now) || (strict && !entry.strict) {
            return None;
        }
        let code = match &entry.status {
            LinkStatus::Ok { code } | LinkStatus::Redirected { code, .. } => *code,
            _ => return None,
        };
        accepts(code).then(|| entry.status.clone())
    }

    /// Records a result; results that must not be cached are ignored.
    pub fn insert(&self, url: &str, status: &LinkStatus, now: SystemTime, strict: bool) {
        if !status.is_cacheable() {
            return;
        }
        let entry = CacheEntry { checked_at: unix_seconds(now), strict, status: status.clone() };
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.insert(url.to_owned(), entry);
    }

    /// Writes the fresh entries to disk atomically.
    ///
    /// # Errors
    /// A message when the file cannot be written; the previous file is then left intact.
    pub fn save(&self, now: SystemTime) -> Result<(), String> {
        let file = {
            let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let fresh = entries
                .iter()
                .filter(|(_, entry)| self.is_fresh(entry, now))
                .map(|(url, entry)| (url.clone(), entry.clone()))
                .collect();
            CacheFile { version: FORMAT_VERSION, entries: fresh }
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|error| error.to_string())?;
        write_atomically(&self.path, &json)
            .map_err(|error| format!("cannot write link cache {}: {error}", self.path.display()))
    }

    fn is_fresh(&self, entry: &CacheEntry, now: SystemTime) -> bool {
        let now = unix_seconds(now);
        if entry.checked_at > now.saturating_add(FUTURE_TOLERANCE.as_secs()) {
            return false;
        }
        now.saturating_sub(entry.checked_at) <= self.max_age.as_secs()
    }
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// Writes `bytes` to `path` through a temporary sibling and a rename, which is atomic on
/// the same file system: readers see the old file or the new one, never a mix.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map_or_else(|| DEFAULT_CACHE_FILE.into(), |n| n.to_string_lossy().into_owned());
    let temp = folder.join(format!(".{name}.tmp-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        // Best effort: a stray temporary file is harmless but untidy.
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::online::status::BrokenReason;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn any(_: u16) -> bool {
        true
    }

    #[test]
    fn round_trip_expiry_and_failures_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = CachePath::new(dir.path().join("links.json"));
        let (cache, warning) = Cache::load(&path, Duration::from_secs(100));
        assert!(warning.is_none(), "a missing file is not worth a warning");
        let ok = LinkStatus::Ok { code: 200 };
        let broken = LinkStatus::Broken { reason: BrokenReason::Status { code: 404, final_url: None } };
        cache.insert("https://a.example/", &ok, at(1_000), true);
        cache.insert("https://b.example/", &broken, at(1_000), true);
        cache.insert("https://old.example/", &ok, at(10), true);
        cache.save(at(1_050)).unwrap();

        let (reloaded, warning) = Cache::load(&path, Duration::from_secs(100));
        assert!(warning.is_none());
        assert_eq!(reloaded.get("https://a.example/", at(1_050), true, any), Some(ok));
        assert_eq!(reloaded.get("https://b.example/", at(1_050), true, any), None);
        assert_eq!(reloaded.get("https://old.example/", at(1_050), true, any), None, "expired");
        assert_eq!(reloaded.get("https://a.example/", at(1_200), true, any), None, "expired later");
        assert_eq!(reloaded.get("https://a.example/", at(1_050), true, |code| code != 200), None);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn lax_entries_are_not_reused_by_strict_runs() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, _) = Cache::load(&CachePath::new(dir.path().join("c")), Duration::from_secs(100));
        cache.insert("http://127.0.0.1:1/", &LinkStatus::Ok { code: 200 }, at(1_000), false);
        assert!(cache.get("http://127.0.0.1:1/", at(1_001), true, any).is_none());
        assert!(cache.get("http://127.0.0.1:1/", at(1_001), false, any).is_some());
    }

    #[test]
    fn corrupt_or_foreign_files_are_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = CachePath::new(dir.path().join("c"));
        for content in ["{not json", "{\"version\": 99, \"entries\": {}}", "\u{0}\u{1}binary", ""] {
            fs::write(path.path(), content).unwrap();
            let (cache, warning) = Cache::load(&path, Duration::from_secs(100));
            assert!(warning.is_some(), "{content:?}");
            assert!(cache.get("x", at(0), true, any).is_none());
            // The next save replaces the bad file with a valid one.
            cache.save(at(0)).unwrap();
            assert!(Cache::load(&path, Duration::from_secs(100)).1.is_none());
        }
    }

    #[test]
    fn future_dated_entries_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, _) = Cache::load(&CachePath::new(dir.path().join("c")), Duration::from_secs(100));
        cache.insert("https://a.example/", &LinkStatus::Ok { code: 200 }, at(100_000), true);
        assert!(cache.get("https://a.example/", at(1_000), true, any).is_none());
    }
}
