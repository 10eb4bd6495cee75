//! Risk of a network, from the risk of its documents, with the reasons.
//!
//! `base` is the mean risk of the network's three riskiest documents (one alarming ad is enough
//! to look; the mean keeps a network of many mild ads below one of a few alarming ones). The
//! share `m` of documents with minor-age cues in an ad (`ad_minor_cue`) strengthens it as the
//! detector's multiplier does: `1 − (1 − base)^(1 + m/2)`. A circuit with flags (short stays,
//! long jumps) adds 0.25 to the exponent: moving a person fast from city to city is a documented
//! trafficking pattern, but not a harm by itself.
//! Networks are ranked by risk, then by number of documents with minor cues, then by size.

use vigie_model::RiskReason;

use crate::circuit::Stops;
use crate::linker::Docs;

/// A network before its id is given.
#[derive(Debug, Clone)]
pub(crate) struct RankedNet {
    pub(crate) members: Vec<u32>,
    pub(crate) risk: f64,
    pub(crate) reasons: Vec<RiskReason>,
    pub(crate) stops: Option<Stops>,
}

fn reason(code: &str, value: f64, fr: String, en: String) -> RiskReason {
    RiskReason { code: code.to_owned(), value, reason_fr: fr, reason_en: en }
}

pub(crate) fn rank(
    docs: &Docs,
    networks: Vec<Vec<u32>>,
    circuits: Vec<Option<Stops>>,
    is_hub: &[bool],
    postings: &[Vec<u32>],
) -> Vec<RankedNet> {
    let mut out: Vec<RankedNet> = networks
        .into_iter()
        .zip(circuits)
        .map(|(members, stops)| {
            let mut risks: Vec<f64> = members.iter().map(|&d| f64::from(docs.risk[d as usize])).collect();
            risks.sort_by(|a, b| b.total_cmp(a));
            let top = risks.len().min(3);
            let base = risks.iter().take(top).map(|r| r.clamp(0.0, 1.0)).sum::<f64>() / top as f64;
            let minor = members.iter().filter(|&&d| docs.minor[d as usize]).count();
            let share = minor as f64 / members.len() as f64;
            let flags = stops.as_ref().map_or(0, |s| s.flags.len());
            let exponent = 1.0 + share / 2.0 + if flags > 0 { 0.25 } else { 0.0 };
            let risk = 1.0 - (1.0 - base).powf(exponent);
            let mut reasons = vec![
                reason(
                    "documents",
                    members.len() as f64,
                    format!("{} documents reliés", members.len()),
                    format!("{} linked documents", members.len()),
                ),
                reason(
                    "max_document_risk",
                    risks[0],
                    format!("risque maximal d'un document : {}", format!("{:.2}", risks[0]).replace('.', ",")),
                    format!("highest document risk: {:.2}", risks[0]),
                ),
            ];
            if minor > 0 {
                reasons.push(reason(
                    "minor_cue_documents",
                    minor as f64,
                    format!("{minor} annonce(s) avec des indices de minorité"),
                    format!("{minor} ad(s) with minor-age cues"),
                ));
            }
            if let Some(s) = &stops {
                reasons.push(reason(
                    "circuit_stops",
                    s.stops.len() as f64,
                    format!("vue dans {} villes successives", s.stops.len()),
                    format!("seen in {} successive places", s.stops.len()),
                ));
                if flags > 0 {
                    reasons.push(reason(
                        "circuit_flags",
                        flags as f64,
                        format!("{flags} séjour(s) courts ou saut(s) longs"),
                        format!("{flags} short stay(s) or long jump(s)"),
                    ));
                }
            }
            let hubs = members
                .iter()
                .flat_map(|&d| docs.keys_of(d).iter().copied())
                .filter(|&k| is_hub[k as usize] && postings[k as usize].len() > 1)
                .collect::<std::collections::BTreeSet<u32>>()
                .len();
            if hubs > 0 {
                reasons.push(reason(
                    "hub_identifiers",
                    hubs as f64,
                    format!("{hubs} identifiant(s) pivot partagé(s) avec d'autres réseaux (non utilisés pour relier)"),
                    format!("{hubs} hub identifier(s) shared with other networks (not used to link)"),
                ));
            }
            RankedNet { members, risk, reasons, stops }
        })
        .collect();
    let minor = |n: &RankedNet| n.members.iter().filter(|&&d| docs.minor[d as usize]).count();
    out.sort_by(|a, b| {
        b.risk
            .total_cmp(&a.risk)
            .then_with(|| minor(b).cmp(&minor(a)))
            .then_with(|| b.members.len().cmp(&a.members.len()))
            .then_with(|| a.members[0].cmp(&b.members[0]))
    });
    out
}
