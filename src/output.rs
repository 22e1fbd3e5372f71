//! Writing: the [`Output`] trait and its two implementations. [`Staging`] writes into a
//! temporary sibling of the output folder and swaps it in only when everything is written (for
//! `build`); [`MemoryOutput`] keeps the files in memory (for `check`, tests and `serve`).
//!
//! The staging swap is our own: no crate replaces a folder atomically while keeping its
//! dotfiles and cleaning up after killed builds.

use crate::error::Error;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What is written: a file's bytes, or a file to copy.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes produced by the build (shared, so the dev server and the page cache hold one copy).
    Bytes(bytes::Bytes),
    /// An existing file copied as is.
    Copy(PathBuf),
}

/// One output file: path relative to the output folder (`/`-separated) and contents.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// e.g. `notes/one/index.html`.
    pub path: String,
    /// What to write.
    pub contents: Contents,
}

/// Where a compile's files go, as soon as each is ready (safe to call from many threads).
pub trait Output: Sync {
    /// Writes one file.
    fn put(&self, file: OutputFile) -> Result<(), Error>;
}

/// Keeps the site in memory (for `check`, tests and the dev server's comparisons).
#[derive(Debug, Default)]
pub struct MemoryOutput {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl Output for MemoryOutput {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push(file);
        Ok(())
    }
}

impl MemoryOutput {
    /// The files put so far, in the order they came.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The files put so far, read into a map of path to bytes (copied files read from disk).
    pub fn into_map(self) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        let mut map = BTreeMap::new();
        for f in self.into_files() {
            let bytes = match f.contents {
                Contents::Bytes(b) => b.to_vec(),
                Contents::Copy(p) => std::fs::read(&p).map_err(|e| Error::io(p, e))?,
            };
            map.insert(f.path, bytes);
        }
        Ok(map)
    }
}

/// Counts the files put through it to another output (what `build` reports).
pub struct Counted<'a> {
    inner: &'a dyn Output,
    count: std::sync::atomic::AtomicUsize,
}

impl<'a> Counted<'a> {
    /// Counts what goes to `inner`.
    pub fn new(inner: &'a dyn Output) -> Self {
        let count = std::sync::atomic::AtomicUsize::new(0);
        Counted { inner, count }
    }

    /// Files put so far.
    pub fn count(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Output for Counted<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.put(file)
    }
}

fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != ".." && c != ".")
}

impl Output for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.write(&file.path, &file.contents)
    }
}

/// Moves the top-level dotfiles of `from` into `to` where `to` lacks them.
fn rescue_dotfiles(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with('.') && std::fs::create_dir_all(to).is_ok() {
            let target = to.join(e.file_name());
            if !target.exists() {
                let _ = std::fs::rename(e.path(), target);
            }
        }
    }
}

/// A temporary sibling of the output folder that a build writes into, file by file, and that
/// replaces the output folder on [`Staging::commit`]. Dropped without a commit (a failed
/// build), it is deleted and the output folder is left as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    tmp: tempfile::TempDir,
    /// Folders already made (relative to `tmp`): a folder of many files (the search index's
    /// pages) is made once, not tried again (a failed `mkdir` and a `stat`) for each file.
    made: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Staging {
    /// Creates the temporary folder beside `dir`, first removing what killed builds left there.
    pub fn new(dir: &Path) -> Result<Self, Error> {
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        // Leftovers of builds killed mid-way (SIGKILL, power loss): only our own prefixed folders.
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with(&format!(".{name}.kaisetsu-new-"))
                    || n.starts_with(&format!(".{name}.kaisetsu-old-"))
                {
                    // A kill can land after the output's dotfiles (.gitignore, a deploy
                    // worktree's .git) were moved in here: put them back before deleting.
                    rescue_dotfiles(&e.path(), dir);
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.kaisetsu-new-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            parent,
            name,
            tmp,
            made: Default::default(),
        })
    }

    /// Writes one file's bytes (safe to call from many threads).
    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.target(path)?;
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
    }

    fn target(&self, path: &str) -> Result<PathBuf, Error> {
        if !safe_relative(path) {
            return Err(Error::usage(
                format!("refusing to write outside the output folder: {path}"),
                "this is a bug in kaisetsu; please report it",
            ));
        }
        let target = self.tmp.path().join(path);
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(target);
        };
        let made = || self.made.lock().expect("no mkdir panics holding the lock");
        if !made().contains(folder) {
            let p = target.parent().expect("a path with a folder has a parent");
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
            made().insert(folder.to_string());
        }
        Ok(target)
    }

    /// Writes one file (safe to call from many threads).
    pub fn write(&self, path: &str, contents: &Contents) -> Result<(), Error> {
        let target = self.target(path)?;
        match contents {
            Contents::Bytes(b) => std::fs::write(&target, b).map_err(|e| Error::io(&target, e)),
            Contents::Copy(src) => std::fs::copy(src, &target)
                .map(|_| ())
                .map_err(|e| Error::io(src, e)),
        }
    }

    /// Writes many files in parallel.
    pub fn write_all(&self, files: Vec<OutputFile>) -> Result<(), Error> {
        files
            .par_iter()
            .try_for_each(|f| self.write(&f.path, &f.contents))
    }

    /// Swaps the staged folder in for the output folder, keeping the old output's top-level
    /// dotfiles (`.gitignore`, a deploy worktree's `.git`).
    pub fn commit(self) -> Result<(), Error> {
        let Staging {
            dir,
            parent,
            name,
            tmp,
            ..
        } = self;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with('.') {
                    let to = tmp.path().join(e.file_name());
                    if !to.exists() {
                        std::fs::rename(e.path(), &to).map_err(|err| Error::io(e.path(), err))?;
                    }
                }
            }
        }
        let new = tmp.keep();
        if dir.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.kaisetsu-old-"))
                .tempdir_in(&parent)
                .map_err(|e| Error::io(&parent, e))?
                .keep();
            std::fs::remove_dir(&old).map_err(|e| Error::io(&old, e))?;
            std::fs::rename(&dir, &old).map_err(|e| Error::io(&dir, e))?;
            std::fs::rename(&new, &dir).map_err(|e| Error::io(&new, e))?;
            remove_tree(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            std::fs::rename(&new, &dir).map_err(|e| Error::io(&new, e))?;
        }
        Ok(())
    }
}

/// Removes the folder `root` and everything in it, in parallel: its files, then its folders a
/// level at a time, deepest first. On one thread, removing the dense 10,000-post model's old
/// output (26,000 files in 15,000 folders) took about 230 ms of a 4.9 s build on tmpfs.
/// Symbolic links are removed, not followed.
fn remove_tree(root: &Path) -> std::io::Result<()> {
    let (mut levels, mut files) = (Vec::<Vec<PathBuf>>::new(), Vec::new());
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            let depth = entry.depth();
            levels.resize_with(levels.len().max(depth + 1), Vec::new);
            levels[depth].push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files
        .par_iter()
        .with_min_len(64)
        .try_for_each(std::fs::remove_file)?;
    levels.iter().rev().try_for_each(|level| {
        level
            .par_iter()
            .with_min_len(64)
            .try_for_each(std::fs::remove_dir)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape() {
        for p in ["../x", "/etc/x", "a/../../x", "", "a//b", "./a"] {
            assert!(!safe_relative(p), "{p}");
        }
        assert!(safe_relative("notes/one/index.html"));
    }

    #[test]
    #[cfg(unix)]
    fn remove_tree_removes_nested_folders_and_leaves_link_targets() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("old"), dir.path().join("outside"));
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        for i in 0..150 {
            let sub = root.join(format!("s{}/p{i}", i % 7));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join("index.html"), "x").unwrap();
        }
        std::fs::create_dir_all(root.join("empty/deeper")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("s1/link")).unwrap();
        remove_tree(&root).unwrap();
        assert!(!root.exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept",
            "a link is removed, not followed"
        );
    }

    #[test]
    fn disk_output_swaps_and_keeps_dotfiles() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(".gitignore"), "*\n").unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let staging = Staging::new(&out).unwrap();
        let file = OutputFile {
            path: "a/index.html".into(),
            contents: Contents::Bytes(bytes::Bytes::from_static(b"new")),
        };
        staging.put(file).unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join(".gitignore")).unwrap(),
            "*\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_an_aborted_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join(".public.kaisetsu-new-abc/x")).unwrap();
        std::fs::create_dir_all(dir.path().join(".public.kaisetsu-old-def/.git")).unwrap();
        std::fs::create_dir_all(dir.path().join(".other")).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write_bytes("a/b.html", b"x").unwrap();
        drop(staging);
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".other", "public"], "{names:?}");
        assert!(
            out.join(".git").is_dir(),
            "a dotfile stranded by a killed build is put back"
        );
    }
}
