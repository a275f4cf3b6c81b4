//! What `GET /metrics` reports, in Prometheus' text format (`metrics-exporter-prometheus`).
//!
//! Each server has its own recorder (no global one), so servers in one process (tests, an
//! embedding service) do not mix their counts. Label values are bounded: providers and models
//! are ids of the specs in service (`unknown` otherwise), never what a client sent.

use metrics::{Key, KeyName, Label, Level, Metadata, Recorder, SharedString, Unit};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

use crate::Violations;

const REQUESTS: &str = "capspec_requests_total";
const REQUEST_SECONDS: &str = "capspec_request_duration_seconds";
const VIOLATIONS: &str = "capspec_violations_total";
const UPSTREAM: &str = "capspec_upstream_responses_total";
const UPSTREAM_SECONDS: &str = "capspec_upstream_duration_seconds";
const RELOADS: &str = "capspec_spec_reloads_total";
const GENERATION: &str = "capspec_specs_generation";

/// Latency buckets in seconds: from validation alone (tens of microseconds) to an image
/// generation upstream (a minute or more).
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0, 60.0, 120.0,
];

static METADATA: Metadata<'static> =
    Metadata::new(module_path!(), Level::INFO, Some(module_path!()));

/// The label value for a model that is not a spec id in service.
pub(super) const UNKNOWN: &str = "unknown";

pub(super) struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl Metrics {
    pub(super) fn new() -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new()) // only an empty bucket list fails
            .build_recorder();
        let describe = |name: &'static str, unit: Option<Unit>, text: &'static str| {
            if name.ends_with("_total") {
                recorder.describe_counter(KeyName::from(name), unit, SharedString::from(text));
            } else if name.ends_with("_seconds") {
                recorder.describe_histogram(KeyName::from(name), unit, SharedString::from(text));
            } else {
                recorder.describe_gauge(KeyName::from(name), unit, SharedString::from(text));
            }
        };
        describe(
            REQUESTS,
            None,
            "Requests answered, by route, provider, model (spec id) and status",
        );
        describe(
            REQUEST_SECONDS,
            Some(Unit::Seconds),
            "Time from request to response headers, by route and provider",
        );
        describe(
            VIOLATIONS,
            None,
            "Violations found in rejected bodies, by provider, model and code",
        );
        describe(
            UPSTREAM,
            None,
            "Upstream answers to forwarded requests, by provider and status (or unavailable, timeout)",
        );
        describe(
            UPSTREAM_SECONDS,
            Some(Unit::Seconds),
            "Time from forwarding to the upstream's response headers, by provider",
        );
        describe(RELOADS, None, "Spec reloads, by result (ok, error)");
        describe(GENERATION, None, "The generation of the specs in service");
        let handle = recorder.handle();
        Metrics { recorder, handle }
    }

    /// One answered request.
    pub(super) fn request(
        &self,
        route: &'static str,
        provider: &str,
        model: &str,
        status: u16,
        seconds: f64,
    ) {
        let labels = vec![
            Label::new("route", route),
            Label::new("provider", provider.to_owned()),
            Label::new("model", model.to_owned()),
            Label::new("status", status.to_string()),
        ];
        self.counter(REQUESTS, labels).increment(1);
        let labels = vec![
            Label::new("route", route),
            Label::new("provider", provider.to_owned()),
        ];
        self.histogram(REQUEST_SECONDS, labels).record(seconds);
    }

    /// Every violation of a rejected body.
    pub(super) fn violations(&self, provider: &str, model: &str, violations: &Violations) {
        for v in violations {
            let labels = vec![
                Label::new("provider", provider.to_owned()),
                Label::new("model", model.to_owned()),
                Label::new("code", v.code().as_str()),
            ];
            self.counter(VIOLATIONS, labels).increment(1);
        }
    }

    /// An upstream's answer: its status code, `unavailable` or `timeout`.
    pub(super) fn upstream(&self, provider: &str, status: &str, seconds: f64) {
        let labels = vec![
            Label::new("provider", provider.to_owned()),
            Label::new("status", status.to_owned()),
        ];
        self.counter(UPSTREAM, labels).increment(1);
        let labels = vec![Label::new("provider", provider.to_owned())];
        self.histogram(UPSTREAM_SECONDS, labels).record(seconds);
    }

    /// A reload attempt, and the generation in service after it.
    pub(super) fn reload(&self, ok: bool, generation: u64) {
        let result = if ok { "ok" } else { "error" };
        self.counter(RELOADS, vec![Label::new("result", result)])
            .increment(1);
        self.generation(generation);
    }

    pub(super) fn generation(&self, generation: u64) {
        let key = Key::from_name(GENERATION);
        self.recorder
            .register_gauge(&key, &METADATA)
            .set(generation as f64);
    }

    /// The Prometheus text exposition.
    pub(super) fn render(&self) -> String {
        self.handle.render()
    }

    /// Keeps histograms from growing without bound; run now and then.
    pub(super) fn upkeep(&self) {
        self.handle.run_upkeep();
    }

    fn counter(&self, name: &'static str, labels: Vec<Label>) -> metrics::Counter {
        self.recorder
            .register_counter(&Key::from_parts(name, labels), &METADATA)
    }

    fn histogram(&self, name: &'static str, labels: Vec<Label>) -> metrics::Histogram {
        self.recorder
            .register_histogram(&Key::from_parts(name, labels), &METADATA)
    }
}
