//! The items at the include site: `CATALOG` (the spec files), the `Provider` and `Request`
//! enums over every provider, `SPEC_IDS`, and validation by spec id.

use capspec_spec::{SourceText, Spec};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Group;
use super::names::camel;
use super::tokens::doc;

pub fn items(groups: &[Group<'_>], forms: &[&Spec], texts: &[SourceText]) -> TokenStream {
    let variants: Vec<_> = groups
        .iter()
        .map(|g| format_ident!("{}", camel(&g.name)))
        .collect();
    let modules: Vec<_> = groups
        .iter()
        .map(|g| format_ident!("{}", g.module))
        .collect();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    let docs: Vec<TokenStream> = names.iter().map(|n| doc(&format!("`{n}`"))).collect();
    let mut ids: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.specs.iter().map(|s| s.id.as_str()))
        .chain(forms.iter().map(|s| s.id.as_str()))
        .collect();
    // A multipart spec's id: a JSON body is one `invalid_multipart`.
    let form_ids: Vec<&str> = forms.iter().map(|s| s.id.as_str()).collect();
    let form_paths: Vec<&str> = forms
        .iter()
        .map(|s| {
            s.model
                .endpoint
                .as_ref()
                .and_then(|e| e.path.as_deref())
                .unwrap_or("")
        })
        .collect();
    let form_arms = quote! {
        #(#form_ids => Err(::capspec::__private::rt::rules::form_only(#form_ids, #form_paths)),)*
    };
    ids.sort_unstable();
    // Every spec: its id and where its typed request is, `provider::model`.
    let mut every = Vec::new();
    for (g, (variant, module)) in groups.iter().zip(variants.iter().zip(&modules)) {
        for (s, (m, v)) in g.specs.iter().zip(&g.models) {
            let (m, v) = (format_ident!("{m}"), format_ident!("{v}"));
            every.push((s.id.as_str(), variant, module, m, v));
        }
    }
    let spec_ids = every.iter().map(|e| e.0);
    let spec_ids2 = every.iter().map(|e| e.0);
    let spec_paths: Vec<TokenStream> = every
        .iter()
        .map(|(_, variant, module, m, v)| {
            quote! { #module::#m::Request::validate_slice(body).map(|r| Request::#variant(#module::Request::#v(r))) }
        })
        .collect();
    let spec_value_paths: Vec<TokenStream> = every
        .iter()
        .map(|(_, variant, module, m, v)| {
            quote! { #module::#m::Request::validate_value(body).map(|r| Request::#variant(#module::Request::#v(r))) }
        })
        .collect();
    // Providers whose endpoint path selects the spec (fal).
    let routed: Vec<(&proc_macro2::Ident, &proc_macro2::Ident)> = groups
        .iter()
        .zip(variants.iter().zip(&modules))
        .filter(|(g, _)| g.specs.iter().any(|s| s.routed_path().is_some()))
        .map(|(_, (v, m))| (v, m))
        .collect();
    let endpoint_lookup = if routed.is_empty() {
        quote! {
            let _ = path;
            None
        }
    } else {
        let (rv, rm): (Vec<_>, Vec<_>) = routed.iter().copied().unzip();
        let rest = (routed.len() < groups.len()).then(|| quote! { _ => None, });
        quote! {
            match self {
                #(Provider::#rv => #rm::spec_for_endpoint(path),)*
                #rest
            }
        }
    };
    let files = texts.iter().map(|t| {
        let (file, provider) = (&t.file, &t.provider);
        // A file under the crate is included from there (no machine path in the output); one
        // given by an absolute path is embedded as text.
        let text = if std::path::Path::new(file).is_absolute() {
            let text = &t.text;
            quote! { #text }
        } else {
            let path = format!("/{file}");
            quote! { include_str!(concat!(env!("CARGO_MANIFEST_DIR"), #path)) }
        };
        quote! { ::capspec::Embedded { file: #file, provider: #provider, text: #text } }
    });
    quote! {
        /// The spec files compiled in: their IR, model documents and JSON Schemas at run time.
        pub static CATALOG: ::capspec::Catalog = ::capspec::Catalog::new(&[#(#files),*]);

        /// A provider: a directory of specs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Provider {
            #(#docs #variants,)*
        }

        impl Provider {
            /// Every provider, sorted by id.
            pub const ALL: &'static [Provider] = &[#(Provider::#variants),*];

            /// Every provider id, sorted.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The provider id, e.g. `gccai`.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(Provider::#variants => #names,)*
                }
            }

            /// The ids of the provider's specs.
            pub fn spec_ids(self) -> &'static [&'static str] {
                match self {
                    #(Provider::#variants => #modules::SPEC_IDS,)*
                }
            }

            /// The spec id an endpoint path selects (fal: `/fal-ai/flux/dev`), for a provider
            /// whose bodies name no model; `None` for any other path or provider.
            pub fn spec_for_endpoint(self, path: &str) -> Option<&'static str> {
                #endpoint_lookup
            }

            /// Validates a body (JSON bytes) for this provider, routed by its `model` field.
            pub fn validate_slice(self, body: &[u8]) -> Result<Request<'_>, ::capspec::Violations> {
                match self {
                    #(Provider::#variants => #modules::validate_slice(body).map(Request::#variants),)*
                }
            }

            /// Validates an already parsed body for this provider.
            pub fn validate_value(self, body: &::capspec::__private::serde_json::Value) -> Result<Request<'_>, ::capspec::Violations> {
                match self {
                    #(Provider::#variants => #modules::validate_value(body).map(Request::#variants),)*
                }
            }
        }

        impl ::std::str::FromStr for Provider {
            type Err = ::capspec::UnknownProvider;
            fn from_str(s: &str) -> Result<Provider, ::capspec::UnknownProvider> {
                match s {
                    #(#names => Ok(Provider::#variants),)*
                    _ => Err(::capspec::UnknownProvider::new(s, Provider::NAMES)),
                }
            }
        }

        impl ::std::fmt::Display for Provider {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A valid request to any model; serializes to the normalized body.
        #[derive(Clone, Debug, PartialEq, ::capspec::__private::serde::Serialize)]
        #[serde(crate = "::capspec::__private::serde", untagged)]
        pub enum Request<'a> {
            #(#docs #variants(#modules::Request<'a>),)*
        }

        impl Request<'_> {
            /// The request with every string it borrows from the input copied.
            pub fn into_owned(self) -> Request<'static> {
                match self {
                    #(Request::#variants(r) => Request::#variants(r.into_owned()),)*
                }
            }

            /// The id of the spec the request was validated against.
            pub fn spec_id(&self) -> &'static str {
                match self {
                    #(Request::#variants(r) => r.spec_id(),)*
                }
            }

            /// Output width and height in pixels (where the spec determines them) and image count.
            pub fn output(&self) -> ::capspec::types::Output {
                match self {
                    #(Request::#variants(r) => r.output(),)*
                }
            }

            /// The provider of the spec.
            pub fn provider(&self) -> Provider {
                match self {
                    #(Request::#variants(_) => Provider::#variants,)*
                }
            }
        }

        impl ::capspec::ValidRequest for Request<'_> {
            fn spec_id(&self) -> &str {
                Request::spec_id(self)
            }

            fn output(&self) -> ::capspec::types::Output {
                Request::output(self)
            }

            fn spec(&self) -> Option<&::capspec::spec::Spec> {
                match self {
                    #(Request::#variants(r) => ::capspec::ValidRequest::spec(r),)*
                }
            }
        }

        /// Every spec id, sorted.
        pub const SPEC_IDS: &[&str] = &[#(#ids),*];

        /// The spec id an endpoint path selects for a provider whose bodies name no model (fal:
        /// `spec_for_endpoint("fal", "/fal-ai/flux/dev")`); then validate with
        /// [`validate_spec_slice`]. `None` for an unknown provider or path, and for a provider
        /// routed by the body's `model`.
        pub fn spec_for_endpoint(provider: &str, path: &str) -> Option<&'static str> {
            provider.parse::<Provider>().ok()?.spec_for_endpoint(path)
        }

        /// Validates a body (JSON bytes) as a request to the spec `id` exactly: its `model` must
        /// be one of that spec's names (a spec selected by its endpoint path takes a body
        /// without `model`). `None` for an unknown id.
        pub fn validate_spec_slice<'a>(id: &str, body: &'a [u8]) -> Option<Result<Request<'a>, ::capspec::Violations>> {
            Some(match id {
                #(#spec_ids => #spec_paths,)*
                #form_arms
                _ => return None,
            })
        }

        /// Validates an already parsed body as a request to the spec `id` exactly.
        pub fn validate_spec_value<'a>(id: &str, body: &'a ::capspec::__private::serde_json::Value) -> Option<Result<Request<'a>, ::capspec::Violations>> {
            Some(match id {
                #(#spec_ids2 => #spec_value_paths,)*
                #form_arms
                _ => return None,
            })
        }
    }
}
