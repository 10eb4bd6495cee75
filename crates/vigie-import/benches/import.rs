//! Import speed on one core: WhatsApp text (Android and iOS layouts) and Telegram JSON, from
//! seeded synthetic exports. Each iteration checks the message count, so a fast wrong path
//! cannot win.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_import::{ExportFormat, Options, import};

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

fn whatsapp(messages: usize, ios: bool) -> String {
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

fn telegram(messages: usize) -> String {
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

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    for (name, text, format, n) in [
        ("whatsapp_android_40k", whatsapp(40_000, false), ExportFormat::WhatsApp, 40_000),
        ("whatsapp_ios_40k", whatsapp(40_000, true), ExportFormat::WhatsApp, 40_000),
        ("telegram_json_20k", telegram(20_000), ExportFormat::Telegram, 20_000),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        let options = Options { format: Some(format), ..Options::default() };
        g.bench_function(name, |b| {
            b.iter(|| {
                let out = import("bench", black_box(text.as_bytes()), &options).unwrap();
                assert_eq!(out.stats.messages, n);
            });
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
