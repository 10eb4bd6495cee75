//! Scoring message by message agrees with scoring the joined conversation.

use vigie_learn::ConversationScorer;

#[test]
fn incremental_score_equals_the_score_of_the_joined_messages() {
    let model = vigie_learn::shipped::grooming_en();
    let messages = ["hi there", "how was school today", "fine thanks and you", "ok see you later"];
    let mut conv = ConversationScorer::new(model);
    for (k, m) in messages.iter().enumerate() {
        conv.push(m, &[]);
        let joined = messages[..=k].join(" ");
        let batch = model.score(&joined, &[]);
        assert!(
            (conv.logit() - batch.logit).abs() < 1e-6,
            "after {k}: {} vs {}",
            conv.logit(),
            batch.logit
        );
        assert!((conv.probability() - batch.probability).abs() < 1e-6);
        assert_eq!(conv.alert(), batch.alert);
    }
    assert_eq!(conv.messages(), messages.len());
    let empty = ConversationScorer::new(model);
    assert!((empty.probability() - model.score("", &[]).probability).abs() < 1e-12);
}
