//! The Rust type of each property's valid value, and the items those types need: an enum per
//! closed set, a rule marker per free size.

use capspec_spec::{Dims, Kind, Property, StringFormat, StringRule};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{kind_summary, property_doc};
use super::names::{Namer, camel};
use super::tokens::{dims, doc, int_arg, size_rule, usize_lit};

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
}

/// The type of a valid value of `p`; `name` is its type name (`ParametersSize`).
pub fn value_type(p: &Property, name: &str, types: &mut Namer) -> ValueType {
    match &p.kind {
        Kind::Array(a) => {
            let (item, _, items) = scalar_type(&a.items, &format!("{name}Item"), types, p);
            ValueType {
                ty: quote! { ::std::vec::Vec<#item> },
                elem: item,
                copy: false,
                items,
            }
        }
        kind => {
            let (ty, copy, items) = scalar_type(kind, name, types, p);
            ValueType {
                elem: ty.clone(),
                ty,
                copy,
                items,
            }
        }
    }
}

/// The type of a valid non-array value of `kind`, whether it is `Copy`, and its items.
fn scalar_type(
    kind: &Kind,
    name: &str,
    types: &mut Namer,
    p: &Property,
) -> (TokenStream, bool, TokenStream) {
    match kind {
        Kind::Model => (quote! { Model }, true, quote! {}),
        Kind::Boolean => (quote! { bool }, true, quote! {}),
        Kind::Integer(r) if r.minimum.is_none() && r.maximum.is_none() => {
            (quote! { i64 }, true, quote! {})
        }
        Kind::Integer(r) => {
            let (min, max) = (int_arg(r.min()), int_arg(r.max()));
            (
                quote! { ::capspec::types::Integer<#min, #max> },
                true,
                quote! {},
            )
        }
        Kind::String(r) if !r.enum_values.is_empty() => {
            let ident = format_ident!("{}", types.take(name));
            let sizes = match &r.format {
                Some(StringFormat::Size(z)) => Some(
                    r.enum_values
                        .iter()
                        .map(|v| Dims::parse(v, z.separator).expect("checked: enum sizes parse"))
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
        Kind::String(StringRule {
            max_length: Some(m),
            ..
        }) => {
            let m = usize_lit(usize::try_from(*m).unwrap_or(usize::MAX));
            (quote! { ::capspec::types::Text<'a, #m> }, false, quote! {})
        }
        Kind::String(_) => (quote! { ::std::borrow::Cow<'a, str> }, false, quote! {}),
        Kind::Array(_) => (quote! { () }, false, quote! {}),
        Kind::Object(_) => {
            let ident = format_ident!("{}", types.take(name));
            let lifetime = borrows(kind).then(|| quote! { <'a> });
            (quote! { #ident #lifetime }, false, quote! {})
        }
    }
}

/// Whether a valid value of `kind` borrows from the input (holds a string that is not an
/// enum member): its type then has the lifetime `'a`.
pub fn borrows(kind: &Kind) -> bool {
    match kind {
        Kind::String(r) => r.enum_values.is_empty(),
        Kind::Array(a) => borrows(&a.items),
        Kind::Object(children) => children.iter().any(|c| borrows(&c.kind)),
        Kind::Model | Kind::Boolean | Kind::Integer(_) => false,
    }
}

/// The expression turning `value` (of `kind`'s type) into its `'static` form.
pub fn owned(kind: &Kind, value: TokenStream) -> TokenStream {
    match kind {
        _ if !borrows(kind) => value,
        Kind::String(StringRule {
            format: None,
            max_length: None,
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
/// `dims()`.
pub fn choice_enum(
    ident: &Ident,
    d: &TokenStream,
    values: &[String],
    variant_doc: impl Fn(&str) -> String,
    sizes: Option<Vec<Dims>>,
) -> TokenStream {
    let variants = variant_idents(values);
    let docs = values.iter().map(|v| doc(&variant_doc(v)));
    let dims_fn = sizes.map(|sizes| {
        let ds = sizes.into_iter().map(dims);
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
