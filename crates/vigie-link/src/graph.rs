//! Hubs and networks: connected components over non-hub evidence.
//!
//! **Evidence** joining two documents: an identifier both carry (phone, handle, e-mail, URL,
//! image hash), or near-duplicate texts of at least `min_tokens_to_link` tokens.
//!
//! **Hub rule.** An identifier carried by `hub_min_degree` documents or more is a candidate.
//! Candidates are examined from the rarest to the most common; before each, the documents are
//! grouped by all the evidence accepted so far (texts, rarer identifiers, candidates already
//! found not to be hubs). A *group* counts when it reaches beyond the candidate's own
//! documents — it holds at least one document that does not carry the candidate, i.e. it is held
//! together by evidence of its own. A candidate touching `hub_min_groups` such groups or more is a
//! hub: it would glue otherwise unrelated networks together (an agency switchboard, a generic
//! number, spam). A person who posts many different texts with one phone is not a hub: her ads
//! form groups made only of her own documents. Hubs keep their edges (weight `1 / log2(degree)`)
//! but do not join networks; the merges they would have made are counted.

use rustc_hash::FxHashMap;

use crate::Linked;
use crate::circuit;
use crate::cluster::cluster;
use crate::linker::{Docs, LinkConfig};
use crate::rank;
use crate::uf::UnionFind;

/// What is known of a hub.
#[derive(Debug, Clone)]
pub(crate) struct HubInfo {
    pub(crate) key: u32,
    pub(crate) groups: usize,
    pub(crate) places: usize,
    pub(crate) merges: usize,
}

pub(crate) fn link(config: LinkConfig, docs: Docs) -> Linked {
    let n = docs.len();
    let text = cluster(&docs.body, &|d| docs.signature(d), config.jaccard_threshold);
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); docs.key_list.len()];
    for d in 0..n as u32 {
        for &k in docs.keys_of(d) {
            if postings[k as usize].last() != Some(&d) {
                postings[k as usize].push(d);
            }
        }
    }
    let mut uf = UnionFind::new(n);
    for e in &text.edges {
        let min = config.min_tokens_to_link;
        if docs.tokens[e.a as usize] >= min && docs.tokens[e.b as usize] >= min {
            uf.union(e.a, e.b);
        }
    }
    let mut candidates = Vec::new();
    for (k, p) in postings.iter().enumerate() {
        if p.len() >= config.hub_min_degree {
            candidates.push(k as u32);
        } else {
            for &d in &p[1.min(p.len())..] {
                uf.union(p[0], d);
            }
        }
    }
    // By degree, then by value: the order of the input does not change which are hubs.
    candidates.sort_by(|&a, &b| {
        (postings[a as usize].len(), &docs.key_list[a as usize])
            .cmp(&(postings[b as usize].len(), &docs.key_list[b as usize]))
    });
    let mut is_hub = vec![false; postings.len()];
    let mut hubs = Vec::new();
    let mut roots: Vec<u32> = Vec::new();
    for k in candidates {
        let p = &postings[k as usize];
        roots.clear();
        roots.extend(p.iter().map(|&d| uf.find(d)));
        roots.sort_unstable();
        let mut groups = 0;
        for run in roots.chunk_by(|a, b| a == b) {
            if uf.size_of(run[0]) > run.len() as u32 {
                groups += 1;
            }
        }
        if groups >= config.hub_min_groups {
            let mut places: Vec<u32> = p.iter().filter_map(|&d| docs.place_of(d)).collect();
            places.sort_unstable();
            places.dedup();
            is_hub[k as usize] = true;
            hubs.push(HubInfo { key: k, groups, places: places.len(), merges: 0 });
        } else {
            for &d in &p[1..] {
                uf.union(p[0], d);
            }
        }
    }
    // What hubs would have merged.
    let mut with_hubs = uf.clone();
    let mut merges_prevented = 0;
    for h in &mut hubs {
        let p = &postings[h.key as usize];
        for &d in &p[1..] {
            if let Some((a, b)) = with_hubs.union(p[0], d)
                && a >= 2
                && b >= 2
            {
                h.merges += 1;
            }
        }
        merges_prevented += h.merges;
    }
    hubs.sort_by(|a, b| {
        postings[b.key as usize]
            .len()
            .cmp(&postings[a.key as usize].len())
            .then_with(|| docs.key_list[a.key as usize].cmp(&docs.key_list[b.key as usize]))
    });
    let largest_with_hubs = (0..n as u32).map(|d| with_hubs.size_of(d)).max().unwrap_or(0) as usize;
    drop(with_hubs);
    // Networks: components of two documents or more, by first member.
    let mut members: FxHashMap<u32, usize> = FxHashMap::default();
    let mut networks: Vec<Vec<u32>> = Vec::new();
    for d in 0..n as u32 {
        if uf.size_of(d) < 2 {
            continue;
        }
        let r = uf.find(d);
        let i = *members.entry(r).or_insert_with(|| {
            networks.push(Vec::new());
            networks.len() - 1
        });
        networks[i].push(d);
    }
    let circuits: Vec<Option<circuit::Stops>> =
        networks.iter().map(|m| circuit::stops(&docs, m, &config)).collect();
    let ranked = rank::rank(&docs, networks, circuits, &is_hub, &postings);
    let mut linked = Linked {
        config,
        docs,
        text,
        postings,
        is_hub,
        hubs,
        merges_prevented,
        largest_with_hubs,
        networks: ranked,
        doc_network: Vec::new(),
        clusters: Vec::new(),
        doc_cluster: Vec::new(),
        templates: Vec::new(),
    };
    linked.index();
    linked
}
