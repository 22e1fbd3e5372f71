//! A single pass over an HTML (or feed/sitemap XML) file that keeps only what the output
//! verifier needs: every `href`, `src` and `poster` value, each URL of a `srcset`, the text of
//! `<loc>` elements, and every `id`.
//!
//! Hand-rolled on purpose: the verifier runs on every page of every build, and a full HTML
//! parser (html5ever, as `scraper` uses in the tests) builds a DOM per page, about ten times
//! the cost of this scan. The scan follows the HTML tokenizer where it matters for links:
//! comments, `<!…>` and `<?…>` declarations, end tags and the raw text of `script`, `style`,
//! `textarea` and `title` are skipped; attribute values may be double-, single- or unquoted,
//! and character references in them are decoded.

use super::bytes::{decode_into, find, find_byte, find_short, plain};
use super::hash::hash;
use super::intern::{page_independent, Front, Interner};

/// A table of a byte class over every byte, built at compile time: one lookup per byte in the
/// scan's inner loops instead of a chain of comparisons.
macro_rules! table {
    (|$b:ident| $class:expr) => {{
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            t[i] = $class;
            i += 1;
        }
        t
    }};
}

/// What one output file links to and which ids it has.
#[derive(Debug, Clone, Default)]
pub struct PageScan {
    /// Output path, e.g. `notes/one/index.html`.
    pub path: String,
    /// Every value below, one after another (one allocation per page).
    text: String,
    /// The links read against this page (relative ones, `#fragment`, `?query`).
    links: Vec<(u32, u32)>,
    /// The other links without a `#fragment`, by their [`Interner`] number, in page order.
    shared: Vec<u32>,
    /// The other links with a `#fragment`: the number of the part before the `#`, and the
    /// number of the rest (`#fragment`), in page order.
    anchored: Vec<(u32, u32)>,
    /// Each id's [`hash`] and span, sorted by hash.
    ids: Vec<(u64, u32, u32)>,
}

impl PageScan {
    /// The `href`/`src` values and `<loc>` texts that are read against this page, in page
    /// order (the others are [`PageScan::shared`]).
    pub fn links(&self) -> impl Iterator<Item = &str> {
        self.links
            .iter()
            .map(|&(s, e)| &self.text[s as usize..e as usize])
    }
    /// The [`Interner`] numbers of the links that mean the same on any page, in page order.
    pub fn shared(&self) -> &[u32] {
        &self.shared
    }
    /// Those with a `#fragment`, as two [`Interner`] numbers: the link up to the `#`, and the
    /// `#fragment` (the link is the two texts one after the other).
    ///
    /// Numbered apart because a site links to many sections of many pages: the dense
    /// 10,000-post model's pages link to 47,659 distinct `page/#section`s, but with 58
    /// section names, and the smaller table stays in the cache.
    pub fn anchored(&self) -> &[(u32, u32)] {
        &self.anchored
    }
    /// The `id` values (in no particular order).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(|&(_, s, e)| self.str((s, e)))
    }
    /// True when an element of the page has id `id`.
    pub fn has_id(&self, id: &str) -> bool {
        let h = hash(id);
        self.ids.binary_search_by(|&(k, _, _)| k.cmp(&h)).is_ok()
    }
    /// Ids used more than once, with their counts.
    pub fn repeated_ids(&self) -> impl Iterator<Item = (&str, usize)> {
        self.ids
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|g| g.len() > 1)
            .map(|g| (self.str((g[0].1, g[0].2)), g.len()))
    }
    fn str(&self, (s, e): (u32, u32)) -> &str {
        &self.text[s as usize..e as usize]
    }
    fn push(&mut self, value: &[u8], kind: Value, front: &mut Front<'_>) {
        // A value with nothing to decode is used as it is: a shared link goes to the
        // interner uncopied.
        let plain = plain(value);
        if let (Value::Link, Some(link)) = (kind, plain) {
            if page_independent(link) {
                self.push_shared(link, front);
                return;
            }
        }
        let start = self.text.len() as u32;
        match plain {
            Some(text) => self.text.push_str(text),
            None => decode_into(value, &mut self.text),
        }
        let span = (start, self.text.len() as u32);
        match kind {
            Value::Id => self.ids.push((hash(self.str(span)), span.0, span.1)),
            Value::Link if page_independent(self.str(span)) => {
                let link = self.text.split_off(start as usize);
                self.push_shared(&link, front);
            }
            Value::Link => self.links.push(span),
        }
    }

    /// Numbers `link`, which means the same on every page: whole, or in two parts when it has
    /// a `#fragment` ([`PageScan::anchored`]).
    fn push_shared(&mut self, link: &str, front: &mut Front<'_>) {
        match find_short(b'#', link.as_bytes()) {
            Some(at) => {
                let numbers = (front.number(&link[..at]), front.number(&link[at..]));
                self.anchored.push(numbers);
            }
            None => self.shared.push(front.number(link)),
        }
    }
}

/// What an attribute value is to the scan.
#[derive(Clone, Copy)]
enum Value {
    Id,
    /// A link; those that mean the same on every page go to the interner.
    Link,
}

/// Scans `bytes`, the output file at `path`; links that mean the same on every page are
/// numbered by `interner`.
pub fn scan(path: &str, bytes: &[u8], interner: &Interner) -> PageScan {
    interner.front(|front| scan_with(path, bytes, front))
}

/// [`scan`], with the interner's front borrowed for the whole page.
fn scan_with(path: &str, bytes: &[u8], front: &mut Front<'_>) -> PageScan {
    let mut page = PageScan {
        path: path.to_string(),
        text: String::with_capacity(bytes.len() / 64),
        links: Vec::new(),
        shared: Vec::with_capacity(bytes.len() / 256),
        anchored: Vec::new(),
        ids: Vec::with_capacity(bytes.len() / 1024),
    };
    tags(bytes, &mut page, front);
    // Sorted once here, on the rendering thread: lookups and repeats are then cheap.
    page.ids.sort_unstable_by_key(|&(h, _, _)| h);
    page
}

/// Scans the tags, comments and raw text of `bytes` into `page`.
fn tags(bytes: &[u8], page: &mut PageScan, front: &mut Front<'_>) {
    let mut i = 0;
    while let Some(p) = find_short(b'<', &bytes[i..]) {
        i = construct(bytes, i + p, page, front);
    }
}

/// Scans what begins with the `<` at `at`; returns where it ends.
fn construct(bytes: &[u8], at: usize, page: &mut PageScan, front: &mut Front<'_>) -> usize {
    let rest = &bytes[at + 1..];
    match rest.first() {
        Some(b) if b.is_ascii_alphabetic() => {}
        Some(b'!') if rest.starts_with(b"!--") => {
            return find(b"-->", &bytes[at + 4..]).map_or(bytes.len(), |e| at + 4 + e + 3);
        }
        Some(b'!') if rest.starts_with(b"![CDATA[") => {
            return find(b"]]>", rest).map_or(bytes.len(), |e| at + 1 + e + 3);
        }
        // An end tag holds nothing the scan reads, and no `<` before its `>` (HTML's tokenizer
        // would make one part of its name): the search for the next tag steps over it. `</`
        // and no letter starts a bogus comment, which ends at the first `>`.
        Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => return at + 2,
        Some(b'!' | b'?' | b'/') => {
            return find_short(b'>', rest).map_or(bytes.len(), |e| at + 1 + e + 1)
        }
        _ => return at + 1,
    }
    // The commonest start tags: a name of one or two bytes and no attributes (`<p>`, `<li>`).
    match rest.get(1..3) {
        Some([b'>', _]) => return at + 3,
        Some([b, b'>']) if TAG_NAME[*b as usize] => return at + 4,
        _ => {}
    }
    let name_len = rest.iter().take_while(|&&b| TAG_NAME[b as usize]).count();
    let name = &rest[..name_len];
    let i = attributes(bytes, at + 1 + name_len, page, front);
    if name.len() == 3 && name.eq_ignore_ascii_case(b"loc") {
        let end = find_byte(b'<', &bytes[i..]).map_or(bytes.len(), |e| i + e);
        page.push(bytes[i..end].trim_ascii(), Value::Link, front);
        return end;
    }
    match raw_text(name) {
        Some(raw) => raw_text_end(bytes, i, raw),
        None => i,
    }
}

/// `name` (in any case) when it names an element whose content is raw text: `script`,
/// `style`, `textarea` or `title`. By length first: most tags are none of them.
fn raw_text(name: &[u8]) -> Option<&'static [u8]> {
    let raw: &'static [u8] = match (name.len(), name.first().map(u8::to_ascii_lowercase)) {
        (5, Some(b's')) => b"style",
        (5, Some(b't')) => b"title",
        (6, _) => b"script",
        (8, _) => b"textarea",
        _ => return None,
    };
    name.eq_ignore_ascii_case(raw).then_some(raw)
}

/// Bytes of a tag's name: ASCII letters and digits, `-` and `:`.
const TAG_NAME: [bool; 256] = table!(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'));
/// ASCII whitespace (HTML's: space, tab, line feed, form feed, carriage return).
const SPACE: [bool; 256] = table!(|b| b.is_ascii_whitespace());
/// What comes between attributes: ASCII whitespace and `/`.
const SPACE_OR_SLASH: [bool; 256] = table!(|b| b.is_ascii_whitespace() || b == b'/');
/// Bytes that end an attribute's name: `=`, `>`, `/` and ASCII whitespace.
const NAME_END: [bool; 256] =
    table!(|b| matches!(b, b'=' | b'>' | b'/') || b.is_ascii_whitespace());

/// Reads a start tag's attributes from `j` (just after the name); returns where the tag ends.
fn attributes(bytes: &[u8], mut j: usize, page: &mut PageScan, front: &mut Front<'_>) -> usize {
    let len = bytes.len();
    loop {
        while j < len && SPACE_OR_SLASH[bytes[j] as usize] {
            j += 1;
        }
        match bytes.get(j) {
            None => return len,
            Some(b'>') => return j + 1,
            Some(_) => {}
        }
        let (kind, at) = match attribute(bytes, j) {
            Ok(named) => named,
            Err(name_end) => {
                j = name_end;
                continue;
            }
        };
        let (value, next) = value_at(bytes, at);
        j = next;
        match kind {
            Some(Attr::Id) => page.push(value, Value::Id, front),
            Some(Attr::Link) => link(value, page, front),
            Some(Attr::Srcset) => srcset_urls(value).for_each(|url| link(url, page, front)),
            None => {}
        }
    }
}

/// Keeps the link `value` unless it names no file ([`is_external`]).
fn link(value: &[u8], page: &mut PageScan, front: &mut Front<'_>) {
    if !is_external(value) {
        page.push(value.trim_ascii(), Value::Link, front);
    }
}

/// What an attribute is to the scan.
#[derive(Clone, Copy)]
enum Attr {
    Id,
    /// `href`, `src`, `poster`: one link.
    Link,
    /// `srcset`: image candidates, each a link and a descriptor (`2x`, `640w`).
    Srcset,
}

/// The URLs of a `srcset` value, as HTML's "parse a srcset attribute" reads them: candidates
/// split by commas, each a URL up to a space, then optional descriptors up to the next comma
/// (outside parentheses). A URL that ends in commas loses them, as it has no descriptors.
fn srcset_urls(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < value.len() && (SPACE[value[i] as usize] || value[i] == b',') {
            i += 1;
        }
        if i >= value.len() {
            return None;
        }
        let start = i;
        while i < value.len() && !SPACE[value[i] as usize] {
            i += 1;
        }
        let url = &value[start..i];
        if url.ends_with(b",") {
            // It starts with no comma (those were skipped), so something is left.
            let kept = url.iter().rposition(|&b| b != b',').map_or(0, |p| p + 1);
            return Some(&url[..kept]);
        }
        let mut depth = 0usize;
        while i < value.len() && (depth > 0 || value[i] != b',') {
            match value[i] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        Some(url)
    })
}

/// The attribute whose name starts at `j`: what its value is to the scan (an id, a link, or
/// neither) and where the value starts, after the `=`; or, when it has no value, where its
/// name ends.
fn attribute(bytes: &[u8], j: usize) -> Result<(Option<Attr>, usize), usize> {
    // The names kaisetsu's templates write most, as they write them.
    let rest = &bytes[j..];
    if rest.starts_with(b"class=\"") {
        return Ok((None, j + 6));
    }
    if rest.starts_with(b"href=\"") {
        return Ok((Some(Attr::Link), j + 5));
    }
    if rest.starts_with(b"id=\"") {
        return Ok((Some(Attr::Id), j + 3));
    }
    let len = bytes.len();
    let name_end = rest
        .iter()
        .position(|&b| NAME_END[b as usize])
        .map_or(len, |e| j + e);
    let name = &bytes[j..name_end];
    let mut k = name_end;
    while k < len && SPACE[bytes[k] as usize] {
        k += 1;
    }
    if k >= len || bytes[k] != b'=' {
        return Err(k);
    }
    let kind = match name.len() {
        2 if name.eq_ignore_ascii_case(b"id") => Some(Attr::Id),
        3 if name.eq_ignore_ascii_case(b"src") => Some(Attr::Link),
        4 if name.eq_ignore_ascii_case(b"href") => Some(Attr::Link),
        6 if name.eq_ignore_ascii_case(b"poster") => Some(Attr::Link),
        6 if name.eq_ignore_ascii_case(b"srcset") => Some(Attr::Srcset),
        _ => None,
    };
    Ok((kind, k + 1))
}

/// The attribute value that starts at `j`, after its `=` and any spaces (double-, single- or
/// unquoted), and where the tag goes on after it.
fn value_at(bytes: &[u8], mut j: usize) -> (&[u8], usize) {
    let len = bytes.len();
    while j < len && SPACE[bytes[j] as usize] {
        j += 1;
    }
    match bytes.get(j) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = find_short(q, &bytes[j + 1..]).map_or(len, |e| j + 1 + e);
            (&bytes[j + 1..end], (end + 1).min(len))
        }
        _ => {
            let end = bytes[j..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .map_or(len, |e| j + e);
            (&bytes[j..end], end)
        }
    }
}

/// `mailto:`, `tel:`, `data:` and `javascript:` URLs name no file (`http(s)://` ones are kept:
/// feeds and canonical links point into the site with them).
fn is_external(value: &[u8]) -> bool {
    let v = value.trim_ascii_start();
    // Most links start with `/`, `h` or `#`: one test of the first letter rules them out.
    if !matches!(
        v.first().map(u8::to_ascii_lowercase),
        Some(b'm' | b't' | b'd' | b'j')
    ) {
        return false;
    }
    [&b"mailto:"[..], b"tel:", b"data:", b"javascript:"]
        .iter()
        .any(|p| v.len() >= p.len() && v[..p.len()].eq_ignore_ascii_case(p))
}

/// Where the raw text of element `name` ends (at its end tag, found case-insensitively).
///
/// By `<`, not by a two-byte search: most raw text is short (a `<script src>`'s is empty,
/// a title's a line), and a `memmem` searcher's setup cost more than the search.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut k = from;
    while let Some(p) = find_short(b'<', &bytes[k..]) {
        let at = k + p + 1;
        let end = at + 1 + name.len();
        // An end tag of the element: its name, then a space, `/` or `>` (not `</titles`).
        if bytes.get(at) == Some(&b'/')
            && bytes
                .get(at + 1..end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && bytes
                .get(end)
                .is_none_or(|&b| SPACE_OR_SLASH[b as usize] || b == b'>')
        {
            return at - 1;
        }
        k = at;
    }
    bytes.len()
}

#[cfg(test)]
mod tests;
