//! The specs against facts transcribed independently from the source docs (`tests/facts/`,
//! format in its README). Three checks per fact:
//!
//! 1. its `quote` is in the doc, so the fact is the doc's;
//! 2. the loaded specs have exactly the facts of the files, no more and no fewer, so a typo in a
//!    spec or in the parser that reads it shows as a difference;
//! 3. validation behaves at and one past it. Expected sizes, faults and outputs are computed
//!    here with plain integer arithmetic on the facts, not with capspec's types.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use capspec::spec::{Kind, Literal, Property, SizeSource, Spec, StringFormat};
use capspec_corpus as corpus;
use capspec_corpus::forms;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs of whitespace as one space: scraped tables break lines where the doc does not.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug)]
struct Fact {
    /// `<provider>.toml #<index>`, for messages.
    at: String,
    provider: String,
    models: Vec<String>,
    param: Option<String>,
    keys: toml::Table,
    quotes: Vec<String>,
}

impl Fact {
    fn spec_ids(&self) -> Vec<String> {
        self.models
            .iter()
            .map(|m| format!("{}/{m}", self.provider))
            .collect()
    }
}

/// Every fact file, with its doc's text.
fn facts() -> Vec<(String, String, Vec<Fact>)> {
    let dir = root().join("tests/facts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut table: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // `<provider>.<what>.toml` files restate facts of another doc for the same provider.
            let provider = match table.remove("provider") {
                Some(toml::Value::String(p)) => p,
                _ => stem.split('.').next().unwrap_or_default().to_owned(),
            };
            let doc = table
                .remove("doc")
                .and_then(|d| d.as_str().map(str::to_owned))
                .unwrap_or_else(|| panic!("{}: no `doc`", path.display()));
            let doc_text = doc_text(&doc);
            let list = match table.remove("fact") {
                Some(toml::Value::Array(list)) => list,
                _ => panic!("{}: no [[fact]]", path.display()),
            };
            assert!(
                table.is_empty(),
                "{}: unknown keys {table:?}",
                path.display()
            );
            let facts = list
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let mut keys = match v {
                        toml::Value::Table(t) => t,
                        other => panic!("{provider}.toml #{i}: not a table: {other:?}"),
                    };
                    let at = format!("{provider}.toml fact #{}", i + 1);
                    let strings = |v: Option<toml::Value>, what: &str| -> Vec<String> {
                        match v {
                            Some(toml::Value::String(s)) => vec![s],
                            Some(toml::Value::Array(a)) => a
                                .into_iter()
                                .map(|s| s.as_str().map(str::to_owned))
                                .collect::<Option<_>>()
                                .unwrap_or_else(|| panic!("{at}: `{what}` holds a non-string")),
                            _ => panic!("{at}: `{what}` is missing"),
                        }
                    };
                    let models = strings(keys.remove("models"), "models");
                    let quotes = strings(keys.remove("quote"), "quote");
                    let param = keys
                        .remove("param")
                        .map(|p| p.as_str().expect("param is a string").to_owned());
                    Fact {
                        at,
                        provider: provider.clone(),
                        models,
                        param,
                        keys,
                        quotes,
                    }
                })
                .collect();
            (provider, doc_text, facts)
        })
        .collect()
}

fn doc_text(doc: &str) -> String {
    let path = ["seeds", "sources"]
        .iter()
        .map(|d| root().join(d).join(doc))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("doc {doc} is in neither seeds/ nor sources/"));
    std::fs::read_to_string(path).unwrap()
}

// ---- plain arithmetic on the doc's notation ----------------------------------------------------

/// `1280×720`, `1280x720` or `1280*720` as two integers.
fn parse_size(text: &str) -> Option<(u64, u64)> {
    let (w, h) = text
        .split_once(['x', '*', '×'])
        .filter(|(w, h)| !w.is_empty() && !h.is_empty())?;
    Some((w.trim().parse().ok()?, h.trim().parse().ok()?))
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// `W:H` in lowest terms.
fn reduce((w, h): (u64, u64)) -> (u64, u64) {
    let g = gcd(w, h).max(1);
    (w / g, h / g)
}

fn parse_ratio(text: &str) -> (u64, u64) {
    let (w, h) = text.split_once(':').expect("a ratio is W:H");
    (w.parse().unwrap(), h.parse().unwrap())
}

/// A pixel count given as an integer or a product `"1280×1280"`.
fn pixels(v: &toml::Value) -> u128 {
    match v {
        toml::Value::Integer(i) => u128::try_from(*i).unwrap(),
        toml::Value::String(s) => {
            let (w, h) = parse_size(s).unwrap_or_else(|| panic!("{s:?} is not WxH"));
            u128::from(w) * u128::from(h)
        }
        other => panic!("not a pixel count: {other:?}"),
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Number(x) => number_text(*x),
        Literal::Str(s) => format!("{s:?}"),
    }
}

/// A number as facts compare it: integral values without a fraction (`20`, `3.5`).
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(x) => number_text(*x),
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Array(a) => format!(
            "[{}]",
            a.iter().map(toml_text).collect::<Vec<_>>().join(", ")
        ),
        other => panic!("unexpected fact value {other:?}"),
    }
}

/// A list of strings, sorted.
fn sorted_text(v: &toml::Value) -> String {
    let mut list: Vec<String> = v
        .as_array()
        .expect("a list")
        .iter()
        .map(toml_text)
        .collect();
    list.sort();
    format!("[{}]", list.join(", "))
}

/// `presets = { square = "512x512", ... }` as `["square"=512x512, ...]`, sorted by name.
fn presets_text(v: &toml::Value) -> String {
    let list: BTreeMap<&String, String> = v
        .as_table()
        .expect("presets are a table of name = \"WxH\"")
        .iter()
        .map(|(name, size)| {
            let (w, h) = parse_size(size.as_str().expect("a preset is \"WxH\"")).unwrap();
            (name, format!("{w}x{h}"))
        })
        .collect();
    let list: Vec<String> = list.iter().map(|(n, d)| format!("{n:?}={d}")).collect();
    format!("[{}]", list.join(", "))
}

fn toml_json(v: &toml::Value) -> Value {
    serde_json::to_value(v).unwrap()
}

// ---- facts as comparable tuples ---------------------------------------------------------------

/// `(spec id, subject, key) → value`: the unit both sides are compared in.
type FactSet = BTreeMap<(String, String, String), String>;

fn bounds_entries(prefix: &str, v: &toml::Value, area: bool, out: &mut Vec<(String, String)>) {
    let t = v.as_table().expect("bounds are a table");
    for (k, b) in t {
        assert!(
            k == "minimum" || k == "maximum",
            "{prefix}: unknown bound {k}"
        );
        let value = if prefix == "aspect_ratio" {
            let (w, h) = reduce(parse_ratio(b.as_str().expect("a ratio is a string")));
            format!("{w}:{h}")
        } else if area {
            pixels(b).to_string()
        } else {
            b.as_integer()
                .expect("a side bound is an integer")
                .to_string()
        };
        out.push((format!("{prefix}.{k}"), value));
    }
}

/// The tuples one fact states.
fn fact_entries(f: &Fact) -> Vec<(String, String, String)> {
    let mut keyed: Vec<(String, String)> = Vec::new();
    let subject;
    if let Some(file) = f.keys.get("file").and_then(toml::Value::as_str) {
        subject = format!("files.{file}");
        for (k, v) in &f.keys {
            match k.as_str() {
                "file" => {}
                "media_types" => keyed.push((k.clone(), sorted_text(v))),
                "required" | "maxItems" | "max_bytes" | "square" | "same_dimensions_as" => {
                    keyed.push((k.clone(), toml_text(v)));
                }
                other => panic!("{}: unknown key {other} for a file", f.at),
            }
        }
    } else if let Some(path) = f.keys.get("endpoint") {
        subject = "model".to_owned();
        keyed.push(("endpoint".into(), toml_text(path)));
    } else if let Some(names) = f.keys.get("names") {
        subject = "model".to_owned();
        keyed.push(("names".into(), toml_text(names)));
        if let Some(d) = f.keys.get("default_model") {
            keyed.push(("default_model".into(), toml_text(d)));
        }
    } else if let Some(t) = f.keys.get("size_table") {
        subject = "size_table".to_owned();
        let t = t.as_table().unwrap();
        keyed.push(("ratio".into(), toml_text(&t["ratio"])));
        keyed.push(("tier".into(), toml_text(&t["tier"])));
        let cells = f.keys["cells"].as_table().expect("cells");
        for (ratio, row) in cells {
            for (tier, size) in row.as_table().unwrap() {
                let (w, h) = parse_size(size.as_str().unwrap()).unwrap();
                keyed.push((format!("cell {ratio} {tier}"), format!("{w}x{h}")));
            }
        }
    } else if let Some(p) = f.keys.get("price") {
        subject = "price".to_owned();
        price_fact_entries(p.as_table().expect("price is a table"), &f.at, &mut keyed);
    } else if let Some(c) = f.keys.get("custom_size") {
        subject = "custom_size".to_owned();
        let c = c.as_table().unwrap();
        keyed.push(("width".into(), toml_text(&c["width"])));
        keyed.push(("height".into(), toml_text(&c["height"])));
        for (k, v) in &f.keys {
            match k.as_str() {
                "custom_size" => {}
                "pixels" => bounds_entries("pixels", v, true, &mut keyed),
                "aspect_ratio" => bounds_entries("aspect_ratio", v, false, &mut keyed),
                other => panic!("{}: unknown key {other} for a custom size", f.at),
            }
        }
    } else {
        subject = f.param.clone().unwrap_or_else(|| {
            panic!(
                "{}: a fact needs `param`, `names`, `size_table` or `custom_size`",
                f.at
            )
        });
        for (k, v) in &f.keys {
            match k.as_str() {
                "width" | "height" => bounds_entries(k, v, false, &mut keyed),
                "pixels" => bounds_entries("pixels", v, true, &mut keyed),
                "aspect_ratio" => bounds_entries("aspect_ratio", v, false, &mut keyed),
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf"
                | "const" | "minLength" | "maxLength" | "minItems" | "maxItems" | "default"
                | "enum" => keyed.push((k.clone(), toml_text(v))),
                "presets" => keyed.push((k.clone(), presets_text(v))),
                other => panic!("{}: unknown key {other}", f.at),
            }
        }
    }
    assert!(!keyed.is_empty(), "{}: states nothing", f.at);
    let mut out = Vec::new();
    for id in f.spec_ids() {
        for (k, v) in &keyed {
            out.push((id.clone(), subject.clone(), format!("{k}={v}")));
        }
    }
    out
}

/// An amount as the doc writes it (`0.069`, `6.539e-08`), exactly, in lowest form.
fn decimal_text(text: &str) -> String {
    let d = if text.contains(['e', 'E']) {
        capspec::price::Decimal::from_scientific(text)
    } else {
        capspec::price::Decimal::from_str_exact(text)
    };
    d.unwrap_or_else(|e| panic!("{text:?} is not a decimal: {e}"))
        .normalize()
        .to_string()
}

/// `quality=hd,size=1024x1792`: a cell's or gap's values, sorted.
fn when_text<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut pairs: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
    pairs.sort();
    pairs.join(",")
}

fn price_fact_entries(p: &toml::Table, at: &str, keyed: &mut Vec<(String, String)>) {
    let when = |key: &str| {
        p.get(key).map(|w| {
            when_text(
                w.as_table()
                    .expect("a table of values")
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str().expect("a string value"))),
            )
        })
    };
    for (k, v) in p {
        match k.as_str() {
            "unit" | "currency" => keyed.push((k.clone(), v.as_str().unwrap().to_owned())),
            "not_charged" => keyed.push(("not_charged".into(), "yes".into())),
            "amount" | "was" | "when" | "gap" => {}
            other => panic!("{at}: unknown price key {other}"),
        }
    }
    let amount = p
        .get("amount")
        .map(|a| a.as_str().expect("amounts are strings"));
    match (when("when"), amount) {
        (_, Some("unknown")) => keyed.push(("amount".into(), "unknown".into())),
        (Some(w), Some(a)) => {
            keyed.push((format!("cell {w}"), decimal_text(a)));
            if let Some(was) = p.get("was") {
                keyed.push((format!("was {w}"), decimal_text(was.as_str().unwrap())));
            }
        }
        (None, Some(a)) => keyed.push(("amount".into(), decimal_text(a))),
        (_, None) => {}
    }
    if let Some(g) = when("gap") {
        keyed.push((format!("gap {g}"), "gap".into()));
    }
}

/// The price a spec states, as the tuples price facts state.
fn price_entries(price: &capspec::spec::Price, e: &mut Vec<(String, String)>) {
    use capspec::spec::Rate;
    e.push(("unit".into(), price.unit.as_str().into()));
    if let Some(c) = &price.currency {
        e.push(("currency".into(), c.clone()));
    }
    if price.not_charged.is_some() {
        e.push(("not_charged".into(), "yes".into()));
    }
    let pairs = |w: &[(String, String)]| when_text(w.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match &price.rate {
        Rate::Unknown(_) => e.push(("amount".into(), "unknown".into())),
        Rate::Flat(a) => e.push(("amount".into(), a.value.normalize().to_string())),
        Rate::Cells { cells, gaps, .. } => {
            for c in cells {
                let w = pairs(&c.when);
                e.push((format!("cell {w}"), c.amount.value.normalize().to_string()));
                if let Some(was) = c.amount.was {
                    e.push((format!("was {w}"), was.normalize().to_string()));
                }
            }
            for g in gaps {
                e.push((format!("gap {}", pairs(&g.when)), "gap".into()));
            }
        }
    }
}

fn size_rule_entries(z: &capspec::spec::SizeRule, out: &mut Vec<(String, String)>) {
    for (name, b) in [
        ("width", z.width),
        ("height", z.height),
        ("pixels", z.pixels),
    ] {
        bound_pair(
            name,
            b.minimum.map(u128::from),
            b.maximum.map(u128::from),
            out,
        );
    }
    ratio_pair(z.aspect_ratio, out);
}

fn bound_pair(name: &str, min: Option<u128>, max: Option<u128>, out: &mut Vec<(String, String)>) {
    if let Some(m) = min {
        out.push((format!("{name}.minimum"), m.to_string()));
    }
    if let Some(m) = max {
        out.push((format!("{name}.maximum"), m.to_string()));
    }
}

fn ratio_pair(r: capspec::spec::RatioBounds, out: &mut Vec<(String, String)>) {
    for (k, v) in [("minimum", r.minimum), ("maximum", r.maximum)] {
        if let Some(v) = v {
            let (w, h) = reduce((v.width, v.height));
            out.push((format!("aspect_ratio.{k}"), format!("{w}:{h}")));
        }
    }
}

/// The tuples a loaded spec states: every number and list in it.
fn spec_entries(spec: &Spec) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut push = |subject: &str, entries: Vec<(String, String)>| {
        for (k, v) in entries {
            out.push((spec.id.clone(), subject.to_owned(), format!("{k}={v}")));
        }
    };
    let names = format!(
        "[{}]",
        spec.model
            .names
            .iter()
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let model = match spec.routed_path() {
        Some(path) => vec![("endpoint".to_owned(), format!("{path:?}"))],
        None => {
            let mut model = vec![("names".to_owned(), names)];
            if let Some(d) = &spec.model.default {
                model.push(("default_model".into(), format!("{d:?}")));
            }
            model
        }
    };
    push("model", model);
    for p in spec.walk() {
        let mut e: Vec<(String, String)> = Vec::new();
        if p.kind != Kind::Model
            && let Some(d) = &p.default
        {
            e.push(("default".into(), literal_text(d)));
        }
        kind_entries(&p.kind, &mut e);
        push(&p.path, e);
    }
    for f in &spec.files {
        let mut e = Vec::new();
        if f.required {
            e.push(("required".to_owned(), "true".to_owned()));
        }
        if f.max_items > 1 {
            e.push(("maxItems".to_owned(), f.max_items.to_string()));
        }
        if let Some(b) = f.max_bytes {
            e.push(("max_bytes".to_owned(), b.to_string()));
        }
        let mut types: Vec<String> = f
            .media_types
            .iter()
            .map(|m| format!("{:?}", m.as_str()))
            .collect();
        types.sort();
        e.push(("media_types".to_owned(), format!("[{}]", types.join(", "))));
        if f.square {
            e.push(("square".to_owned(), "true".to_owned()));
        }
        if let Some(other) = &f.same_dimensions_as {
            e.push(("same_dimensions_as".to_owned(), format!("{other:?}")));
        }
        push(&format!("files.{}", f.name), e);
    }
    if let Some(t) = &spec.size_table {
        let mut e = vec![
            ("ratio".to_owned(), format!("{:?}", t.ratio)),
            ("tier".to_owned(), format!("{:?}", t.tier)),
        ];
        for (ratio, row) in &t.cells {
            for (tier, d) in row {
                e.push((
                    format!("cell {ratio} {tier}"),
                    format!("{}x{}", d.width, d.height),
                ));
            }
        }
        push("size_table", e);
    }
    if let Some(c) = &spec.custom_size {
        let mut e = vec![
            ("width".to_owned(), format!("{:?}", c.width)),
            ("height".to_owned(), format!("{:?}", c.height)),
        ];
        bound_pair(
            "pixels",
            c.pixels.minimum.map(u128::from),
            c.pixels.maximum.map(u128::from),
            &mut e,
        );
        ratio_pair(c.aspect_ratio, &mut e);
        push("custom_size", e);
    }
    if let Some(price) = &spec.price {
        let mut e = Vec::new();
        price_entries(price, &mut e);
        push("price", e);
    }
    out
}

fn kind_entries(kind: &Kind, e: &mut Vec<(String, String)>) {
    match kind {
        Kind::Model | Kind::Boolean | Kind::Object(_) => {}
        Kind::Integer(r) => match r.fixed() {
            Some(c) => e.push(("const".into(), c.to_string())),
            None => {
                if let Some(m) = r.minimum {
                    e.push(("minimum".into(), m.to_string()));
                }
                if let Some(m) = r.maximum {
                    e.push(("maximum".into(), m.to_string()));
                }
                if let Some(m) = r.multiple_of {
                    e.push(("multipleOf".into(), m.to_string()));
                }
            }
        },
        Kind::Number(r) => {
            for (k, v) in [
                ("minimum", r.minimum),
                ("maximum", r.maximum),
                ("exclusiveMinimum", r.exclusive_minimum),
                ("exclusiveMaximum", r.exclusive_maximum),
                ("multipleOf", r.multiple_of),
            ] {
                if let Some(v) = v {
                    e.push((k.into(), number_text(v)));
                }
            }
        }
        Kind::Size(z) => {
            let sorted: BTreeMap<&String, &capspec::spec::Dims> =
                z.presets.iter().map(|(n, d)| (n, d)).collect();
            let list: Vec<String> = sorted
                .iter()
                .map(|(n, d)| format!("{n:?}={}x{}", d.width, d.height))
                .collect();
            e.push(("presets".into(), format!("[{}]", list.join(", "))));
            size_rule_entries(&z.object_rule(), e);
        }
        Kind::String(r) => {
            if let Some(m) = r.min_length {
                e.push(("minLength".into(), m.to_string()));
            }
            if let Some(m) = r.max_length {
                e.push(("maxLength".into(), m.to_string()));
            }
            if !r.enum_values.is_empty() {
                let list: Vec<String> = r.enum_values.iter().map(|v| format!("{v:?}")).collect();
                e.push(("enum".into(), format!("[{}]", list.join(", "))));
            }
            if let Some(StringFormat::Size(z)) = &r.format
                && r.enum_values.is_empty()
            {
                size_rule_entries(z, e);
            }
        }
        Kind::Array(a) => {
            if let Some(m) = a.min_items {
                e.push(("minItems".into(), m.to_string()));
            }
            if let Some(m) = a.max_items {
                e.push(("maxItems".into(), m.to_string()));
            }
            // Item rules (a URL's policy) are not numbers or lists; an item kind with numbers
            // would need facts of its own.
            let mut items = Vec::new();
            kind_entries(&a.items, &mut items);
            assert!(
                items.is_empty(),
                "array items with numbers need facts: {items:?}"
            );
        }
    }
}

fn to_set(entries: Vec<(String, String, String)>, what: &str) -> FactSet {
    let mut set = FactSet::new();
    for (id, subject, kv) in entries {
        let (k, v) = kv.split_once('=').unwrap();
        if let Some(old) = set.insert((id.clone(), subject.clone(), k.to_owned()), v.to_owned())
            && old != v
        {
            panic!("{what} state {id} {subject} {k} twice: {old} and {v}");
        }
    }
    set
}

#[test]
fn every_quote_is_in_its_doc() {
    let mut missing = Vec::new();
    let mut count = 0;
    for (_, doc, facts) in facts() {
        let doc = squash(&doc);
        for f in &facts {
            for q in &f.quotes {
                count += 1;
                if !doc.contains(&squash(q)) {
                    missing.push(format!("{}: {q:?}", f.at));
                }
            }
        }
    }
    assert!(count > 50, "{count} quotes");
    assert!(
        missing.is_empty(),
        "quotes not in the doc:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_specs_state_exactly_the_facts_of_the_docs() {
    let specs = capspec::specs();
    let mut stated = Vec::new();
    for (provider, _, facts) in facts() {
        assert!(
            specs.iter().any(|s| s.provider == provider),
            "tests/facts/{provider}.toml: no spec of provider {provider}"
        );
        for f in &facts {
            for id in f.spec_ids() {
                assert!(capspec::spec(&id).is_some(), "{}: no spec {id}", f.at);
            }
            stated.extend(fact_entries(f));
        }
    }
    let from_docs = to_set(stated, "the facts");
    let from_specs = to_set(specs.iter().flat_map(spec_entries).collect(), "the specs");
    let only_specs: Vec<String> = from_specs
        .iter()
        .filter(|(k, v)| from_docs.get(*k) != Some(v))
        .map(|((id, s, k), v)| {
            format!(
                "{id} {s} {k} = {v} (facts: {:?})",
                from_docs.get(&(id.clone(), s.clone(), k.clone()))
            )
        })
        .collect();
    let only_docs: Vec<String> = from_docs
        .iter()
        .filter(|(k, _)| !from_specs.contains_key(*k))
        .map(|((id, s, k), v)| format!("{id} {s} {k} = {v}"))
        .collect();
    println!("{} facts compared", from_docs.len());
    for spec in specs {
        assert!(
            from_docs
                .keys()
                .any(|(id, s, _)| *id == spec.id && s == "model"),
            "{}: no facts (add them to tests/facts/{}.toml)",
            spec.id,
            spec.provider
        );
    }
    assert!(
        only_specs.is_empty() && only_docs.is_empty(),
        "stated by the specs but not by the docs (or differently):\n{}\n\nstated by the docs but not by the specs:\n{}",
        only_specs.join("\n"),
        only_docs.join("\n")
    );
}

// ---- behaviour at and one past each fact ---------------------------------------------------

/// What validation must say of a body.
enum Want {
    /// Valid, routed to the spec; with this output size where the fact determines it, and with
    /// `path = value` in the normalized body.
    Valid {
        dims: Option<(u64, u64)>,
        normalized: Option<(String, Value)>,
    },
    /// Exactly these violations, as sorted `(code, param)` pairs.
    Invalid(Vec<(String, String)>),
}

struct Probe {
    what: String,
    body: Value,
    want: Want,
}

/// A probe of a spec that takes a multipart form: its body's members as text fields beside the
/// minimal form's files, or `None` where a form cannot say the body (`null`, arrays).
fn as_form(spec: &Spec, body: &Value) -> Option<Vec<forms::Part>> {
    forms::with_text(&forms::minimal(spec), body.as_object()?)
}

/// A form's verdict, in the shape `run` compares.
fn run_form(spec: &Spec, probe: &Probe, parts: &[forms::Part]) -> Option<String> {
    let bytes = forms::encode(parts);
    let result = capspec::CATALOG
        .registry()
        .validate_spec_multipart(&spec.id, &forms::content_type(), &bytes)
        .expect("known id");
    compare(
        &probe.want,
        result
            .as_ref()
            .map(|form| (form.output(), serde_json::to_value(form).unwrap())),
    )
}

fn at_path<'v>(body: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(body, |v, k| v.get(k))
}

fn run(spec: &Spec, probe: &Probe) -> Option<String> {
    if spec.model.body == capspec::spec::BodyKind::Multipart {
        // What a form cannot say (`null`) is a JSON body's fact alone.
        return as_form(spec, &probe.body).and_then(|parts| run_form(spec, probe, &parts));
    }
    let bytes = serde_json::to_vec(&probe.body).unwrap();
    let from_bytes = capspec::validate_spec_slice(&spec.id, &bytes).expect("known id");
    let from_value = capspec::validate_spec_value(&spec.id, &probe.body).expect("known id");
    if from_bytes != from_value {
        return Some("bytes and value disagree".into());
    }
    if let Ok(request) = &from_value
        && request.spec_id() != spec.id
    {
        return Some(format!("routed to {}", request.spec_id()));
    }
    compare(
        &probe.want,
        from_value
            .as_ref()
            .map(|request| (request.output(), serde_json::to_value(request).unwrap())),
    )
}

/// A verdict (the output size and the normalized body, or the violations) against a probe's
/// expectation: `None` where they agree, else what differs.
fn compare(
    want: &Want,
    got: Result<(capspec::types::Output, Value), &capspec::Violations>,
) -> Option<String> {
    match (want, got) {
        (Want::Valid { dims, normalized }, Ok((out, body))) => {
            if let Some((w, h)) = dims
                && (out.width, out.height) != (Some(*w), Some(*h))
            {
                return Some(format!(
                    "output {:?}x{:?}, expected {w}x{h}",
                    out.width, out.height
                ));
            }
            if let Some((path, value)) = normalized
                && at_path(&body, path) != Some(value)
            {
                return Some(format!("normalized body {body} lacks {path} = {value}"));
            }
            None
        }
        (Want::Valid { .. }, Err(v)) => Some(format!("expected valid, got:\n{v}")),
        (Want::Invalid(want), Err(v)) => {
            let mut got: Vec<(String, String)> = v
                .iter()
                .map(|v| (v.code().to_string(), v.param().unwrap_or("-").to_owned()))
                .collect();
            got.sort();
            (got != *want).then(|| format!("expected {want:?}, got {got:?}:\n{v}"))
        }
        (Want::Invalid(want), Ok(_)) => Some(format!("expected {want:?}, got valid")),
    }
}

fn invalid(pairs: &[(&str, &str)]) -> Want {
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect();
    v.sort();
    Want::Invalid(v)
}

/// A body for `spec` with `path = value` (room made for it by the corpus's body builder).
fn body_with(spec: &Spec, pairs: &[(&str, Value)]) -> Value {
    let mut body = corpus::minimal(spec);
    for (path, value) in pairs {
        body = corpus::with(spec, &body, path, value.clone());
    }
    // A second pass: making room for a later pair may not undo an earlier one.
    for (path, value) in pairs {
        corpus::set(&mut body, path, value.clone());
    }
    Value::Object(body)
}

/// Whether `path`'s size is the output for `body`: an output source, with every source before
/// it absent.
fn is_output(spec: &Spec, body: &Value, path: &str) -> bool {
    let present = |p: &str| {
        at_path(body, p).is_some() || spec.property(p).is_some_and(|p| p.default.is_some())
    };
    for source in &spec.output.size {
        match source {
            SizeSource::Property(p) if p == path => return true,
            SizeSource::Property(p) if present(p) => return false,
            SizeSource::Custom => {
                let c = spec.custom_size.as_ref().unwrap();
                if present(&c.width) && present(&c.height) {
                    return false;
                }
            }
            SizeSource::Table => return false,
            SizeSource::Property(_) => {}
        }
    }
    false
}

/// A width and a height in pixels.
type Wh = (u64, u64);

/// Bounds of a free size as the facts state them.
#[derive(Default, Clone, Copy, Debug)]
struct SizeFacts {
    width: (Option<u64>, Option<u64>),
    height: (Option<u64>, Option<u64>),
    pixels: (Option<u128>, Option<u128>),
    aspect: (Option<Wh>, Option<Wh>),
}

impl SizeFacts {
    fn from_fact(f: &Fact) -> SizeFacts {
        let side = |k: &str| {
            f.keys.get(k).map_or((None, None), |b| {
                let g = |m: &str| b.get(m).and_then(toml::Value::as_integer).map(|v| v as u64);
                (g("minimum"), g("maximum"))
            })
        };
        let area = f.keys.get("pixels").map_or((None, None), |b| {
            (b.get("minimum").map(pixels), b.get("maximum").map(pixels))
        });
        let aspect = f.keys.get("aspect_ratio").map_or((None, None), |b| {
            let g = |m: &str| b.get(m).and_then(toml::Value::as_str).map(parse_ratio);
            (g("minimum"), g("maximum"))
        });
        SizeFacts {
            width: side("width"),
            height: side("height"),
            pixels: area,
            aspect,
        }
    }

    /// The bounds `(w, h)` breaks, in the order capspec reports them.
    fn faults(&self, w: u64, h: u64) -> Vec<&'static str> {
        let within = |v: u64, (min, max): (Option<u64>, Option<u64>)| {
            min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m)
        };
        let mut out = Vec::new();
        if !within(w, self.width) {
            out.push("width");
        }
        if !within(h, self.height) {
            out.push("height");
        }
        let area = u128::from(w) * u128::from(h);
        if self.pixels.0.is_some_and(|m| area < m) || self.pixels.1.is_some_and(|m| area > m) {
            out.push("pixels");
        }
        // w/h against a/b as w*b against a*h.
        let cmp = |(a, b): (u64, u64)| {
            (u128::from(w) * u128::from(b)).cmp(&(u128::from(a) * u128::from(h)))
        };
        if self.aspect.0.is_some_and(|r| cmp(r).is_lt())
            || self.aspect.1.is_some_and(|r| cmp(r).is_gt())
        {
            out.push("aspect");
        }
        out
    }

    /// Sizes worth trying for the other side.
    fn candidates(&self) -> Vec<u64> {
        let mut c: Vec<u64> = (1..=160).map(|i| i * 32).collect();
        for (a, b) in [self.width, self.height] {
            c.extend(a);
            c.extend(b);
        }
        for p in [self.pixels.0, self.pixels.1].into_iter().flatten() {
            let r = u64::try_from(p.isqrt()).unwrap();
            c.extend([r.saturating_sub(1), r, r + 1]);
        }
        c.retain(|v| *v > 0);
        c.sort_unstable();
        c.dedup();
        c
    }

    /// A valid size whose sides differ, if there is one.
    fn oblong(&self) -> Option<(u64, u64)> {
        let cands = self.candidates();
        cands
            .iter()
            .flat_map(|&w| cands.iter().map(move |&h| (w, h)))
            .find(|&(w, h)| w < h && self.faults(w, h).is_empty())
    }

    /// `(edge, past)` pairs, one for each bound: the edge has no fault, the past breaks that
    /// bound (alone where any size can).
    fn edges(&self) -> Vec<(String, Wh, Wh)> {
        let cands = self.candidates();
        let mut out = Vec::new();
        let multiples: Vec<u64> = (1..=4096).collect();
        let mut find = |name: String, make: &dyn Fn(u64) -> Option<(Wh, Wh)>, bound: &str| {
            let over = if bound == "aspect" {
                &multiples
            } else {
                &cands
            };
            let pairs: Vec<_> = over
                .iter()
                .filter_map(|&o| make(o))
                .filter(|(e, _)| self.faults(e.0, e.1).is_empty())
                .collect();
            // Non-square edges first: a size whose sides were swapped must not pass.
            let square_last = |pairs: Vec<&(Wh, Wh)>| {
                pairs
                    .iter()
                    .find(|(e, _)| e.0 != e.1)
                    .or(pairs.first())
                    .copied()
                    .copied()
            };
            let alone = square_last(
                pairs
                    .iter()
                    .filter(|(_, p)| self.faults(p.0, p.1) == [bound])
                    .collect(),
            );
            let any = square_last(
                pairs
                    .iter()
                    .filter(|(_, p)| self.faults(p.0, p.1).contains(&bound))
                    .collect(),
            );
            match alone.or(any) {
                Some((e, p)) => out.push((name, e, p)),
                None => panic!("no size at the edge of {name} for {self:?}"),
            }
        };
        if let Some(m) = self.width.0 {
            find(
                format!("width minimum {m}"),
                &|o| Some(((m, o), (m - 1, o))),
                "width",
            );
        }
        if let Some(m) = self.width.1 {
            find(
                format!("width maximum {m}"),
                &|o| Some(((m, o), (m + 1, o))),
                "width",
            );
        }
        if let Some(m) = self.height.0 {
            find(
                format!("height minimum {m}"),
                &|o| Some(((o, m), (o, m - 1))),
                "height",
            );
        }
        if let Some(m) = self.height.1 {
            find(
                format!("height maximum {m}"),
                &|o| Some(((o, m), (o, m + 1))),
                "height",
            );
        }
        // Pixel bounds: a side that divides the bound exactly, then one more or less pixel row.
        if let Some(m) = self.pixels.0 {
            find(
                format!("pixels minimum {m}"),
                &|w| {
                    let h = u64::try_from(m / u128::from(w)).ok()?;
                    (u128::from(w) * u128::from(h) == m && h > 1).then_some(((w, h), (w, h - 1)))
                },
                "pixels",
            );
        }
        if let Some(m) = self.pixels.1 {
            find(
                format!("pixels maximum {m}"),
                &|w| {
                    let h = u64::try_from(m / u128::from(w)).ok()?;
                    (u128::from(w) * u128::from(h) == m).then_some(((w, h), (w, h + 1)))
                },
                "pixels",
            );
        }
        // Aspect bounds: a multiple of the ratio, then one pixel narrower or wider.
        if let Some((a, b)) = self.aspect.0 {
            find(
                format!("aspect minimum {a}:{b}"),
                &|k| Some(((a * k, b * k), (a * k, b * k + 1))),
                "aspect",
            );
        }
        if let Some((a, b)) = self.aspect.1 {
            find(
                format!("aspect maximum {a}:{b}"),
                &|k| Some(((a * k, b * k), (a * k + 1, b * k))),
                "aspect",
            );
        }
        out
    }
}

fn fault_code(fault: &str) -> &'static str {
    match fault {
        "width" | "height" => "out_of_range",
        "pixels" => "pixel_area_out_of_range",
        _ => "aspect_ratio_out_of_range",
    }
}

/// A size as the property takes it: `{"width", "height"}` for a preset-or-object size, else
/// `WxH` with the spec's separator.
fn size_json(p: &Property, wh: (u64, u64)) -> Value {
    match p.kind {
        Kind::Size(_) => json!({"width": wh.0, "height": wh.1}),
        _ => json!(size_text(p, wh)),
    }
}

/// A size written with the spec's separator.
fn size_text(p: &Property, (w, h): (u64, u64)) -> String {
    let sep = match &p.kind {
        Kind::String(r) => match &r.format {
            Some(StringFormat::Size(z)) => z.separator,
            _ => 'x',
        },
        _ => 'x',
    };
    format!("{w}{sep}{h}")
}

/// The integer bounds the facts give a parameter.
fn int_bounds(facts: &[&Fact], param: &str) -> (Option<i64>, Option<i64>) {
    let mut b = (None, None);
    for f in facts.iter().filter(|f| f.param.as_deref() == Some(param)) {
        if let Some(v) = f.keys.get("minimum") {
            b.0 = v.as_integer();
        }
        if let Some(v) = f.keys.get("maximum") {
            b.1 = v.as_integer();
        }
    }
    b
}

/// The probes of one fact for one spec.
fn probes(spec: &Spec, f: &Fact, all: &[&Fact]) -> Vec<Probe> {
    let mut out = Vec::new();
    if f.keys.contains_key("price") {
        // Prices are checked on every corpus request: `the_cost_of_every_corpus_request`.
        return out;
    }
    let mut push = |what: String, body: Value, want: Want| out.push(Probe { what, body, want });
    let valid = || Want::Valid {
        dims: None,
        normalized: None,
    };
    if f.keys.contains_key("file") {
        // A file's rules: probed by `tests/multipart.rs` on the cases the spec's `[files]`
        // derive; here the numbers are compared with the doc's (above).
        return out;
    }
    if let Some(path) = f.keys.get("endpoint").and_then(toml::Value::as_str) {
        let routed = capspec::spec_for_endpoint(&spec.provider, path);
        assert_eq!(routed, Some(spec.id.as_str()), "{}: {path}", f.at);
        push("the endpoint's body".into(), body_with(spec, &[]), valid());
        let mut named = body_with(spec, &[]);
        named["model"] = json!(spec.model_id);
        push(
            "a model named in the body".into(),
            named,
            invalid(&[("unknown_parameter", "model")]),
        );
        return out;
    }
    if let Some(names) = f.keys.get("names") {
        for name in names.as_array().unwrap() {
            let name = name.as_str().unwrap();
            let body = body_with(spec, &[("model", json!(name))]);
            push(
                format!("model {name}"),
                body,
                Want::Valid {
                    dims: None,
                    normalized: Some(("model".into(), json!(name))),
                },
            );
        }
        let body = body_with(spec, &[("model", json!("capspec-no-such-model"))]);
        push(
            "model not among the names".into(),
            body,
            invalid(&[("model_not_found", "model")]),
        );
        let mut body = body_with(spec, &[]);
        body.as_object_mut().unwrap().shift_remove("model");
        match f.keys.get("default_model").and_then(toml::Value::as_str) {
            Some(d) => push(
                "model absent".into(),
                body,
                Want::Valid {
                    dims: None,
                    normalized: Some(("model".into(), json!(d))),
                },
            ),
            None => push(
                "model absent".into(),
                body,
                invalid(&[("missing_required", "model")]),
            ),
        }
        return out;
    }
    if let Some(t) = f.keys.get("size_table") {
        let (ratio, tier) = (t["ratio"].as_str().unwrap(), t["tier"].as_str().unwrap());
        for (r, row) in f.keys["cells"].as_table().unwrap() {
            for (t, size) in row.as_table().unwrap() {
                let body = body_with(spec, &[(ratio, json!(r)), (tier, json!(t))]);
                let dims = parse_size(size.as_str().unwrap());
                push(
                    format!("cell {r} {t}"),
                    body,
                    Want::Valid {
                        dims,
                        normalized: None,
                    },
                );
            }
        }
        return out;
    }
    if let Some(c) = f.keys.get("custom_size") {
        let (wp, hp) = (c["width"].as_str().unwrap(), c["height"].as_str().unwrap());
        let (wb, hb) = (int_bounds(all, wp), int_bounds(all, hp));
        let u = |v: Option<i64>| v.map(|v| v as u64);
        let facts = SizeFacts {
            width: (u(wb.0), u(wb.1)),
            height: (u(hb.0), u(hb.1)),
            ..SizeFacts::from_fact(f)
        };
        if let Some(size) = facts.oblong() {
            for (w, h) in [size, (size.1, size.0)] {
                let body = body_with(spec, &[(wp, json!(w)), (hp, json!(h))]);
                push(
                    format!("custom size {w}x{h}"),
                    body,
                    Want::Valid {
                        dims: Some((w, h)),
                        normalized: None,
                    },
                );
            }
        }
        for (name, edge, past) in facts.edges() {
            // The side bounds are the integer facts' own; only area and aspect are the pair's.
            if name.starts_with("width") || name.starts_with("height") {
                continue;
            }
            let body = |(w, h): (u64, u64)| body_with(spec, &[(wp, json!(w)), (hp, json!(h))]);
            push(
                format!("custom size {name}: {edge:?}"),
                body(edge),
                Want::Valid {
                    dims: Some(edge),
                    normalized: None,
                },
            );
            let faults = facts.faults(past.0, past.1);
            let want: Vec<(&str, &str)> = faults
                .iter()
                .map(|f| match *f {
                    "width" => ("out_of_range", wp),
                    "height" => ("out_of_range", hp),
                    other => (fault_code(other), wp),
                })
                .collect();
            // Area and aspect are judged only when both sides are valid.
            let want: Vec<(&str, &str)> = if faults.iter().any(|f| *f == "width" || *f == "height")
            {
                want.into_iter()
                    .filter(|(c, _)| *c == "out_of_range")
                    .collect()
            } else {
                want
            };
            push(
                format!("custom size one past {name}: {past:?}"),
                body(past),
                invalid(&want),
            );
        }
        return out;
    }
    let param = f.param.as_deref().unwrap();
    let prop = spec
        .property(param)
        .unwrap_or_else(|| panic!("{}: {} has no {param}", f.at, spec.id));
    for (k, v) in &f.keys {
        match k.as_str() {
            "minimum" | "maximum" | "const" => {
                let edge = v.as_integer().unwrap();
                let code = if k == "const" {
                    "invalid_value"
                } else {
                    "out_of_range"
                };
                let pasts: &[i64] = match k.as_str() {
                    "minimum" => &[-1],
                    "maximum" => &[1],
                    _ => &[-1, 1],
                };
                push(
                    format!("{param} = {k} {edge}"),
                    body_with(spec, &[(param, json!(edge))]),
                    Want::Valid {
                        dims: None,
                        normalized: Some((param.into(), json!(edge))),
                    },
                );
                for d in pasts {
                    push(
                        format!("{param} = {k} {edge} {d:+}"),
                        body_with(spec, &[(param, json!(edge + d))]),
                        invalid(&[(code, param)]),
                    );
                }
            }
            "minLength" => {
                let n = usize::try_from(v.as_integer().unwrap()).unwrap();
                // Four bytes a character: a byte count would accept the short one.
                push(
                    format!("{param} of {n} characters"),
                    body_with(spec, &[(param, json!("🙂".repeat(n)))]),
                    valid(),
                );
                if n > 0 {
                    push(
                        format!("{param} of {} characters", n - 1),
                        body_with(spec, &[(param, json!("🙂".repeat(n - 1)))]),
                        invalid(&[("too_short", param)]),
                    );
                }
            }
            "minItems" => {
                let n = usize::try_from(v.as_integer().unwrap()).unwrap();
                let item = match &prop.kind {
                    Kind::Array(a) => corpus::kind_value(&a.items).unwrap(),
                    _ => panic!("{}: minItems on a non-array", f.at),
                };
                push(
                    format!("{param} with {n} items"),
                    body_with(spec, &[(param, json!(vec![item.clone(); n]))]),
                    valid(),
                );
                if n > 0 {
                    push(
                        format!("{param} with {} items", n - 1),
                        body_with(spec, &[(param, json!(vec![item; n - 1]))]),
                        invalid(&[("too_few_items", param)]),
                    );
                }
            }
            "maxLength" => {
                let n = usize::try_from(v.as_integer().unwrap()).unwrap();
                // Two bytes a character: a byte count would be caught out.
                push(
                    format!("{param} of {n} characters"),
                    body_with(spec, &[(param, json!("é".repeat(n)))]),
                    valid(),
                );
                push(
                    format!("{param} of {} characters", n + 1),
                    body_with(spec, &[(param, json!("é".repeat(n + 1)))]),
                    invalid(&[("too_long", param)]),
                );
            }
            "maxItems" => {
                let n = usize::try_from(v.as_integer().unwrap()).unwrap();
                let item = match &prop.kind {
                    Kind::Array(a) => corpus::kind_value(&a.items).unwrap(),
                    _ => panic!("{}: maxItems on a non-array", f.at),
                };
                push(
                    format!("{param} with {n} items"),
                    body_with(spec, &[(param, json!(vec![item.clone(); n]))]),
                    valid(),
                );
                push(
                    format!("{param} with {} items", n + 1),
                    body_with(spec, &[(param, json!(vec![item; n + 1]))]),
                    invalid(&[("too_many_items", param)]),
                );
            }
            "presets" => {
                for (name, size) in v.as_table().unwrap() {
                    let body = body_with(spec, &[(param, json!(name))]);
                    let dims = parse_size(size.as_str().unwrap())
                        .filter(|_| is_output(spec, &body, param));
                    push(
                        format!("{param} = {name:?}"),
                        body,
                        Want::Valid {
                            dims,
                            normalized: Some((param.into(), json!(name))),
                        },
                    );
                }
                push(
                    format!("{param} not a preset"),
                    body_with(spec, &[(param, json!("capspec-not-a-preset"))]),
                    invalid(&[("invalid_value", param)]),
                );
            }
            "enum" => {
                for member in v.as_array().unwrap() {
                    let body = body_with(spec, &[(param, toml_json(member))]);
                    let dims = member
                        .as_str()
                        .and_then(parse_size)
                        .filter(|_| is_output(spec, &body, param));
                    push(
                        format!("{param} = {}", toml_text(member)),
                        body,
                        Want::Valid {
                            dims,
                            normalized: Some((param.into(), toml_json(member))),
                        },
                    );
                }
                push(
                    format!("{param} not a member"),
                    body_with(spec, &[(param, json!("capspec-not-a-member"))]),
                    invalid(&[("invalid_value", param)]),
                );
            }
            "default" => {
                // Room made for the property (a rule that would forbid it steered away), then
                // the property left out: its default applies.
                let mut body = body_with(spec, &[(param, toml_json(v))]);
                corpus::remove(body.as_object_mut().unwrap(), param);
                // Of an exclusive group, only the first member in spec order takes its default.
                let shadowed = spec.rules.iter().any(|r| matches!(r, capspec::spec::Rule::Exclusive { paths, .. }
                    if paths.iter().position(|p| p == param).is_some_and(|i| paths[..i].iter().any(|q| spec.property(q).is_some_and(|q| q.default.is_some())))));
                if shadowed {
                    continue;
                }
                let dims = v
                    .as_str()
                    .and_then(parse_size)
                    .filter(|_| is_output(spec, &Value::Null, param));
                push(
                    format!("{param} absent takes its default {}", toml_text(v)),
                    body.clone(),
                    Want::Valid {
                        dims,
                        normalized: Some((param.into(), toml_json(v))),
                    },
                );
                // A nullable property's `null` is absent: its default applies.
                if prop.nullable {
                    let mut null = body;
                    corpus::set(null.as_object_mut().unwrap(), param, Value::Null);
                    push(
                        format!("{param} null takes its default {}", toml_text(v)),
                        null,
                        Want::Valid {
                            dims,
                            normalized: Some((param.into(), toml_json(v))),
                        },
                    );
                }
            }
            "width" | "height" | "pixels" | "aspect_ratio" => {}
            other => panic!("{}: no probe for {other}", f.at),
        }
    }
    if ["width", "height", "pixels", "aspect_ratio"]
        .iter()
        .any(|k| f.keys.contains_key(*k))
    {
        let facts = SizeFacts::from_fact(f);
        if let Some(size) = facts.oblong() {
            for (w, h) in [size, (size.1, size.0)] {
                let body = body_with(spec, &[(param, size_json(prop, (w, h)))]);
                let dims = is_output(spec, &body, param).then_some((w, h));
                push(
                    format!("{param} = {w}x{h}"),
                    body,
                    Want::Valid {
                        dims,
                        normalized: None,
                    },
                );
            }
        }
        for (name, edge, past) in facts.edges() {
            let body = body_with(spec, &[(param, size_json(prop, edge))]);
            let dims = is_output(spec, &body, param).then_some(edge);
            push(
                format!("{param} at {name}: {edge:?}"),
                body,
                Want::Valid {
                    dims,
                    normalized: None,
                },
            );
            // A size object's sides are judged at `<param>.width` / `.height`.
            let sides = [format!("{param}.width"), format!("{param}.height")];
            let at = |fault: &str| match (&prop.kind, fault) {
                (Kind::Size(_), "width") => sides[0].as_str(),
                (Kind::Size(_), "height") => sides[1].as_str(),
                _ => param,
            };
            let faults: Vec<(&str, &str)> = facts
                .faults(past.0, past.1)
                .iter()
                .map(|f| (fault_code(f), at(f)))
                .collect();
            push(
                format!("{param} one past {name}: {past:?}"),
                body_with(spec, &[(param, size_json(prop, past))]),
                invalid(&faults),
            );
        }
    }
    out
}

#[test]
fn validation_holds_at_and_one_past_every_fact() {
    let mut failures = Vec::new();
    let mut count = 0;
    let mut per_kind: BTreeSet<String> = BTreeSet::new();
    for (_, _, facts) in facts() {
        let all: Vec<&Fact> = facts.iter().collect();
        for f in &facts {
            for id in f.spec_ids() {
                let spec = capspec::spec(&id).unwrap_or_else(|| panic!("{}: no spec {id}", f.at));
                let mine: Vec<&Fact> = all
                    .iter()
                    .copied()
                    .filter(|g| g.spec_ids().contains(&id))
                    .collect();
                let probes = probes(spec, f, &mine);
                assert!(
                    !probes.is_empty()
                        || f.keys.contains_key("default")
                        || f.keys.contains_key("price")
                        || f.keys.contains_key("file"),
                    "{}: no probe for {id}",
                    f.at
                );
                for p in &probes {
                    count += 1;
                    per_kind.extend(f.keys.keys().cloned());
                    if let Some(why) = run(spec, p) {
                        failures.push(format!(
                            "{} / {id} / {}: {why}\n    body: {}",
                            f.at, p.what, p.body
                        ));
                    }
                }
            }
        }
    }
    println!("{count} probes over the keys {per_kind:?}");
    assert!(count > 300, "{count} probes");
    assert!(
        failures.is_empty(),
        "{} of {count} probes failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn facts_name_existing_docs() {
    for (provider, doc, _) in facts() {
        assert!(!doc.is_empty(), "{provider}: empty doc");
    }
    assert!(Path::new(&root()).join("tests/facts/README.md").exists());
}

// ---- cost: hand-computed from the price facts ---------------------------------------------------

/// What the price facts of a spec say: unit, currency, amounts per cell (or one amount, or
/// unknown) and gaps, with amounts parsed here from the doc's text.
#[derive(Default)]
struct PriceFacts {
    unit: Option<String>,
    currency: Option<String>,
    unknown: bool,
    flat: Option<capspec::price::Decimal>,
    cells: Vec<(BTreeMap<String, String>, capspec::price::Decimal)>,
    gaps: Vec<BTreeMap<String, String>>,
}

fn price_facts(id: &str) -> Option<PriceFacts> {
    let mut out: Option<PriceFacts> = None;
    for (_, _, facts) in facts() {
        for f in facts
            .iter()
            .filter(|f| f.spec_ids().iter().any(|s| s == id))
        {
            let Some(p) = f.keys.get("price").and_then(toml::Value::as_table) else {
                continue;
            };
            let o = out.get_or_insert_with(PriceFacts::default);
            let text = |k: &str| p.get(k).and_then(toml::Value::as_str).map(str::to_owned);
            o.unit = o.unit.take().or(text("unit"));
            o.currency = o.currency.take().or(text("currency"));
            let map = |k: &str| {
                p.get(k).and_then(toml::Value::as_table).map(|t| {
                    t.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                        .collect::<BTreeMap<_, _>>()
                })
            };
            match (map("when"), text("amount")) {
                (_, Some(a)) if a == "unknown" => o.unknown = true,
                (Some(w), Some(a)) => o.cells.push((w, decimal_text(&a).parse().unwrap())),
                (None, Some(a)) => o.flat = Some(decimal_text(&a).parse().unwrap()),
                _ => {}
            }
            if let Some(g) = map("gap") {
                o.gaps.push(g);
            }
        }
    }
    out
}

/// For every shipped spec and every valid body of its derived corpus, the cost is what the
/// price facts give by plain arithmetic (amount × pixels × images, or × images), or unknown
/// where the facts give no amount: a gap, a stated unit without an amount, a value the cells
/// need and the body lacks, or no price facts at all.
#[test]
fn the_cost_of_every_corpus_request() {
    use capspec::ValidRequest;
    use capspec::price::{Cost, Decimal};
    let registry = capspec::Registry::from_dir(root().join("specs")).unwrap();
    let (mut priced, mut unknown) = (0, 0);
    for spec in capspec::specs() {
        let facts = price_facts(&spec.id);
        // The derived corpus, and its valid bodies with each priced cell's values set.
        let mut bodies: Vec<(String, Value)> = corpus::cases(spec)
            .into_iter()
            .map(|c| (c.name, c.body))
            .collect();
        let valid: Vec<(String, Value)> = bodies
            .iter()
            .filter(|(_, b)| matches!(registry.validate_spec_value(&spec.id, b), Some(Ok(_))))
            .take(20)
            .cloned()
            .collect();
        for (w, _) in facts.iter().flat_map(|f| &f.cells) {
            for (name, body) in &valid {
                let mut body = body.clone();
                for (k, v) in w {
                    corpus::set(body.as_object_mut().unwrap(), k, json!(v));
                }
                bodies.push((format!("{name} with {w:?}"), body));
            }
        }
        for (name, body) in bodies {
            let case = corpus::Case {
                name,
                body,
                expect: corpus::Expect::Unknown,
            };
            let Some(Ok(request)) = registry.validate_spec_value(&spec.id, &case.body) else {
                continue;
            };
            let body = serde_json::to_value(&request).unwrap();
            let out = request.output();
            let images = Decimal::from(out.count);
            let expected: Option<Decimal> = facts.as_ref().and_then(|f| {
                if f.unknown {
                    return None;
                }
                let per_unit = match &f.flat {
                    Some(a) => *a,
                    None => {
                        let matches = |w: &BTreeMap<String, String>| {
                            w.iter()
                                .all(|(k, v)| at_path(&body, k).and_then(Value::as_str) == Some(v))
                        };
                        if f.gaps.iter().any(&matches) {
                            return None;
                        }
                        f.cells.iter().find(|(w, _)| matches(w))?.1
                    }
                };
                match f.unit.as_deref()? {
                    "image" => Some(per_unit * images),
                    "pixel" => Some(per_unit * Decimal::from(out.width? * out.height?) * images),
                    other => panic!("{}: no arithmetic here for a price per {other}", spec.id),
                }
            });
            let cost = request.cost();
            match (&cost, expected) {
                (Cost::Known(k), Some(e)) => {
                    priced += 1;
                    assert_eq!(k.amount, e, "{} {}: {}", spec.id, case.name, k.basis);
                    let currency = facts.as_ref().and_then(|f| f.currency.clone());
                    assert_eq!(k.currency, currency, "{}", spec.id);
                    assert_eq!(k.images, out.count);
                }
                (Cost::Unknown { .. }, None) => unknown += 1,
                _ => panic!(
                    "{} {}: cost {cost:?}, facts {expected:?}",
                    spec.id, case.name
                ),
            }
        }
    }
    println!("{priced} corpus requests priced, {unknown} unknown");
    assert!(
        priced > 100 && unknown > 100,
        "{priced} priced, {unknown} unknown"
    );
}
