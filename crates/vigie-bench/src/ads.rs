//! Seeded synthetic French escort-ad-like texts with planted networks, templates, hub numbers
//! and circuits — for `vigie link`'s tests and its 1,000,000-ad benchmark.
//!
//! The texts are NON-EXPLICIT: the frame of an ad ("nouvelle sur Lyon", "disponible", "dispo
//! 7j/7", rates, a phone written in French formats and sometimes disguised, a handle, emojis)
//! and nothing else. Each planted network has a template (one variant of each phrase, plus a
//! phrase of its own) with slots (city, phone, price, emoji, optional phrases), 1–3 phones, a
//! handle and a circuit of French cities, moving every 1–6 days. Hub numbers (an "agency"
//! switchboard) appear in ads of many unrelated networks and in some noise ads; noise ads are
//! singletons written from random phrases. [`Plan`] keeps compact ad plans (the texts are
//! rendered on demand, so a million ads fit in little memory) and the ground truth.

use std::fmt::Write as _;

use vigie_model::{DocKind, Document};

use crate::SplitMix64;

/// French cities the extractor's gazetteer resolves, with their INSEE codes.
pub const CITIES: &[(&str, &str)] = &[
    ("Paris", "75056"),
    ("Marseille", "13055"),
    ("Lyon", "69123"),
    ("Toulouse", "31555"),
    ("Nantes", "44109"),
    ("Strasbourg", "67482"),
    ("Montpellier", "34172"),
    ("Bordeaux", "33063"),
    ("Lille", "59350"),
    ("Rennes", "35238"),
    ("Reims", "51454"),
    ("Toulon", "83137"),
    ("Grenoble", "38185"),
    ("Dijon", "21231"),
    ("Angers", "49007"),
    ("Nîmes", "30189"),
    ("Clermont-Ferrand", "63113"),
    ("Le Havre", "76351"),
    ("Rouen", "76540"),
    ("Limoges", "87085"),
    ("Amiens", "80021"),
    ("Perpignan", "66136"),
    ("Metz", "57463"),
    ("Besançon", "25056"),
    ("Orléans", "45234"),
    ("Mulhouse", "68224"),
    ("Caen", "14118"),
    ("Nancy", "54395"),
    ("Avignon", "84007"),
    ("Poitiers", "86194"),
    ("La Rochelle", "17300"),
    ("Pau", "64445"),
    ("Annecy", "74010"),
    ("Brest", "29019"),
    ("Saint-Étienne", "42218"),
    ("Cannes", "06029"),
];

const OPENERS: &[&str] = &[
    "Nouvelle sur",
    "De passage à",
    "Arrivée à",
    "Première fois sur",
    "Juste de passage sur",
    "Nouvelle venue à",
    "Cette semaine à",
    "Enfin de retour à",
    "Quelques jours à",
    "Tout juste arrivée à",
    "Je découvre",
    "Petite escale à",
];
const GREETINGS: &[&str] =
    &["Coucou", "Bonjour", "Hello", "Bonsoir", "Salut", "Coucou à tous", "Bienvenue"];
const ADJ: &[&str] = &[
    "douce",
    "souriante",
    "pétillante",
    "discrète",
    "élégante",
    "chaleureuse",
    "naturelle",
    "joyeuse",
    "attentionnée",
    "raffinée",
    "élancée",
    "spontanée",
    "calme",
    "rieuse",
    "coquette",
    "charmante",
    "dynamique",
    "timide",
    "sympathique",
    "câline",
];
const AVAIL: &[&str] = &[
    "dispo 7j/7",
    "disponible tous les jours",
    "dispo jour et nuit",
    "disponible en soirée",
    "dispo de 10h à 22h",
    "disponible sur rendez-vous",
    "dispo le week-end",
    "disponible en journée",
    "dispo tard le soir",
    "disponible dès maintenant",
];
const RATES: &[&str] =
    &["{p}€ la demi-heure", "{p} l'heure", "tarif {p}€", "{p} roses", "à partir de {p}€"];
const CONTACT: &[&str] = &[
    "contact au",
    "tél :",
    "sms uniquement au",
    "joignable au",
    "numéro :",
    "pas de numéro masqué,",
    "écris-moi au",
    "réponds vite au",
];
const HANDLE: &[&str] = &["snap : {h}", "👻 {h}", "insta @{h}", "snap: {h}"];
const CLOSING: &[&str] = &[
    "bisous",
    "à très vite",
    "pas sérieux s'abstenir",
    "hygiène exigée",
    "hôtel discret",
    "ambiance détendue",
    "rdv en centre-ville",
    "premier contact par sms",
    "merci de rester poli",
    "au plaisir",
    "réponse rapide",
    "parking facile",
];
const EMOJIS: &[&str] = &["😘", "💋", "🌹", "✨", "💕", "🔥", "🥰", "⭐", "🌺", "😍"];
const WORDS: &[&str] = &[
    "ambiance",
    "zen",
    "cocooning",
    "musique",
    "bougies",
    "thé",
    "douceur",
    "sourire",
    "détente",
    "soleil",
    "vanille",
    "lavande",
    "jasmin",
    "velours",
    "soie",
    "plage",
    "montagne",
    "voyage",
    "cinéma",
    "lecture",
    "danse",
    "yoga",
    "piscine",
    "jardin",
    "terrasse",
    "café",
    "chocolat",
    "caramel",
    "cannelle",
    "miel",
    "océan",
    "forêt",
    "rivière",
    "étoile",
    "lune",
    "aurore",
    "printemps",
    "automne",
    "hiver",
    "été",
    "violon",
    "piano",
    "guitare",
    "peinture",
    "photo",
    "mode",
    "parfum",
    "bijoux",
    "dentelle",
    "satin",
];
const NAMES: &[&str] = &[
    "lina", "sofia", "jade", "maya", "lea", "emma", "nina", "zoe", "ines", "lou", "mila", "chloe",
    "sara", "julia", "alice", "clara", "anna", "eva", "lola", "rose",
];

/// A planted network.
#[derive(Debug, Clone)]
pub struct NetworkPlan {
    /// Phones, E.164 digits after `+33` (9 digits).
    pub phones: Vec<u32>,
    /// Handle, without platform.
    pub handle: String,
    /// Indices into [`CITIES`], in visiting order.
    pub circuit: Vec<usize>,
    /// Hub the network also advertises, if any.
    pub hub: Option<usize>,
    style: [usize; 12],
    words: [usize; 4],
}

/// One ad: its network (or `None` for noise), when and where.
#[derive(Debug, Clone, Copy)]
pub struct AdPlan {
    /// Planted network, `None` for a noise ad.
    pub network: Option<u32>,
    /// Unix seconds.
    pub time: i64,
    /// Index into [`CITIES`].
    pub city: usize,
    /// Stop of the network's circuit.
    pub stop: usize,
    seed: u64,
}

/// The plan of a synthetic corpus and its ground truth.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Ads in time order (their ids are `ad-<index>`).
    pub ads: Vec<AdPlan>,
    /// Planted networks.
    pub networks: Vec<NetworkPlan>,
    /// Hub numbers (9 digits after `+33`).
    pub hubs: Vec<u32>,
}

fn phone_digits(rng: &mut SplitMix64, mobile: bool) -> u32 {
    let lead = if mobile { 6 + rng.below(2) as u32 } else { 1 + rng.below(5) as u32 };
    lead * 100_000_000 + rng.below(100_000_000) as u32
}

/// Writes a national number (`0` + 9 digits) in one of the French ways, some disguised.
fn format_phone(digits: u32, form: usize) -> String {
    let s = format!("0{digits:09}");
    let pairs: Vec<&str> = (0..5).map(|i| &s[2 * i..2 * i + 2]).collect();
    match form % 7 {
        0 => pairs.join(" "),
        1 => pairs.join("."),
        2 => s.clone(),
        3 => format!("+33 {} {}", &s[1..2], pairs[1..].join(" ")),
        4 => format!("zéro{} {}", &s[1..2], pairs[1..].join(".")),
        5 => format!("O{} {}", &s[1..2], pairs[1..].join(" ")),
        _ => pairs.join("-"),
    }
}

/// Unix seconds to RFC 3339 (UTC), without a date library (days-from-civil, inverted).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

const START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// Seconds as `i64` (the generator's numbers are small).
fn secs(n: usize) -> i64 {
    i64::try_from(n).expect("small number")
}

impl Plan {
    /// Plans `n` ads from `seed`: about 85 % in networks of 4–40 ads, the rest noise.
    pub fn new(n: usize, seed: u64) -> Plan {
        let mut rng = SplitMix64::new(seed);
        let hubs: Vec<u32> =
            (0..(n / 20_000).max(3)).map(|_| phone_digits(&mut rng, false)).collect();
        let mut networks = Vec::new();
        let mut ads = Vec::with_capacity(n);
        let networked = n * 85 / 100;
        while ads.len() < networked {
            let size = (4 + rng.below(37)).min(networked - ads.len()).max(1);
            let id = networks.len() as u32;
            let phones = (0..=rng.below(3)).map(|_| phone_digits(&mut rng, true)).collect();
            let handle = format!(
                "{}_{}{}",
                rng.pick(NAMES),
                rng.pick(&["x", "off", "vip", "new", "pv"]),
                rng.below(100_000)
            );
            let stops = (2 + rng.below(5)).min(size.div_ceil(2)).max(1);
            let mut circuit: Vec<usize> = Vec::new();
            while circuit.len() < stops {
                let c = rng.below(CITIES.len());
                if !circuit.contains(&c) {
                    circuit.push(c);
                }
            }
            let hub = (rng.below(10) < 3).then(|| rng.below(hubs.len()));
            let mut style = [0; 12];
            for s in &mut style {
                *s = rng.below(1 << 16);
            }
            let mut words = [0; 4];
            for w in &mut words {
                *w = rng.below(WORDS.len());
            }
            let start = START + secs(rng.below(300 * 86_400));
            let fast = rng.below(5) == 0;
            let mut arrival = start;
            let per_stop = size.div_ceil(stops);
            for (s, &city) in circuit.iter().enumerate() {
                let stay = secs(if fast { 12 + rng.below(24) } else { 72 + rng.below(72) }) * 3600;
                let count = per_stop.min(size - (s * per_stop).min(size));
                for k in 0..count {
                    let time = arrival + stay * secs(k) / secs(count) + secs(rng.below(3600));
                    ads.push(AdPlan {
                        network: Some(id),
                        time,
                        city,
                        stop: s,
                        seed: rng.next_u64(),
                    });
                }
                arrival += stay;
            }
            networks.push(NetworkPlan { phones, handle, circuit, hub, style, words });
        }
        while ads.len() < n {
            let time = START + secs(rng.below(300 * 86_400));
            ads.push(AdPlan {
                network: None,
                time,
                city: rng.below(CITIES.len()),
                stop: 0,
                seed: rng.next_u64(),
            });
        }
        ads.sort_by_key(|a| (a.time, a.seed));
        Plan { ads, networks, hubs }
    }

    /// The text of ad `i`.
    pub fn text(&self, i: usize) -> String {
        let ad = &self.ads[i];
        let mut rng = SplitMix64::new(ad.seed);
        let (style, words, phones, handle, hub) = if let Some(n) = ad.network {
            let net = &self.networks[n as usize];
            let hub = net.hub.filter(|_| rng.below(100) < 15).map(|h| self.hubs[h]);
            (net.style, Some(net.words), net.phones.clone(), Some(net.handle.as_str()), hub)
        } else {
            let mut style = [0; 12];
            for s in &mut style {
                *s = rng.below(1 << 16);
            }
            let hub = (rng.below(100) < 2).then(|| self.hubs[rng.below(self.hubs.len())]);
            let own = phone_digits(&mut rng, true);
            (style, None, vec![own], None, hub)
        };
        let city = CITIES[ad.city].0;
        let pick = |list: &[&'static str], k: usize| list[style[k] % list.len()];
        let mut t = format!(
            "{} ! {} {city} {} ",
            pick(GREETINGS, 0),
            pick(OPENERS, 1),
            EMOJIS[rng.below(EMOJIS.len())]
        );
        let second = ADJ[(style[2] + 1 + style[3] % (ADJ.len() - 1)) % ADJ.len()];
        write!(t, "{} et {second}, {} ans. ", pick(ADJ, 2), 19 + style[4] % 6)
            .expect("a String takes any text");
        // Every advertiser has words of her own (noise ads too: strangers do not share them).
        let w = words.unwrap_or_else(|| [0; 4].map(|_| rng.below(WORDS.len())));
        write!(t, "{} {} {} et {}. ", WORDS[w[0]], WORDS[w[1]], WORDS[w[2]], WORDS[w[3]])
            .expect("a String takes any text");
        write!(t, "{}, ", pick(AVAIL, 5)).expect("a String takes any text");
        let price = [80, 100, 120, 150, 200][(style[6] + rng.below(2)) % 5];
        t.push_str(&pick(RATES, 7).replace("{p}", &price.to_string()));
        let phone = phones[if rng.below(10) < 7 { 0 } else { rng.below(phones.len()) }];
        write!(
            t,
            ". {} {}",
            pick(CONTACT, 8),
            format_phone(phone, style[9] % 7 * usize::from(style[9] % 3 == 0))
        )
        .expect("a String takes any text");
        if let Some(h) = handle.filter(|_| rng.below(2) == 0) {
            write!(t, " {}", pick(HANDLE, 10).replace("{h}", h)).expect("a String takes any text");
        }
        if let Some(h) = hub {
            write!(t, " réservations agence {}", format_phone(h, 0))
                .expect("a String takes any text");
        }
        if rng.below(10) < 8 {
            // One network in ten signs with a flower the detector reads as a minor-age cue.
            let emoji = if style[11] % 10 == 0 { "🌸" } else { EMOJIS[style[11] % EMOJIS.len()] };
            write!(t, " {} {emoji}", pick(CLOSING, 11)).expect("a String takes any text");
        }
        t
    }

    /// Ad `i` as a document.
    pub fn document(&self, i: usize) -> Document {
        Document {
            id: format!("ad-{i}"),
            kind: DocKind::Ad,
            source: Some("synthetique".to_owned()),
            timestamp: Some(rfc3339(self.ads[i].time)),
            text: self.text(i),
            ..Document::default()
        }
    }

    /// The INSEE codes of network `n`'s circuit, in order.
    pub fn circuit_codes(&self, n: usize) -> Vec<&'static str> {
        self.networks[n].circuit.iter().map(|&c| CITIES[c].1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use vigie_link::{DocInput, LinkConfig, Linker};

    fn pairs(counts: impl Iterator<Item = usize>) -> f64 {
        counts.map(|c| (c * c.saturating_sub(1) / 2) as f64).sum()
    }

    #[test]
    fn same_seed_same_corpus() {
        let (a, b) = (Plan::new(300, 7), Plan::new(300, 7));
        assert!((0..300).all(|i| a.document(i) == b.document(i)));
        assert_ne!(Plan::new(300, 8).text(0), a.text(0));
        assert_eq!(rfc3339(START), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_827_696), "2000-02-29T12:34:56Z");
    }

    #[test]
    fn planted_networks_and_circuits_are_recovered() {
        let n = 3000;
        let plan = Plan::new(n, 42);
        let detector = vigie_detect::Detector::builder().build().expect("shipped rules");
        let mut scanner = detector.scanner();
        let mut linker = Linker::new(LinkConfig::default());
        for i in 0..n {
            let doc = plan.document(i);
            let a = scanner.assess(&doc);
            linker.push(DocInput::from_parts(&doc, &a.identifiers, a.score, false));
        }
        let linked = linker.finish();
        let report = linked.report();
        // Pairwise precision and recall: noise ads and unlinked ads are singletons.
        let planted = |i: usize| plan.ads[i].network.map_or(u64::MAX - i as u64, u64::from);
        let found = |i: usize| linked.network_of(i).map_or(u64::MAX - i as u64, |x| x as u64);
        let mut cells: BTreeMap<(u64, u64), usize> = BTreeMap::new();
        let mut by_planted: BTreeMap<u64, usize> = BTreeMap::new();
        let mut by_found: BTreeMap<u64, usize> = BTreeMap::new();
        for i in 0..n {
            *cells.entry((planted(i), found(i))).or_default() += 1;
            *by_planted.entry(planted(i)).or_default() += 1;
            *by_found.entry(found(i)).or_default() += 1;
        }
        let tp = pairs(cells.values().copied());
        let precision = tp / pairs(by_found.values().copied());
        let recall = tp / pairs(by_planted.values().copied());
        eprintln!(
            "{} planted networks, {} found; precision {precision:.4}, recall {recall:.4}; {} hubs",
            plan.networks.len(),
            report.networks.len(),
            report.hubs.len()
        );
        assert!(precision >= 0.95, "precision {precision}");
        assert!(recall >= 0.95, "recall {recall}");
        // Hub numbers are reported as hubs, not used to link.
        for h in &plan.hubs {
            let e164 = format!("+33{h}");
            let carried = (0..n).filter(|&i| plan.text(i).contains(&format_phone(*h, 0))).count();
            if carried >= 30 {
                assert!(
                    report.hubs.iter().any(|x| x.node.value == e164),
                    "hub {e164} carried by {carried} ads not reported"
                );
            }
        }
        // Circuits in order.
        let mut right = 0;
        let mut with_circuit = 0;
        for (k, net) in plan.networks.iter().enumerate() {
            if net.circuit.len() < 2 {
                continue;
            }
            with_circuit += 1;
            let first =
                plan.ads.iter().position(|a| a.network == Some(k as u32)).expect("network has ads");
            let Some(id) = linked.network_of(first) else { continue };
            let Some(c) = report.circuits.iter().find(|c| c.network == id) else { continue };
            let codes: Vec<&str> = c.stops.iter().map(|s| s.place.as_str()).collect();
            if codes == plan.circuit_codes(k) {
                right += 1;
            }
        }
        let share = f64::from(right) / f64::from(with_circuit);
        eprintln!("circuits recovered in order: {right}/{with_circuit}");
        assert!(share >= 0.95, "{right}/{with_circuit}");
    }
}
