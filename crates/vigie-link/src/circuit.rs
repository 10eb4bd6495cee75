//! Circuits: where a network was seen, in time order, with dwell times, flags and look-alikes.
//!
//! A network's documents that have both a timestamp and a place are sorted by time; consecutive
//! documents in the same place make one stop. The dwell time of a stop runs from its first
//! document to the first document of the next stop (the last stop: to its own last document).
//! Flags: a **short stay** is a dwell under `short_stay_hours` (48 h by default) before moving on;
//! a **long jump** is two consecutive stops more than `long_jump_km` apart (400 km, great-circle)
//! reached in under `long_jump_hours` (24 h) from the last document at the first stop.
//! Circuits are **similar** when the Jaccard similarity of their ordered place pairs (A→B) reaches
//! `circuit_similarity`; candidates come from an index of place pairs, skipping pairs shared by
//! more than [`COMMON_PAIR`] circuits (they say nothing about who travels).

use rustc_hash::FxHashMap;
use vigie_model::{CircuitFlag, CircuitFlagKind, SimilarCircuit};

use crate::linker::{Docs, LinkConfig};

/// Place pairs shared by more circuits than this are not used to find similar circuits.
pub(crate) const COMMON_PAIR: usize = 1000;

/// A stop before formatting.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stop {
    pub(crate) place: u32,
    pub(crate) first: i64,
    pub(crate) last: i64,
    pub(crate) documents: usize,
    pub(crate) dwell_hours: f64,
}

/// A network's stops and flags.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stops {
    pub(crate) stops: Vec<Stop>,
    pub(crate) flags: Vec<CircuitFlag>,
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// The stops of a network (`None` when it was seen in fewer than two successive places).
pub(crate) fn stops(docs: &Docs, members: &[u32], config: &LinkConfig) -> Option<Stops> {
    let mut events: Vec<(i64, u32, u32)> = members
        .iter()
        .filter_map(|&d| Some((docs.time[d as usize]?, d, docs.place_of(d)?)))
        .collect();
    if events.len() < 2 {
        return None;
    }
    events.sort_unstable();
    let mut stops: Vec<Stop> = Vec::new();
    for (t, _, p) in events {
        match stops.last_mut() {
            Some(s) if s.place == p => {
                s.last = t;
                s.documents += 1;
            }
            _ => stops.push(Stop { place: p, first: t, last: t, documents: 1, dwell_hours: 0.0 }),
        }
    }
    if stops.len() < 2 {
        return None;
    }
    let hours = |s: i64| s as f64 / 3600.0;
    let mut flags = Vec::new();
    for i in 0..stops.len() {
        let end = stops.get(i + 1).map_or(stops[i].last, |next| next.first);
        stops[i].dwell_hours = hours(end - stops[i].first);
        let Some(next) = stops.get(i + 1) else { break };
        if stops[i].dwell_hours < config.short_stay_hours {
            flags.push(CircuitFlag {
                kind: CircuitFlagKind::ShortStay,
                stop: i,
                hours: stops[i].dwell_hours,
                km: None,
            });
        }
        let (a, b) = (&docs.places[stops[i].place as usize], &docs.places[next.place as usize]);
        if let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) {
            let km = haversine_km(la, oa, lb, ob);
            let gap = hours(next.first - stops[i].last);
            if km > config.long_jump_km && gap < config.long_jump_hours {
                flags.push(CircuitFlag {
                    kind: CircuitFlagKind::LongJump,
                    stop: i,
                    hours: gap,
                    km: Some(km),
                });
            }
        }
    }
    Some(Stops { stops, flags })
}

/// For each circuit (its network id and place sequence), the circuits like it, most similar first
/// (at most five).
pub(crate) fn similar(circuits: &[(usize, Vec<u32>)], threshold: f64) -> Vec<Vec<SimilarCircuit>> {
    let pairs: Vec<Vec<(u32, u32)>> = circuits
        .iter()
        .map(|(_, seq)| {
            let mut p: Vec<(u32, u32)> = seq.windows(2).map(|w| (w[0], w[1])).collect();
            p.sort_unstable();
            p.dedup();
            p
        })
        .collect();
    let mut index: FxHashMap<(u32, u32), Vec<u32>> = FxHashMap::default();
    for (i, p) in pairs.iter().enumerate() {
        for &pair in p {
            index.entry(pair).or_default().push(i as u32);
        }
    }
    let mut out = Vec::with_capacity(circuits.len());
    let mut counts: Vec<u32> = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        counts.clear();
        for pair in p {
            let list = &index[pair];
            if list.len() <= COMMON_PAIR {
                counts.extend(list.iter().copied().filter(|&j| j as usize != i));
            }
        }
        counts.sort_unstable();
        let mut found: Vec<SimilarCircuit> = counts
            .chunk_by(|a, b| a == b)
            .filter_map(|run| {
                let j = run[0] as usize;
                let shared = run.len() as f64;
                let sim = shared / ((p.len() + pairs[j].len()) as f64 - shared);
                (sim >= threshold)
                    .then(|| SimilarCircuit { network: circuits[j].0, similarity: sim })
            })
            .collect();
        found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.network.cmp(&b.network)));
        found.truncate(5);
        out.push(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_to_marseille_is_about_660_km() {
        let km = haversine_km(48.8566, 2.3522, 43.2965, 5.3698);
        assert!((km - 660.0).abs() < 10.0, "{km}");
    }

    #[test]
    fn similar_circuits_share_ordered_pairs() {
        let c = vec![(1, vec![1, 2, 3, 4]), (2, vec![1, 2, 3, 5]), (3, vec![4, 3, 2, 1])];
        let s = similar(&c, 0.5);
        assert_eq!(s[0].len(), 1);
        assert_eq!(s[0][0].network, 2);
        assert!((s[0][0].similarity - 0.5).abs() < 1e-9);
        assert!(s[2].is_empty(), "reversed order is another circuit");
    }
}
