//! Which language a conversation is in, for the learned models (English only today).
//!
//! The documents' `lang` field decides when most messages carry one. Otherwise a count of common
//! function words on the normalised text: enough to tell English chat from French chat, which is
//! all the models need (a full language identifier would be a dependency for one bit).

use vigie_text::normalize;

use super::Conversation;

const EN: &[&str] = &[
    "the", "you", "i", "to", "and", "is", "it", "that", "what", "are", "do", "me", "my", "your",
    "have", "just", "so", "with", "for", "don", "was", "lol", "im", "how", "can", "but", "not",
    "this", "be", "like", "ur", "u", "yeah", "yes", "hey", "hi",
];
const FR: &[&str] = &[
    "je", "tu", "le", "la", "les", "et", "est", "pas", "de", "des", "un", "une", "que", "qui",
    "moi", "toi", "mais", "on", "ca", "c", "t", "j", "il", "elle", "pour", "dans", "ce", "mdr",
    "oui", "non", "salut", "bien", "trop", "vas", "suis", "es",
];

/// Whether the conversation is in English.
pub fn is_english(conversation: &Conversation) -> bool {
    let tagged: Vec<&str> =
        conversation.messages.iter().filter_map(|m| m.document.lang.as_deref()).collect();
    if tagged.len() * 2 > conversation.messages.len() {
        let en = tagged.iter().filter(|l| l.eq_ignore_ascii_case("en")).count();
        return en * 2 > tagged.len();
    }
    let (mut en, mut fr) = (0usize, 0usize);
    for m in &conversation.messages {
        let n = normalize(&m.document.text);
        for token in n.as_str().split(' ') {
            en += usize::from(EN.contains(&token));
            fr += usize::from(FR.contains(&token));
        }
    }
    en > fr && en >= 3
}
