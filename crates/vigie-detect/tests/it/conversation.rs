//! Conversation assessments on the hand-written French conversations of `examples/` (no explicit
//! content): who drives the risk, the stage timeline, the earliest warning.

use vigie_detect::{Conversation, Conversations, Detector};
use vigie_model::{ConversationAssessment, Document, Level, Stage};

fn conversations() -> Vec<Conversation> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/conversations.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let detector = Detector::builder().build().unwrap();
    let mut convs = Conversations::new();
    for (i, line) in text.lines().enumerate() {
        let doc: Document = serde_json::from_str(line).unwrap();
        let a = detector.assess(&doc);
        convs.push(doc, a, "conversations.jsonl", i as u64 + 1).unwrap();
    }
    convs.finish()
}

fn assess(key: &str) -> ConversationAssessment {
    let detector = Detector::builder().build().unwrap();
    let conv = conversations().into_iter().find(|c| c.key == key).unwrap();
    detector.assess_conversation(&conv)
}

fn earliest(a: &ConversationAssessment, level: Level) -> Option<usize> {
    a.earliest.iter().find(|w| w.level == level).map(|w| w.index)
}

#[test]
fn the_groomer_drives_the_risk_not_the_child() {
    for (key, groomer, child) in [
        ("conv-a-pack", "kenzo.exemple", "lea.exemple_fictive"),
        ("conv-b-sextorsion", "jade.exemple_off", "nathan_exemple"),
        ("conv-c-copine", "sarah.exemple", "ines_exemple"),
        ("conv-d-acheteur", "marc_exemple_78", "chloe.exemple"),
        ("conv-f-grooming", "theo_exemple_17", "emma.exemple"),
    ] {
        let a = assess(key);
        assert!(a.level >= Level::High, "{key}: {:?}", a.level);
        assert_eq!(a.driver.as_deref(), Some(groomer), "{key}");
        let child = a.authors.iter().find(|s| s.author == child).unwrap();
        assert!(!child.drives_risk && child.score < 0.15, "{key}: child scored {}", child.score);
        assert!(child.categories.is_empty(), "{key}: {:?}", child.categories);
        let groomer = a.authors.iter().find(|s| s.author == groomer).unwrap();
        assert!(groomer.drives_risk && groomer.score.total_cmp(&a.score).is_eq(), "{key}");
    }
}

#[test]
fn the_pack_conversation_goes_through_every_stage_in_order() {
    let a = assess("conv-a-pack");
    assert_eq!(a.stages, [Stage::Approach, Stage::Trust, Stage::Control, Stage::Exploitation]);
    let first_reach = |stage: Stage| a.timeline.iter().position(|s| s.reached.contains(&stage));
    let order: Vec<Option<usize>> =
        [Stage::Approach, Stage::Trust, Stage::Control, Stage::Exploitation]
            .into_iter()
            .map(first_reach)
            .collect();
    // Flattery (message 3), "je suis là pour toi" (5), Snapchat (11), the pack (16).
    assert_eq!(order, [Some(2), Some(4), Some(10), Some(15)]);
    // The earliest warning is the flattery, read at 3 of 25 messages.
    assert_eq!(earliest(&a, Level::Low), Some(2));
    assert_eq!(a.earliest[0].document, "a-03");
    assert!((a.earliest[0].read_share - 0.12).abs() < 1e-9);
}

#[test]
fn the_timeline_never_goes_down_and_agrees_with_the_earliest_warnings() {
    for c in conversations() {
        let a = Detector::builder().build().unwrap().assess_conversation(&c);
        assert_eq!(a.timeline.len(), a.messages);
        for pair in a.timeline.windows(2) {
            assert!(pair[1].conversation_score >= pair[0].conversation_score, "{}", a.conversation);
            assert!(pair[1].escalation >= pair[0].escalation, "{}", a.conversation);
            assert!(pair[0].reached.iter().all(|s| pair[1].reached.contains(s)));
        }
        for level in Level::ALL.into_iter().skip(1) {
            let expected = a.timeline.iter().position(|s| s.conversation_level >= level);
            assert_eq!(earliest(&a, level), expected, "{} {level:?}", a.conversation);
        }
        assert!(a.timeline.last().unwrap().conversation_score.total_cmp(&a.score).is_eq());
    }
}

#[test]
fn a_class_group_chat_with_look_alikes_stays_low() {
    // Compliments on a class photo, a school trip by train with a hotel, the CPE as "personne
    // ressource", a pupil turning 15: look-alikes spread over three pupils of a group chat.
    let a = assess("conv-e-classe");
    assert!(a.level <= Level::Low, "{:?} {}", a.level, a.score);
    assert_eq!(earliest(&a, Level::Medium), None);
}

#[test]
fn the_same_messages_in_another_input_order_give_the_same_assessment() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/conversations.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let detector = Detector::builder().build().unwrap();
    let mut convs = Conversations::new();
    for (i, line) in text.lines().enumerate().collect::<Vec<_>>().into_iter().rev() {
        let doc: Document = serde_json::from_str(line).unwrap();
        let a = detector.assess(&doc);
        convs.push(doc, a, "conversations.jsonl", i as u64 + 1).unwrap();
    }
    // Conversations whose messages all carry a timestamp do not depend on input order (a message
    // without one stays after its predecessor in the input, so it may move).
    let dated = |c: &&Conversation| c.messages.iter().all(|m| m.document.timestamp.is_some());
    let reversed: Vec<ConversationAssessment> =
        convs.finish().iter().filter(dated).map(|c| detector.assess_conversation(c)).collect();
    let forward: Vec<ConversationAssessment> =
        conversations().iter().filter(dated).map(|c| detector.assess_conversation(c)).collect();
    assert_eq!(reversed.len(), 5);
    assert!(reversed == forward, "input order changed an assessment");
}

#[test]
fn a_bare_number_answering_an_age_question_is_a_stated_age() {
    // « t'as quel âge ? » → « 13 et toi ? »: no single message states an age.
    let a = assess("conv-f-grooming");
    let step = a.timeline.iter().find(|s| s.document == "f-04").unwrap();
    assert!(step.categories.contains(&vigie_model::Category::MinorAgeCue), "{step:?}");
    let minor =
        a.explanation.children.iter().find(|n| n.code.as_deref() == Some("minor_age_cue")).unwrap();
    let answer = minor
        .children
        .iter()
        .find(|n| n.code.as_deref() == Some("AGE-ANSWER-01"))
        .expect("AGE-ANSWER-01 in the explanation");
    assert!(answer.reason_fr.contains("13 ans"), "{}", answer.reason_fr);
    assert_eq!(answer.spans, [vigie_model::Span::new(0, 2)]);
}

#[test]
fn numbers_that_are_not_answers_to_an_age_question_are_not_ages() {
    let detector = Detector::builder().build().unwrap();
    let chat = |lines: &[(&str, &str)]| {
        let mut convs = Conversations::new();
        for (i, (author, text)) in lines.iter().enumerate() {
            let other = if *author == "a" { "b" } else { "a" };
            let doc = Document {
                id: format!("m{i}"),
                kind: vigie_model::DocKind::Message,
                author: Some((*author).to_owned()),
                recipients: vec![other.to_owned()],
                timestamp: Some(format!("2025-01-01T10:{i:02}:00Z")),
                text: (*text).to_owned(),
                ..Document::default()
            };
            let a = detector.assess(&doc);
            convs.push(doc, a, "t", i as u64 + 1).unwrap();
        }
        let c = convs.finish().remove(0);
        let a = detector.assess_conversation(&c);
        a.timeline.iter().map(|s| s.categories.clone()).collect::<Vec<_>>()
    };
    let minor = vec![vigie_model::Category::MinorAgeCue];
    // The answer counts; a time ("14h"), an adult age or a number without a question do not.
    assert_eq!(chat(&[("a", "t'as quel âge ?"), ("b", "14 ans et toi")])[1], minor);
    assert!(chat(&[("a", "t'as quel âge ?"), ("b", "14h devant le ciné")])[1].is_empty());
    assert!(chat(&[("a", "t'as quel âge ?"), ("b", "25")])[1].is_empty());
    assert!(chat(&[("a", "salut"), ("b", "12 c'est mon numéro de maillot")])[1].is_empty());
    // The asker answering their own question is not an answer.
    assert!(chat(&[("a", "t'as quel âge ?"), ("a", "15 minutes et j'arrive")])[1].is_empty());
}

fn english_chat() -> Conversation {
    let detector = Detector::builder().build().unwrap();
    let lines = [
        ("guy_example", "hey there how are you doing today"),
        ("kid_example", "good thx, bored at home lol"),
        ("guy_example", "how old are you?"),
        ("kid_example", "13 and you"),
        ("guy_example", "you seem really mature for your age. are your parents home?"),
        ("kid_example", "no they work late"),
        ("guy_example", "dont tell them we talk ok, its our secret. do you have a cam?"),
    ];
    let mut convs = Conversations::new();
    for (i, (author, text)) in lines.iter().enumerate() {
        let other = if *author == "guy_example" { "kid_example" } else { "guy_example" };
        let doc = Document {
            id: format!("e{i}"),
            kind: vigie_model::DocKind::Message,
            author: Some((*author).to_owned()),
            recipients: vec![other.to_owned()],
            timestamp: Some(format!("2025-02-01T20:{i:02}:00Z")),
            text: (*text).to_owned(),
            ..Document::default()
        };
        let a = detector.assess(&doc);
        convs.push(doc, a, "t", i as u64 + 1).unwrap();
    }
    convs.finish().remove(0)
}

#[test]
fn the_learned_model_reads_english_conversations_only_and_points_at_its_ngrams() {
    let detector = Detector::builder().build().unwrap();
    for c in conversations() {
        assert!(detector.assess_conversation(&c).model.is_none(), "{}: French", c.key);
    }
    let chat = english_chat();
    let a = detector.assess_conversation(&chat);
    let verdict = a.model.as_ref().expect("English: the model applies");
    assert!(verdict.model.starts_with("grooming-en@"));
    assert!((0.0..=1.0).contains(&verdict.probability));
    assert!(!verdict.features.is_empty());
    for f in &verdict.features {
        let Some(i) = f.message else { continue };
        let text = &chat.messages[i].document.text;
        for span in &f.spans {
            assert!(span.slice(text).is_some(), "{f:?}");
        }
    }
    // The model can raise the conversation, never lower what the rules found.
    let rules_only = detector
        .assess_conversation_with(&chat, vigie_detect::ConversationOptions { models: false });
    assert!(rules_only.model.is_none());
    assert!(a.score >= rules_only.score);
    for (with, without) in a.timeline.iter().zip(&rules_only.timeline) {
        assert!(with.conversation_score >= without.conversation_score);
    }
}
