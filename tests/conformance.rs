//! The emitted JSON Schemas against capspec's own validators, on a corpus derived from each
//! spec: every boundary and rule case, random bodies and random mutations of valid ones.
//!
//! - With the `x-capspec-` keywords registered, `jsonschema`'s verdict is capspec's on every
//!   body (no allow-list).
//! - Without them, `jsonschema` accepts every body capspec accepts.
//! - Every schema is valid under the draft 2020-12 meta-schema.

use capspec::Violations;
use capspec_corpus as corpus;
use serde_json::Value;

/// A spec with its request schema and its validator: every shipped spec (compiled), and the
/// fixture spec that uses every construct of the format (loaded at run time).
struct Subject {
    spec: Spec,
    schema: Value,
    registry: Option<capspec::Registry>,
}

impl Subject {
    fn validate(&self, body: &Value) -> Result<(), Violations> {
        match &self.registry {
            None => capspec::validate_spec_value(&self.spec.id, body)
                .expect("known id")
                .map(drop),
            Some(r) => r
                .validate_spec_value(&self.spec.id, body)
                .expect("known id")
                .map(drop),
        }
    }

    fn validator(&self) -> jsonschema::Validator {
        capspec::schema::options()
            .build(&self.schema)
            .expect("the schema compiles")
    }
}

fn subjects() -> Vec<Subject> {
    // The schemas of JSON bodies (a form's files are not JSON).
    let mut out: Vec<Subject> = capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
        .map(|spec| Subject {
            spec: spec.clone(),
            schema: capspec::schema::request_schema(&spec.id)
                .expect("every spec has a schema")
                .clone(),
            registry: None,
        })
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codegen");
    let registry = capspec::Registry::from_dir(dir).expect("the fixture loads");
    for spec in registry.specs() {
        out.push(Subject {
            spec: spec.clone(),
            schema: registry
                .request_schema(&spec.id)
                .expect("its schema")
                .clone(),
            registry: Some(registry.clone()),
        });
    }
    out
}

#[test]
fn schemas_and_validators_agree_on_every_body() {
    let mut failures = Vec::new();
    let mut total = 0;
    for subject in subjects() {
        let spec = &subject.spec;
        let schema = &subject.schema;
        let with_extensions = subject.validator();
        let plain = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(schema)
            .expect("the schema compiles without extensions");
        let bodies: Vec<Value> = corpus::cases(spec)
            .into_iter()
            .chain(corpus::random(spec, 11, 300))
            .chain(corpus::mutations(spec, 13, 300))
            .map(|c| c.body)
            .collect();
        let (mut accepted, mut rejected) = (0, 0);
        for body in &bodies {
            let ours = subject.validate(body);
            let theirs = with_extensions.is_valid(body);
            if ours.is_ok() {
                accepted += 1;
            } else {
                rejected += 1;
            }
            if ours.is_ok() != theirs {
                let why = match &ours {
                    Ok(_) => with_extensions
                        .iter_errors(body)
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                    Err(v) => v.to_string().replace('\n', "; "),
                };
                failures.push(format!(
                    "{}: capspec {}, jsonschema {theirs}: {body}\n    {why}",
                    spec.id,
                    ours.is_ok()
                ));
            }
            if ours.is_ok() && !plain.is_valid(body) {
                failures.push(format!(
                    "{}: a plain validator rejects a valid body: {body}",
                    spec.id
                ));
            }
        }
        total += bodies.len();
        println!(
            "{:<36} {:>5} bodies ({accepted} valid, {rejected} invalid)",
            spec.id,
            bodies.len()
        );
        assert!(
            accepted >= 50 && rejected >= 50,
            "{}: a corpus needs both verdicts",
            spec.id
        );
    }
    println!("{total} bodies in all");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_schema_passes_the_draft_2020_12_meta_schema() {
    for subject in subjects() {
        let schema = &subject.schema;
        if let Err(e) = jsonschema::meta::validate(schema) {
            panic!("{}: {e}", subject.spec.id);
        }
        assert_eq!(schema["$schema"], capspec::schema::DIALECT);
    }
}

// ---- codes and params ----------------------------------------------------------------------

use std::collections::BTreeSet;

use capspec::spec::{Kind, Rule, Spec};

/// `(param, code)` pairs; `param` is `-` for the whole body and `<exclusive>` for an
/// exclusive rule, whose JSON Schema (`not`) cannot name the member it rejects.
type Pairs = BTreeSet<(String, String)>;

const EXCLUSIVE: &str = "<exclusive>";

/// A JSON pointer (`/parameters/size`, `/image/0`) as a capspec param (`parameters.size`,
/// `image[0]`).
fn param_of(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').skip(1) {
        if !out.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
            continue;
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&part.replace("~1", "/").replace("~0", "~"));
    }
    if out.is_empty() { "-".into() } else { out }
}

fn join(parent: &str, child: &str) -> String {
    if parent == "-" {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// What a JSON Schema validator says, as capspec's `(param, code)`: each standard keyword
/// maps to the code capspec gives that rule; an `x-capspec-` keyword's message starts with
/// its codes (and, on the body, with its param).
fn schema_pairs(validator: &jsonschema::Validator, body: &Value) -> Pairs {
    use jsonschema::error::ValidationErrorKind as K;
    let mut out = Pairs::new();
    for e in validator.iter_errors(body) {
        let at = param_of(e.instance_path().as_str());
        let code = |c: &str| c.to_owned();
        match e.kind() {
            K::Type { .. } => {
                out.insert((at, code("invalid_type")));
            }
            K::Required { property } => {
                out.insert((
                    join(&at, property.as_str().unwrap_or("?")),
                    code("missing_required"),
                ));
            }
            K::AdditionalProperties { unexpected } => {
                for u in unexpected {
                    out.insert((join(&at, u), code("unknown_parameter")));
                }
            }
            K::Enum { .. } if at == "model" => {
                out.insert((at, code("model_not_found")));
            }
            K::Enum { .. } | K::Constant { .. } => {
                out.insert((at, code("invalid_value")));
            }
            K::Minimum { .. }
            | K::Maximum { .. }
            | K::ExclusiveMinimum { .. }
            | K::ExclusiveMaximum { .. } => {
                out.insert((at, code("out_of_range")));
            }
            K::MultipleOf { .. } => {
                out.insert((at, code("not_multiple_of")));
            }
            K::MaxLength { .. } => {
                out.insert((at, code("too_long")));
            }
            K::MinLength { .. } => {
                out.insert((at, code("too_short")));
            }
            K::MaxItems { .. } => {
                out.insert((at, code("too_many_items")));
            }
            K::MinItems { .. } => {
                out.insert((at, code("too_few_items")));
            }
            K::Pattern { pattern } if pattern == capspec::schema::NO_NUL_PATTERN => {
                out.insert((at, code("invalid_value")));
            }
            K::Pattern { .. } => {
                out.insert((at, code("invalid_format")));
            }
            K::FalseSchema => {
                out.insert((at, code("conflicting_parameters")));
            }
            K::Not { .. } => {
                out.insert((EXCLUSIVE.into(), code("conflicting_parameters")));
            }
            K::Custom { message, .. } => {
                let (codes, rest) = message
                    .split_once(": ")
                    .expect("x-capspec errors start with codes");
                let param = if at == "-" {
                    rest.split_whitespace().next().unwrap_or("-").to_owned()
                } else {
                    at
                };
                for c in codes.split(", ") {
                    out.insert((param.clone(), c.to_owned()));
                }
            }
            other => panic!("no capspec code for {other:?}"),
        }
    }
    out
}

/// Whether an exclusive rule rejects `path` in `body`: a member present after the rule's
/// first present member.
fn in_exclusive_conflict(spec: &Spec, body: &Value, path: &str) -> bool {
    let Some(body) = body.as_object() else {
        return false;
    };
    spec.rules.iter().any(|r| match r {
        Rule::Exclusive { paths, .. } => paths
            .iter()
            .filter(|p| corpus::get(body, p).is_some())
            .skip(1)
            .any(|p| p == path),
        _ => false,
    })
}

/// capspec's violations as pairs, exclusive-rule conflicts pooled as JSON Schema has them
/// (one per conflicting member: a member a `forbid` rule also rejects has two).
fn capspec_pairs(spec: &Spec, body: &Value, v: &capspec::Violations) -> Pairs {
    let mut pooled = BTreeSet::new();
    v.iter()
        .map(|v| {
            let param = v.param().unwrap_or("-").to_owned();
            let exclusive = v.code() == capspec::Code::ConflictingParameters
                && in_exclusive_conflict(spec, body, &param)
                && pooled.insert(param.clone());
            if exclusive {
                (EXCLUSIVE.to_owned(), v.code().to_string())
            } else {
                (param, v.code().to_string())
            }
        })
        .collect()
}

/// Removes from the schema's pairs what capspec, by design, does not report once it has
/// found a fault (each rule documented in TESTING.md):
/// - a body whose `model` cannot be routed is judged on `model` alone;
/// - a value of the wrong type gets only `invalid_type` (not the enum, pattern or keyword
///   faults of the type it should have had, nor faults inside it);
/// - a string holding NUL gets only that fault;
/// - past `maxItems`, items are not checked one by one;
/// - a custom size or size-table cell is judged only when its properties are valid;
/// - a `null` model (nullable) is absent: where the spec has no default model, capspec says
///   `missing_required` and the schema, whose `model` then admits no `null`, says
///   `invalid_type` and `model_not_found`.
fn capspec_view(spec: &Spec, ours: &Pairs, theirs: Pairs) -> Pairs {
    let null_model = ours.contains(&("model".to_owned(), "missing_required".to_owned()))
        && theirs.contains(&("model".to_owned(), "invalid_type".to_owned()));
    let theirs: Pairs = if null_model {
        theirs
            .into_iter()
            .map(|(p, c)| {
                if p == "model" {
                    (p, "missing_required".to_owned())
                } else {
                    (p, c)
                }
            })
            .collect()
    } else {
        theirs
    };
    let routed = !ours.iter().any(|(p, c)| {
        p == "model" && (c == "model_not_found" || c == "invalid_type" || c == "missing_required")
    });
    let typed: Vec<&String> = ours
        .iter()
        .filter(|(_, c)| c == "invalid_type")
        .map(|(p, _)| p)
        .collect();
    let nul: Vec<&String> = ours
        .iter()
        .filter(|(p, c)| {
            c == "invalid_value" && theirs.contains(&((*p).clone(), "invalid_value".into()))
        })
        .map(|(p, _)| p)
        .collect();
    let under = |p: &str, root: &str| {
        root == "-"
            || p == root
            || p.starts_with(&format!("{root}."))
            || p.starts_with(&format!("{root}["))
    };
    // Rules between parameters judge presence, whatever the value.
    let between = |c: &str| c == "conflicting_parameters" || c == "missing_required";
    let faulty = |path: &str| ours.iter().any(|(p, _)| p == path);
    theirs
        .into_iter()
        .filter(|(p, c)| {
            if typed.iter().any(|t| under(p, t))
                && !(between(c) && routed && !typed.contains(&&"-".to_owned()))
            {
                return c == "invalid_type" && typed.contains(&p) && (routed || p == "model");
            }
            if !routed {
                return p == "model";
            }
            if nul.contains(&p) && c != "invalid_value" {
                return false;
            }
            // Items past maxItems.
            if let Some((array, rest)) = p.split_once('[')
                && let Some(Kind::Array(a)) = spec.property(array).map(|p| &p.kind)
                && let (Some(max), Ok(i)) = (a.max_items, rest.trim_end_matches(']').parse::<u64>())
                && i >= max
            {
                return false;
            }
            if let Some(cs) = &spec.custom_size
                && *p == cs.width
                && matches!(
                    c.as_str(),
                    "pixel_area_out_of_range" | "aspect_ratio_out_of_range"
                )
                && (ours.iter().any(|(q, c)| {
                    (*q == cs.width || *q == cs.height)
                        && c != "pixel_area_out_of_range"
                        && c != "aspect_ratio_out_of_range"
                }))
            {
                return false;
            }
            if let Some(t) = &spec.size_table
                && (*p == t.tier || *p == t.ratio)
                && c == "invalid_value"
                && (faulty(&t.tier) || faulty(&t.ratio))
                && !ours.contains(&(p.clone(), c.clone()))
            {
                return false;
            }
            true
        })
        .collect()
}

#[test]
fn schemas_and_validators_agree_on_params_and_codes() {
    let mut failures = Vec::new();
    let (mut compared, mut pairs) = (0, 0);
    for subject in subjects() {
        let spec = &subject.spec;
        let validator = subject.validator();
        let bodies = corpus::cases(spec)
            .into_iter()
            .chain(corpus::random(spec, 11, 300))
            .chain(corpus::mutations(spec, 13, 300))
            .map(|c| c.body);
        for body in bodies {
            let Err(v) = subject.validate(&body) else {
                continue;
            };
            compared += 1;
            let ours = capspec_pairs(spec, &body, &v);
            let theirs = capspec_view(spec, &ours, schema_pairs(&validator, &body));
            pairs += ours.len();
            if ours != theirs {
                failures.push(format!(
                    "{}: {body}\n    capspec:     {ours:?}\n    jsonschema:  {theirs:?}",
                    spec.id
                ));
            }
        }
    }
    println!("{compared} invalid bodies, {pairs} (param, code) pairs compared");
    assert!(compared > 3000, "{compared} invalid bodies");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---- the x-capspec keywords against hand-written verdicts ----------------------------------

fn verdicts(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/verdicts")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The codes a one-keyword schema's validator gives `instance`.
fn keyword_codes(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = capspec::schema::options()
        .build(schema)
        .expect("the schema compiles");
    let mut codes = Vec::new();
    for e in validator.iter_errors(instance) {
        match e.kind() {
            jsonschema::error::ValidationErrorKind::Custom { message, .. } => {
                let (c, _) = message.split_once(": ").expect("codes first");
                codes.extend(c.split(", ").map(str::to_owned));
            }
            other => codes.push(format!("{other:?}")),
        }
    }
    codes
}

#[test]
fn the_size_keyword_gives_the_hand_written_verdicts() {
    let table = verdicts("sizes.json");
    let mut failures = Vec::new();
    let mut count = 0;
    for group in table["rules"].as_array().unwrap() {
        let schema = serde_json::json!({"type": "string", "x-capspec-size": group["rule"]});
        for case in group["cases"].as_array().unwrap() {
            count += 1;
            let want: Vec<String> = case[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect();
            let got = keyword_codes(&schema, &case[0]);
            if got != want {
                failures.push(format!(
                    "{} with {}: expected {want:?}, got {got:?}",
                    case[0], group["rule"]
                ));
            }
        }
    }
    assert!(count >= 40, "{count} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_url_keyword_and_url_type_give_the_hand_written_verdicts() {
    let table = verdicts("urls.json");
    let mut failures = Vec::new();
    for (group, public) in [("public", true), ("any", false)] {
        let schema = serde_json::json!({"type": "string", "x-capspec-url": {"public": public}});
        for case in table[group].as_array().unwrap() {
            let text = case[0].as_str().unwrap();
            let want: Vec<String> = case[1]
                .as_str()
                .map(|c| vec![c.to_owned()])
                .unwrap_or_default();
            let got = keyword_codes(&schema, &case[0]);
            let typed = if public {
                capspec::types::Url::<true>::new(text)
                    .err()
                    .map(|f| f.code().to_string())
            } else {
                capspec::types::Url::<false>::new(text)
                    .err()
                    .map(|f| f.code().to_string())
            };
            if got != want || typed.as_deref() != want.first().map(String::as_str) {
                failures.push(format!(
                    "{group} {text:?}: expected {want:?}, keyword {got:?}, Url type {typed:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
