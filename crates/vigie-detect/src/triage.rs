//! Ad triage for a "maraude numérique": which escort ads to read first.
//!
//! An escort ad between adults is legal to publish in some places and is not, by itself, a sign
//! that a minor is sold. The JRSA/NIJ study of 1,263 US escort ads with known case outcomes
//! (indicators.md §2, C18) found four families of cues that predicted trafficking: **trust
//! language**, an **obscured phone number**, **youth language** and the **provider's ethnicity**;
//! movement language ("new in town", "leaving soon") was 70 % *less* likely in trafficking ads, and
//! a claimed age of 18 was not predictive. The triage score follows that evidence:
//!
//! 1. each family counts once, with the strongest weight of its signals: validated families at
//!    full weight, folk cues at half (claimed 18, emoji codes) or 0.7 (third-party writing);
//! 2. youth words that are part of a movement phrase (« nouvelle en ville ») are not youth;
//!    movement is shown but never counted;
//! 3. families combine by noisy-OR, and several validated families raise the score:
//!    `1 − (1 − s)^(1 + 0.25·(n − 1))`;
//! 4. other manoeuvres of the chain found in the ad (a pimping offer, coercion) count as one more
//!    family; minor-age cues multiply (`1 − (1 − s)^(1 + m)`); a stated age under 18, in the text
//!    or in the ad form, puts the ad at 0.9 at least;
//! 5. outside an escort-ad frame (no C17 signal and the document is not an ad) the score is halved;
//! 6. a phone number shared by several ads in several places (the batch's [`PhoneIndex`]) is a
//!    network cue (indicators.md: M–S); shared by very many ads it is likely an agency or a
//!    generic number and counts little.

use std::collections::{BTreeMap, BTreeSet};

use vigie_model::{
    AdTriage, Assessment, Category, CategoryRole, CueFamily, DocKind, Document, Explanation,
    FamilyHit, IdentifierKind, Level, Signal,
};

use crate::score::{breadth, multiply, noisy_or, round, signal_node};

/// Breadth step for validated families.
const VALIDATED_BREADTH_STEP: f64 = 0.25;
/// Floor of the score when a stated age under 18 is found.
const STATED_MINOR_FLOOR: f64 = 0.9;
/// Factor outside an escort-ad frame.
const NO_FRAME_FACTOR: f64 = 0.5;
/// A phone in at least this many ads …
pub const SHARED_PHONE_MIN_ADS: usize = 3;
/// … in at least this many distinct places is a network cue.
pub const SHARED_PHONE_MIN_PLACES: usize = 2;
/// Above this many ads, a shared phone is likely an agency or a generic number.
pub const HUB_PHONE_ADS: usize = 50;

/// The family of a rule code (shipped codes; a user's `ad_minor_cue` rule counts as other harm).
fn family_of(signal: &Signal) -> Option<CueFamily> {
    let code = signal.code.strip_prefix("EN-").unwrap_or(&signal.code);
    let family = match code {
        c if c.starts_with("ADMINOR-YOUTH") || c.starts_with("ADMINOR-JF") => CueFamily::Youth,
        c if c.starts_with("ADMINOR-TRUST") => CueFamily::Trust,
        c if c.starts_with("ADMINOR-PHONE") || c.starts_with("PHONE-OBSCURED") => {
            CueFamily::ObscuredPhone
        }
        c if c.starts_with("ADMINOR-ORIGIN") || c.starts_with("ADMINOR-ETHNIC") => {
            CueFamily::Ethnicity
        }
        c if c.starts_with("ADMINOR-18") => CueFamily::Claimed18,
        c if c.starts_with("ADMINOR-EMOJI") => CueFamily::Emoji,
        c if c.starts_with("ADMINOR-THIRD") => CueFamily::ThirdParty,
        c if c.starts_with("ADMINOR-LOOKSYOUNG") => CueFamily::LooksYoung,
        c if c.starts_with("ESCORT-PASSAGE") => CueFamily::Movement,
        "AGE-STATED-01" => CueFamily::StatedMinor,
        _ => match signal.category {
            Category::MinorAgeCue => CueFamily::MinorCue,
            Category::AdMinorCue => CueFamily::OtherHarm,
            c if c.role() == CategoryRole::Harm => CueFamily::OtherHarm,
            _ => return None,
        },
    };
    Some(family)
}

fn factor(family: CueFamily) -> f64 {
    match family {
        CueFamily::Claimed18 | CueFamily::Emoji => 0.5,
        CueFamily::ThirdParty => 0.7,
        CueFamily::Movement => 0.0,
        _ => 1.0,
    }
}

fn validated(family: CueFamily) -> bool {
    matches!(
        family,
        CueFamily::Youth | CueFamily::Trust | CueFamily::ObscuredPhone | CueFamily::Ethnicity
    )
}

/// The ad form's age (`meta.age`, a number or a numeric string).
fn form_age(doc: &Document) -> Option<u32> {
    let v = doc.meta.get("age")?;
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// How widely the batch's phone numbers are shared: ads and distinct places per number.
#[derive(Debug, Default)]
pub struct PhoneIndex {
    phones: BTreeMap<String, (usize, BTreeSet<String>)>,
}

/// A phone number shared across the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPhone {
    /// The number (E.164).
    pub phone: String,
    /// Number of ads that carry it.
    pub ads: usize,
    /// Number of distinct places of those ads.
    pub places: usize,
}

fn places_of(doc: &Document, a: &Assessment) -> Vec<String> {
    let mut places: Vec<String> = a
        .identifiers
        .iter()
        .filter(|i| i.kind == IdentifierKind::Place)
        .map(|i| i.value.clone())
        .collect();
    if places.is_empty()
        && let Some(p) = &doc.place
    {
        places.push(p.trim().to_lowercase());
    }
    places
}

impl PhoneIndex {
    /// An empty index.
    pub fn new() -> PhoneIndex {
        PhoneIndex::default()
    }

    /// Counts the phones of one ad with its places.
    pub fn observe(&mut self, doc: &Document, a: &Assessment) {
        let places = places_of(doc, a);
        let mut seen = BTreeSet::new();
        for i in a.identifiers.iter().filter(|i| i.kind == IdentifierKind::Phone) {
            if !seen.insert(i.value.as_str()) {
                continue;
            }
            let entry = self.phones.entry(i.value.clone()).or_default();
            entry.0 += 1;
            entry.1.extend(places.iter().cloned());
        }
    }

    /// The most shared of an ad's phones, when it reaches the network thresholds.
    pub fn shared(&self, a: &Assessment) -> Option<SharedPhone> {
        a.identifiers
            .iter()
            .filter(|i| i.kind == IdentifierKind::Phone)
            .filter_map(|i| {
                let (ads, places) = self.phones.get(&i.value)?;
                (*ads >= SHARED_PHONE_MIN_ADS && places.len() >= SHARED_PHONE_MIN_PLACES).then(
                    || SharedPhone { phone: i.value.clone(), ads: *ads, places: places.len() },
                )
            })
            .max_by(|x, y| x.ads.cmp(&y.ads).then_with(|| y.phone.cmp(&x.phone)))
    }
}

/// Triages one ad from its assessment; `shared` is its phone's spread in the batch, if any.
pub fn triage_ad(doc: &Document, a: &Assessment, shared: Option<&SharedPhone>) -> AdTriage {
    let movement: Vec<&Signal> =
        a.signals.iter().filter(|s| family_of(s) == Some(CueFamily::Movement)).collect();
    let mut by_family: BTreeMap<CueFamily, Vec<&Signal>> = BTreeMap::new();
    for s in &a.signals {
        let Some(family) = family_of(s) else { continue };
        // « nouvelle » inside « nouvelle en ville » is movement, not youth.
        if family == CueFamily::Youth
            && movement.iter().any(|m| m.span.start < s.span.end && s.span.start < m.span.end)
        {
            continue;
        }
        by_family.entry(family).or_default().push(s);
    }
    let frame =
        doc.kind == DocKind::Ad || a.signals.iter().any(|s| s.category == Category::EscortAd);
    let form_age = form_age(doc);

    let mut hits: Vec<FamilyHit> = Vec::new();
    let mut nodes: Vec<Explanation> = Vec::new();
    for (family, signals) in &by_family {
        let strongest = signals.iter().map(|s| s.effective_weight).fold(0.0, f64::max);
        let weight = match family {
            CueFamily::StatedMinor => STATED_MINOR_FLOOR,
            f => round(strongest * factor(*f)),
        };
        let mut codes: Vec<String> = signals.iter().map(|s| s.code.clone()).collect();
        codes.dedup();
        hits.push(FamilyHit {
            family: *family,
            weight,
            codes,
            spans: signals.iter().map(|s| s.span).collect(),
        });
        nodes.push(Explanation {
            value: weight,
            reason_fr: family.label_fr().to_owned(),
            reason_en: family.label_en().to_owned(),
            code: Some(family.as_str().to_owned()),
            spans: Vec::new(),
            children: signals.iter().map(|s| signal_node(s)).collect(),
        });
    }
    if let Some(age) = form_age.filter(|age| *age < 18) {
        hits.push(FamilyHit {
            family: CueFamily::StatedMinor,
            weight: STATED_MINOR_FLOOR,
            codes: vec!["FORM-AGE".to_owned()],
            spans: Vec::new(),
        });
        nodes.push(Explanation {
            value: STATED_MINOR_FLOOR,
            reason_fr: format!("âge du formulaire de l'annonce : {age} ans"),
            reason_en: format!("age in the ad form: {age}"),
            code: Some("FORM-AGE".to_owned()),
            ..Explanation::default()
        });
    }
    if let Some(sp) = shared {
        let hub = sp.ads > HUB_PHONE_ADS;
        let weight = if hub { 0.1 } else { 0.3 };
        hits.push(FamilyHit {
            family: CueFamily::SharedPhone,
            weight,
            codes: Vec::new(),
            spans: a
                .identifiers
                .iter()
                .filter(|i| i.kind == IdentifierKind::Phone && i.value == sp.phone)
                .map(|i| i.span)
                .collect(),
        });
        let note_fr = if hub { " (très partagé : agence ou numéro générique ?)" } else { "" };
        let note_en = if hub { " (very widely shared: agency or generic number?)" } else { "" };
        nodes.push(Explanation {
            value: weight,
            reason_fr: format!(
                "même numéro dans {} annonces, {} lieux{note_fr}",
                sp.ads, sp.places
            ),
            reason_en: format!("same phone in {} ads, {} places{note_en}", sp.ads, sp.places),
            code: Some(CueFamily::SharedPhone.as_str().to_owned()),
            ..Explanation::default()
        });
    }

    // Steps 3–5 of the module doc.
    let counted = |f: CueFamily| !matches!(f, CueFamily::MinorCue | CueFamily::StatedMinor);
    let mut score = noisy_or(hits.iter().filter(|h| counted(h.family)).map(|h| h.weight));
    let n_validated = hits.iter().filter(|h| validated(h.family)).count();
    if n_validated > 1 {
        score = breadth(score, n_validated, VALIDATED_BREADTH_STEP);
        nodes.push(Explanation {
            value: round(score),
            reason_fr: format!("{n_validated} familles validées : le risque augmente"),
            reason_en: format!("{n_validated} validated families: risk increases"),
            ..Explanation::default()
        });
    }
    if let Some(m) = hits.iter().find(|h| h.family == CueFamily::MinorCue) {
        score = multiply(score, m.weight);
    }
    if !frame {
        score *= NO_FRAME_FACTOR;
        nodes.push(Explanation {
            value: NO_FRAME_FACTOR,
            reason_fr: "pas de cadre d'annonce d'escorte : indices affaiblis".to_owned(),
            reason_en: "no escort-ad frame: cues weakened".to_owned(),
            ..Explanation::default()
        });
    }
    if hits.iter().any(|h| h.family == CueFamily::StatedMinor) {
        score = score.max(STATED_MINOR_FLOOR);
    }
    let score = round(score.clamp(0.0, 1.0));
    let level = Level::from_score(score);
    hits.sort_by(|x, y| y.weight.total_cmp(&x.weight).then_with(|| x.family.cmp(&y.family)));
    let (reason_fr, reason_en) = match level {
        Level::None => ("À lire en dernier".to_owned(), "Read last".to_owned()),
        l => (format!("Priorité {}", l.label_fr()), format!("{} priority", l.label_en())),
    };
    AdTriage {
        document: a.document.clone(),
        score,
        level,
        frame,
        families: hits,
        form_age,
        explanation: Explanation {
            value: score,
            reason_fr,
            reason_en,
            code: None,
            spans: Vec::new(),
            children: nodes,
        },
    }
}
