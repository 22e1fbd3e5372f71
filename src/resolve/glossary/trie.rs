//! The names as a radix trie: the second pass of the matcher, walked from each position the
//! start filter keeps.
//!
//! ASCII letters are folded to lowercase, as the matcher compares them; other bytes are kept.
//! Chains of single children are merged into one edge, so a walk compares runs of bytes (a
//! name of three words is two or three steps, not one per byte) and touches few cache lines.

/// One edge: the bytes it spells (`labels[start..start + len]`) and the node it leads to.
#[derive(Debug, Clone, Copy)]
struct Edge {
    first: u8,
    start: u32,
    len: u32,
    to: u32,
}

/// A node: its edges (`edges[edges..edges + n_edges]`) and the names ending there
/// (`names[names..names + n_names]`), all in flat arrays so that a walk follows no pointers.
#[derive(Debug, Clone, Copy)]
struct Node {
    edges: u32,
    n_edges: u32,
    names: u32,
    n_names: u32,
    /// For a node with many edges: its table in [`NameTrie::tables`].
    table: Option<u32>,
}

/// Nodes with more edges than this get a table instead of a search through their edges.
const FORK: usize = 4;

/// A radix trie of names.
#[derive(Debug, Clone, Default)]
pub(super) struct NameTrie {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    names: Vec<usize>,
    /// Edge labels, ASCII letters lowercased.
    labels: Vec<u8>,
    /// `0x20` under each ASCII letter of `labels`: a text byte `t` matches label byte `l` when
    /// `t | mask == l` (only `A`-`Z` and `a`-`z` become a lowercase letter under `| 0x20`).
    masks: Vec<u8>,
    /// For each node with many edges, its edge for each byte, plus one (0: none).
    tables: Vec<[u16; 256]>,
}

/// A plain byte trie, merged into a [`NameTrie`] once all names are in.
#[derive(Default)]
struct Plain {
    children: Vec<(u8, usize)>,
    names: Vec<usize>,
}

impl NameTrie {
    /// The trie of `names`; walks report name `i` where `names[i]` ends.
    pub(super) fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> NameTrie {
        let mut plain = vec![Plain::default()];
        for (i, name) in names.into_iter().enumerate() {
            let mut node = 0;
            for b in name.bytes().map(|b| b.to_ascii_lowercase()) {
                node = match plain[node].children.iter().find(|c| c.0 == b) {
                    Some(&(_, next)) => next,
                    None => {
                        plain.push(Plain::default());
                        let next = plain.len() - 1;
                        plain[node].children.push((b, next));
                        next
                    }
                };
            }
            plain[node].names.push(i);
        }
        let mut trie = NameTrie::default();
        trie.merge(&plain, 0);
        trie.masks = trie
            .labels
            .iter()
            .map(|b| if b.is_ascii_lowercase() { 0x20 } else { 0 })
            .collect();
        trie
    }

    /// Adds `plain[at]` and everything under it, merging single-child chains; returns its id.
    /// A node's edges are contiguous: they are all added before any node below them.
    fn merge(&mut self, plain: &[Plain], at: usize) -> u32 {
        let id = self.nodes.len();
        let children = &plain[at].children;
        self.nodes.push(Node {
            edges: self.edges.len() as u32,
            n_edges: children.len() as u32,
            names: self.names.len() as u32,
            n_names: plain[at].names.len() as u32,
            table: None,
        });
        self.names.extend(&plain[at].names);
        let mut below = Vec::with_capacity(children.len());
        for &(first, mut next) in children {
            let start = self.labels.len();
            self.labels.push(first);
            while plain[next].names.is_empty() && plain[next].children.len() == 1 {
                let (b, after) = plain[next].children[0];
                self.labels.push(b);
                next = after;
            }
            self.edges.push(Edge {
                first,
                start: start as u32,
                len: (self.labels.len() - start) as u32,
                to: 0,
            });
            below.push(next);
        }
        if children.len() > FORK {
            let mut table = [0u16; 256];
            for (i, &(first, _)) in children.iter().enumerate() {
                table[usize::from(first)] = i as u16 + 1;
            }
            self.nodes[id].table = Some(self.tables.len() as u32);
            self.tables.push(table);
        }
        let first_edge = self.nodes[id].edges as usize;
        for (k, next) in below.into_iter().enumerate() {
            self.edges[first_edge + k].to = self.merge(plain, next);
        }
        id as u32
    }

    /// The edge of `node` that starts with `b` (already folded).
    fn edge(&self, node: &Node, b: u8) -> Option<&Edge> {
        let edges = &self.edges[node.edges as usize..(node.edges + node.n_edges) as usize];
        match node.table {
            Some(t) => match self.tables[t as usize][usize::from(b)] {
                0 => None,
                i => Some(&edges[usize::from(i) - 1]),
            },
            None => edges.iter().find(|e| e.first == b),
        }
    }

    /// True when `text[at..]` starts with the label of `edge`, in any ASCII case.
    fn spells(&self, text: &[u8], at: usize, edge: &Edge) -> bool {
        let (start, len) = (edge.start as usize, edge.len as usize);
        let Some(seg) = text.get(at..at + len) else {
            return false;
        };
        let label = &self.labels[start..start + len];
        let mask = &self.masks[start..start + len];
        let word = |b: &[u8], i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8"));
        let mut i = 0;
        while i + 8 <= len {
            if word(seg, i) | word(mask, i) != word(label, i) {
                return false;
            }
            i += 8;
        }
        (i..len).all(|k| seg[k] | mask[k] == label[k])
    }

    /// Walks `text` from `start`, calling `found(end, names)` wherever names end, shortest
    /// first.
    pub(super) fn walk(&self, text: &[u8], start: usize, mut found: impl FnMut(usize, &[usize])) {
        let mut node = &self.nodes[0];
        let mut at = start;
        while let Some(&b) = text.get(at) {
            let Some(edge) = self.edge(node, b.to_ascii_lowercase()) else {
                return;
            };
            if !self.spells(text, at, edge) {
                return;
            }
            at += edge.len as usize;
            node = &self.nodes[edge.to as usize];
            if node.n_names > 0 {
                found(
                    at,
                    &self.names[node.names as usize..(node.names + node.n_names) as usize],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(trie: &NameTrie, text: &str, start: usize) -> Vec<(usize, Vec<usize>)> {
        let mut out = Vec::new();
        trie.walk(text.as_bytes(), start, |end, names| {
            out.push((end, names.to_vec()))
        });
        out
    }

    #[test]
    fn walks_report_every_name_ending_on_the_way_in_any_ascii_case() {
        let trie = NameTrie::new([
            "Three Principles",
            "Three Principles on Transfer",
            "three",
            "SDF",
            "自衛隊",
            "Thr",
        ]);
        assert_eq!(
            ends(&trie, "THREE principles on transfer of", 0),
            [(3, vec![5]), (5, vec![2]), (16, vec![0]), (28, vec![1])]
        );
        assert_eq!(ends(&trie, "x SDFs", 2), [(5, vec![3])]);
        assert_eq!(ends(&trie, "自衛隊員", 0), [(9, vec![4])]);
        assert_eq!(ends(&trie, "Threat", 0), [(3, vec![5])]);
        assert!(ends(&trie, "Three Princ", 0).len() == 2);
        assert!(ends(&trie, "", 0).is_empty());
        assert!(ends(&trie, "abc", 3).is_empty());
    }

    #[test]
    fn chains_are_merged_into_single_edges() {
        let trie = NameTrie::new(["Alpha Accord 1", "Alpha Accord 2", "Alpha Bureau 1"]);
        // The root, the forks after "alpha " and "alpha accord ", and three leaves.
        assert_eq!(trie.nodes.len(), 6);
        assert!(trie.tables.is_empty());
        // A node with many edges gets a table.
        let names: Vec<String> = (b'a'..=b'z').map(|c| format!("x{}", c as char)).collect();
        let trie = NameTrie::new(names.iter().map(String::as_str));
        assert_eq!(trie.tables.len(), 1);
        assert_eq!(ends(&trie, "XQ", 0), [(2, vec![16])]);
        assert!(ends(&trie, "x1", 0).is_empty());
    }
}
