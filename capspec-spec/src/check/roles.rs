//! Roles (`role`, `role_map`, and `role = "size"` on `[size_table]` and `[custom_size]`): each
//! names a canonical request parameter (`crate::role`), on a part of the spec that can carry
//! it, once per spec.

use std::ops::Range;

use super::super::raw::{RawProperty, S};
use super::Checker;
use crate::role::{Param, Role};
use crate::{Kind, Output, Property, SizeSource, StringRule};

const SIZE_TABLE: &str = "[size_table]";
const CUSTOM_SIZE: &str = "[custom_size]";

impl Checker<'_> {
    /// A property's `role` and `role_map`, checked against its kind.
    pub(super) fn role(&mut self, raw: &S<RawProperty>, path: &str, kind: &Kind) -> Option<Role> {
        let r = raw.get_ref();
        let Some(name) = &r.role else {
            if let Some(map) = &r.role_map {
                self.error(
                    map.span(),
                    format!(
                        "`{path}` has a `role_map` but no `role`; add the role whose values it maps"
                    ),
                );
            }
            return None;
        };
        let Some(param) = Param::parse(name.get_ref()) else {
            let names: Vec<&str> = Param::ALL.iter().map(|p| p.as_str()).collect();
            self.error(
                name.span(),
                format!(
                    "unknown role {:?}; roles name canonical request parameters: {}",
                    name.get_ref(),
                    names.join(", ")
                ),
            );
            return None;
        };
        if let Err(needs) = param.fits(kind) {
            self.error(
                name.span(),
                format!("role \"{param}\" needs {needs}; `{path}` is not one"),
            );
            return None;
        }
        self.role_spans.push((path.to_owned(), name.span()));
        let map = match &r.role_map {
            None => Vec::new(),
            Some(map) => self.role_map(map, path, kind)?,
        };
        Some(Role { param, map })
    }

    /// `role_map = { <canonical value> = "<value of this property>" }`, on an enum.
    fn role_map(
        &mut self,
        map: &S<toml::Table>,
        path: &str,
        kind: &Kind,
    ) -> Option<Vec<(String, String)>> {
        let values = match kind {
            Kind::String(StringRule {
                enum_values,
                format: None,
                ..
            }) if !enum_values.is_empty() => enum_values,
            _ => {
                self.error(
                    map.span(),
                    format!("`role_map` renames enum values; `{path}` has no `enum`"),
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for (canonical, value) in map.get_ref() {
            match value.as_str() {
                Some(v) if values.iter().any(|e| e == v) => {
                    out.push((canonical.clone(), v.to_owned()))
                }
                _ => {
                    self.error(map.span(), format!(
                        "`role_map` maps {canonical:?} to {}, which is not a value of `{path}` ({}); map each canonical value to one of them",
                        super::toml_display(value),
                        values.join(", ")
                    ));
                    return None;
                }
            }
        }
        Some(out)
    }

    /// `role = "size"` on `[size_table]` or `[custom_size]`: the only role they take.
    pub(super) fn section_role(&mut self, role: Option<&S<String>>, section: &str) -> bool {
        let Some(role) = role else {
            return false;
        };
        if role.get_ref() != Param::Size.as_str() {
            self.error(
                role.span(),
                format!(
                    "{section} takes only `role = \"size\"` (it carries the output size), not {:?}",
                    role.get_ref()
                ),
            );
            return false;
        }
        self.role_spans.push((section.to_owned(), role.span()));
        true
    }

    /// Across the spec: each parameter carried once, the image count role on `[output]
    /// count`, size roles on `[output] size` sources.
    pub(super) fn roles_agree(&mut self, properties: &[Property], output: &Output) {
        let mut seen: Vec<(Param, String)> = Vec::new();
        let spans = std::mem::take(&mut self.role_spans);
        for (place, span) in &spans {
            let param = match place.as_str() {
                SIZE_TABLE | CUSTOM_SIZE => Param::Size,
                path => {
                    match crate::find_property(properties, path).and_then(|p| p.role.as_ref()) {
                        Some(role) => role.param,
                        None => continue,
                    }
                }
            };
            if let Some((_, first)) = seen.iter().find(|(p, _)| *p == param) {
                self.error(span.clone(), format!("role \"{param}\" is already carried by {}; a canonical parameter maps to one place", shown(first)));
                continue;
            }
            seen.push((param, place.clone()));
            self.role_on_output(param, place, span.clone(), output);
        }
    }

    fn role_on_output(&mut self, param: Param, place: &str, span: Range<usize>, output: &Output) {
        match param {
            Param::N if output.count.as_deref() != Some(place) => {
                let count = output
                    .count
                    .as_deref()
                    .map_or("not set".to_owned(), |c| format!("`{c}`"));
                self.error(span, format!("role \"n\" goes on the property `[output] count` names ({count}), so that translation and `output()` count the same images"));
            }
            Param::Size => {
                let source = match place {
                    SIZE_TABLE => SizeSource::Table,
                    CUSTOM_SIZE => SizeSource::Custom,
                    path => SizeSource::Property(path.to_owned()),
                };
                if !output.size.contains(&source) {
                    self.error(span, format!("role \"size\" is on {}, which `[output] size` does not list; translation sets sizes only where `output()` reads them", shown(place)));
                }
            }
            _ => {}
        }
    }
}

fn shown(place: &str) -> String {
    if place.starts_with('[') {
        place.to_owned()
    } else {
        format!("`{place}`")
    }
}
