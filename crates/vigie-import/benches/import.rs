//! Import speed on one core: WhatsApp text (Android and iOS layouts) and every JSON format, from
//! seeded synthetic exports. Each iteration checks the message count, so a fast wrong path
//! cannot win.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_import::{ExportFormat, Options, import};

#[path = "support/synth.rs"]
mod synth;
use synth::{discord, meta, snapchat, telegram, tiktok, whatsapp};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    for (name, text, format, n) in [
        ("whatsapp_android_40k", whatsapp(40_000, false), ExportFormat::WhatsApp, 40_000),
        ("whatsapp_ios_40k", whatsapp(40_000, true), ExportFormat::WhatsApp, 40_000),
        ("telegram_json_20k", telegram(20_000), ExportFormat::Telegram, 20_000),
        ("meta_json_20k", meta(20_000), ExportFormat::Meta, 20_000),
        ("snapchat_json_20k", snapchat(20_000), ExportFormat::Snapchat, 20_000),
        ("discord_json_10k", discord(10_000), ExportFormat::Discord, 10_000),
        ("tiktok_json_20k", tiktok(20_000), ExportFormat::TikTok, 20_000),
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
