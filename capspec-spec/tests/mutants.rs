//! The spec checks at their edges, found unguarded by mutation testing (`cargo mutants`,
//! TESTING.md): a bound equal to its partner is accepted and one past it is not, for integer
//! ranges, size sides, pixel areas and aspect ratios; defaults at the edges of their property;
//! separators, free-size maxima, size tables, custom sizes and `[output]`. Also the IR helpers
//! the validators use: `RatioBounds::is_unbounded`, `SizeTable::cell`, `Ratio` equality.

use capspec_spec::{
    Context, Dims, Kind, Ratio, RatioBounds, SizeSource, SizeTable, Spec, StringFormat,
};

const HEAD: &str = r#"
source = "test"

[model]
id = "m"
name = "M"
source = "test"

[properties.model]
type = "model"
source = "test"
"#;

fn parse(body: &str) -> Result<Spec, Vec<capspec_spec::Diagnostic>> {
    capspec_spec::parse(
        &format!("{HEAD}\n{body}"),
        "p/m.toml",
        "p",
        &Context::default(),
    )
}

fn accepted(body: &str) -> Spec {
    parse(body).unwrap_or_else(|d| panic!("{body}\nrejected: {d:?}"))
}

/// The one diagnostic of `body`, its message.
fn rejected(body: &str) -> String {
    match parse(body) {
        Ok(_) => panic!("{body}\naccepted"),
        Err(d) => {
            assert_eq!(d.len(), 1, "{body}\n{d:?}");
            d[0].message.clone()
        }
    }
}

fn integer(extra: &str) -> String {
    format!("[properties.k]\ntype = \"integer\"\n{extra}\nsource = \"test\"\n")
}

fn free_size(bounds: &str) -> String {
    format!(
        "[properties.size]\ntype = \"string\"\nformat = \"size\"\n{bounds}\nsource = \"test\"\n"
    )
}

#[test]
fn integer_bounds_may_meet_but_not_cross() {
    let s = accepted(&integer("minimum = 5\nmaximum = 5"));
    match &s.property("k").unwrap().kind {
        Kind::Integer(r) => assert_eq!((r.min(), r.max(), r.fixed()), (5, 5, Some(5))),
        other => panic!("{other:?}"),
    }
    assert!(rejected(&integer("minimum = 6\nmaximum = 5")).contains("greater than maximum"));
}

#[test]
fn size_bounds_may_meet_but_not_cross() {
    let sides = |w: &str| format!("width = {w}\nheight = {{ minimum = 1, maximum = 64 }}");
    let s = accepted(&free_size(&sides("{ minimum = 8, maximum = 8 }")));
    let Kind::String(r) = &s.property("size").unwrap().kind else {
        panic!()
    };
    let Some(StringFormat::Size(rule)) = &r.format else {
        panic!()
    };
    assert_eq!((rule.width.minimum, rule.width.maximum), (Some(8), Some(8)));
    assert_eq!(rule.height.minimum, Some(1));
    assert!(
        rejected(&free_size(&sides("{ minimum = 9, maximum = 8 }")))
            .contains("width minimum 9 is greater than maximum 8")
    );
    // A side counts pixels: at least 1.
    assert!(rejected(&free_size(&sides("{ minimum = 0, maximum = 8 }"))).contains("at least 1"));
    // Pixel areas: 1 is the least, and bounds may meet.
    let area = |p: &str| {
        free_size(&format!(
            "width = {{ maximum = 64 }}\nheight = {{ maximum = 64 }}\npixels = {p}"
        ))
    };
    let s = accepted(&area("{ minimum = 1, maximum = 1 }"));
    let Kind::String(r) = &s.property("size").unwrap().kind else {
        panic!()
    };
    let Some(StringFormat::Size(rule)) = &r.format else {
        panic!()
    };
    assert_eq!(
        (rule.pixels.minimum, rule.pixels.maximum),
        (Some(1), Some(1))
    );
    assert!(rejected(&area("{ minimum = 0 }")).contains("positive integer"));
    assert!(rejected(&area("{ minimum = 2, maximum = 1 }")).contains("greater than maximum"));
    // Aspect ratios: bounds may meet, not cross.
    let aspect = |a: &str| {
        free_size(&format!(
            "width = {{ maximum = 64 }}\nheight = {{ maximum = 64 }}\naspect_ratio = {a}"
        ))
    };
    let s = accepted(&aspect(r#"{ minimum = "2:1", maximum = "4:2" }"#));
    let Kind::String(r) = &s.property("size").unwrap().kind else {
        panic!()
    };
    let Some(StringFormat::Size(rule)) = &r.format else {
        panic!()
    };
    assert_eq!(rule.aspect_ratio.minimum, Ratio::parse("2:1"));
    assert!(rejected(&aspect(r#"{ minimum = "2:1", maximum = "1:1" }"#)).contains("swap them"));
}

#[test]
fn a_free_size_needs_a_printable_separator_and_a_maximum() {
    let bounded = "width = { maximum = 64 }\nheight = { maximum = 64 }";
    for sep in ["*", "x", "×"] {
        accepted(&free_size(&format!("separator = {sep:?}\n{bounded}")));
    }
    for sep in ["1", " ", "xx"] {
        assert!(
            rejected(&free_size(&format!("separator = {sep:?}\n{bounded}"))).contains("separator"),
            "{sep:?}"
        );
    }
    accepted(&free_size("pixels = { maximum = 4096 }"));
    accepted(&free_size(bounded));
    for half in ["width = { maximum = 64 }", "height = { maximum = 64 }", ""] {
        assert!(
            rejected(&free_size(half)).contains("needs a maximum"),
            "{half:?}"
        );
    }
}

fn with_default(kind: &str, default: &str) -> String {
    format!("[properties.k]\n{kind}\ndefault = {default}\nsource = \"test\"\n")
}

#[test]
fn defaults_must_keep_their_property_rules_up_to_the_edges() {
    let int = "type = \"integer\"\nminimum = 2\nmaximum = 8\nmultipleOf = 2";
    for ok in ["2", "8"] {
        accepted(&with_default(int, ok));
    }
    for bad in ["0", "10", "5"] {
        rejected(&with_default(int, bad));
    }
    let text = "type = \"string\"\nminLength = 2\nmaxLength = 3";
    for ok in ["\"ab\"", "\"abc\""] {
        accepted(&with_default(text, ok));
    }
    for bad in ["\"a\"", "\"abcd\""] {
        rejected(&with_default(text, bad));
    }
    let choice = "type = \"string\"\nenum = [\"a\", \"b\"]";
    accepted(&with_default(choice, "\"b\""));
    assert!(rejected(&with_default(choice, "\"c\"")).contains("not in its enum"));
    let number = "type = \"number\"\nminimum = 0.5\nmaximum = 2.0\nmultipleOf = 0.5";
    for ok in ["0.5", "1.5", "2.0"] {
        accepted(&with_default(number, ok));
    }
    assert!(rejected(&with_default(number, "2.5")).contains("outside"));
    assert!(rejected(&with_default(number, "0.75")).contains("multiple"));
    // URL properties take no default; their examples are checked the same way.
    let url = |e: &str| {
        format!(
            "[properties.k]\ntype = \"string\"\nformat = \"url\"\nexamples = [{e:?}]\nsource = \"test\"\n"
        )
    };
    for ok in ["https://example.com/a.png", "http://example.com/a.png"] {
        accepted(&url(ok));
    }
    assert!(rejected(&url("ftp://example.com/a.png")).contains("http(s)"));
    let preset = "type = \"size\"\npresets = { small = \"64x64\", big = \"128x128\" }\npixels = { maximum = 16384 }";
    let s = accepted(&with_default(preset, "\"big\""));
    match &s.property("k").unwrap().kind {
        Kind::Size(r) => assert_eq!(r.presets.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(rejected(&with_default(preset, "\"huge\"")).contains("presets"));
}

fn choice(name: &str, values: &[&str]) -> String {
    let list: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!(
        "[properties.{name}]\ntype = \"string\"\nenum = [{}]\nsource = \"test\"\n",
        list.join(", ")
    )
}

fn table(ratio: &str, tier: &str, cells: &str) -> String {
    format!(
        "{}{}[size_table]\nratio = {ratio:?}\ntier = {tier:?}\nsource = \"test\"\n\n[size_table.cells]\n{cells}\n\n[output]\nsize = [\"size_table\"]\n",
        choice("ratio", &["1:1", "2:1"]),
        choice("tier", &["S", "L"]),
    )
}

#[test]
fn a_size_table_needs_two_properties_and_a_row_per_ratio() {
    let rows =
        "\"1:1\" = { \"S\" = \"10x10\", \"L\" = \"20x20\" }\n\"2:1\" = { \"S\" = \"20x10\" }";
    let s = accepted(&table("ratio", "tier", rows));
    let t = s.size_table.as_ref().unwrap();
    assert_eq!(
        t.cell("2:1", "S"),
        Some(Dims {
            width: 20,
            height: 10
        })
    );
    assert_eq!(t.cell("2:1", "L"), None);
    assert_eq!(s.output.size, vec![SizeSource::Table]);
    assert!(rejected(&table("ratio", "ratio", rows)).contains("two different properties"));
    assert!(
        rejected(&table("ratio", "tier", "\"1:1\" = { \"S\" = \"10x10\" }"))
            .contains("\"2:1\" has no row")
    );
}

fn custom(min: i64, output: &str) -> String {
    format!(
        "{}{}[custom_size]\nwidth = \"w\"\nheight = \"h\"\nsource = \"test\"\n\n[output]\n{output}\n",
        integer("minimum = 1\nmaximum = 64").replace("properties.k", "properties.w"),
        integer(&format!("minimum = {min}\nmaximum = 64")).replace("properties.k", "properties.h"),
    )
}

#[test]
fn a_custom_size_counts_pixels_from_one() {
    let s = accepted(&custom(1, "size = [\"custom_size\"]"));
    assert_eq!(s.output.size, vec![SizeSource::Custom]);
    assert!(rejected(&custom(0, "size = [\"custom_size\"]")).contains("minimum of at least 1"));
}

#[test]
fn output_names_what_the_spec_has() {
    // The count: an integer from at least 1 to at most u32::MAX.
    let count = |range: &str| format!("{}[output]\ncount = \"k\"\n", integer(range));
    let s = accepted(&count(&format!("minimum = 1\nmaximum = {}", u32::MAX)));
    assert_eq!(s.output.count.as_deref(), Some("k"));
    for bad in [
        "minimum = 0\nmaximum = 4".to_owned(),
        format!("minimum = 1\nmaximum = {}", u64::from(u32::MAX) + 1),
        "minimum = 1".to_owned(),
    ] {
        assert!(rejected(&count(&bad)).contains("counts images"), "{bad}");
    }
    // A size source that is not there.
    for source in ["size_table", "custom_size"] {
        let m = rejected(&format!("[output]\nsize = [{source:?}]\n"));
        assert!(m.contains(&format!("has no [{source}] table")), "{m}");
    }
    // Both present, in the order given.
    let rows =
        "\"1:1\" = { \"S\" = \"10x10\", \"L\" = \"20x20\" }\n\"2:1\" = { \"S\" = \"20x10\" }";
    let both = table("ratio", "tier", rows).replace("[output]\nsize = [\"size_table\"]\n", "")
        + &custom(1, "size = [\"custom_size\", \"size_table\"]");
    let s = accepted(&both);
    assert_eq!(s.output.size, vec![SizeSource::Custom, SizeSource::Table]);
}

#[test]
fn ratio_bounds_are_unbounded_only_without_either_bound() {
    let r = Ratio::parse("1:2");
    assert!(RatioBounds::default().is_unbounded());
    for b in [
        RatioBounds {
            minimum: r,
            maximum: None,
        },
        RatioBounds {
            minimum: None,
            maximum: r,
        },
        RatioBounds {
            minimum: r,
            maximum: r,
        },
    ] {
        assert!(!b.is_unbounded(), "{b:?}");
    }
}

#[test]
fn ratios_are_equal_when_their_proportions_are() {
    let r = |s: &str| Ratio::parse(s).unwrap();
    assert_eq!(r("2:1"), r("4:2"));
    assert_ne!(r("2:1"), r("1:2"));
    assert_ne!(r("16:9"), r("4:3"));
}

#[test]
fn a_size_table_cell_is_found_by_ratio_and_tier() {
    let d = |w, h| Dims {
        width: w,
        height: h,
    };
    let t = SizeTable {
        ratio: "ratio".into(),
        tier: "tier".into(),
        cells: vec![
            (
                "1:1".into(),
                vec![("S".into(), d(1, 1)), ("L".into(), d(2, 2))],
            ),
            (
                "2:1".into(),
                vec![("S".into(), d(2, 1)), ("L".into(), d(4, 2))],
            ),
        ],
        source: "test".into(),
        size_role: false,
    };
    for (ratio, row) in &t.cells {
        for (tier, dims) in row {
            assert_eq!(t.cell(ratio, tier), Some(*dims), "{ratio} {tier}");
        }
    }
    assert_eq!(t.cell("3:1", "S"), None);
    assert_eq!(t.cell("1:1", "M"), None);
}
