//! A model's typed `Request` and the structs of its objects: private fields, one accessor
//! each, built only by `validate()`.

use capspec_spec::{Kind, StringRule};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::property_doc;
use super::names::{Namer, snake};
use super::tokens::doc;
use super::values::{borrows, owned};
use super::{Member, ModelGen};

const SERDE: &str = "::capspec::__private::serde";

impl ModelGen<'_> {
    /// `Request<'a>`: its fields, accessors, output and `into_owned`.
    pub fn request_struct(&self, members: &[Member<'_>]) -> TokenStream {
        let top: Vec<&Member> = members.iter().filter(|m| !m.p.path.contains('.')).collect();
        let fields = struct_fields(&top);
        let accessors = accessors(&top);
        let into_owned = into_owned_fields(&top);
        let d = doc(&format!(
            "A valid, normalized request body for `{}`: defaults applied, every rule of the spec holds.\n\nBuilt only by validation (`validate_slice`, `validate_value`, `Deserialize`); serializes to the normalized body.",
            self.spec.id
        ));
        quote! {
            #d
            #[derive(Clone, Debug, PartialEq, ::capspec::__private::serde::Serialize)]
            #[serde(crate = #SERDE)]
            pub struct Request<'a> {
                #fields
                #[serde(skip)]
                output: ::capspec::types::Output,
                #[serde(skip)]
                input: ::std::marker::PhantomData<&'a ()>,
            }

            impl<'a> Request<'a> {
                #accessors

                /// Output width and height in pixels (where the spec determines them) and image count.
                pub fn output(&self) -> ::capspec::types::Output {
                    self.output
                }

                /// The request with every string it borrows from the input copied.
                pub fn into_owned(self) -> Request<'static> {
                    Request {
                        #into_owned
                        output: self.output,
                        input: ::std::marker::PhantomData,
                    }
                }
            }
        }
    }

    /// A struct per object property, with its members' fields and accessors.
    pub fn object_structs(&self, members: &[Member<'_>]) -> TokenStream {
        let structs = members.iter().filter(|m| m.is_object()).map(|object| {
            let kids = children(object, members);
            let fields = struct_fields(&kids);
            let accessors = accessors(&kids);
            let ty = &object.value.ty;
            let d = doc(&format!(
                "The `{}` object of a valid request.",
                object.p.path
            ));
            if !borrows(&object.p.kind) {
                return quote! {
                    #d
                    #[derive(Clone, Debug, PartialEq, ::capspec::__private::serde::Serialize)]
                    #[serde(crate = #SERDE)]
                    pub struct #ty {
                        #fields
                    }

                    impl #ty {
                        #accessors
                    }
                };
            }
            let into_owned = into_owned_fields(&kids);
            let bare = bare(ty);
            quote! {
                #d
                #[derive(Clone, Debug, PartialEq, ::capspec::__private::serde::Serialize)]
                #[serde(crate = #SERDE)]
                pub struct #ty {
                    #fields
                }

                impl<'a> #ty {
                    #accessors

                    /// The object with every string it borrows from the input copied.
                    pub fn into_owned(self) -> #bare<'static> {
                        #bare {
                            #into_owned
                        }
                    }
                }
            }
        });
        quote! { #(#structs)* }
    }
}

/// The members of an object, in order.
pub fn children<'m, 'p>(object: &Member<'_>, members: &'m [Member<'p>]) -> Vec<&'m Member<'p>> {
    match &object.p.kind {
        Kind::Object(children) => children
            .iter()
            .filter_map(|c| members.iter().find(|m| m.p.path == c.path))
            .collect(),
        _ => Vec::new(),
    }
}

fn struct_fields(members: &[&Member<'_>]) -> TokenStream {
    let fields = members.iter().map(|m| {
        let var = &m.var;
        let ty = &m.value.ty;
        let name = &m.p.name;
        let rename = (var.to_string().trim_start_matches("r#") != *name)
            .then(|| quote! { #[serde(rename = #name)] });
        if m.always() {
            quote! { #rename #var: #ty }
        } else {
            quote! { #rename #[serde(skip_serializing_if = "Option::is_none")] #var: Option<#ty> }
        }
    });
    quote! { #(#fields,)* }
}

/// `field: <the field, made 'static>,` for each field (from `self`).
fn into_owned_fields(members: &[&Member<'_>]) -> TokenStream {
    let fields = members.iter().map(|m| {
        let var = &m.var;
        let value = if m.always() {
            owned(&m.p.kind, quote! { self.#var })
        } else if borrows(&m.p.kind) {
            let inner = owned(&m.p.kind, quote! { v });
            quote! { self.#var.map(|v| #inner) }
        } else {
            quote! { self.#var }
        };
        quote! { #var: #value, }
    });
    quote! { #(#fields)* }
}

/// `Name` of a type written `Name<'a>`.
fn bare(ty: &TokenStream) -> TokenStream {
    match ty.clone().into_iter().next() {
        Some(first) => quote! { #first },
        None => ty.clone(),
    }
}

fn accessors(members: &[&Member<'_>]) -> TokenStream {
    let mut namer = Namer::new(&["output", "validate_slice", "validate_value", "into_owned"]);
    let methods = members.iter().map(|m| {
        let var = &m.var;
        let accessor = format_ident!("{}", namer.take(&snake(&m.p.name)));
        let ty = &m.value.ty;
        let elem = &m.value.elem;
        let d = doc(&property_doc(m.p));
        let plain_str = matches!(&m.p.kind, Kind::String(StringRule { format: None, max_length: None, min_length: None, enum_values, .. }) if enum_values.is_empty());
        if plain_str {
            return if m.always() {
                quote! { #d pub fn #accessor(&self) -> &str { &self.#var } }
            } else {
                quote! { #d pub fn #accessor(&self) -> Option<&str> { self.#var.as_deref() } }
            };
        }
        let is_vec = matches!(m.p.kind, Kind::Array(_));
        match (m.always(), m.value.copy, is_vec) {
            (true, true, _) => quote! { #d pub fn #accessor(&self) -> #ty { self.#var } },
            (false, true, _) => quote! { #d pub fn #accessor(&self) -> Option<#ty> { self.#var } },
            (true, false, true) => quote! { #d pub fn #accessor(&self) -> &[#elem] { &self.#var } },
            (false, false, true) => {
                quote! { #d pub fn #accessor(&self) -> Option<&[#elem]> { self.#var.as_deref() } }
            }
            (true, false, false) => quote! { #d pub fn #accessor(&self) -> &#ty { &self.#var } },
            (false, false, false) => {
                quote! { #d pub fn #accessor(&self) -> Option<&#ty> { self.#var.as_ref() } }
            }
        }
    });
    quote! { #(#methods)* }
}
