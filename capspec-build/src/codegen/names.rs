//! Rust names for spec names: `qwen-image-2.0-pro` → module `qwen_image_2_0_pro`, enum
//! value `16:9` → variant `V16_9`, path `parameters.size` → type `ParametersSize`.

use std::collections::BTreeSet;

/// Rust's keywords, strict and reserved (2024 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// ASCII alphanumeric runs of `s`.
fn runs(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
        .collect()
}

/// `UpperCamelCase`; digit runs that would touch are kept apart with `_`; a leading digit
/// gets a `V` prefix.
pub fn camel(s: &str) -> String {
    let mut out = String::new();
    for run in runs(s) {
        if out.ends_with(|c: char| c.is_ascii_digit())
            && run.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        let mut chars = run.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `snake_case`; a leading digit gets an `m` prefix.
pub fn snake(s: &str) -> String {
    let mut out = runs(s).join("_").to_ascii_lowercase();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "m_");
    }
    out
}

/// `UPPER_SNAKE_CASE`.
pub fn upper_snake(s: &str) -> String {
    snake(s).to_ascii_uppercase()
}

/// `s`, with `_` appended when it is a keyword.
pub fn ident_safe(s: &str) -> String {
    if KEYWORDS.contains(&s) {
        format!("{s}_")
    } else {
        s.to_owned()
    }
}

/// Hands out distinct names: a taken name gets `_2`, `_3`, ... appended (`2`, `3` for type
/// names, which take no underscore).
pub struct Namer {
    taken: BTreeSet<String>,
    separator: &'static str,
}

impl Namer {
    /// For snake-case names (modules, functions, variables, constants).
    pub fn new(reserved: &[&str]) -> Namer {
        Namer {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            separator: "_",
        }
    }

    /// For camel-case names (types, variants).
    pub fn types(reserved: &[&str]) -> Namer {
        Namer {
            separator: "",
            ..Namer::new(reserved)
        }
    }

    pub fn take(&mut self, base: &str) -> String {
        let base = ident_safe(base);
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}{}{n}", self.separator);
            n += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(camel("16:9"), "V16_9");
        assert_eq!(camel("2048x2048"), "V2048x2048");
        assert_eq!(camel("1K"), "V1K");
        assert_eq!(camel("b64_json"), "B64Json");
        assert_eq!(
            camel("qwen-image-2.0-pro-2026-04-22"),
            "QwenImage2_0Pro2026_04_22"
        );
        assert_eq!(camel("Qwen/Qwen-Image"), "QwenQwenImage");
        assert_eq!(camel("parameters.size"), "ParametersSize");
        assert_eq!(snake("qwen-image-2.0-pro"), "qwen_image_2_0_pro");
        assert_eq!(snake("Qwen/Qwen-Image"), "qwen_qwen_image");
        assert_eq!(snake("wan2.6-t2i"), "wan2_6_t2i");
        assert_eq!(upper_snake("parameters.size"), "PARAMETERS_SIZE");
        let mut n = Namer::new(&["type"]);
        assert_eq!(n.take("type"), "type_");
        assert_eq!(n.take("type"), "type__2");
        assert_eq!(n.take("a"), "a");
        assert_eq!(n.take("a"), "a_2");
        let mut t = Namer::types(&["Request"]);
        assert_eq!(t.take("Request"), "Request2");
    }
}
