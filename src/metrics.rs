//! Prometheus metrics, served at `/metrics` in the OpenMetrics text format.
//!
//! Counters and histograms live in one registry for the process; the
//! gauges read from the database (open items, outbox rows) are refreshed
//! at each scrape, so every instance reports the same shared numbers.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::LazyLock;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    /// The route pattern (`/api/v1/items/{id}`), `unmatched` for none.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SeriesKindLabels {
    pub series: String,
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: String,
}

fn latency() -> Histogram {
    // 0.5 ms to about 8 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

fn ingest_latency() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// Every metric of the process.
pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<HttpLabels, Counter>,
    pub http_duration: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pub ingest_documents: Family<OutcomeLabels, Counter>,
    pub ingest_duration: Histogram,
    pub smtp_sends: Family<OutcomeLabels, Counter>,
    pub open_items: Family<SeriesKindLabels, Gauge>,
    pub outbox_rows: Family<StatusLabels, Gauge>,
}

pub static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("followup");
    let http_requests = Family::<HttpLabels, Counter>::default();
    registry.register(
        "http_requests",
        "HTTP requests by route and status",
        http_requests.clone(),
    );
    let http_duration =
        Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency);
    registry.register(
        "http_request_duration_seconds",
        "HTTP request latency by route",
        http_duration.clone(),
    );
    let ingest_documents = Family::<OutcomeLabels, Counter>::default();
    registry.register(
        "ingest_documents",
        "Minutes documents ingested, by outcome (created, updated, unchanged, failed)",
        ingest_documents.clone(),
    );
    let ingest_duration = ingest_latency();
    registry.register(
        "ingest_duration_seconds",
        "Time to ingest one minutes document",
        ingest_duration.clone(),
    );
    let smtp_sends = Family::<OutcomeLabels, Counter>::default();
    registry.register(
        "smtp_sends",
        "Emails handed to the transport, by result (sent, retry, failed, expired)",
        smtp_sends.clone(),
    );
    let open_items = Family::<SeriesKindLabels, Gauge>::default();
    registry.register(
        "open_items",
        "Open items by series and kind",
        open_items.clone(),
    );
    let outbox_rows = Family::<StatusLabels, Gauge>::default();
    registry.register("outbox_rows", "Outbox rows by status", outbox_rows.clone());
    Metrics {
        registry,
        http_requests,
        http_duration,
        ingest_documents,
        ingest_duration,
        smtp_sends,
        open_items,
        outbox_rows,
    }
});

impl Metrics {
    /// One HTTP request.
    pub fn http(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.http_requests
            .get_or_create(&HttpLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.http_duration
            .get_or_create(&RouteLabels {
                method: method.to_string(),
                route: route.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// One ingested document (`created`, `updated`, `unchanged`, `failed`).
    pub fn ingested(&self, outcome: &str, took: Duration) {
        self.ingest_documents
            .get_or_create(&OutcomeLabels {
                outcome: outcome.into(),
            })
            .inc();
        self.ingest_duration.observe(took.as_secs_f64());
    }

    /// One email handed to the transport.
    pub fn smtp(&self, result: &str) {
        self.smtp_sends
            .get_or_create(&OutcomeLabels {
                outcome: result.into(),
            })
            .inc();
    }

    /// Replaces the database-derived gauges.
    pub fn set_database_gauges(&self, open: &[(String, String, i64)], outbox: &[(String, i64)]) {
        self.open_items.clear();
        for (series, kind, n) in open {
            self.open_items
                .get_or_create(&SeriesKindLabels {
                    series: series.clone(),
                    kind: kind.clone(),
                })
                .set(*n);
        }
        self.outbox_rows.clear();
        for (status, n) in outbox {
            self.outbox_rows
                .get_or_create(&StatusLabels {
                    status: status.clone(),
                })
                .set(*n);
        }
    }

    /// The OpenMetrics text of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}
