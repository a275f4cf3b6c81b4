//! A provider's module: its capture table and router, its `Request` enum, and a module per
//! model with the typed request and its validator.

use capspec_spec::Kind;
use capspec_spec::plan::{Shape, Slot};
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::prose;
use super::tokens::{doc, usize_lit};
use super::values::choice_enum;
use super::{ModelGen, ProviderGen};

impl ProviderGen<'_> {
    pub fn module(&self) -> TokenStream {
        let name = self.name;
        let module = &self.module;
        let spec_ids: Vec<&str> = self.models.iter().map(|m| m.spec.id.as_str()).collect();
        let names = self
            .models
            .iter()
            .flat_map(|m| &m.spec.model.names)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let default_model = self
            .models
            .iter()
            .find_map(|m| m.spec.model.default.as_deref());
        let default = match default_model {
            Some(d) => quote! { Some(#d) },
            None => quote! { None },
        };
        let slot_consts = self.slot_consts_tokens(&self.slots.fields);
        let fields = self.fields_table(&self.slots.fields);
        let slot_count = usize_lit(self.slots.count);
        let models = self.models.iter().map(|m| m.module(self));
        let variants: Vec<_> = self.models.iter().map(|m| &m.variant).collect();
        let modules: Vec<_> = self.models.iter().map(|m| &m.module).collect();
        let variant_docs = self.models.iter().map(|m| doc(&format!("`{}`", m.spec.id)));
        let routes: Vec<(&str, &str)> = self
            .models
            .iter()
            .filter_map(|m| Some((m.spec.routed_path()?, m.spec.id.as_str())))
            .collect();
        let provider_doc = doc(&if routes.is_empty() {
            format!(
                "Provider `{name}`: {} model(s).\n\nA body is routed to a model by its `model` field{}.",
                self.models.len(),
                match default_model {
                    Some(d) => format!("; a body without one goes to `{d}`"),
                    None => String::new(),
                }
            )
        } else {
            format!(
                "Provider `{name}`: {} model(s).\n\nThe endpoint path selects the model; a body names none. Validate with a model's `Request::validate_slice`, `validate_spec_slice` or [`spec_for_endpoint`].",
                self.models.len(),
            )
        });
        let (endpoints, route_body) = if routes.is_empty() {
            let model_slot = self.slot("model");
            let null_model = self.null_model(quote! { slot });
            let route = quote! {
                /// Routes a body to the model its `model` names (or the provider's default).
                fn route<'a>(cap: &mut Capture<'a>, report: &mut rt::Report) -> Option<Request<'a>> {
                    #null_model
                    let name = rt::rules::model_name(report, cap, slot::#model_slot, PROVIDER, #default, MODEL_NAMES)?;
                    #(
                        if let Some(model) = <#modules::Model as ::capspec::types::Choice>::parse(name) {
                            return #modules::validate(cap, model, report).map(Request::#variants);
                        }
                    )*
                    rt::rules::model_not_found(report, name, PROVIDER, MODEL_NAMES);
                    None
                }
            };
            (None, route)
        } else {
            let list = routes
                .iter()
                .map(|(p, _)| *p)
                .collect::<Vec<_>>()
                .join(", ");
            let (paths, ids): (Vec<&str>, Vec<&str>) = routes.iter().copied().unzip();
            let endpoints = quote! {
                /// The endpoint paths that select this provider's models.
                pub const ENDPOINTS: &str = #list;

                /// The spec id an endpoint path selects, e.g. `/fal-ai/flux/dev`.
                pub fn spec_for_endpoint(path: &str) -> Option<&'static str> {
                    match path {
                        #(#paths => Some(#ids),)*
                        _ => None,
                    }
                }
            };
            let route = quote! {
                /// The endpoint path selects the model, so a body alone routes nowhere.
                fn route<'a>(_: &mut Capture<'a>, report: &mut rt::Report) -> Option<Request<'a>> {
                    rt::rules::endpoint_required(report, PROVIDER, ENDPOINTS);
                    None
                }
            };
            (Some(endpoints), route)
        };
        quote! {
            #provider_doc
            pub mod #module {
                use ::capspec::__private::rt;

                /// The provider id.
                pub const PROVIDER: &str = #name;
                /// The spec ids of this provider.
                pub const SPEC_IDS: &[&str] = &[#(#spec_ids),*];
                /// Every `model` value this provider accepts.
                pub const MODEL_NAMES: &str = #names;
                #endpoints

                /// Capture slots: one per member any spec of this provider defines.
                mod slot {
                    #slot_consts
                }

                const SLOTS: usize = #slot_count;

                /// What one capture pass fills: a slot per member.
                type Capture<'a> = rt::Capture<'a, 'static, [rt::Raw<'a>; SLOTS]>;

                fn slots<'a>() -> [rt::Raw<'a>; SLOTS] {
                    ::std::array::from_fn(|_| rt::Raw::Absent)
                }

                /// The members any spec of this provider defines, as the capture pass reads them.
                static FIELDS: &rt::FieldTable = &#fields;

                #(#models)*

                /// A valid request to a model of this provider.
                #[derive(Clone, Debug, PartialEq, ::capspec::__private::serde::Serialize)]
                #[serde(crate = "::capspec::__private::serde", untagged)]
                pub enum Request<'a> {
                    #(#variant_docs #variants(#modules::Request<'a>),)*
                }

                impl Request<'_> {
                    /// The id of the spec the request was validated against.
                    pub fn spec_id(&self) -> &'static str {
                        match self {
                            #(Request::#variants(_) => #modules::SPEC_ID,)*
                        }
                    }

                    /// Output size and image count.
                    pub fn output(&self) -> ::capspec::types::Output {
                        match self {
                            #(Request::#variants(r) => r.output(),)*
                        }
                    }

                    /// The request with every string it borrows from the input copied.
                    pub fn into_owned(self) -> Request<'static> {
                        match self {
                            #(Request::#variants(r) => Request::#variants(r.into_owned()),)*
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

                impl ::capspec::OwnedRequest for Request<'static> {
                    fn validate_owned(body: &[u8]) -> Result<Self, ::capspec::Violations> {
                        validate_slice(body).map(Request::into_owned)
                    }
                }

                /// Validates a body (JSON bytes) for this provider. The request borrows its
                /// strings from `body`.
                pub fn validate_slice(body: &[u8]) -> Result<Request<'_>, ::capspec::Violations> {
                    rt::run_slice(body, FIELDS, slots(), route)
                }

                /// Validates an already parsed body for this provider.
                pub fn validate_value(body: &::capspec::__private::serde_json::Value) -> Result<Request<'_>, ::capspec::Violations> {
                    rt::run_value(body, FIELDS, slots(), route)
                }

                /// Validating: a body that breaks a rule is a deserialization error listing every
                /// violation. The request owns its strings (so `Request` is `DeserializeOwned`, as
                /// `axum::Json` needs); `validate_slice` and `validate_value` borrow instead.
                impl<'de> ::capspec::__private::serde::Deserialize<'de> for Request<'_> {
                    fn deserialize<D: ::capspec::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        rt::run_deserializer(deserializer, FIELDS, slots(), route).map(Request::into_owned)
                    }
                }

                #route_body
            }
        }
    }

    /// `"model": null` as absent, where the provider's `model` is nullable.
    fn null_model(&self, slots: TokenStream) -> Option<TokenStream> {
        let nullable = self.models.iter().any(|m| {
            m.spec
                .properties
                .iter()
                .any(|p| p.kind == Kind::Model && p.nullable)
        });
        let slot = self.slot("model");
        nullable.then(|| quote! { cap.null_is_absent(#slots::#slot); })
    }

    fn slot_consts_tokens(&self, slots: &[Slot]) -> TokenStream {
        let items = slots.iter().map(|s| {
            let konst = self.slot(&s.path);
            let index = usize_lit(s.index);
            let d = doc(&format!("`{}`", s.path));
            let children = self.slot_consts_tokens(&s.children);
            quote! {
                #d
                pub(super) const #konst: usize = #index;
                #children
            }
        });
        quote! { #(#items)* }
    }

    /// A `FieldTable`: the members of one object, and their lookup by key.
    fn fields_table(&self, slots: &[Slot]) -> TokenStream {
        let entries = slots.iter().map(|s| {
            let (name, path) = (&s.name, &s.path);
            let konst = self.slot(&s.path);
            let kind = match s.shape {
                Shape::Value => quote! { rt::FieldKind::Value },
                Shape::Array => quote! { rt::FieldKind::Array },
                Shape::Object => {
                    let children = self.fields_table(&s.children);
                    quote! { rt::FieldKind::Object(&#children) }
                }
            };
            quote! { rt::Field { name: #name, path: #path, slot: slot::#konst, kind: #kind } }
        });
        let arms = slots.iter().enumerate().map(|(i, s)| {
            let (name, i) = (&s.name, usize_lit(i));
            quote! { #name => Some(#i) }
        });
        quote! {
            rt::FieldTable {
                fields: &[#(#entries),*],
                index: |key| match key {
                    #(#arms,)*
                    _ => None,
                },
            }
        }
    }
}

impl ModelGen<'_> {
    /// The model's module: its types, typed request and validator.
    pub fn module(&self, provider: &ProviderGen<'_>) -> TokenStream {
        let spec = self.spec;
        let module = &self.module;
        let id = &spec.id;
        let members = self.members(provider);
        let model_enum = choice_enum(
            &quote::format_ident!("Model"),
            &doc(&format!("The `model` values that route to `{id}`.")),
            &spec.model.names,
            |n| {
                if spec.model.default.as_deref() == Some(n) {
                    format!("`{n}` (the provider's default model)")
                } else {
                    format!("`{n}`")
                }
            },
            None,
        );
        let items = members.iter().map(|m| &m.value.items);
        let objects = self.object_structs(&members);
        let request = self.request_struct(&members);
        let validate = self.validate_fn(&members, provider);
        let spec_doc = doc(&format!(
            "`{id}`: {}.{}\n\nSpec: `{}`; source: {}.",
            prose(&spec.model.name),
            spec.model
                .description
                .as_deref()
                .map(|d| format!(" {}", prose(d)))
                .unwrap_or_default(),
            spec.file,
            prose(&spec.source)
        ));
        let default = match &spec.model.default {
            Some(d) => quote! { Some(#d) },
            None => quote! { None },
        };
        let names = spec.model.names.join(", ");
        let route = match spec.routed_path() {
            Some(path) => {
                let only = &super::values::variant_idents(&spec.model.names)[0];
                let comment = doc(&format!(
                    "The endpoint path `{path}` selects this model; the body names none."
                ));
                quote! {
                    #comment
                    fn route<'a>(cap: &mut super::Capture<'a>, report: &mut rt::Report) -> Option<Request<'a>> {
                        validate(cap, Model::#only, report)
                    }
                }
            }
            None => {
                let model_slot = provider.slot("model");
                let null_model = provider.null_model(quote! { super::slot });
                quote! {
                    /// Routes a body to this model when its `model` names it.
                    fn route<'a>(cap: &mut super::Capture<'a>, report: &mut rt::Report) -> Option<Request<'a>> {
                        #null_model
                        let name = rt::rules::model_name(report, cap, super::slot::#model_slot, super::PROVIDER, #default, MODEL_NAMES)?;
                        let Some(model) = <Model as ::capspec::types::Choice>::parse(name) else {
                            rt::rules::model_not_found(report, name, SPEC_ID, MODEL_NAMES);
                            return None;
                        };
                        validate(cap, model, report)
                    }
                }
            }
        };
        quote! {
            #spec_doc
            pub mod #module {
                use ::capspec::__private::rt;

                /// The spec id.
                pub const SPEC_ID: &str = #id;
                /// The `model` values that route to this spec.
                pub const MODEL_NAMES: &str = #names;

                #model_enum
                #(#items)*
                #objects
                #request

                impl<'a> Request<'a> {
                    /// Validates a body (JSON bytes) as a request to this model. The request
                    /// borrows its strings from `body`.
                    pub fn validate_slice(body: &'a [u8]) -> Result<Self, ::capspec::Violations> {
                        rt::run_slice(body, super::FIELDS, super::slots(), route)
                    }

                    /// Validates an already parsed body as a request to this model.
                    pub fn validate_value(body: &'a ::capspec::__private::serde_json::Value) -> Result<Self, ::capspec::Violations> {
                        rt::run_value(body, super::FIELDS, super::slots(), route)
                    }
                }

                impl ::capspec::ModelRequest for Request<'_> {
                    const SPEC_ID: &'static str = SPEC_ID;
                    fn output(&self) -> ::capspec::types::Output {
                        self.output
                    }
                }

                impl ::capspec::ValidRequest for Request<'_> {
                    fn spec_id(&self) -> &str {
                        SPEC_ID
                    }

                    fn output(&self) -> ::capspec::types::Output {
                        self.output
                    }

                    fn spec(&self) -> Option<&::capspec::spec::Spec> {
                        super::super::CATALOG.spec(SPEC_ID)
                    }
                }

                impl ::capspec::OwnedRequest for Request<'static> {
                    fn validate_owned(body: &[u8]) -> Result<Self, ::capspec::Violations> {
                        Request::validate_slice(body).map(Request::into_owned)
                    }
                }

                /// Validating: a body that breaks a rule is a deserialization error listing every
                /// violation. The request owns its strings (so `Request` is `DeserializeOwned`, as
                /// `axum::Json` needs); `validate_slice` and `validate_value` borrow instead.
                impl<'de> ::capspec::__private::serde::Deserialize<'de> for Request<'_> {
                    fn deserialize<D: ::capspec::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        rt::run_deserializer(deserializer, super::FIELDS, super::slots(), route).map(Request::into_owned)
                    }
                }

                /// The request schema of the model document (`capspec schema <id>`).
                impl ::capspec::__private::schemars::JsonSchema for Request<'_> {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        ::std::borrow::Cow::Borrowed(SPEC_ID)
                    }

                    fn json_schema(_: &mut ::capspec::__private::schemars::SchemaGenerator) -> ::capspec::__private::schemars::Schema {
                        ::capspec::schema::schemars_schema(super::super::CATALOG.request_schema(SPEC_ID))
                    }
                }

                #route

                #validate
            }
        }
    }
}
