//! The nineteen signal categories of DESIGN §5.

use serde::{Deserialize, Serialize};

/// Where a category sits in the recruitment chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// First contact, flattery, probing for vulnerabilities.
    Approach,
    /// Building trust, gifts, secrecy.
    Trust,
    /// Moving to private channels, images, isolation, threats.
    Control,
    /// Offers, logistics, coercion, ads, buyers.
    Exploitation,
}

/// How a category contributes to the overall score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryRole {
    /// A manoeuvre of the chain: contributes to the score.
    Harm,
    /// Raises the other categories; never a harm alone (`minor_age_cue`).
    Multiplier,
    /// Frame for other signals, weak alone (`escort_ad`).
    Context,
}

macro_rules! categories {
    ($( $variant:ident = $id:literal, $name:literal, $stage:ident, $role:ident, $fr:literal, $en:literal; )*) => {
        /// A category of signals (DESIGN §5), named in `snake_case` in JSON.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Category {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl Category {
            /// Every category, in taxonomy order (C01 … C19).
            pub const ALL: &'static [Category] = &[$(Category::$variant),*];

            /// The `snake_case` name used in rules and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $(Category::$variant => $name,)* }
            }

            /// The taxonomy id, `C01` … `C19`.
            pub fn id(self) -> &'static str {
                match self { $(Category::$variant => $id,)* }
            }

            /// Parses a `snake_case` name.
            pub fn parse(name: &str) -> Option<Category> {
                match name { $($name => Some(Category::$variant),)* _ => None }
            }

            /// The stage of the chain this category belongs to.
            pub fn stage(self) -> Stage {
                match self { $(Category::$variant => Stage::$stage,)* }
            }

            /// How the category contributes to a score.
            pub fn role(self) -> CategoryRole {
                match self { $(Category::$variant => CategoryRole::$role,)* }
            }

            /// A short label in French.
            pub fn label_fr(self) -> &'static str {
                match self { $(Category::$variant => $fr,)* }
            }

            /// A short label in English.
            pub fn label_en(self) -> &'static str {
                match self { $(Category::$variant => $en,)* }
            }
        }
    };
}

categories! {
    ContactFlattery = "C01", "contact_flattery", Approach, Harm,
        "Prise de contact et flatterie", "Contact and flattery";
    VulnerabilityProbe = "C02", "vulnerability_probe", Approach, Harm,
        "Recherche de failles", "Probing for vulnerabilities";
    TrustResource = "C03", "trust_resource", Trust, Harm,
        "« Personne ressource », confiance", "Trusted \"resource person\"";
    IsolationSecrecy = "C04", "isolation_secrecy", Trust, Harm,
        "Isolement et secret", "Isolation and secrecy";
    GiftsMoney = "C05", "gifts_money", Trust, Harm,
        "Cadeaux, argent facile, dette", "Gifts, easy money, debt";
    ImageRequest = "C06", "image_request", Control, Harm,
        "Demande de photos", "Request for images";
    ImageExposure = "C07", "image_exposure", Control, Harm,
        "Diffusion d'images, « fisha »", "Exposure of images";
    SextortionThreat = "C08", "sextortion_threat", Control, Harm,
        "Chantage, menace de diffusion", "Sextortion threat";
    PimpingOffer = "C09", "pimping_offer", Exploitation, Harm,
        "Offre de prostitution (« pack »)", "Pimping offer (\"pack\")";
    LogisticsTravelLodging = "C10", "logistics_travel_lodging", Exploitation, Harm,
        "Logistique : trajets, logement, annonces", "Logistics: travel, lodging, ads";
    MoveToPrivate = "C11", "move_to_private", Control, Harm,
        "Passage en privé", "Move to a private channel";
    MeetingArrangement = "C12", "meeting_arrangement", Exploitation, Harm,
        "Organisation d'une rencontre", "Meeting arrangement";
    MinorAgeCue = "C13", "minor_age_cue", Approach, Multiplier,
        "Indice de minorité", "Minor-age cue";
    ControlCoercion = "C14", "control_coercion", Exploitation, Harm,
        "Contrôle et contrainte", "Control and coercion";
    PeerRecruitment = "C15", "peer_recruitment", Exploitation, Harm,
        "Recrutement par une pair", "Peer recruitment";
    BuyerSolicitation = "C16", "buyer_solicitation", Exploitation, Harm,
        "Sollicitation par un « client »", "Buyer solicitation";
    EscortAd = "C17", "escort_ad", Exploitation, Context,
        "Annonce d'escorte (cadre adulte)", "Escort ad (adult frame)";
    AdMinorCue = "C18", "ad_minor_cue", Exploitation, Harm,
        "Indice de minorité dans une annonce", "Minor cue in an ad";
    SelfNormalisation = "C19", "self_normalisation", Exploitation, Harm,
        "Banalisation par la victime", "Self-normalisation";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nineteen_categories_round_trip_by_name() {
        assert_eq!(Category::ALL.len(), 19);
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
            assert_eq!(c.id(), format!("C{:02}", i + 1));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        assert_eq!(Category::parse("pack"), None);
    }
}
