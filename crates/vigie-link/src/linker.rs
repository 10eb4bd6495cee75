//! The linker: documents go in one at a time and are kept as compact records (ids, interned
//! identifiers, signature, time, place, risk — never the text); [`Linker::finish`] links them.

use rustc_hash::FxHashMap;

use crate::input::{DocInput, LinkKey, PlaceRef};
use crate::minhash::Signature;

/// Thresholds of linking. The defaults are documented in `docs/link.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkConfig {
    /// Estimated Jaccard similarity from which two texts are near-duplicates.
    pub jaccard_threshold: f64,
    /// Fewest tokens a text needs for its near-duplicates to join a network (short texts such as
    /// "call me" are shared by strangers).
    pub min_tokens_to_link: u32,
    /// Fewest documents an identifier needs to be a hub candidate.
    pub hub_min_degree: usize,
    /// Fewest separate groups (linked by other evidence, reaching beyond the identifier's own
    /// documents) a candidate must touch to be a hub.
    pub hub_min_groups: usize,
    /// A stay shorter than this many hours before moving on is flagged.
    pub short_stay_hours: f64,
    /// Consecutive stops further apart than this many kilometres…
    pub long_jump_km: f64,
    /// …reached within this many hours are flagged as a long jump.
    pub long_jump_hours: f64,
    /// Lowest similarity listed between two circuits.
    pub circuit_similarity: f64,
    /// Members read back to build a cluster's template.
    pub template_sample: usize,
}

impl Default for LinkConfig {
    fn default() -> LinkConfig {
        LinkConfig {
            jaccard_threshold: 0.5,
            min_tokens_to_link: 6,
            hub_min_degree: 10,
            hub_min_groups: 5,
            short_stay_hours: 48.0,
            long_jump_km: 400.0,
            long_jump_hours: 24.0,
            circuit_similarity: 0.5,
            template_sample: 12,
        }
    }
}

const NONE: u32 = u32::MAX;

/// Compact records of the documents pushed so far.
#[derive(Debug, Default)]
pub(crate) struct Docs {
    pub(crate) ids: Vec<String>,
    pub(crate) time: Vec<Option<i64>>,
    pub(crate) key_start: Vec<u32>,
    pub(crate) keys: Vec<u32>,
    pub(crate) place: Vec<u32>,
    pub(crate) risk: Vec<f32>,
    pub(crate) minor: Vec<bool>,
    pub(crate) body: Vec<u64>,
    pub(crate) tokens: Vec<u32>,
    pub(crate) sig: Vec<u32>,
    pub(crate) sigs: Vec<Signature>,
    pub(crate) key_list: Vec<LinkKey>,
    pub(crate) places: Vec<PlaceRef>,
}

impl Docs {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    pub(crate) fn keys_of(&self, d: u32) -> &[u32] {
        let s = self.key_start[d as usize] as usize;
        let e = self.key_start.get(d as usize + 1).map_or(self.keys.len(), |&e| e as usize);
        &self.keys[s..e]
    }

    pub(crate) fn signature(&self, d: u32) -> Option<&Signature> {
        match self.sig[d as usize] {
            NONE => None,
            s => Some(&self.sigs[s as usize]),
        }
    }

    pub(crate) fn place_of(&self, d: u32) -> Option<u32> {
        match self.place[d as usize] {
            NONE => None,
            p => Some(p),
        }
    }

    pub(crate) fn node_id(&self, key: u32) -> String {
        let k = &self.key_list[key as usize];
        format!("{}:{}", k.kind.as_str(), k.value)
    }
}

/// Collects documents, then links them.
///
/// ```
/// use vigie_link::{DocInput, LinkConfig, Linker, LinkKey, fingerprint};
/// use vigie_model::NodeKind;
/// let mut linker = Linker::new(LinkConfig::default());
/// for (id, text) in [("a", "dispo sur Lyon"), ("b", "nouvelle à Lille"), ("c", "bonjour")] {
///     let phone = if id == "c" { "+33700000000" } else { "+33611223344" };
///     linker.push(DocInput {
///         id: id.into(), time: None, place: None, risk: 0.2, minor_cue: false,
///         keys: vec![LinkKey { kind: NodeKind::Phone, value: phone.into() }],
///         print: fingerprint(text),
///     });
/// }
/// let report = linker.finish().report();
/// assert_eq!(report.networks.len(), 1);
/// assert_eq!(report.networks[0].documents, ["a", "b"]);
/// ```
#[derive(Debug)]
pub struct Linker {
    pub(crate) config: LinkConfig,
    pub(crate) docs: Docs,
    key_index: FxHashMap<LinkKey, u32>,
    place_index: FxHashMap<String, u32>,
}

impl Linker {
    /// An empty linker.
    pub fn new(config: LinkConfig) -> Linker {
        Linker {
            config,
            docs: Docs::default(),
            key_index: FxHashMap::default(),
            place_index: FxHashMap::default(),
        }
    }

    /// Number of documents pushed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was pushed.
    pub fn is_empty(&self) -> bool {
        self.docs.len() == 0
    }

    /// Adds a document; its index is the number of documents pushed before it.
    pub fn push(&mut self, doc: DocInput) {
        let d = &mut self.docs;
        d.ids.push(doc.id);
        d.time.push(doc.time);
        d.key_start.push(d.keys.len() as u32);
        for key in doc.keys {
            let next = d.key_list.len() as u32;
            let k = *self.key_index.entry(key).or_insert_with_key(|key| {
                d.key_list.push(key.clone());
                next
            });
            d.keys.push(k);
        }
        let place = match doc.place {
            None => NONE,
            Some(p) => {
                let next = d.places.len() as u32;
                *self.place_index.entry(p.code.clone()).or_insert_with(|| {
                    d.places.push(p);
                    next
                })
            }
        };
        d.place.push(place);
        d.risk.push(doc.risk as f32);
        d.minor.push(doc.minor_cue);
        d.body.push(doc.print.body);
        d.tokens.push(doc.print.tokens);
        match doc.print.signature {
            Some(s) => {
                d.sig.push(d.sigs.len() as u32);
                d.sigs.push(*s);
            }
            None => d.sig.push(NONE),
        }
    }

    /// Links the documents: clusters, hubs, networks, circuits, risk.
    pub fn finish(self) -> crate::Linked {
        crate::graph::link(self.config, self.docs)
    }
}
