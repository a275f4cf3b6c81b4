//! Model documents (like `GET /v1/models/<id>`) and the JSON Schema of each model's request
//! body, from the IR.
//!
//! The schema (draft 2020-12) says everything the validator checks, in standard keywords where
//! they exist. What standard JSON Schema cannot say is in `x-capspec-` keywords, documented in
//! `docs/schema-extensions.md`: a plain validator ignores them and may then accept some invalid
//! bodies, but never rejects a valid one. With them registered ([`options`]), a `jsonschema`
//! validator gives capspec's verdict on every body (`tests/conformance.rs`).

#[cfg(feature = "jsonschema")]
pub mod keywords;

use serde_json::{Map, Value, json};

use crate::spec::*;

#[cfg(feature = "jsonschema")]
pub use keywords::{options, validator};

/// Strings hold no NUL (U+0000): the validators' rule, as a standard `pattern`.
pub const NO_NUL_PATTERN: &str = "^[^\\u0000]*$";

/// The JSON Schema dialect of every emitted schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The model document of a shipped spec id (`None` for an unknown id).
pub fn model_document(id: &str) -> Option<&'static Value> {
    crate::CATALOG.document(id)
}

/// `{"object": "list", "data": [...]}` with every shipped model document, by spec id.
pub fn model_list() -> Value {
    crate::CATALOG.model_list()
}

/// The request schema of a shipped spec id: its model document's `parameters`.
pub fn request_schema(id: &str) -> Option<&'static Value> {
    crate::CATALOG.request_schema(id)
}

/// A request schema as a `schemars::Schema`, for the generated types' `JsonSchema` impls.
pub fn schemars_schema(schema: Option<&Value>) -> schemars::Schema {
    match schema {
        Some(Value::Object(map)) => schemars::Schema::from(map.clone()),
        _ => schemars::Schema::default(),
    }
}

/// The model document of a spec: the fields the empiriolabs doc's model page shows, those the
/// spec has data for, and `parameters`, the request schema.
pub fn document(spec: &Spec) -> Value {
    let m = &spec.model;
    let mut d = Map::new();
    // OpenAI's `Model` object: `id`, `object`, `created` (Unix time of the release date the
    // spec gives, else 0) and `owned_by` (the vendor the doc names, else the provider).
    d.insert("id".into(), json!(spec.id));
    d.insert("object".into(), json!("model"));
    d.insert("created".into(), json!(m.created()));
    d.insert(
        "owned_by".into(),
        json!(m.owned_by.as_deref().unwrap_or(&spec.provider)),
    );
    d.insert("provider".into(), json!(spec.provider));
    d.insert("name".into(), json!(m.name));
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            d.insert(k.into(), v);
        }
    };
    put("description", m.description.as_ref().map(|x| json!(x)));
    put("released", m.released.as_ref().map(|x| json!(x)));
    put("category", m.category.as_ref().map(|x| json!(x)));
    // A form with files (`parameters` is then the form's schema, OpenAPI style).
    put(
        "content_type",
        (m.body == BodyKind::Multipart).then(|| json!(m.body.content_type())),
    );
    match spec.routed_path() {
        // The endpoint path selects the model; a body names none.
        Some(_) => put("routed_by", Some(json!("path"))),
        None => put("model_names", Some(json!(m.names))),
    }
    put("default_model", m.default.as_ref().map(|x| json!(x)));
    put(
        "endpoint",
        m.endpoint.as_ref().map(|e| {
            let mut o = json!({"method": e.method});
            if let Some(p) = &e.path {
                o["path"] = json!(p);
            }
            o
        }),
    );
    put(
        "response",
        m.response.as_ref().map(|r| {
            let mut o = json!({"modes": r.modes.iter().map(|m| m.as_str()).collect::<Vec<_>>()});
            if let Some(p) = r.poll.first() {
                o["task_path"] = json!(p);
            }
            if r.poll.len() > 1 {
                o["poll_paths"] = json!(r.poll);
            }
            if !r.cancel.is_empty() {
                o["cancel_paths"] = json!(r.cancel);
            }
            o
        }),
    );
    let list = |v: &Vec<String>| (!v.is_empty()).then(|| json!(v));
    put("input_modalities", list(&m.input_modalities));
    put("output_modalities", list(&m.output_modalities));
    put("features", list(&m.features));
    put("region", m.region.as_ref().map(|x| json!(x)));
    put("pricing", crate::price::document(spec));
    put(
        "source",
        Some(json!({"doc": spec.source, "metadata": m.source, "spec": spec.file})),
    );
    put("parameters", Some(request(spec)));
    put("ui", ui_schema(&spec.properties));
    Value::Object(d)
}

/// The JSON Schema of a spec's request body.
pub fn request(spec: &Spec) -> Value {
    let mut root = Map::new();
    root.insert("$schema".into(), json!(DIALECT));
    root.insert("title".into(), json!(format!("{} request", spec.id)));
    if let Some(d) = &spec.model.description {
        root.insert("description".into(), json!(d));
    }
    object_schema(spec, &spec.properties, &mut root);
    if spec.model.body == BodyKind::Multipart {
        file_schemas(spec, &mut root);
    }
    if spec.routed_path().is_some() {
        // No `model` property to take the name from: the endpoint path selects the model.
        root.insert("x-capspec-model".into(), json!(spec.model_id));
    }
    let rules: Vec<Value> = spec
        .rules
        .iter()
        .flat_map(|r| rule_schemas(spec, r))
        .collect();
    if !rules.is_empty() {
        root.insert("allOf".into(), Value::Array(rules));
    }
    if let Some(t) = &spec.size_table {
        let cells: Map<String, Value> = t
            .cells
            .iter()
            .map(|(r, row)| {
                let row: Map<String, Value> = row
                    .iter()
                    .map(|(tier, d)| (tier.clone(), json!(d.to_string())))
                    .collect();
                (r.clone(), Value::Object(row))
            })
            .collect();
        root.insert(
            "x-capspec-size-table".into(),
            json!({"ratio": t.ratio, "tier": t.tier, "cells": cells, "x-capspec-source": t.source}),
        );
    }
    if let Some(c) = &spec.custom_size {
        let mut o = json!({"width": c.width, "height": c.height});
        extend(
            &mut o,
            size_bounds(
                Bounds::default(),
                Bounds::default(),
                c.pixels,
                c.aspect_ratio,
            ),
        );
        o["x-capspec-source"] = json!(c.source);
        root.insert("x-capspec-custom-size".into(), o);
    }
    let sources: Vec<Value> = spec
        .output
        .size
        .iter()
        .map(|s| match s {
            SizeSource::Property(p) => json!(p),
            SizeSource::Table => json!("x-capspec-size-table"),
            SizeSource::Custom => json!("x-capspec-custom-size"),
        })
        .collect();
    let mut output = json!({"size": sources});
    match &spec.output.count {
        Some(c) => output["count"] = json!(c),
        None => output["count"] = json!(1),
    }
    root.insert("x-capspec-output".into(), output);
    if !spec.examples.is_empty() {
        let examples: Vec<Value> = spec
            .examples
            .iter()
            .map(|e| Value::Object(e.body.clone()))
            .collect();
        root.insert("examples".into(), Value::Array(examples));
    }
    Value::Object(root)
}

/// `type: object` with its properties (in spec order, `x-order`), `required` and no others.
fn object_schema(spec: &Spec, props: &[Property], out: &mut Map<String, Value>) {
    out.insert("type".into(), json!("object"));
    let mut properties = Map::new();
    for (i, p) in props.iter().enumerate() {
        properties.insert(p.name.clone(), property_schema(spec, p, i));
    }
    out.insert("properties".into(), Value::Object(properties));
    let required: Vec<&str> = props
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    out.insert("additionalProperties".into(), json!(false));
}

/// A multipart body's file parts, as OpenAPI writes a `multipart/form-data` request schema:
/// `{"type": "string", "format": "binary", "contentMediaType": ...}` per file (an array of them
/// for a field of several files), after the text fields, with `x-capspec-file` for what capspec
/// checks of each file (read from its bytes; a JSON Schema validator cannot).
fn file_schemas(spec: &Spec, root: &mut Map<String, Value>) {
    let first = spec.properties.len();
    let mut required: Vec<Value> = root
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(Value::Object(properties)) = root.get_mut("properties") {
        for (i, f) in spec.files.iter().enumerate() {
            let types: Vec<&str> = f.media_types.iter().map(|m| m.as_str()).collect();
            let mut file = Map::new();
            file.insert("type".into(), json!("string"));
            file.insert("format".into(), json!("binary"));
            if let [only] = types.as_slice() {
                file.insert("contentMediaType".into(), json!(only));
            }
            let mut rules = json!({"media_types": types});
            if let Some(b) = f.max_bytes {
                rules["max_bytes"] = json!(b);
            }
            if f.square {
                rules["square"] = json!(true);
            }
            if let Some(other) = &f.same_dimensions_as {
                rules["same_dimensions_as"] = json!(other);
            }
            file.insert("x-capspec-file".into(), rules);
            let mut s = Map::new();
            s.insert(
                "title".into(),
                json!(f.title.clone().unwrap_or_else(|| sentence(&f.name))),
            );
            if let Some(d) = &f.description {
                s.insert("description".into(), json!(d));
            }
            if f.is_array() {
                s.insert("type".into(), json!("array"));
                s.insert("items".into(), Value::Object(file));
                s.insert("minItems".into(), json!(f.min_items));
                s.insert("maxItems".into(), json!(f.max_items));
            } else {
                s.extend(file);
            }
            s.insert("x-order".into(), json!(first + i));
            s.insert("x-capspec-source".into(), json!(f.source));
            properties.insert(f.name.clone(), Value::Object(s));
            if f.required {
                required.push(json!(f.name));
            }
        }
    }
    if !required.is_empty() {
        root.insert("required".into(), Value::Array(required));
    }
}

fn property_schema(spec: &Spec, p: &Property, order: usize) -> Value {
    let mut s = Map::new();
    s.insert("title".into(), json!(title(p)));
    if let Some(d) = &p.description {
        s.insert("description".into(), json!(d));
    }
    match &p.kind {
        Kind::Object(children) => object_schema(spec, children, &mut s),
        kind => {
            if let Value::Object(k) = kind_schema(spec, kind) {
                s.extend(k);
            }
        }
    }
    // A `null` model means absent: valid only where the spec has a default model.
    if p.nullable && (p.kind != Kind::Model || spec.model.default.is_some()) {
        nullable(&mut s);
    }
    // The default of a property a `forbid` rule may remove applies only where the rule does
    // not fire: it is in that rule's `else` (a form that filled it in everywhere could not
    // submit where the rule fires).
    if let Some(d) = &p.default
        && !forbidden_somewhere(spec, &p.path)
    {
        s.insert("default".into(), d.to_json());
    }
    if !p.examples.is_empty() {
        s.insert(
            "examples".into(),
            Value::Array(p.examples.iter().map(Literal::to_json).collect()),
        );
    }
    s.insert("x-order".into(), json!(order));
    s.insert("x-capspec-source".into(), json!(p.source));
    Value::Object(s)
}

/// A property's human label: the spec's `title`, else its name in words (`negative_prompt`:
/// "Negative prompt").
fn title(p: &Property) -> String {
    match &p.title {
        Some(t) => t.clone(),
        None => sentence(&p.name),
    }
}

/// A name in words, first letter capitalized.
fn sentence(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The document's `ui`: a react-jsonschema-form `uiSchema` (nested like the body) giving
/// multi-line properties a text area. `None` when no property needs a hint.
fn ui_schema(props: &[Property]) -> Option<Value> {
    let mut ui = Map::new();
    for p in props {
        let hint = match &p.kind {
            Kind::Object(children) => ui_schema(children),
            _ if p.multiline => Some(json!({"ui:widget": "textarea"})),
            _ => None,
        };
        if let Some(hint) = hint {
            ui.insert(p.name.clone(), hint);
        }
    }
    (!ui.is_empty()).then_some(Value::Object(ui))
}

/// A `nullable` property's schema: `null` is one of its types (and of its `enum`, a `const`
/// becoming an `enum` of the value and `null`).
fn nullable(s: &mut Map<String, Value>) {
    if let Some(Value::String(t)) = s.get("type").cloned() {
        s.insert("type".into(), json!([t, "null"]));
    } else if let Some(Value::Array(mut types)) = s.get("type").cloned() {
        types.push(json!("null"));
        s.insert("type".into(), Value::Array(types));
    }
    if let Some(c) = s.shift_remove("const") {
        s.insert("enum".into(), json!([c, null]));
    } else if let Some(Value::Array(mut members)) = s.get("enum").cloned() {
        members.push(Value::Null);
        s.insert("enum".into(), Value::Array(members));
    }
}

/// The schema of a value of a (non-object) kind.
fn kind_schema(spec: &Spec, kind: &Kind) -> Value {
    match kind {
        Kind::Model => {
            let mut s = json!({"type": "string", "enum": spec.model.names});
            // A form pre-fills the model: the provider's default where it is one of this spec's
            // names, else the only name.
            let default = spec
                .model
                .default
                .as_ref()
                .filter(|d| spec.model.names.contains(d))
                .or(match spec.model.names.as_slice() {
                    [only] => Some(only),
                    _ => None,
                });
            if let Some(d) = default {
                s["default"] = json!(d);
            }
            s
        }
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::Integer(r) => match r.fixed() {
            Some(v) => json!({"type": "integer", "const": v}),
            None => {
                let mut s = json!({"type": "integer", "minimum": r.min(), "maximum": r.max()});
                if let Some(m) = r.multiple_of {
                    s["multipleOf"] = json!(m);
                }
                s
            }
        },
        Kind::Number(r) => {
            let mut s = json!({"type": "number"});
            for (k, v) in [
                ("minimum", r.minimum),
                ("maximum", r.maximum),
                ("exclusiveMinimum", r.exclusive_minimum),
                ("exclusiveMaximum", r.exclusive_maximum),
                ("multipleOf", r.multiple_of),
            ] {
                if let Some(v) = v {
                    s[k] = json!(v);
                }
            }
            s
        }
        Kind::Size(z) => preset_size_schema(z),
        Kind::String(r) => {
            let mut s = json!({"type": "string"});
            if !r.enum_values.is_empty() {
                s["enum"] = json!(r.enum_values);
            }
            if let Some(m) = r.min_length {
                s["minLength"] = json!(m);
            }
            if let Some(m) = r.max_length {
                s["maxLength"] = json!(m);
            }
            match &r.format {
                Some(StringFormat::Size(z)) => {
                    if r.enum_values.is_empty() {
                        s["pattern"] = json!(z.pattern());
                    }
                    let mut ext = json!({"separator": z.separator.to_string()});
                    extend(
                        &mut ext,
                        size_bounds(z.width, z.height, z.pixels, z.aspect_ratio),
                    );
                    if !r.unsized_values.is_empty() {
                        ext["unsized"] = json!(r.unsized_values);
                    }
                    s["x-capspec-size"] = ext;
                }
                Some(StringFormat::Url(u)) => {
                    s["pattern"] = json!(NO_NUL_PATTERN);
                    s["x-capspec-url"] = json!({"public": u.public});
                }
                None if r.enum_values.is_empty() => {
                    s["pattern"] = json!(NO_NUL_PATTERN);
                }
                None => {}
            }
            s
        }
        Kind::Array(a) => {
            let mut s = json!({"type": "array", "items": kind_schema(spec, &a.items)});
            if let Some(m) = a.min_items {
                s["minItems"] = json!(m);
            }
            if let Some(m) = a.max_items {
                s["maxItems"] = json!(m);
            }
            s
        }
        Kind::Object(children) => {
            let mut o = Map::new();
            object_schema(spec, children, &mut o);
            Value::Object(o)
        }
    }
}

fn bounds_json(b: Bounds) -> Option<Value> {
    (!b.is_unbounded()).then(|| {
        let mut o = Map::new();
        if let Some(m) = b.minimum {
            o.insert("minimum".into(), json!(m));
        }
        if let Some(m) = b.maximum {
            o.insert("maximum".into(), json!(m));
        }
        if let Some(m) = b.multiple_of {
            o.insert("multipleOf".into(), json!(m));
        }
        Value::Object(o)
    })
}

/// A size given as a preset name or as an object `{width, height}`: a string is one of the
/// presets (`enum`); an object has exactly two integer sides with their bounds and steps,
/// and `x-capspec-size` judges its pixel area and aspect ratio. `x-capspec-presets` gives each
/// preset's size, for the output a frontend shows.
fn preset_size_schema(z: &SizeChoiceRule) -> Value {
    let names: Vec<&str> = z.presets.iter().map(|(n, _)| n.as_str()).collect();
    let side = |b: Bounds| {
        let mut s = json!({"type": "integer", "minimum": b.minimum.unwrap_or(1).max(1)});
        s["maximum"] = json!(b.maximum.unwrap_or(crate::spec::MAX_SAFE_INTEGER as u64));
        if let Some(m) = b.multiple_of {
            s["multipleOf"] = json!(m);
        }
        s
    };
    let presets: Map<String, Value> = z
        .presets
        .iter()
        .map(|(n, d)| (n.clone(), json!(d.to_string())))
        .collect();
    json!({
        "type": ["string", "object"],
        "if": {"type": "string"},
        "then": {"enum": names},
        "else": {
            "properties": {"width": side(z.width), "height": side(z.height)},
            "required": ["width", "height"],
            "additionalProperties": false,
            "x-capspec-size": size_bounds(z.width, z.height, z.pixels, z.aspect_ratio),
        },
        "x-capspec-presets": presets,
    })
}

fn size_bounds(width: Bounds, height: Bounds, pixels: Bounds, aspect: RatioBounds) -> Value {
    let mut o = Map::new();
    for (k, b) in [("width", width), ("height", height), ("pixels", pixels)] {
        if let Some(v) = bounds_json(b) {
            o.insert(k.into(), v);
        }
    }
    if !aspect.is_unbounded() {
        let mut a = Map::new();
        if let Some(m) = aspect.minimum {
            a.insert("minimum".into(), json!(m.to_string()));
        }
        if let Some(m) = aspect.maximum {
            a.insert("maximum".into(), json!(m.to_string()));
        }
        o.insert("aspect_ratio".into(), Value::Object(a));
    }
    Value::Object(o)
}

fn extend(target: &mut Value, more: Value) {
    if let (Value::Object(t), Value::Object(m)) = (target, more) {
        t.extend(m);
    }
}

/// A schema that holds when `path` is present, given `leaf` at the path.
fn at_path(path: &str, require: bool, leaf: Option<Value>) -> Value {
    match path.split_once('.') {
        None => {
            let mut o = Map::new();
            if require {
                o.insert("required".into(), json!([path]));
            }
            // A `required` member is also declared (`true`), as ajv's strict mode asks.
            let leaf = leaf.or(require.then_some(Value::Bool(true)));
            if let Some(leaf) = leaf {
                o.insert("properties".into(), json!({ path: leaf }));
            }
            Value::Object(o)
        }
        Some((head, rest)) => {
            let mut o = Map::new();
            if require {
                o.insert("required".into(), json!([head]));
            }
            let mut inner = at_path(rest, require, leaf);
            if let Value::Object(m) = &mut inner {
                // ajv's strictTypes asks for the `type` of a level with `properties`.
                m.insert("type".into(), json!("object"));
            }
            // A member is present only in an object, so a level that must hold the member is
            // one; a level that need not (the member absent, or holding a value the default
            // also satisfies) holds for a value of another type too.
            if !require {
                inner = json!({"anyOf": [{"not": {"type": "object"}}, inner]});
            }
            o.insert("properties".into(), json!({ head: inner }));
            Value::Object(o)
        }
    }
}

/// Merges schema fragments made by [`at_path`]: `properties` recursively, `required` joined.
fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, v) in b {
                let merged = match (k.as_str(), a.shift_remove(&k), v) {
                    ("required", Some(Value::Array(mut x)), Value::Array(y)) => {
                        for item in y {
                            if !x.contains(&item) {
                                x.push(item);
                            }
                        }
                        Value::Array(x)
                    }
                    ("properties", Some(Value::Object(x)), Value::Object(y)) => {
                        let mut props = x;
                        for (pk, pv) in y {
                            let m = match props.shift_remove(&pk) {
                                Some(old) => merge(old, pv),
                                None => pv,
                            };
                            props.insert(pk, m);
                        }
                        Value::Object(props)
                    }
                    (_, _, v) => v,
                };
                a.insert(k, merged);
            }
            Value::Object(a)
        }
        (_, b) => b,
    }
}

/// Whether a `forbid` rule names `path`.
fn forbidden_somewhere(spec: &Spec, path: &str) -> bool {
    spec.rules
        .iter()
        .any(|r| matches!(r, Rule::Forbid { paths, .. } if paths.iter().any(|p| p == path)))
}

fn is_nullable(spec: &Spec, path: &str) -> bool {
    spec.property(path).is_some_and(|p| p.nullable)
}

/// `path` is present (and, for a nullable property, not `null`). Only inside `not` and `if`,
/// where the errors of a subschema are not reported.
fn present(spec: &Spec, path: &str) -> Value {
    let leaf = is_nullable(spec, path).then(|| json!({"not": {"type": "null"}}));
    at_path(path, true, leaf)
}

/// `path` is absent: a `false` subschema at the path (for a nullable property, one that
/// only `null` passes).
fn absent(spec: &Spec, path: &str) -> Value {
    let leaf = if is_nullable(spec, path) {
        json!({"if": {"type": "null"}, "else": false})
    } else {
        json!(false)
    };
    at_path(path, false, Some(leaf))
}

/// `values` as `const` (one) or `enum` (several), with `null` when it stands for a value.
fn one_of(values: &[Literal], null: bool) -> Value {
    let mut list: Vec<Value> = values.iter().map(Literal::to_json).collect();
    if null {
        list.push(Value::Null);
    }
    match list.as_slice() {
        [one] => json!({"const": one}),
        _ => json!({"enum": list}),
    }
}

/// The condition's property has one of the values, an absent property (or a `null` of a
/// nullable one) having its default.
fn condition(spec: &Spec, c: &Condition) -> Value {
    let default_matches = spec
        .property(&c.path)
        .and_then(|p| p.default.as_ref())
        .is_some_and(|d| c.matches(d));
    let null = default_matches && is_nullable(spec, &c.path);
    let holds = at_path(&c.path, !default_matches, Some(one_of(&c.values, null)));
    if c.negated {
        json!({"not": holds})
    } else {
        holds
    }
}

fn rule_schemas(spec: &Spec, rule: &Rule) -> Vec<Value> {
    match rule {
        Rule::Require {
            when,
            paths,
            source,
        } => {
            let then = paths
                .iter()
                .map(|p| at_path(p, true, None))
                .fold(json!({}), merge);
            vec![json!({"if": condition(spec, when), "then": then, "x-capspec-source": source})]
        }
        Rule::Forbid {
            when,
            paths,
            source,
        } => {
            let then = paths.iter().map(|p| absent(spec, p)).fold(json!({}), merge);
            let mut rule =
                json!({"if": condition(spec, when), "then": then, "x-capspec-source": source});
            // Where the rule does not fire, a forbidden property's default applies.
            let defaults = paths
                .iter()
                .filter_map(|p| {
                    let d = spec.property(p)?.default.as_ref()?;
                    Some(at_path(p, false, Some(json!({"default": d.to_json()}))))
                })
                .fold(json!({}), merge);
            if defaults.as_object().is_some_and(|o| !o.is_empty()) {
                rule["else"] = defaults;
            }
            vec![rule]
        }
        Rule::Exclusive { paths, source } => {
            let mut out = Vec::new();
            for (i, a) in paths.iter().enumerate() {
                for b in &paths[i + 1..] {
                    out.push(json!({"not": merge(present(spec, a), present(spec, b)), "x-capspec-source": source}));
                }
            }
            out
        }
        Rule::Allow {
            when,
            path,
            values,
            source,
        } => {
            // The default stands for an absent value (or a `null` of a nullable property): when
            // it is not allowed, the property is required.
            let default_ok = spec
                .property(path)
                .and_then(|p| p.default.as_ref())
                .is_none_or(|d| values.contains(d));
            let null = default_ok && is_nullable(spec, path);
            let then = at_path(path, !default_ok, Some(one_of(values, null)));
            vec![json!({"if": condition(spec, when), "then": then, "x-capspec-source": source})]
        }
    }
}
