//! Counters for `/metrics` (Prometheus text format).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// The worker's counters; shared between the loop and the metrics listener.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Messages received from the queue (every delivery, redeliveries included).
    pub received: AtomicU64,
    /// Documents assessed and committed (stored or already stored).
    pub assessed: AtomicU64,
    /// Of those, documents newly stored.
    pub stored: AtomicU64,
    /// Of those, documents already stored (a redelivery or a republication).
    pub duplicates: AtomicU64,
    /// Failed attempts (assessment panic, store error); each is retried or dead-lettered.
    pub failed: AtomicU64,
    /// Messages sent to the dead-letter subject.
    pub dead_lettered: AtomicU64,
    /// Deliveries that were not the first one.
    pub redelivered: AtomicU64,
    /// Alerts published.
    pub alerts: AtomicU64,
    /// Messages waiting in the queue or delivered and not yet acknowledged (last known value).
    pub lag: AtomicU64,
}

impl Metrics {
    /// Adds `n` to a counter.
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// The counters in the Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let rows: [(&str, &str, &str, &AtomicU64); 9] = [
            (
                "vigie_worker_received_total",
                "counter",
                "Messages reçus (redistributions comprises)",
                &self.received,
            ),
            (
                "vigie_worker_assessed_total",
                "counter",
                "Documents évalués et enregistrés (nouveaux ou déjà présents)",
                &self.assessed,
            ),
            (
                "vigie_worker_stored_total",
                "counter",
                "Documents nouvellement enregistrés",
                &self.stored,
            ),
            (
                "vigie_worker_duplicates_total",
                "counter",
                "Documents déjà enregistrés (redistribution)",
                &self.duplicates,
            ),
            (
                "vigie_worker_failed_total",
                "counter",
                "Tentatives échouées (rejouées ou mises au rebut)",
                &self.failed,
            ),
            (
                "vigie_worker_dead_lettered_total",
                "counter",
                "Messages mis au rebut (sujet dead-letter)",
                &self.dead_lettered,
            ),
            (
                "vigie_worker_redelivered_total",
                "counter",
                "Messages redistribués (pas la première livraison)",
                &self.redelivered,
            ),
            ("vigie_worker_alerts_total", "counter", "Alertes publiées", &self.alerts),
            ("vigie_worker_lag", "gauge", "Messages en attente ou non acquittés", &self.lag),
        ];
        for (name, kind, help, value) in rows {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            let _ = writeln!(out, "{name} {}", value.load(Ordering::Relaxed));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_counter_with_its_value() {
        let m = Metrics::default();
        Metrics::add(&m.assessed, 3);
        m.lag.store(7, Ordering::Relaxed);
        let text = m.render();
        assert!(text.contains("vigie_worker_assessed_total 3\n"), "{text}");
        assert!(text.contains("vigie_worker_lag 7\n"), "{text}");
        assert!(text.contains("# TYPE vigie_worker_lag gauge\n"), "{text}");
        assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 9);
    }
}
