//! The result of linking, and the views the writers read: the report and the graph.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use vigie_model::{
    Circuit, CircuitStop, Edge, EdgeReason, Hub, LinkReport, LinkStats, Network, NodeKind, NodeRef,
    SimilarCircuit, Template, TextCluster,
};

use crate::circuit::similar;
use crate::cluster::Clusters;
use crate::graph::HubInfo;
use crate::input::format_time;
use crate::linker::{Docs, LinkConfig};
use crate::rank::RankedNet;
use crate::template::build_template;

const NONE: u32 = u32::MAX;

/// Documents linked into networks, clusters and circuits.
#[derive(Debug)]
pub struct Linked {
    pub(crate) config: LinkConfig,
    pub(crate) docs: Docs,
    pub(crate) text: Clusters,
    pub(crate) postings: Vec<Vec<u32>>,
    pub(crate) is_hub: Vec<bool>,
    pub(crate) hubs: Vec<HubInfo>,
    pub(crate) merges_prevented: usize,
    pub(crate) largest_with_hubs: usize,
    pub(crate) networks: Vec<RankedNet>,
    pub(crate) doc_network: Vec<u32>,
    pub(crate) clusters: Vec<Vec<u32>>,
    pub(crate) doc_cluster: Vec<u32>,
    pub(crate) templates: Vec<Option<Template>>,
}

impl std::fmt::Debug for Clusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clusters").field("edges", &self.edges.len()).finish_non_exhaustive()
    }
}

/// A node of the exported graph.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    /// Node id: `doc:<id>` or `<kind>:<value>`.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Label: the document id or the identifier's value.
    pub label: String,
    /// Network (documents only).
    pub network: Option<usize>,
    /// Number of documents carrying it (identifiers), or of identifiers it carries (documents).
    pub degree: usize,
    /// Whether it is a hub.
    pub hub: bool,
    /// Risk of the document (documents only).
    pub risk: Option<f64>,
}

/// The graph of the networks: their documents, the identifiers they share, hubs, and edges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphView {
    /// Nodes: documents first (network order), then identifiers.
    pub nodes: Vec<GraphNode>,
    /// Edges, each with its reason.
    pub edges: Vec<Edge>,
}

impl Linked {
    /// Fills the per-document indexes once networks are ranked.
    pub(crate) fn index(&mut self) {
        let n = self.docs.len();
        self.doc_network = vec![NONE; n];
        for (i, net) in self.networks.iter().enumerate() {
            for &d in &net.members {
                self.doc_network[d as usize] = i as u32;
            }
        }
        let mut by_root: FxHashMap<u32, usize> = FxHashMap::default();
        for d in 0..n as u32 {
            if self.text.uf.size_of(d) < 2 {
                continue;
            }
            let r = self.text.uf.find(d);
            let i = *by_root.entry(r).or_insert_with(|| {
                self.clusters.push(Vec::new());
                self.clusters.len() - 1
            });
            self.clusters[i].push(d);
        }
        self.doc_cluster = vec![NONE; n];
        for (i, members) in self.clusters.iter().enumerate() {
            for &d in members {
                self.doc_cluster[d as usize] = i as u32;
            }
        }
        self.templates = vec![None; self.clusters.len()];
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there is no document.
    pub fn is_empty(&self) -> bool {
        self.docs.len() == 0
    }

    /// Network (its id, from 1) of the document pushed at `index`, if it is in one.
    pub fn network_of(&self, index: usize) -> Option<usize> {
        match self.doc_network[index] {
            NONE => None,
            i => Some(i as usize + 1),
        }
    }

    /// Near-duplicate cluster (its id, from 1) of the document pushed at `index`, if any.
    pub fn cluster_of(&self, index: usize) -> Option<usize> {
        match self.doc_cluster[index] {
            NONE => None,
            i => Some(i as usize + 1),
        }
    }

    /// Documents (by index) whose texts [`Linked::set_templates`] needs: a sample of each
    /// cluster's distinct bodies, sorted.
    pub fn template_requests(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for members in &self.clusters {
            out.extend(self.sample(members));
        }
        out.sort_unstable();
        out
    }

    fn sample(&self, members: &[u32]) -> Vec<u32> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for &d in members {
            let body = self.docs.body[d as usize];
            if !seen.contains(&body) {
                seen.push(body);
                out.push(d);
                if out.len() == self.config.template_sample.max(1) {
                    break;
                }
            }
        }
        out
    }

    /// Builds each cluster's template from the texts of [`Linked::template_requests`].
    /// Clusters whose texts are missing keep no template.
    pub fn set_templates(&mut self, texts: &BTreeMap<u32, String>) {
        for (i, members) in self.clusters.iter().enumerate() {
            let sample: Option<Vec<&str>> =
                self.sample(members).iter().map(|d| texts.get(d).map(String::as_str)).collect();
            self.templates[i] = sample.map(|s| build_template(&s));
        }
    }

    fn node_ref(&self, k: u32) -> NodeRef {
        let key = &self.docs.key_list[k as usize];
        NodeRef {
            id: self.docs.node_id(k),
            kind: key.kind,
            value: key.value.clone(),
            degree: self.postings[k as usize].len(),
            hub: self.is_hub[k as usize],
        }
    }

    fn circuit(&self, i: usize, similar: Vec<SimilarCircuit>) -> Option<Circuit> {
        let s = self.networks[i].stops.as_ref()?;
        let stops = s
            .stops
            .iter()
            .map(|st| {
                let p = &self.docs.places[st.place as usize];
                CircuitStop {
                    place: p.code.clone(),
                    name: p.name.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    first_seen: format_time(st.first),
                    last_seen: format_time(st.last),
                    dwell_hours: st.dwell_hours,
                    documents: st.documents,
                }
            })
            .collect();
        Some(Circuit { network: i + 1, stops, flags: s.flags.clone(), similar })
    }

    /// Everything found, ranked, as plain data.
    pub fn report(&self) -> LinkReport {
        let cluster_of_doc = |d: u32| match self.doc_cluster[d as usize] {
            NONE => None,
            c => Some(c as usize),
        };
        let mut jac: Vec<(Option<f64>, Option<f64>)> = vec![(None, None); self.clusters.len()];
        for e in &self.text.edges {
            if let (Some(j), Some(c)) = (e.jaccard, cluster_of_doc(e.a)) {
                let (lo, hi) = &mut jac[c];
                *lo = Some(lo.map_or(j, |x: f64| x.min(j)));
                *hi = Some(hi.map_or(j, |x: f64| x.max(j)));
            }
        }
        let seqs: Vec<(usize, Vec<u32>)> = self
            .networks
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                Some((i + 1, n.stops.as_ref()?.stops.iter().map(|s| s.place).collect()))
            })
            .collect();
        let mut sims: BTreeMap<usize, Vec<SimilarCircuit>> =
            seqs.iter().map(|s| s.0).zip(similar(&seqs, self.config.circuit_similarity)).collect();
        let mut networks = Vec::with_capacity(self.networks.len());
        let mut circuits = Vec::new();
        for (i, net) in self.networks.iter().enumerate() {
            let mut keys: Vec<u32> = net
                .members
                .iter()
                .flat_map(|&d| self.docs.keys_of(d).iter().copied())
                .filter(|&k| self.postings[k as usize].len() >= 2)
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let mut identifiers: Vec<NodeRef> =
                keys.into_iter().map(|k| self.node_ref(k)).collect();
            identifiers.sort_by(|a, b| (a.kind, &a.value).cmp(&(b.kind, &b.value)));
            let mut clusters: Vec<usize> =
                net.members.iter().filter_map(|&d| cluster_of_doc(d).map(|c| c + 1)).collect();
            clusters.sort_unstable();
            clusters.dedup();
            let circuit = self.circuit(i, sims.remove(&(i + 1)).unwrap_or_default());
            networks.push(Network {
                id: i + 1,
                risk: net.risk,
                reasons: net.reasons.clone(),
                documents: net.members.iter().map(|&d| self.docs.ids[d as usize].clone()).collect(),
                identifiers,
                clusters,
                has_circuit: circuit.is_some(),
            });
            circuits.extend(circuit);
        }
        let hubs: Vec<Hub> = self
            .hubs
            .iter()
            .map(|h| {
                let node = self.node_ref(h.key);
                Hub {
                    reason_fr: format!(
                        "porté par {} documents répartis dans {} groupes sans autre lien entre eux",
                        node.degree, h.groups
                    ),
                    reason_en: format!(
                        "carried by {} documents spread over {} otherwise unrelated groups",
                        node.degree, h.groups
                    ),
                    node,
                    groups: h.groups,
                    places: h.places,
                    merges_prevented: h.merges,
                }
            })
            .collect();
        let clusters: Vec<TextCluster> = self
            .clusters
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut bodies: Vec<u64> = m.iter().map(|&d| self.docs.body[d as usize]).collect();
                bodies.sort_unstable();
                bodies.dedup();
                TextCluster {
                    id: i + 1,
                    documents: m.iter().map(|&d| self.docs.ids[d as usize].clone()).collect(),
                    distinct_bodies: bodies.len(),
                    jaccard_min: jac[i].0,
                    jaccard_max: jac[i].1,
                    template: self.templates[i].clone(),
                    network: self.network_of(m[0] as usize),
                }
            })
            .collect();
        let mut histogram: BTreeMap<usize, usize> = BTreeMap::new();
        for n in &self.networks {
            *histogram.entry(n.members.len()).or_default() += 1;
        }
        let in_networks: usize = self.networks.iter().map(|n| n.members.len()).sum();
        let stats = LinkStats {
            documents: self.docs.len(),
            networks: self.networks.len(),
            singletons: self.docs.len() - in_networks,
            largest_network: self.networks.iter().map(|n| n.members.len()).max().unwrap_or(0),
            largest_network_with_hubs: self.largest_with_hubs,
            merges_prevented: self.merges_prevented,
            hubs: hubs.len(),
            clusters: clusters.len(),
            circuits: circuits.len(),
            size_histogram: histogram.into_iter().map(|(s, c)| [s, c]).collect(),
        };
        LinkReport { stats, networks, hubs, clusters, circuits }
    }

    /// The graph of the networks (documents in networks, the identifiers they share, hubs), for
    /// the CSV and GEXF writers. Documents outside networks are left out.
    pub fn graph(&self) -> GraphView {
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let mut keys: Vec<u32> = Vec::new();
        for (i, net) in self.networks.iter().enumerate() {
            for &d in &net.members {
                let doc_keys = self.docs.keys_of(d);
                nodes.push(GraphNode {
                    id: format!("doc:{}", self.docs.ids[d as usize]),
                    kind: NodeKind::Document,
                    label: self.docs.ids[d as usize].clone(),
                    network: Some(i + 1),
                    degree: doc_keys.len(),
                    hub: false,
                    risk: Some(f64::from(self.docs.risk[d as usize])),
                });
                keys.extend(
                    doc_keys.iter().copied().filter(|&k| self.postings[k as usize].len() >= 2),
                );
            }
        }
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            let r = self.node_ref(k);
            let reason = match r.kind {
                NodeKind::Phone => EdgeReason::SharedPhone,
                NodeKind::Handle => EdgeReason::SharedHandle,
                NodeKind::Email => EdgeReason::SharedEmail,
                NodeKind::Url => EdgeReason::SharedUrl,
                NodeKind::ImagePdq => EdgeReason::SamePerceptualImage,
                NodeKind::ImageSha256 | NodeKind::Document => EdgeReason::SameImage,
            };
            let weight = if r.hub { 1.0 / (r.degree as f64).log2() } else { 1.0 };
            for &d in &self.postings[k as usize] {
                if self.doc_network[d as usize] != NONE {
                    edges.push(Edge {
                        source: format!("doc:{}", self.docs.ids[d as usize]),
                        target: r.id.clone(),
                        reason,
                        weight,
                        jaccard: None,
                        hub: r.hub,
                    });
                }
            }
            nodes.push(GraphNode {
                id: r.id.clone(),
                kind: r.kind,
                label: r.value.clone(),
                network: None,
                degree: r.degree,
                hub: r.hub,
                risk: None,
            });
        }
        for e in &self.text.edges {
            if self.doc_network[e.a as usize] == NONE || self.doc_network[e.b as usize] == NONE {
                continue;
            }
            edges.push(Edge {
                source: format!("doc:{}", self.docs.ids[e.a as usize]),
                target: format!("doc:{}", self.docs.ids[e.b as usize]),
                reason: if e.jaccard.is_some() {
                    EdgeReason::NearDuplicateText
                } else {
                    EdgeReason::IdenticalText
                },
                weight: e.jaccard.unwrap_or(1.0),
                jaccard: Some(e.jaccard.unwrap_or(1.0)),
                hub: false,
            });
        }
        GraphView { nodes, edges }
    }
}
