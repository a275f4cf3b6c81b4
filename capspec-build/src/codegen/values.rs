//! The Rust type of each property's valid value, and the items those types need: an enum per
//! closed set, a rule marker per free size.

use capspec_spec::{Dims, IntegerRule, Kind, Property, StringFormat, StringRule};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{kind_summary, property_doc};
use super::names::{Namer, camel};
use super::tokens::{dims, doc, int_arg, number_rule, size_rule, usize_lit};

/// The type of a property's valid value and the items it needs.
pub struct ValueType {
    /// The type of a valid value (`Vec<Item>` for an array).
    pub ty: TokenStream,
    /// The item type of an array, else `ty`.
    pub elem: TokenStream,
    /// `Copy`: accessors return it by value.
    pub copy: bool,
    /// Items generated for it (enums, size rules).
    pub items: TokenStream,
    /// The type parameter the check of a value (or an array's item) names: a number's rule
    /// marker, a preset size's preset enum.
    pub marker: Option<Ident>,
}

/// Whether an integer property is a plain `i64` (no bounds, no step).
pub fn plain_integer(r: &IntegerRule) -> bool {
    r.minimum.is_none() && r.maximum.is_none() && r.multiple_of.is_none()
}

/// The type of a valid value of `p`; `name` is its type name (`ParametersSize`).
pub fn value_type(p: &Property, name: &str, types: &mut Namer) -> ValueType {
    match &p.kind {
        Kind::Array(a) => {
            let (item, _, items, marker) = scalar_type(&a.items, &format!("{name}Item"), types, p);
            ValueType {
                ty: quote! { ::std::vec::Vec<#item> },
                elem: item,
                copy: false,
                items,
                marker,
            }
        }
        kind => {
            let (ty, copy, items, marker) = scalar_type(kind, name, types, p);
            ValueType {
                elem: ty.clone(),
                ty,
                copy,
                items,
                marker,
            }
        }
    }
}

/// The type of a valid non-array value of `kind`, whether it is `Copy`, its items, and the
/// marker its check names.
fn scalar_type(
    kind: &Kind,
    name: &str,
    types: &mut Namer,
    p: &Property,
) -> (TokenStream, bool, TokenStream, Option<Ident>) {
    let (ty, copy, items) = match kind {
        Kind::Model => (quote! { Model }, true, quote! {}),
        Kind::Boolean => (quote! { bool }, true, quote! {}),
        Kind::Integer(r) if plain_integer(r) => (quote! { i64 }, true, quote! {}),
        Kind::Integer(r) => {
            let (min, max) = (int_arg(r.min()), int_arg(r.max()));
            let step = r.multiple_of.map(|s| {
                let s = int_arg(s);
                quote! { , #s }
            });
            (
                quote! { ::capspec::types::Integer<#min, #max #step> },
                true,
                quote! {},
            )
        }
        Kind::Number(r) => {
            let alias = types.take(name);
            let ident = format_ident!("{alias}");
            let marker = format_ident!("{}", types.take(&format!("{alias}Rule")));
            let rule = number_rule(r);
            let d = doc(&property_doc(p));
            let md = doc(&format!(
                "The rule of `{}`: {}.",
                p.path,
                kind_summary(kind)
            ));
            let items = quote! {
                #md
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
                pub struct #marker;

                impl ::capspec::types::NumberSpec for #marker {
                    const RULE: ::capspec::spec::NumberRule = #rule;
                }

                #d
                pub type #ident = ::capspec::types::Number<#marker>;
            };
            return (quote! { #ident }, true, items, Some(marker));
        }
        Kind::Size(z) => {
            let alias = types.take(name);
            let ident = format_ident!("{alias}");
            let preset = format_ident!("{}", types.take(&format!("{alias}Preset")));
            let names: Vec<String> = z.presets.iter().map(|(n, _)| n.clone()).collect();
            let sizes = z.presets.iter().map(|(_, d)| Some(*d)).collect();
            let pd = doc(&format!("The presets of `{}`.", p.path));
            let presets = choice_enum(&preset, &pd, &names, |v| format!("`{v}`"), Some(sizes));
            let object = size_rule(&z.object_rule());
            let d = doc(&property_doc(p));
            let items = quote! {
                #presets

                impl ::capspec::types::SizePresets for #preset {
                    const OBJECT: ::capspec::spec::SizeRule = #object;

                    fn dims(self) -> ::capspec::spec::Dims {
                        #preset::dims(self)
                    }
                }

                #d
                pub type #ident = ::capspec::types::PresetSize<#preset>;
            };
            return (quote! { #ident }, true, items, Some(preset));
        }
        Kind::String(r) if !r.enum_values.is_empty() => {
            let ident = format_ident!("{}", types.take(name));
            let sizes = match &r.format {
                Some(StringFormat::Size(z)) => Some(
                    r.enum_values
                        .iter()
                        .map(|v| Dims::parse(v, z.separator))
                        .collect(),
                ),
                _ => None,
            };
            let d = doc(&property_doc(p));
            let item = choice_enum(&ident, &d, &r.enum_values, |v| format!("`{v}`"), sizes);
            (quote! { #ident }, true, item)
        }
        Kind::String(StringRule {
            format: Some(StringFormat::Size(z)),
            ..
        }) => {
            let alias = types.take(name);
            let ident = format_ident!("{alias}");
            let marker = format_ident!("{}", types.take(&format!("{alias}Rule")));
            let rule = size_rule(z);
            let d = doc(&property_doc(p));
            let md = doc(&format!(
                "The rule of `{}`: {}.",
                p.path,
                kind_summary(kind)
            ));
            let item = quote! {
                #md
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
                pub struct #marker;

                impl ::capspec::types::SizeSpec for #marker {
                    const RULE: ::capspec::spec::SizeRule = #rule;
                }

                #d
                pub type #ident<'a> = ::capspec::types::Size<'a, #marker>;
            };
            (quote! { #ident<'a> }, false, item)
        }
        Kind::String(StringRule {
            format: Some(StringFormat::Url(u)),
            ..
        }) => {
            let public = u.public;
            (
                quote! { ::capspec::types::Url<'a, #public> },
                false,
                quote! {},
            )
        }
        Kind::String(r) if r.max_length.is_some() || r.min_length.is_some() => {
            let (max, min) = text_bounds(r);
            (
                quote! { ::capspec::types::Text<'a, #max #min> },
                false,
                quote! {},
            )
        }
        Kind::String(_) => (quote! { ::std::borrow::Cow<'a, str> }, false, quote! {}),
        Kind::Array(_) => (quote! { () }, false, quote! {}),
        Kind::Object(_) => {
            let ident = format_ident!("{}", types.take(name));
            let lifetime = borrows(kind).then(|| quote! { <'a> });
            (quote! { #ident #lifetime }, false, quote! {})
        }
    };
    (ty, copy, items, None)
}

/// The `MAX` and (`, MIN`, when there is one) arguments of a string's `Text` type.
pub fn text_bounds(r: &StringRule) -> (proc_macro2::Literal, Option<TokenStream>) {
    let max = usize_lit(
        r.max_length
            .map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX)),
    );
    let min = r.min_length.filter(|m| *m > 0).map(|m| {
        let m = usize_lit(usize::try_from(m).unwrap_or(usize::MAX));
        quote! { , #m }
    });
    (max, min)
}

/// Whether a valid value of `kind` borrows from the input (holds a string that is not an
/// enum member): its type then has the lifetime `'a`.
pub fn borrows(kind: &Kind) -> bool {
    match kind {
        Kind::String(r) => r.enum_values.is_empty(),
        Kind::Array(a) => borrows(&a.items),
        Kind::Object(children) => children.iter().any(|c| borrows(&c.kind)),
        Kind::Model | Kind::Boolean | Kind::Integer(_) | Kind::Number(_) | Kind::Size(_) => false,
    }
}

/// The expression turning `value` (of `kind`'s type) into its `'static` form.
pub fn owned(kind: &Kind, value: TokenStream) -> TokenStream {
    match kind {
        _ if !borrows(kind) => value,
        Kind::String(StringRule {
            format: None,
            max_length: None,
            min_length: None,
            ..
        }) => {
            quote! { ::std::borrow::Cow::Owned(#value.into_owned()) }
        }
        Kind::Array(a) => {
            let item = owned(&a.items, quote! { item });
            quote! { #value.into_iter().map(|item| #item).collect() }
        }
        _ => quote! { #value.into_owned() },
    }
}

/// The variant of each value of a generated enum, in order.
pub fn variant_idents(values: &[String]) -> Vec<Ident> {
    let mut namer = Namer::types(&[]);
    values
        .iter()
        .map(|v| format_ident!("{}", namer.take(&camel(v))))
        .collect()
}

/// A string enum implementing `Choice`, `Serialize` and `Display`; with `sizes`, also
/// `dims()` (an `Option` when a member names no size, such as `auto`).
pub fn choice_enum(
    ident: &Ident,
    d: &TokenStream,
    values: &[String],
    variant_doc: impl Fn(&str) -> String,
    sizes: Option<Vec<Option<Dims>>>,
) -> TokenStream {
    let variants = variant_idents(values);
    let docs = values.iter().map(|v| doc(&variant_doc(v)));
    let dims_fn = sizes.map(|sizes| {
        if sizes.iter().all(Option::is_some) {
            let ds = sizes.into_iter().flatten().map(dims);
            quote! {
                impl #ident {
                    /// The size in pixels.
                    pub fn dims(self) -> ::capspec::spec::Dims {
                        match self {
                            #(#ident::#variants => #ds,)*
                        }
                    }
                }
            }
        } else {
            let ds = sizes.into_iter().map(|d| match d {
                Some(d) => {
                    let d = dims(d);
                    quote! { Some(#d) }
                }
                None => quote! { None },
            });
            quote! {
                impl #ident {
                    /// The size in pixels; `None` for a member that names no size (the
                    /// provider picks it).
                    pub fn dims(self) -> Option<::capspec::spec::Dims> {
                        match self {
                            #(#ident::#variants => #ds,)*
                        }
                    }
                }
            }
        }
    });
    quote! {
        #d
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident {
            #(#docs #variants,)*
        }

        impl ::capspec::types::Choice for #ident {
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn parse(value: &str) -> Option<Self> {
                match value {
                    #(#values => Some(#ident::#variants),)*
                    _ => None,
                }
            }

            fn index(self) -> usize {
                self as usize
            }

            fn requirement() -> &'static str {
                static REQUIREMENT: ::std::sync::OnceLock<::std::string::String> = ::std::sync::OnceLock::new();
                REQUIREMENT.get_or_init(|| ::capspec::__private::rt::choice::requirement(<Self as ::capspec::types::Choice>::VALUES))
            }
        }

        impl ::capspec::__private::serde::Serialize for #ident {
            fn serialize<S: ::capspec::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(::capspec::types::Choice::as_str(*self))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::capspec::types::Choice::as_str(*self))
            }
        }

        #dims_fn
    }
}
