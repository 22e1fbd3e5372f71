//! The links that mean the same on every page, kept once for the whole output.
//!
//! A root-relative or absolute link (`/glossary/x/`, `https://e.org/a/`) names the same file
//! from any page, and most of a site's links are such links repeated on many pages: the
//! navigation, the sidebars, the glossary's links. The scan hands each one to an [`Interner`]
//! and keeps a number per occurrence; the check then resolves each distinct link once
//! ([`Interned`]). On the dense 10,000-post model that is a few tens of thousands of checks
//! instead of millions, and four bytes per occurrence instead of its text. A link with a
//! `#fragment` is numbered in two parts, the link up to the `#` and the `#fragment` with its
//! `#` ([`super::scan::PageScan::anchored`]); no other link starts with `#`.

use super::check::Prehashed;
use super::hash::hash;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Shards of the table: the rendering threads rarely wait for each other.
const SHARDS: usize = 64;
/// Numbers a thread keeps in its [`SEEN`] at most (about 1.5 MB): the 53,000 shared links of
/// the no-code 10,000-post model fit. At 2,048, six lookups in ten missed it and took a lock
/// (628,833 lookups, 370,313 misses), and the shared table cost 3 % of the build's CPU time.
const SEEN_MAX: usize = 1 << 16;

/// True when `url` names the same target from every page: it starts with `/` (a path under
/// the site's root, or `//host/…`) or has a scheme (`https:`, `mailto:`). Others (`x/`,
/// `../y`, `#z`, `?q`) are read against their page.
pub fn page_independent(url: &str) -> bool {
    if url.starts_with('/') {
        return true;
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    url[..end].contains(':')
}

#[derive(Debug, Default)]
struct Shard {
    /// Each link's [`hash`] and number.
    numbers: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// The links, by number / [`SHARDS`].
    links: Vec<Box<str>>,
}

/// Numbers links, from any thread: the same text always gets the same number. Two links
/// with one 64-bit [`hash`] would share a number, as they would share an entry in the
/// check's table of output files.
#[derive(Debug)]
pub struct Interner {
    /// Tells this interner's numbers from another's in a thread's [`SEEN`].
    id: u64,
    shards: Vec<Mutex<Shard>>,
}

/// Numbers this thread has already had from an interner, by link hash: most links repeat
/// on the pages one thread renders, and a lookup here takes no lock.
struct Seen {
    interner: u64,
    numbers: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// The last link met at each place of a direct-mapped table, by hash: the links a page
    /// repeats from the last (navigation, glossary links) are found in one compare, without
    /// the map's probe. An empty place holds a hash that no link at that place has
    /// ([`empty_recent`]).
    recent: Box<[(u64, u32)]>,
}

/// [`Seen::recent`] with every place empty: place `p` holds hash `p ^ 1`, whose place is not
/// `p`.
fn empty_recent() -> Box<[(u64, u32)]> {
    (0..RECENT).map(|p| ((p ^ 1) as u64, 0)).collect()
}

/// Places in [`Seen::recent`] (64 KB: a hash and a number, 16 bytes with padding).
const RECENT: usize = 1 << 12;

impl Default for Seen {
    fn default() -> Self {
        Seen {
            interner: 0,
            numbers: HashMap::default(),
            recent: empty_recent(),
        }
    }
}

/// An [`Interner`] with the calling thread's [`Seen`], from [`Interner::front`].
pub struct Front<'a> {
    interner: &'a Interner,
    seen: &'a mut Seen,
}

impl Front<'_> {
    /// The number of `link`.
    pub fn number(&mut self, link: &str) -> u32 {
        let h = hash(link);
        let place = (h as usize) % RECENT;
        let (last, n) = self.seen.recent[place];
        if last == h {
            return n;
        }
        let n = match self.seen.numbers.get(&h) {
            Some(&n) => n,
            None => self.shared_number(h, link),
        };
        self.seen.recent[place] = (h, n);
        n
    }

    /// The number of `link`, whose hash is `h`, from the shared table; kept in the front if
    /// it was met before.
    fn shared_number(&mut self, h: u64, link: &str) -> u32 {
        let (n, first) = self.interner.shared_number(h, link);
        // Only a link met before comes into the front: the many that only one page has (its
        // own URL, its neighbours) would crowd out those many pages have.
        if !first {
            if self.seen.numbers.len() >= SEEN_MAX {
                self.seen.numbers.clear();
            }
            self.seen.numbers.insert(h, n);
        }
        n
    }
}

thread_local! {
    static SEEN: RefCell<Seen> = RefCell::default();
}

impl Default for Interner {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Interner {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl Interner {
    /// The number of `link`.
    pub fn number(&self, link: &str) -> u32 {
        self.front(|front| front.number(link))
    }

    /// Runs `f` with this thread's [`Front`] of this interner, borrowed once for many links
    /// (a page's): a lookup then costs no thread-local access.
    pub fn front<R>(&self, f: impl FnOnce(&mut Front<'_>) -> R) -> R {
        SEEN.with_borrow_mut(|seen| {
            if seen.interner != self.id {
                seen.interner = self.id;
                seen.numbers.clear();
                seen.recent = empty_recent();
            }
            f(&mut Front {
                interner: self,
                seen,
            })
        })
    }

    /// The number of `link`, whose hash is `h`, from the shared table, and whether this is
    /// the first time it is asked for.
    fn shared_number(&self, h: u64, link: &str) -> (u32, bool) {
        let shard = (h as usize) % SHARDS;
        let mut s = self.shards[shard]
            .lock()
            .expect("no interning panics holding the lock");
        let next = (s.links.len() * SHARDS + shard) as u32;
        let n = *s.numbers.entry(h).or_insert(next);
        if n == next {
            s.links.push(link.into());
        }
        (n, n == next)
    }

    /// The links, for reading by number.
    pub fn finish(self) -> Interned {
        let shards = self.shards.into_iter();
        let shards = shards.map(|m| m.into_inner().expect("no interning panics").links);
        Interned(shards.collect())
    }
}

/// The links an [`Interner`] numbered.
#[derive(Debug, Default)]
pub struct Interned(Vec<Vec<Box<str>>>);

impl Interned {
    /// The link numbered `n`.
    pub fn get(&self, n: u32) -> &str {
        let n = n as usize;
        &self.0[n % SHARDS][n / SHARDS]
    }

    /// One more than the highest number given.
    pub fn numbers(&self) -> usize {
        let longest = self.0.iter().map(Vec::len).max().unwrap_or(0);
        longest * SHARDS
    }

    /// Every link with its number.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.0.iter().enumerate().flat_map(|(shard, links)| {
            let numbered = links.iter().enumerate();
            numbered.map(move |(i, l)| ((i * SHARDS + shard) as u32, &**l))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_link_gets_the_same_number_from_any_thread() {
        let interner = Interner::default();
        let links: Vec<String> = (0..500).map(|i| format!("/p/{}/", i % 200)).collect();
        let numbers: Vec<Vec<u32>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| links.iter().map(|l| interner.number(l)).collect()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(numbers.windows(2).all(|w| w[0] == w[1]));
        let interned = interner.finish();
        for (link, &n) in links.iter().zip(&numbers[0]) {
            assert_eq!(interned.get(n), link);
        }
        assert_eq!(interned.iter().count(), 200);
        assert!(interned.iter().all(|(n, l)| interned.get(n) == l));
    }

    #[test]
    fn links_that_share_a_place_of_the_recent_table_keep_their_numbers() {
        // Three times the table's places, met in turns: each place is taken over many times.
        let interner = Interner::default();
        let links: Vec<String> = (0..3 * RECENT).map(|i| format!("/p/{i}/")).collect();
        let first: Vec<u32> = links.iter().map(|l| interner.number(l)).collect();
        let again: Vec<u32> = links.iter().rev().map(|l| interner.number(l)).collect();
        assert!(first.iter().eq(again.iter().rev()));
        let interned = interner.finish();
        assert!(links.iter().zip(&first).all(|(l, &n)| interned.get(n) == l));
        assert_eq!(interned.iter().count(), links.len());
    }

    #[test]
    fn only_links_read_against_their_page_are_page_dependent() {
        for url in [
            "/a/",
            "//cdn.x/y.js",
            "https://e.org/",
            "mailto:a@b.c",
            "x:y",
        ] {
            assert!(page_independent(url), "{url}");
        }
        for url in ["a/", "../b.png", "#top", "?q=1", "", "a/b:c"] {
            assert!(!page_independent(url), "{url}");
        }
    }
}
