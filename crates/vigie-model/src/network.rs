//! Networks and circuits (DESIGN §4): documents and identifiers joined by explained edges.
//!
//! These are the shapes `vigie link` writes: a [`LinkReport`] holds the ranked [`Network`]s, the
//! [`Hub`] identifiers that were kept from gluing networks together, the near-duplicate
//! [`TextCluster`]s with their [`Template`]s, and one [`Circuit`] per network that moved.

use serde::{Deserialize, Serialize};

/// What a node of the graph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A document (ad, message, post…).
    Document,
    /// A phone number in E.164.
    Phone,
    /// A handle, `platform:handle`.
    Handle,
    /// An e-mail address.
    Email,
    /// A URL or domain.
    Url,
    /// An image, by its SHA-256.
    ImageSha256,
    /// An image, by its PDQ hash.
    ImagePdq,
}

impl NodeKind {
    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Document => "document",
            NodeKind::Phone => "phone",
            NodeKind::Handle => "handle",
            NodeKind::Email => "email",
            NodeKind::Url => "url",
            NodeKind::ImageSha256 => "image_sha256",
            NodeKind::ImagePdq => "image_pdq",
        }
    }
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeReason {
    /// The document carries this phone number.
    SharedPhone,
    /// The document carries this handle.
    SharedHandle,
    /// The document carries this e-mail address.
    SharedEmail,
    /// The document carries this URL.
    SharedUrl,
    /// The document carries an image with this SHA-256.
    SameImage,
    /// The document carries an image with this PDQ hash.
    SamePerceptualImage,
    /// Two documents have near-duplicate texts (Jaccard similarity on the edge).
    NearDuplicateText,
    /// Two documents have the same text body.
    IdenticalText,
}

impl EdgeReason {
    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeReason::SharedPhone => "shared_phone",
            EdgeReason::SharedHandle => "shared_handle",
            EdgeReason::SharedEmail => "shared_email",
            EdgeReason::SharedUrl => "shared_url",
            EdgeReason::SameImage => "same_image",
            EdgeReason::SamePerceptualImage => "same_perceptual_image",
            EdgeReason::NearDuplicateText => "near_duplicate_text",
            EdgeReason::IdenticalText => "identical_text",
        }
    }

    /// The French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            EdgeReason::SharedPhone => "téléphone partagé",
            EdgeReason::SharedHandle => "pseudo partagé",
            EdgeReason::SharedEmail => "e-mail partagé",
            EdgeReason::SharedUrl => "lien partagé",
            EdgeReason::SameImage => "même image",
            EdgeReason::SamePerceptualImage => "image identique (PDQ)",
            EdgeReason::NearDuplicateText => "texte quasi identique",
            EdgeReason::IdenticalText => "texte identique",
        }
    }
}

/// An explained edge: between a document and an identifier it carries, or between two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Node id of one end (a document id, or `kind:value` for an identifier).
    pub source: String,
    /// Node id of the other end.
    pub target: String,
    /// Why the edge exists.
    pub reason: EdgeReason,
    /// Weight: 1 for ordinary evidence, lower for a hub, the Jaccard similarity for texts.
    pub weight: f64,
    /// Jaccard similarity of the two texts (text edges only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jaccard: Option<f64>,
    /// Whether the identifier end is a hub (down-weighted; it does not join networks).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hub: bool,
}

/// An identifier node of a network: what it is and how many documents carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRef {
    /// Node id, `kind:value`.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// The normalised value.
    pub value: String,
    /// Number of documents (in all the input) that carry it.
    pub degree: usize,
    /// Whether it is a hub.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hub: bool,
}

/// An identifier shared by too many otherwise unrelated documents (agency, generic number, spam).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hub {
    /// The identifier.
    pub node: NodeRef,
    /// Number of separate groups of documents (linked by other evidence) it touches.
    pub groups: usize,
    /// Number of distinct places among its documents.
    pub places: usize,
    /// How many merges of separate networks ignoring it prevented.
    pub merges_prevented: usize,
    /// Why it is a hub, in French.
    pub reason_fr: String,
    /// Why it is a hub, in English.
    pub reason_en: String,
}

/// A part of a template: a phrase shared by the cluster's members, or a slot that varies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum TemplatePart {
    /// Text shared by the members.
    Fixed {
        /// The shared text.
        text: String,
    },
    /// A place where members differ.
    Slot {
        /// Slot number, from 1, in text order.
        index: usize,
        /// Distinct values seen in the sampled members (at most a few), in order of first use.
        values: Vec<String>,
    },
}

/// The template of a near-duplicate cluster: shared phrases and varying slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// The template as text, each slot written `{n}`.
    pub text: String,
    /// The parts, in text order.
    pub parts: Vec<TemplatePart>,
    /// Number of members the template was built from (a bounded sample).
    pub sampled: usize,
}

/// A cluster of near-duplicate texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextCluster {
    /// Cluster number.
    pub id: usize,
    /// Member document ids, in input order.
    pub documents: Vec<String>,
    /// Number of distinct bodies among the members.
    pub distinct_bodies: usize,
    /// Lowest Jaccard similarity on the cluster's verified edges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jaccard_min: Option<f64>,
    /// Highest Jaccard similarity on the cluster's verified edges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jaccard_max: Option<f64>,
    /// The shared phrases and the slots, when the texts were read back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Template>,
    /// Network the cluster's first member belongs to, if any (texts too short to link, or
    /// bodies shared by strangers, may stay outside networks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<usize>,
}

/// One stop of a circuit: a place and when the network was seen there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CircuitStop {
    /// Place code: INSEE commune code, or `dep:XX`.
    pub place: String,
    /// Name as written in the first document seen there.
    pub name: String,
    /// Latitude, WGS 84.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude, WGS 84.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// First document there (RFC 3339).
    pub first_seen: String,
    /// Last document there (RFC 3339).
    pub last_seen: String,
    /// Hours from the first document here to the first document at the next stop (for the last
    /// stop: to the last document here).
    pub dwell_hours: f64,
    /// Number of documents at this stop.
    pub documents: usize,
}

/// What a circuit flag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CircuitFlagKind {
    /// A stay shorter than the short-stay threshold before moving on.
    ShortStay,
    /// A long distance between consecutive stops covered in a short time.
    LongJump,
}

/// A flag on a circuit, pointing at a stop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CircuitFlag {
    /// What it says.
    pub kind: CircuitFlagKind,
    /// Index of the stop (for a jump: the stop left).
    pub stop: usize,
    /// Hours involved (dwell, or time between the two stops).
    pub hours: f64,
    /// Distance in kilometres (jumps only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
}

/// Another network whose circuit looks like this one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarCircuit {
    /// The other network.
    pub network: usize,
    /// Similarity in `[0, 1]` (Jaccard of the ordered place pairs).
    pub similarity: f64,
}

/// The ordered places of a network, with dwell times and flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Circuit {
    /// The network.
    pub network: usize,
    /// Stops in time order.
    pub stops: Vec<CircuitStop>,
    /// Short stays and long jumps.
    pub flags: Vec<CircuitFlag>,
    /// Networks with a similar circuit, most similar first.
    pub similar: Vec<SimilarCircuit>,
}

/// A reason a network is ranked where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskReason {
    /// Stable code, e.g. `minor_cue_documents`.
    pub code: String,
    /// The value behind it.
    pub value: f64,
    /// Why, in French.
    pub reason_fr: String,
    /// Why, in English.
    pub reason_en: String,
}

/// A network: documents joined by non-hub evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Network {
    /// Network number (its rank, from 1).
    pub id: usize,
    /// Risk in `[0, 1]`.
    pub risk: f64,
    /// Why it has that risk.
    pub reasons: Vec<RiskReason>,
    /// Member document ids, in input order.
    pub documents: Vec<String>,
    /// Identifiers carried by at least two documents of the input, hubs included.
    pub identifiers: Vec<NodeRef>,
    /// Near-duplicate clusters of the network.
    pub clusters: Vec<usize>,
    /// Whether the network has a circuit.
    pub has_circuit: bool,
}

/// Counts that sum up a linking run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkStats {
    /// Documents linked.
    pub documents: usize,
    /// Networks of two documents or more.
    pub networks: usize,
    /// Documents in no network (singletons).
    pub singletons: usize,
    /// Size of the largest network.
    pub largest_network: usize,
    /// Size of the largest network had hubs been allowed to join networks.
    pub largest_network_with_hubs: usize,
    /// Merges of separate networks that hub filtering prevented.
    pub merges_prevented: usize,
    /// Hub identifiers.
    pub hubs: usize,
    /// Near-duplicate clusters of two documents or more.
    pub clusters: usize,
    /// Circuits (networks seen in two places or more).
    pub circuits: usize,
    /// Sizes of networks: `[size, count]` pairs, smallest size first.
    pub size_histogram: Vec<[usize; 2]>,
}

/// Everything `vigie link` found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkReport {
    /// Counts.
    pub stats: LinkStats,
    /// Networks of two documents or more, highest risk first.
    pub networks: Vec<Network>,
    /// Hub identifiers, highest degree first.
    pub hubs: Vec<Hub>,
    /// Near-duplicate clusters of two documents or more.
    pub clusters: Vec<TextCluster>,
    /// Circuits, in network order.
    pub circuits: Vec<Circuit>,
}
