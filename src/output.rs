//! Stage 5, write: the [`Output`] sink. [`DiskOutput`] writes into a temporary sibling of the
//! output folder and swaps it in only when everything is written; [`MemoryOutput`] keeps the
//! files for tests and the dev server.

use crate::error::Error;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What is written: a file's bytes, or a file to copy.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes produced by the build.
    Bytes(Vec<u8>),
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

/// Where a finished build goes.
pub trait Output {
    /// Writes the whole site; either all of it lands or nothing changes.
    fn write_site(&mut self, files: Vec<OutputFile>) -> Result<(), Error>;
}

/// Keeps the site in memory.
#[derive(Debug, Default, Clone)]
pub struct MemoryOutput {
    /// Path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output for MemoryOutput {
    fn write_site(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        let mut map = BTreeMap::new();
        for f in files {
            let bytes = match f.contents {
                Contents::Bytes(b) => b,
                Contents::Copy(p) => std::fs::read(&p).map_err(|e| Error::io(p, e))?,
            };
            map.insert(f.path, bytes);
        }
        self.files = map;
        Ok(())
    }
}

/// Writes into a folder on disk through a temporary sibling, then swaps.
#[derive(Debug, Clone)]
pub struct DiskOutput {
    /// The output folder.
    pub dir: PathBuf,
}

fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != ".." && c != ".")
}

impl Output for DiskOutput {
    fn write_site(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        let parent = self
            .dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.kaisetsu-new-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| Path::new(&f.path).parent().map(|p| tmp.path().join(p)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        files.par_iter().try_for_each(|f| {
            if !safe_relative(&f.path) {
                return Err(Error::usage(
                    format!("refusing to write outside the output folder: {}", f.path),
                    "this is a bug in kaisetsu; please report it",
                ));
            }
            let target = tmp.path().join(&f.path);
            match &f.contents {
                Contents::Bytes(b) => std::fs::write(&target, b).map_err(|e| Error::io(&target, e)),
                Contents::Copy(src) => std::fs::copy(src, &target)
                    .map(|_| ())
                    .map_err(|e| Error::io(src, e)),
            }
        })?;
        // Keep the old output's top-level dotfiles (.gitignore, .git of a deploy worktree, …).
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
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
        if self.dir.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.kaisetsu-old-"))
                .tempdir_in(&parent)
                .map_err(|e| Error::io(&parent, e))?
                .keep();
            std::fs::remove_dir(&old).map_err(|e| Error::io(&old, e))?;
            std::fs::rename(&self.dir, &old).map_err(|e| Error::io(&self.dir, e))?;
            std::fs::rename(&new, &self.dir).map_err(|e| Error::io(&new, e))?;
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            std::fs::rename(&new, &self.dir).map_err(|e| Error::io(&new, e))?;
        }
        Ok(())
    }
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
    fn disk_output_swaps_and_keeps_dotfiles() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(".gitignore"), "*\n").unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let mut o = DiskOutput { dir: out.clone() };
        o.write_site(vec![OutputFile {
            path: "a/index.html".into(),
            contents: Contents::Bytes(b"new".to_vec()),
        }])
        .unwrap();
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
}
