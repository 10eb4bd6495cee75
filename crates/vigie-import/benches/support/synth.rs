//! Seeded synthetic exports for the benchmarks and the end-to-end measurement (never committed
//! as files): ordinary French chat talk in each format's layout.
#![allow(dead_code)] // each user takes the generators it needs

use std::fmt::Write as _;

const WORDS: &[&str] = &[
    "salut", "ça", "va", "tu", "fais", "quoi", "ce", "soir", "demain", "cours", "maths", "on",
    "se", "voit", "au", "parc", "t'as", "vu", "le", "match", "trop", "bien", "mdr", "ok",
];

/// A small linear congruential generator: reproducible corpora without a dependency.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

fn sentence(rng: &mut Lcg) -> String {
    let n = 3 + rng.next(12);
    (0..n).map(|_| WORDS[rng.next(WORDS.len())]).collect::<Vec<_>>().join(" ")
}

pub fn whatsapp(messages: usize, ios: bool) -> String {
    let mut rng = Lcg(42);
    let mut s = String::new();
    for i in 0..messages {
        let (d, h, m) = (1 + (i / 1440) % 28, (i / 60) % 24, i % 60);
        let who = if rng.next(2) == 0 { "Inès" } else { "Ryan B" };
        if ios {
            let _ = write!(
                s,
                "[{d:02}/03/2024 {h:02}:{m:02}:{:02}] {who}: {}\r\n",
                rng.next(60),
                sentence(&mut rng)
            );
        } else {
            let _ = writeln!(s, "{d:02}/03/2024 {h:02}:{m:02} - {who}: {}", sentence(&mut rng));
        }
        if rng.next(10) == 0 {
            s.push_str(&sentence(&mut rng));
            s.push('\n');
        }
    }
    s
}

pub fn telegram(messages: usize) -> String {
    let mut rng = Lcg(7);
    let mut s = String::from(
        "{\n \"name\": \"Ryan\",\n \"type\": \"personal_chat\",\n \"id\": 1,\n \"messages\": [\n",
    );
    for i in 0..messages {
        if i > 0 {
            s.push_str(",\n");
        }
        let _ = write!(
            s,
            "  {{\n   \"id\": {i},\n   \"type\": \"message\",\n   \"date\": \"2024-03-09T21:54:00\",\n   \"date_unixtime\": \"{}\",\n   \"from\": \"Ryan\",\n   \"from_id\": \"user1\",\n   \"text\": \"{}\",\n   \"text_entities\": []\n  }}",
            1_710_017_640 + i,
            sentence(&mut rng)
        );
    }
    s.push_str("\n ]\n}");
    s
}

/// Instagram "Download your information" JSON: newest first, every non-ASCII byte as mojibake
/// (`\u00c3\u00a7` for `ç`), as Meta writes it.
pub fn meta(messages: usize) -> String {
    let mut rng = Lcg(11);
    let mojibake = |s: &str| -> String {
        s.bytes()
            .map(|b| if b < 0x80 { char::from(b).to_string() } else { format!("\\u00{b:02x}") })
            .collect()
    };
    let mut s = String::from(
        "{\n  \"participants\": [\n    {\n      \"name\": \"Ryan\"\n    },\n    {\n      \"name\": \"In\\u00c3\\u00a8s\"\n    }\n  ],\n  \"messages\": [\n",
    );
    for i in (0..messages).rev() {
        let who = if rng.next(2) == 0 { "Ryan" } else { "In\\u00c3\\u00a8s" };
        let _ = write!(
            s,
            "    {{\n      \"sender_name\": \"{who}\",\n      \"timestamp_ms\": {},\n      \"content\": \"{}\",\n      \"is_geoblocked_for_viewer\": false\n    }}{}\n",
            1_709_845_400_000u64 + i as u64 * 60_000,
            mojibake(&sentence(&mut rng)),
            if i == 0 { "" } else { "," }
        );
    }
    s.push_str("  ],\n  \"title\": \"Ryan\",\n  \"is_still_participant\": true,\n  \"thread_path\": \"inbox/ryan_1784\",\n  \"magic_words\": []\n}");
    s
}

/// Snapchat `chat_history.json`, current generation.
#[allow(clippy::many_single_char_names)] // date parts, as in the format's own fields
pub fn snapchat(messages: usize) -> String {
    let mut rng = Lcg(13);
    let mut s = String::from("{\n  \"ryan.bzness\": [\n");
    for i in 0..messages {
        let sender = rng.next(2) == 0;
        let ms = 1_710_021_240_900u64 + i as u64 * 30_000;
        let t = ms / 1000;
        let (d, h, m, sec) = (9 + t / 86_400 % 20, t / 3600 % 24, t / 60 % 60, t % 60);
        let _ = write!(
            s,
            "    {{\n      \"From\": \"{}\",\n      \"Media Type\": \"TEXT\",\n      \"Created\": \"2024-03-{d:02} {h:02}:{m:02}:{sec:02} UTC\",\n      \"Content\": \"{}\",\n      \"Conversation Title\": null,\n      \"IsSender\": {sender},\n      \"Created(microseconds)\": {ms},\n      \"IsSaved\": false,\n      \"Media IDs\": \"\"\n    }}{}\n",
            if sender { "ines.k" } else { "ryan.bzness" },
            sentence(&mut rng),
            if i + 1 == messages { "" } else { "," }
        );
    }
    s.push_str("  ]\n}");
    s
}

/// DiscordChatExporter JSON, one DM channel.
pub fn discord(messages: usize) -> String {
    let mut rng = Lcg(17);
    let mut s = String::from(
        "{\n  \"guild\": {\n    \"id\": \"0\",\n    \"name\": \"Direct Messages\",\n    \"iconUrl\": \"\"\n  },\n  \"channel\": {\n    \"id\": \"1090000000000000001\",\n    \"type\": \"DirectTextChat\",\n    \"categoryId\": null,\n    \"category\": \"Private\",\n    \"name\": \"ryan\",\n    \"topic\": null\n  },\n  \"dateRange\": {\n    \"after\": null,\n    \"before\": null\n  },\n  \"exportedAt\": \"2024-04-01T10:00:00.25+02:00\",\n  \"messages\": [\n",
    );
    for i in 0..messages {
        let (id, name) = if rng.next(2) == 0 {
            ("400000000000000001", "ryan_b")
        } else {
            ("400000000000000002", "ines")
        };
        let _ = write!(
            s,
            "    {{\n      \"id\": \"{}\",\n      \"type\": \"Default\",\n      \"timestamp\": \"2024-03-{:02}T{:02}:{:02}:10.118+01:00\",\n      \"timestampEdited\": null,\n      \"callEndedTimestamp\": null,\n      \"isPinned\": false,\n      \"content\": \"{} \\uD83D\\uDE09\",\n      \"author\": {{\n        \"id\": \"{id}\",\n        \"name\": \"{name}\",\n        \"discriminator\": \"0000\",\n        \"nickname\": \"{name}\",\n        \"color\": null,\n        \"isBot\": false,\n        \"roles\": [],\n        \"avatarUrl\": \"https://cdn.discordapp.com/embed/avatars/1.png\"\n      }},\n      \"attachments\": [],\n      \"embeds\": [],\n      \"stickers\": [],\n      \"reactions\": [],\n      \"mentions\": [],\n      \"inlineEmojis\": []\n    }}{}\n",
            1_090_000_000_000_000_100u64 + i as u64,
            1 + i / 1440 % 28,
            i / 60 % 24,
            i % 60,
            sentence(&mut rng),
            if i + 1 == messages { "" } else { "," }
        );
    }
    let _ = write!(s, "  ],\n  \"messageCount\": {messages}\n}}");
    s
}

/// TikTok `user_data_tiktok.json`, one thread.
pub fn tiktok(messages: usize) -> String {
    let mut rng = Lcg(19);
    let mut s = String::from(
        "{\n  \"Profile\": {\n    \"Profile Information\": {\n      \"ProfileMap\": {\n        \"userName\": \"ines.k\"\n      }\n    }\n  },\n  \"Direct Messages\": {\n    \"Chat History\": {\n      \"ChatHistory\": {\n        \"Chat History with ryan.bzness:\": [\n",
    );
    for i in 0..messages {
        let _ = write!(
            s,
            "          {{\n            \"Date\": \"2023-01-{:02} {:02}:{:02}:00\",\n            \"From\": \"{}\",\n            \"Content\": \"{}\"\n          }}{}\n",
            1 + i / 1440 % 28,
            i / 60 % 24,
            i % 60,
            if rng.next(2) == 0 { "ryan.bzness" } else { "ines.k" },
            sentence(&mut rng),
            if i + 1 == messages { "" } else { "," }
        );
    }
    s.push_str("        ]\n      }\n    }\n  }\n}");
    s
}
