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

#[derive(Debug, Clone, Default)]
struct Node {
    edges: Vec<Edge>,
    /// Names ending here (indexes into the name list the trie was built from).
    names: Vec<usize>,
    /// For a node with many edges: its table in [`NameTrie::tables`].
    table: Option<usize>,
}

/// Nodes with more edges than this get a table instead of a search through their edges.
const FORK: usize = 4;

/// A radix trie of names.
#[derive(Debug, Clone, Default)]
pub(super) struct NameTrie {
    nodes: Vec<Node>,
    labels: Vec<u8>,
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
        for node in &mut trie.nodes {
            if node.edges.len() > FORK {
                let mut table = [0u16; 256];
                for (i, e) in node.edges.iter().enumerate() {
                    table[usize::from(e.first)] = i as u16 + 1;
                }
                node.table = Some(trie.tables.len());
                trie.tables.push(table);
            }
        }
        trie
    }

    /// The edge of `node` that starts with `b` (already folded).
    fn edge(&self, node: &Node, b: u8) -> Option<Edge> {
        match node.table {
            Some(t) => match self.tables[t][usize::from(b)] {
                0 => None,
                i => Some(node.edges[usize::from(i) - 1]),
            },
            None => node.edges.iter().find(|e| e.first == b).copied(),
        }
    }

    /// Adds `plain[at]` and everything under it, merging single-child chains; returns its id.
    fn merge(&mut self, plain: &[Plain], at: usize) -> u32 {
        let id = self.nodes.len();
        self.nodes.push(Node {
            edges: Vec::new(),
            names: plain[at].names.clone(),
            table: None,
        });
        for &(first, mut next) in &plain[at].children {
            let start = self.labels.len();
            self.labels.push(first);
            while plain[next].names.is_empty() && plain[next].children.len() == 1 {
                let (b, after) = plain[next].children[0];
                self.labels.push(b);
                next = after;
            }
            let len = self.labels.len() - start;
            let to = self.merge(plain, next);
            self.nodes[id].edges.push(Edge {
                first,
                start: start as u32,
                len: len as u32,
                to,
            });
        }
        id as u32
    }

    /// Walks `text` from `start`, calling `found(end, names)` wherever names end, shortest
    /// first.
    pub(super) fn walk(&self, text: &[u8], start: usize, mut found: impl FnMut(usize, &[usize])) {
        let Some(&first) = text.get(start) else {
            return;
        };
        let Some(mut edge) = self.edge(&self.nodes[0], first.to_ascii_lowercase()) else {
            return;
        };
        let mut at = start;
        loop {
            let (from, len) = (edge.start as usize, edge.len as usize);
            match text.get(at..at + len) {
                Some(seg) if seg.eq_ignore_ascii_case(&self.labels[from..from + len]) => {}
                _ => return,
            }
            at += len;
            let node = &self.nodes[edge.to as usize];
            if !node.names.is_empty() {
                found(at, &node.names);
            }
            let Some(&b) = text.get(at) else {
                return;
            };
            match self.edge(node, b.to_ascii_lowercase()) {
                Some(e) => edge = e,
                None => return,
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
