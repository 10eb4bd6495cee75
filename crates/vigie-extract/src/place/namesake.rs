//! Names shared by several communes (`Saint-Denis`, `Valence`, `Montreuil`, `Saint-Pierre`),
//! settled by the nearest context once every place of the message is known: a postcode or a
//! département number, a département or a région named in words (`Valence, dans la Drôme`,
//! `Saint-Denis, La Réunion`), or another place of the message on the map (`Saint-Denis` beside
//! `Paris 18e` is the one in Seine-Saint-Denis). Without context the most populous stays.
//!
//! The same context makes a commune's name a place when it had no other context (a capital at
//! the start of a sentence, no preposition): a département or région named in words close by.

use super::gazetteer::{Gazetteer, Target};
use super::{CONTEXT_DISTANCE, Hint, Hit, NAMED_AREA_DISTANCE, NEAR_KM};

/// What the message says around its names.
struct Around {
    /// Départements numbered or named, with the token that says so.
    deps: Vec<(usize, Box<str>)>,
    /// Régions named, with their token.
    regions: Vec<(usize, Box<str>)>,
}

/// Tokens between token `tok` and the tokens `[a, b)`.
fn gap(tok: usize, a: usize, b: usize) -> usize {
    if tok < a {
        a - tok
    } else if tok >= b {
        tok + 1 - b
    } else {
        0
    }
}

/// Great-circle distance in km (haversine).
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) =
        (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The commune of `targets` that the départements and régions around `[a, b)` point to, the
/// nearest first (within `max` tokens), with its distance in tokens.
fn by_area(
    g: &Gazetteer,
    around: &Around,
    targets: &[Target],
    a: usize,
    b: usize,
    max: usize,
) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for t in targets {
        let Target::Commune(c) = *t else { continue };
        let dep = &*g.communes[c].dep;
        let region = g.region_of(dep);
        let by_dep = around.deps.iter().filter(|(_, d)| d.eq_ignore_ascii_case(dep));
        let by_region =
            around.regions.iter().filter(|(_, r)| region.is_some_and(|region| region == &**r));
        let Some(dist) = by_dep.chain(by_region).map(|&(tok, _)| gap(tok, a, b)).min() else {
            continue;
        };
        // Targets come most populous first: a tie keeps the larger commune.
        if dist <= max && best.is_none_or(|(_, d)| dist < d) {
            best = Some((c, dist));
        }
    }
    best
}

/// The commune of `targets` nearest on the map to another commune of the message (`others`),
/// if within [`NEAR_KM`].
fn by_map(g: &Gazetteer, others: &[(f64, f64)], targets: &[Target]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for t in targets {
        let Target::Commune(c) = *t else { continue };
        let (Some(lat), Some(lon)) = (g.communes[c].lat, g.communes[c].lon) else { continue };
        let Some(d) = others.iter().map(|&o| km((lat, lon), o)).min_by(f64::total_cmp) else {
            continue;
        };
        if d <= NEAR_KM && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c)
}

/// Settles the communes of `hits` shared by several namesakes and adds the `pending` names that
/// a named département or région makes places; marks their tokens `taken`.
pub(super) fn settle_namesakes(
    g: &'static Gazetteer,
    hints: &[Hint],
    hits: &mut Vec<Hit>,
    taken: &mut [bool],
    pending: &[(usize, usize, &'static [Target])],
) {
    let ambiguous = |targets: &[Target]| {
        targets.iter().filter(|t| matches!(t, Target::Commune(_))).nth(1).is_some()
    };
    if pending.is_empty() && !hits.iter().any(|h| ambiguous(h.targets)) {
        return;
    }
    let mut around = Around {
        deps: hints.iter().map(|h| (h.tok, h.dep.clone())).collect(),
        regions: Vec::new(),
    };
    for h in hits.iter() {
        if let Some(dep) = h.value.strip_prefix("dep:") {
            around.deps.push((h.a, dep.into()));
        } else if let Some(region) = h.value.strip_prefix("reg:") {
            around.regions.push((h.a, region.into()));
        }
    }
    // Names that wait for context: a département or région named close by.
    for &(i, n, targets) in pending {
        if taken[i..i + n].iter().any(|&t| t) {
            continue;
        }
        if let Some((c, _)) = by_area(g, &around, targets, i, i + n, NAMED_AREA_DISTANCE) {
            taken[i..i + n].fill(true);
            hits.push(Hit {
                a: i,
                b: i + n,
                value: g.communes[c].code.to_string(),
                commune: Some(c),
                targets,
            });
        }
    }
    // Namesakes: the nearest département or région, else the nearest place on the map.
    for k in 0..hits.len() {
        if !ambiguous(hits[k].targets) {
            continue;
        }
        let (a, b, targets) = (hits[k].a, hits[k].b, hits[k].targets);
        let chosen =
            by_area(g, &around, targets, a, b, CONTEXT_DISTANCE).map(|(c, _)| c).or_else(|| {
                let others: Vec<(f64, f64)> = hits
                    .iter()
                    .enumerate()
                    .filter(|&(o, h)| {
                        o != k && h.b.abs_diff(a).min(b.abs_diff(h.a)) <= CONTEXT_DISTANCE
                    })
                    .filter_map(|(_, h)| {
                        let c = &g.communes[h.commune?];
                        Some((c.lat?, c.lon?))
                    })
                    .collect();
                by_map(g, &others, targets)
            });
        if let Some(c) = chosen {
            hits[k].commune = Some(c);
            hits[k].value = g.communes[c].code.to_string();
        }
    }
}
