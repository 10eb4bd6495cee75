//! Writes a seeded synthetic export (the benchmarks' generators), or imports one in a loop for a
//! profiler. Nothing it writes is committed.
//!
//! ```sh
//! # the end-to-end file: 40 000 messages, Android French layout
//! cargo run --release -p vigie-import --example synth_export -- write whatsapp-android 40000 \
//!     "/tmp/Discussion WhatsApp avec Ryan.txt"
//! # under a profiler: import it 20 times
//! valgrind --tool=callgrind target/release/examples/synth_export profile whatsapp-android 40000 20
//! ```
#![allow(clippy::disallowed_methods)] // an example: it writes files and reads the clock

#[path = "../benches/support/synth.rs"]
mod synth;

use vigie_import::{Options, import};

fn generate(kind: &str, n: usize) -> String {
    match kind {
        "whatsapp-android" => synth::whatsapp(n, false),
        "whatsapp-ios" => synth::whatsapp(n, true),
        "telegram" => synth::telegram(n),
        "meta" => synth::meta(n),
        "snapchat" => synth::snapchat(n),
        "discord" => synth::discord(n),
        "tiktok" => synth::tiktok(n),
        _ => panic!(
            "unknown kind {kind}: whatsapp-android, whatsapp-ios, telegram, meta, snapchat, discord, tiktok"
        ),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: synth_export write KIND N PATH | profile KIND N ROUNDS";
    let (mode, kind, n) = match &args[1..] {
        [m, k, n, _] => (m.as_str(), k.as_str(), n.parse::<usize>().expect(usage)),
        _ => panic!("{usage}"),
    };
    let text = generate(kind, n);
    match mode {
        "write" => std::fs::write(&args[4], &text).expect("write"),
        "profile" => {
            let rounds: usize = args[4].parse().expect(usage);
            let cpu0 = cpu_seconds();
            let start = std::time::Instant::now();
            let mut messages = 0;
            for _ in 0..rounds {
                let out = import("bench", text.as_bytes(), &Options::default()).expect("import");
                assert!(out.stats.balanced());
                messages += out.stats.messages;
            }
            let secs = start.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu0;
            let bytes = (text.len() * rounds) as f64;
            println!(
                "{kind}: {} bytes × {rounds}, {messages} messages, {:.1} MB/s wall, {:.1} MB/s of CPU time",
                text.len(),
                bytes / secs / 1e6,
                bytes / cpu / 1e6
            );
        }
        _ => panic!("{usage}"),
    }
}

/// Time this process spent on a CPU (`/proc/self/schedstat`, nanoseconds): on a shared, loaded
/// machine the wall clock says more about the neighbours than about the importer.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}
