//! What `GET /metrics` reports, in Prometheus' text format (`metrics-exporter-prometheus`).
//!
//! Each server has its own recorder (no global one), so servers in one process (tests, an
//! embedding service) do not mix their counts. Label values are bounded: providers and models
//! are ids of the specs in service (`unknown` otherwise), never what a client sent.

mod series;

use metrics::{
    Counter, Histogram, Key, KeyName, Label, Level, Metadata, Recorder, SharedString, Unit,
};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use crate::Violations;
use crate::price::{Cost, Decimal};
use series::Series;

/// A label value as Prometheus' text format writes it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

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

/// The statuses HTTP defines (IANA's HTTP Status Code Registry, without the unused 306 and
/// 418), as label values; [`status_label`] answers `other` for the rest, so an upstream cannot
/// add series.
#[rustfmt::skip]
const STATUSES: [(u16, &str); 61] = [
    (100, "100"), (101, "101"), (102, "102"), (103, "103"),
    (200, "200"), (201, "201"), (202, "202"), (203, "203"), (204, "204"), (205, "205"),
    (206, "206"), (207, "207"), (208, "208"), (226, "226"),
    (300, "300"), (301, "301"), (302, "302"), (303, "303"), (304, "304"), (305, "305"),
    (307, "307"), (308, "308"),
    (400, "400"), (401, "401"), (402, "402"), (403, "403"), (404, "404"), (405, "405"),
    (406, "406"), (407, "407"), (408, "408"), (409, "409"), (410, "410"), (411, "411"),
    (412, "412"), (413, "413"), (414, "414"), (415, "415"), (416, "416"), (417, "417"),
    (421, "421"), (422, "422"), (423, "423"), (424, "424"), (425, "425"), (426, "426"),
    (428, "428"), (429, "429"), (431, "431"), (451, "451"),
    (500, "500"), (501, "501"), (502, "502"), (503, "503"), (504, "504"), (505, "505"),
    (506, "506"), (507, "507"), (508, "508"), (510, "510"), (511, "511"),
];

/// The label of an HTTP status: its code if HTTP defines it, else `other`.
pub(super) fn status_label(status: u16) -> &'static str {
    STATUSES
        .binary_search_by_key(&status, |&(code, _)| code)
        .map_or("other", |i| STATUSES[i].1)
}

pub(super) struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    /// Estimated spend per (provider, model, currency), summed exactly: a Prometheus counter
    /// holds a float, so this one is kept as decimals and written into the exposition.
    spend: Mutex<BTreeMap<(String, String, String), Decimal>>,
    /// By route, provider, model and status: the request counter, and the duration histogram
    /// of its route and provider (one lookup finds both).
    requests: Series<4, (Counter, Histogram)>,
    violations: Series<3, Counter>,
    /// By provider and status: the answer counter, and the provider's duration histogram.
    upstream: Series<2, (Counter, Histogram)>,
    unpriced: Series<2, Counter>,
}

const SPEND: &str = "capspec_estimated_spend_total";
const UNPRICED: &str = "capspec_unpriced_requests_total";

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
        describe(
            UNPRICED,
            None,
            "Forwarded requests answered 2xx whose cost is unknown, by provider and model",
        );
        describe(GENERATION, None, "The generation of the specs in service");
        let handle = recorder.handle();
        Metrics {
            recorder,
            handle,
            spend: Mutex::new(BTreeMap::new()),
            requests: Series::new(),
            violations: Series::new(),
            upstream: Series::new(),
            unpriced: Series::new(),
        }
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
        let values = [route, provider, model, status_label(status)];
        let register = || {
            let names = ["route", "provider", "model", "status"];
            (
                self.counter(REQUESTS, names, values),
                self.histogram(REQUEST_SECONDS, ["route", "provider"], [route, provider]),
            )
        };
        self.requests
            .write(values, register, |(requests, duration)| {
                requests.increment(1);
                duration.record(seconds);
            });
    }

    /// Every violation of a rejected body.
    pub(super) fn violations(&self, provider: &str, model: &str, violations: &Violations) {
        for v in violations {
            let values = [provider, model, v.code().as_str()];
            self.violations.write(
                values,
                || self.counter(VIOLATIONS, ["provider", "model", "code"], values),
                |c| c.increment(1),
            );
        }
    }

    /// An upstream's answer: its status label ([`status_label`]), `unavailable`, `timeout` or
    /// `invalid`.
    pub(super) fn upstream(&self, provider: &str, status: &'static str, seconds: f64) {
        let values = [provider, status];
        let register = || {
            (
                self.counter(UPSTREAM, ["provider", "status"], values),
                self.histogram(UPSTREAM_SECONDS, ["provider"], [provider]),
            )
        };
        self.upstream
            .write(values, register, |(answers, duration)| {
                answers.increment(1);
                duration.record(seconds);
            });
    }

    /// A reload attempt, and the generation in service after it.
    pub(super) fn reload(&self, ok: bool, generation: u64) {
        let result = if ok { "ok" } else { "error" };
        self.counter(RELOADS, ["result"], [result]).increment(1);
        self.generation(generation);
    }

    pub(super) fn generation(&self, generation: u64) {
        let key = Key::from_name(GENERATION);
        self.recorder
            .register_gauge(&key, &METADATA)
            .set(generation as f64);
    }

    /// A forwarded request the upstream answered 2xx: its estimated cost, or an unpriced one.
    pub(super) fn spend(&self, provider: &str, model: &str, cost: &Cost) {
        match cost.known() {
            Some(k) => {
                let currency = k.currency.clone().unwrap_or_else(|| "unstated".to_owned());
                let key = (provider.to_owned(), model.to_owned(), currency);
                let mut spend = self.spend.lock().unwrap_or_else(PoisonError::into_inner);
                let total = spend.entry(key).or_default();
                *total = total.checked_add(k.amount).unwrap_or(*total);
            }
            None => {
                let values = [provider, model];
                self.unpriced.write(
                    values,
                    || self.counter(UNPRICED, ["provider", "model"], values),
                    |c| c.increment(1),
                );
            }
        }
    }

    /// The Prometheus text exposition, with the exact spend counter.
    pub(super) fn render(&self) -> String {
        let mut out = self.handle.render();
        let spend = self.spend.lock().unwrap_or_else(PoisonError::into_inner);
        if !spend.is_empty() {
            out.push_str(&format!(
                "# HELP {SPEND} Estimated spend of forwarded requests answered 2xx, in the currency's units (capspec's price of each request, summed exactly), by provider, model and currency (\"unstated\" where the source states none)\n# TYPE {SPEND} counter\n"
            ));
            for ((provider, model, currency), amount) in spend.iter() {
                out.push_str(&format!(
                    "{SPEND}{{provider=\"{}\",model=\"{}\",currency=\"{}\"}} {}\n",
                    escape(provider),
                    escape(model),
                    escape(currency),
                    amount.normalize()
                ));
            }
        }
        out
    }

    /// Keeps histograms from growing without bound; run now and then.
    pub(super) fn upkeep(&self) {
        self.handle.run_upkeep();
    }

    fn counter<const N: usize>(
        &self,
        name: &'static str,
        names: [&'static str; N],
        values: [&str; N],
    ) -> Counter {
        self.recorder
            .register_counter(&key(name, names, values), &METADATA)
    }

    fn histogram<const N: usize>(
        &self,
        name: &'static str,
        names: [&'static str; N],
        values: [&str; N],
    ) -> Histogram {
        self.recorder
            .register_histogram(&key(name, names, values), &METADATA)
    }
}

/// A series' key: the metric's name and its labels.
fn key<const N: usize>(name: &'static str, names: [&'static str; N], values: [&str; N]) -> Key {
    let labels = names
        .into_iter()
        .zip(values)
        .map(|(name, value)| Label::new(name, value.to_owned()));
    Key::from_parts(name, labels.collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_labels_are_the_defined_statuses_or_other() {
        assert!(STATUSES.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        assert!(STATUSES.iter().all(|(c, s)| c.to_string() == *s));
        assert_eq!(status_label(200), "200");
        assert_eq!(status_label(511), "511");
        for undefined in [0, 99, 306, 418, 520, 549, 599, 999, 1000] {
            assert_eq!(status_label(undefined), "other", "{undefined}");
        }
    }
}
