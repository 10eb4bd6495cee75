//! Ad triage (a "maraude numérique"): which escort ads to read first, and why.

use serde::{Deserialize, Serialize};

use crate::{Explanation, Level, Span};

/// A family of cues inside an ad (indicators.md §2, C18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueFamily {
    /// A stated age under 18 in the text, or in the ad form.
    StatedMinor,
    /// Other minor-age cues (school words, asking the age…).
    MinorCue,
    /// Youth language ("jeune", "débutante", "petite"): validated by the JRSA/NIJ study.
    Youth,
    /// Trust language ("100 % réelle", "pas de fake"): validated.
    Trust,
    /// An obscured phone number: validated.
    ObscuredPhone,
    /// Ethnicity or origin specified: validated.
    Ethnicity,
    /// A claimed age of exactly 18 or 19, "18-22": not predictive in the NIJ study.
    Claimed18,
    /// Emoji codes (US study, French use undocumented).
    Emoji,
    /// Third-party or plural writing ("nos filles", "elle reçoit").
    ThirdParty,
    /// Comments that she looks young.
    LooksYoung,
    /// The ad's phone appears in several ads of the batch, in several places.
    SharedPhone,
    /// Other manoeuvres of the chain (pimping offer, coercion…) found in the ad.
    OtherHarm,
    /// Movement language ("de passage", "nouvelle en ville"): shown, never counted (the NIJ study
    /// found it 70 % *less* likely in trafficking ads).
    Movement,
}

impl CueFamily {
    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            CueFamily::StatedMinor => "stated_minor",
            CueFamily::MinorCue => "minor_cue",
            CueFamily::Youth => "youth",
            CueFamily::Trust => "trust",
            CueFamily::ObscuredPhone => "obscured_phone",
            CueFamily::Ethnicity => "ethnicity",
            CueFamily::Claimed18 => "claimed_18",
            CueFamily::Emoji => "emoji",
            CueFamily::ThirdParty => "third_party",
            CueFamily::LooksYoung => "looks_young",
            CueFamily::SharedPhone => "shared_phone",
            CueFamily::OtherHarm => "other_harm",
            CueFamily::Movement => "movement",
        }
    }

    /// A short label in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            CueFamily::StatedMinor => "âge mineur déclaré",
            CueFamily::MinorCue => "indice de minorité",
            CueFamily::Youth => "langage de jeunesse (validé NIJ)",
            CueFamily::Trust => "langage de confiance (validé NIJ)",
            CueFamily::ObscuredPhone => "numéro masqué ou déguisé (validé NIJ)",
            CueFamily::Ethnicity => "origine précisée (validé NIJ)",
            CueFamily::Claimed18 => "« 18 ans » revendiqué (non prédictif seul)",
            CueFamily::Emoji => "emojis codés (indice faible)",
            CueFamily::ThirdParty => "écrit par un tiers",
            CueFamily::LooksYoung => "« fait jeune »",
            CueFamily::SharedPhone => "numéro partagé entre annonces et villes",
            CueFamily::OtherHarm => "autres manœuvres",
            CueFamily::Movement => "mobilité (non comptée)",
        }
    }

    /// A short label in English.
    pub fn label_en(self) -> &'static str {
        match self {
            CueFamily::StatedMinor => "stated minor age",
            CueFamily::MinorCue => "minor-age cue",
            CueFamily::Youth => "youth language (NIJ-validated)",
            CueFamily::Trust => "trust language (NIJ-validated)",
            CueFamily::ObscuredPhone => "obscured phone (NIJ-validated)",
            CueFamily::Ethnicity => "ethnicity specified (NIJ-validated)",
            CueFamily::Claimed18 => "claimed age 18 (not predictive alone)",
            CueFamily::Emoji => "emoji codes (weak)",
            CueFamily::ThirdParty => "third-party writing",
            CueFamily::LooksYoung => "\"looks young\"",
            CueFamily::SharedPhone => "phone shared across ads and places",
            CueFamily::OtherHarm => "other manoeuvres",
            CueFamily::Movement => "movement (not counted)",
        }
    }
}

/// One family that fired in an ad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyHit {
    /// The family.
    pub family: CueFamily,
    /// What it adds to the triage score (0 for movement).
    pub weight: f64,
    /// Rule codes behind it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Where, in the ad's original text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

/// The triage verdict on one ad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdTriage {
    /// Id of the ad.
    pub document: String,
    /// Triage score in `[0, 1]`.
    pub score: f64,
    /// Level of the score.
    pub level: Level,
    /// Whether the text has an escort-ad frame (or the document is an ad).
    pub frame: bool,
    /// The families that fired, strongest first.
    pub families: Vec<FamilyHit>,
    /// The ad form's age, when the source gives one (`meta.age`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_age: Option<u32>,
    /// Family → rules → spans.
    pub explanation: Explanation,
}
