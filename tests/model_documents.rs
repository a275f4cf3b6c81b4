//! Model documents: one snapshot per model (a spec change shows as a reviewable diff; with
//! `CI=true` a drifted snapshot fails), their shape, and the generated types' `JsonSchema`.

use serde_json::Value;

#[test]
fn every_model_document_matches_its_snapshot() {
    for spec in capspec::specs() {
        let doc = capspec::schema::model_document(&spec.id).unwrap();
        let name = spec.id.replace('/', "__");
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_json_snapshot!(name, doc);
        });
    }
}

#[test]
fn documents_have_the_model_fields_and_nothing_invented() {
    for spec in capspec::specs() {
        let doc = capspec::schema::model_document(&spec.id).unwrap();
        assert_eq!(doc["id"], Value::from(spec.id.as_str()));
        assert_eq!(doc["object"], "model");
        assert_eq!(doc["provider"], Value::from(spec.provider.as_str()));
        for key in ["name", "source", "parameters"] {
            assert!(doc.get(key).is_some(), "{}: no {key}", spec.id);
        }
        // A body names its model, or the endpoint path selects the spec (and no name does).
        match spec.routed_path() {
            None => assert!(doc.get("model_names").is_some(), "{}", spec.id),
            Some(path) => {
                assert_eq!(doc.get("model_names"), None, "{}", spec.id);
                assert_eq!(doc["routed_by"], "path", "{}", spec.id);
                assert_eq!(doc["endpoint"]["path"], path, "{}", spec.id);
                assert_eq!(doc["parameters"]["properties"].get("model"), None);
            }
        }
        // Absent in the spec, absent in the document.
        assert_eq!(
            doc.get("region").is_some(),
            spec.model.region.is_some(),
            "{}",
            spec.id
        );
        // OpenAI's `Model` fields, on every document: `owned_by` the vendor the doc names,
        // else the provider; `created` the release date the spec gives, else 0.
        let owned_by = spec.model.owned_by.as_deref().unwrap_or(&spec.provider);
        assert_eq!(doc["owned_by"], owned_by, "{}", spec.id);
        assert_eq!(doc["created"], spec.model.created(), "{}", spec.id);
        assert_eq!(
            doc.get("released").is_some(),
            spec.model.released.is_some(),
            "{}",
            spec.id
        );
        assert_eq!(
            doc.get("pricing").is_some(),
            spec.price.is_some(),
            "{}",
            spec.id
        );
        let params = &doc["parameters"];
        assert_eq!(params["type"], "object");
        assert_eq!(params["additionalProperties"], false);
        // The `model` property accepts exactly the names that route to this spec (and `null`,
        // meaning its default, where it is nullable and has one).
        if let Some(model) = spec.properties.iter().find(|p| p.name == "model") {
            let mut names = serde_json::to_value(&spec.model.names).unwrap();
            if model.nullable && spec.model.default.is_some() {
                names.as_array_mut().unwrap().push(serde_json::Value::Null);
            }
            assert_eq!(params["properties"]["model"]["enum"], names);
        }
        // Properties in spec order, numbered.
        let names: Vec<&str> = params["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // Then a form's files, in spec order.
        let spec_names: Vec<&str> = spec
            .properties
            .iter()
            .map(|p| p.name.as_str())
            .chain(spec.files.iter().map(|f| f.name.as_str()))
            .collect();
        assert_eq!(names, spec_names);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(params["properties"][name]["x-order"], i);
        }
        // Enums are inline: no references to dereference.
        assert!(!params.to_string().contains("$ref"), "{}", spec.id);
    }
}

#[test]
fn models_json_lists_every_document() {
    let list = capspec::schema::model_list();
    assert_eq!(list["object"], "list");
    let ids: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, capspec::SPEC_IDS);
}

#[test]
fn schemars_gives_the_document_schema_for_generated_types() {
    fn check<T: schemars::JsonSchema + capspec::ModelRequest>() {
        let s = schemars::schema_for!(T);
        assert_eq!(
            &serde_json::to_value(&s).unwrap(),
            capspec::schema::request_schema(T::SPEC_ID).unwrap(),
            "{}",
            T::SPEC_ID
        );
    }
    // One model of each provider.
    check::<capspec::gccai::qwen_image_2_0::Request>();
    check::<capspec::dieyuyun::qwen_image_2_0_pro::Request>();
    check::<capspec::empiriolabs::qwen_image_2_0::Request>();
    check::<capspec::bailian::wan2_6_t2i::Request>();
    check::<capspec::modelverse::qwen_qwen_image::Request>();
}

#[test]
fn the_examples_of_each_schema_validate_against_it() {
    for spec in capspec::specs() {
        let schema = capspec::schema::request_schema(&spec.id).unwrap();
        let v = capspec::schema::validator(&spec.id).unwrap();
        for ex in schema
            .get("examples")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(v.is_valid(ex), "{}: {ex}", spec.id);
        }
    }
}

/// What a form needs from a document, on every shipped spec and the fixture spec: a `title` on
/// every property (the spec's, else the name in words), a text area in `ui` for exactly the
/// `multiline` properties, the model pre-filled where the spec makes one choice, and pricing
/// in the spec's currency.
#[test]
fn documents_carry_what_forms_need() {
    let fixture = capspec::Registry::from_dir("tests/fixtures/codegen").unwrap();
    let specs = capspec::specs().iter().chain(fixture.specs());
    let mut multiline = 0;
    for spec in specs {
        let doc = capspec::schema::document(spec);
        let mut paths = Vec::new();
        titles(&spec.properties, &doc["parameters"], &doc["ui"], &mut paths);
        multiline += paths.len();
        assert_eq!(doc.get("ui").is_some(), !paths.is_empty(), "{}", spec.id);

        let model = &doc["parameters"]["properties"]["model"];
        let expected = match (&spec.model.default, spec.model.names.as_slice()) {
            _ if spec.routed_path().is_some() => None,
            (Some(d), names) if names.contains(d) => Some(d.as_str()),
            (_, [only]) => Some(only.as_str()),
            _ => None,
        };
        assert_eq!(model["default"].as_str(), expected, "{}", spec.id);

        if let Some(price) = &spec.price {
            let shown = &doc["pricing"];
            assert_eq!(
                shown["currency"].as_str(),
                price.currency.as_deref(),
                "{}",
                spec.id
            );
            assert_eq!(shown["unit"], price.unit.as_str(), "{}", spec.id);
            // Amounts are decimal strings a frontend can read exactly.
            for cell in shown["cells"].as_array().into_iter().flatten() {
                let amount = cell["amount"].as_str().unwrap();
                assert!(
                    amount.parse::<capspec::price::Decimal>().is_ok(),
                    "{amount}"
                );
            }
        }
    }
    assert!(
        multiline > capspec::specs().len(),
        "prompts are multi-line: {multiline}"
    );
}

/// Checks the titles and `ui` hints of `props` against their schemas; collects the paths of
/// multi-line properties.
fn titles(
    props: &[capspec::spec::Property],
    schema: &Value,
    ui: &Value,
    multiline: &mut Vec<String>,
) {
    for p in props {
        let s = &schema["properties"][&p.name];
        let title = s["title"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no title", p.path));
        match &p.title {
            Some(t) => assert_eq!(title, t),
            None => {
                assert_eq!(
                    title.to_lowercase(),
                    p.name.replace(['_', '-'], " "),
                    "{}",
                    p.path
                );
                assert!(title.starts_with(|c: char| !c.is_lowercase()), "{title}");
            }
        }
        let hint = &ui[&p.name];
        if let capspec::spec::Kind::Object(children) = &p.kind {
            titles(children, s, hint, multiline);
        } else if p.multiline {
            assert_eq!(hint["ui:widget"], "textarea", "{}", p.path);
            multiline.push(p.path.clone());
        } else {
            assert!(hint.is_null(), "{}: {hint}", p.path);
        }
    }
}
