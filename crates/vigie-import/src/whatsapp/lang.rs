//! Localized WhatsApp strings, kept as data (French and English first). Sources: the tables in
//! `../shared/domain/exports.md` §2.4–2.5 (WhatsR `Languages.csv`, rwhatsapp#8, Pustur#231/#258,
//! French users' analysis scripts); French wordings of system lines vary, so they match loosely
//! (a lower-case fragment anywhere in the line).

use vigie_model::AttachmentKind;

/// File-name prefixes of exports, stripped to get the chat's name.
pub(crate) const FILE_PREFIXES: &[&str] = &[
    "Discussion WhatsApp avec ",
    "WhatsApp Chat with ",
    "WhatsApp Chat - ",
    "Chat de WhatsApp con ",
    "WhatsApp-Chat mit ",
];

/// Suffixes that mark an edited message.
pub(crate) const EDITED: &[&str] = &[
    "<Ce message a été modifié>",
    "<This message was edited>",
    "<Diese Nachricht wurde bearbeitet>",
];

/// Location shares.
pub(crate) const LOCATION: &[&str] =
    &["location: ", "Location: ", "localisation : ", "Localisation : "];

/// Fragments of platform notices (lower case).
const SYSTEM: &[&str] = &[
    // fr
    "chiffrés de bout en bout",
    "chiffrement de bout en bout",
    "a créé le groupe",
    "avez créé le groupe",
    "vous a ajouté",
    "a ajouté ",
    "avez ajouté ",
    " est parti",
    "êtes parti",
    "a retiré ",
    "vous a retiré",
    "a changé le sujet",
    "a changé l'objet",
    "a changé la photo du groupe",
    "a changé la description",
    "a modifié les paramètres",
    "votre code de sécurité",
    "a rejoint le groupe",
    "a rejoint via le lien",
    "avez rejoint",
    "messages éphémères",
    "appel vocal manqué",
    "appel vidéo manqué",
    "a changé de numéro",
    "a changé son numéro",
    "vous avez bloqué ce contact",
    "vous avez débloqué ce contact",
    "est maintenant administrateur",
    "épinglé un message",
    // en
    "end-to-end encrypted",
    "created group",
    " added ",
    "added you",
    " left",
    " removed ",
    "changed the subject",
    "changed this group's icon",
    "changed the group description",
    "changed the group's settings",
    "security code with",
    "joined using this group's invite link",
    "missed voice call",
    "missed video call",
    "disappearing messages",
    "changed their phone number",
    "changed to ",
    "you blocked this contact",
    "you unblocked this contact",
    "is now an admin",
    "pinned a message",
    "waiting for this message",
    "en attente de ce message",
];

/// Whether the text reads like a platform notice.
pub(crate) fn is_system(text: &str) -> bool {
    // One automaton pass instead of one `contains` per fragment (was a tenth of the import).
    static FRAGMENTS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(SYSTEM).expect("valid"));
    let text = crate::text::strip_marks(text);
    if text.chars().any(char::is_uppercase) {
        FRAGMENTS.is_match(&text.to_lowercase())
    } else {
        FRAGMENTS.is_match(text)
    }
}

/// `Some(by_exporter)` when the text is a deleted-message notice.
pub(crate) fn deleted(bare: &str) -> Option<bool> {
    match bare {
        "Ce message a été supprimé"
        | "This message was deleted"
        | "Dieser Nachricht wurde gelöscht" => Some(false),
        "Vous avez supprimé ce message" | "You deleted this message" => Some(true),
        _ => None,
    }
}

/// The kind of media when the text is an "omitted" placeholder.
pub(crate) fn omitted(first: &str) -> Option<AttachmentKind> {
    // Every placeholder below ends with one of these words: most lines are not lowered at all.
    let last = first.trim().rsplit(' ').next().unwrap_or_default();
    let cheap = ["omis>", "omitted>", "omitted", "omis", "omise", "absente", "absent", "retiré"];
    if !cheap.iter().any(|w| last.len() == w.len() && last.to_lowercase() == *w) {
        return None;
    }
    let lower = first.trim().to_lowercase();
    let kind = match lower.as_str() {
        "<médias omis>" | "<media omitted>" => AttachmentKind::Other,
        "<video message omitted>" | "video omitted" | "vidéo absente" | "vidéo omise" => {
            AttachmentKind::Video
        }
        "image omitted" | "image absente" | "image omise" | "gif omitted" | "gif retiré"
        | "gif omis" => AttachmentKind::Image,
        "audio omitted" | "audio omis" | "audio absent" => AttachmentKind::Audio,
        "sticker omitted" | "sticker omis" | "autocollant omis" => AttachmentKind::Sticker,
        "contact card omitted" | "fiche contact omise" | "carte de contact omise" => {
            AttachmentKind::Contact
        }
        "document omis" | "document omitted" => AttachmentKind::Document,
        _ if lower.ends_with("document omitted") || lower.ends_with("document omis") => {
            AttachmentKind::Document
        }
        _ => return None,
    };
    Some(kind)
}
