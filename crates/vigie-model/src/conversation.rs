//! Conversation assessments: stage timeline and earliest warning (DESIGN §4).
