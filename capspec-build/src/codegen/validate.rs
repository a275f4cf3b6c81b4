//! A model's `validate()`: the checks in spec order, required properties, rules between
//! properties, the size table and custom size, then defaults, output and the typed request.
//! Each step is one `rt` call with the spec's constants; the registry interprets the same
//! steps (`capspec::registry`).

use capspec_spec::plan::Guard;
use capspec_spec::{
    Condition, Kind, Literal, Rule, SizeSource, SizeTable, StringFormat, StringRule,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::check_comment;
use super::names::{Namer, snake};
use super::request::children;
use super::tokens::{bounds, dims, doc, float, int, int_arg, ratio_bounds, usize_lit};
use super::values::{plain_integer, text_bounds, variant_idents};
use super::{Member, ModelGen, ProviderGen};

impl ModelGen<'_> {
    pub fn validate_fn(&self, members: &[Member<'_>], provider: &ProviderGen<'_>) -> TokenStream {
        let spec = self.spec;
        let get = |path: &str| {
            members
                .iter()
                .find(|m| m.p.path == path)
                .expect("checked: rules name properties of the spec")
        };
        // New locals may not shadow a property's.
        let taken: Vec<String> = members.iter().map(|m| m.var.to_string()).collect();
        let mut vars = Namer::new(&taken.iter().map(String::as_str).collect::<Vec<_>>());

        // Unknown keys, with what each object accepts; members of other models.
        let accepts = self.plan.accepts.iter().map(|(o, list)| match o {
            Some(o) => quote! { (Some(#o), #list) },
            None => quote! { (None, #list) },
        });
        let not_defined = provider.slots.not_defined(spec);
        let not_defined = (!not_defined.is_empty()).then(|| {
            let entries = not_defined.iter().map(|s| {
                let (k, path) = (provider.slot(&s.path), &s.path);
                quote! { (super::slot::#k, #path.into()) }
            });
            quote! { rt::rules::not_defined(cx, cap, &[#(#entries),*]); }
        });

        // A `null` for a nullable property means absent.
        let nulls = members.iter().filter(|m| m.p.nullable).map(|m| {
            let slot = &m.slot;
            quote! { cap.null_is_absent(super::slot::#slot); }
        });

        // Checks, in spec order.
        let checks = members.iter().filter(|m| m.p.kind != Kind::Model).map(|m| {
            let var = &m.var;
            let check = check_expr(m);
            let comment = check_comment(m.p);
            // An object always in the request, with no required member, is only checked.
            let read =
                !m.is_object() || !m.always() || children(m, members).iter().any(|k| k.p.required);
            if read {
                quote! { #[doc = #comment] let #var = #check; }
            } else {
                quote! { #[doc = #comment] #check; }
            }
        });

        // Required properties (nested ones when their object is there).
        let required = members
            .iter()
            .filter(|m| m.p.required && m.p.kind != Kind::Model)
            .map(|m| {
                let (var, path) = (&m.var, &m.p.path);
                match path.rsplit_once('.').map(|(parent, _)| get(parent)) {
                    Some(parent) => {
                        let pv = &parent.var;
                        quote! { if matches!(#pv, rt::Got::Valid(_)) && !#var.is_present() { rt::rules::missing(cx, #path.into()); } }
                    }
                    None => quote! { if !#var.is_present() { rt::rules::missing(cx, #path.into()); } },
                }
            });

        // Conditions, each evaluated once on effective values.
        let conditions: Vec<Ident> = self
            .plan
            .conditions
            .iter()
            .map(|c| format_ident!("{}", vars.take(&snake(&c.to_string()))))
            .collect();
        let condition_lets = self.plan.conditions.iter().zip(&conditions).map(|(c, ident)| {
            let m = get(&c.path);
            let (var, eq) = (&m.var, condition_eq(m, &c.values));
            let absent = m.p.default.as_ref().is_some_and(|d| c.matches(d));
            let comment = format!(" `{c}`, an absent value being its default.");
            quote! {
                #[doc = #comment]
                let #ident = match &#var { rt::Got::Valid(v) => #eq, rt::Got::Absent => #absent, rt::Got::Invalid => false };
            }
        });
        let fires = |when: &Condition| -> TokenStream {
            let i = self
                .plan
                .condition(when)
                .expect("every rule's condition is planned");
            let ident = &conditions[i];
            if when.negated {
                quote! { !#ident }
            } else {
                quote! { #ident }
            }
        };
        let rules = spec.rules.iter().map(|rule| match rule {
            Rule::Require { when, paths, source } => {
                let f = fires(when);
                let text = when.to_string();
                let comment = format!(" When `{when}`, require {paths:?} ({source}).");
                let checks = paths.iter().map(|p| {
                    let var = &get(p).var;
                    quote! { #[doc = #comment] if #f && !#var.is_present() { rt::rules::missing_when(cx, #p.into(), #text); } }
                });
                quote! { #(#checks)* }
            }
            Rule::Forbid { when, paths, source } => {
                let f = fires(when);
                let text = Condition { negated: false, ..when.clone() }.to_string();
                let unless = when.negated;
                let comment = format!(" When `{when}`, forbid {paths:?} ({source}).");
                let checks = paths.iter().map(|p| {
                    let var = &get(p).var;
                    quote! { #[doc = #comment] if #f && #var.is_present() { rt::rules::forbidden(cx, #p.into(), #text, #unless); } }
                });
                quote! { #(#checks)* }
            }
            Rule::Exclusive { paths, source } => {
                let entries = paths.iter().map(|p| {
                    let var = &get(p).var;
                    quote! { (#p.into(), #var.is_present()) }
                });
                let comment = format!(" At most one of {paths:?} ({source}).");
                quote! { #[doc = #comment] rt::rules::exclusive(cx, &[#(#entries),*]); }
            }
            Rule::Allow { when, path, values, source } => {
                let f = fires(when);
                let m = get(path);
                let var = &m.var;
                let text = capspec_spec::allowed(values, when);
                let eq = condition_eq(m, values);
                let shown = shown(m);
                let comment = format!(" `{path}` {text} ({source}).");
                let default_ok = m.p.default.as_ref().is_none_or(|d| values.contains(d));
                let absent = (!default_ok).then(|| {
                    quote! { rt::Got::Absent => rt::rules::default_disallowed(cx, #path.into(), #text), }
                });
                quote! {
                    #[doc = #comment]
                    if #f {
                        match &#var {
                            rt::Got::Valid(v) if !(#eq) => rt::rules::disallowed(cx, #path.into(), #text, #shown),
                            #absent
                            _ => {}
                        }
                    }
                }
            }
        });

        // Size table: a ratio × tier with no cell (only when some row lacks a tier).
        let table_check = spec.size_table.as_ref().and_then(|t| {
            let (ratio, tier) = (get(&t.ratio), get(&t.tier));
            let tiers = match &tier.p.kind {
                Kind::String(s) => s.enum_values.len(),
                _ => 0,
            };
            if t.cells.iter().all(|(_, row)| row.len() == tiers) {
                return None;
            }
            let (rv, tv) = (effective_choice(ratio), effective_choice(tier));
            let (rp, tp) = (&t.ratio, &t.tier);
            let tvar = &tier.var;
            let given = format_ident!("{}", vars.take("tier_given"));
            Some(quote! {
                let #given = #tvar.is_present();
                if let (Some(r), Some(t)) = (#rv, #tv) && size_table(r, t).is_none() {
                    rt::rules::no_cell(
                        cx,
                        (#tp.into(), ::capspec::types::Choice::as_str(t)),
                        (#rp.into(), ::capspec::types::Choice::as_str(r)),
                        tiers_with(r),
                        #given,
                    );
                }
            })
        });
        let table_fns = spec
            .size_table
            .as_ref()
            .map(|t| size_table_fns(t, get(&t.ratio), get(&t.tier), table_check.is_some()));

        // Custom size: pixel area and aspect ratio of the two integers.
        let custom_check = spec.custom_size.as_ref().and_then(|c| {
            if c.pixels.is_unbounded() && c.aspect_ratio.is_unbounded() {
                return None;
            }
            let (w, h) = (get(&c.width), get(&c.height));
            let (wv, hv) = (&w.var, &h.var);
            let (px, ar) = (bounds(c.pixels), ratio_bounds(c.aspect_ratio));
            let (wp, hp) = (&c.width, &c.height);
            let (wi, hi) = (integer(w, quote! { w }), integer(h, quote! { h }));
            Some(quote! {
                if let (rt::Got::Valid(w), rt::Got::Valid(h)) = (&#wv, &#hv) {
                    rt::size::custom(cx, #wi, #hi, #px, #ar, (#wp.into(), #hp.into()));
                }
            })
        });

        // Defaults: leaves in spec order; the output, which reads them; each object after its
        // members.
        let leaves = members
            .iter()
            .filter(|m| !matches!(m.p.kind, Kind::Model | Kind::Object(_)))
            .map(|m| self.finalize(m, members, &conditions));
        let objects = members.iter().rev().filter(|m| m.is_object()).map(|m| {
            let var = &m.var;
            let kids = children(m, members);
            let fields = kids.iter().map(|k| &k.var);
            let ty = &m.value.ty;
            let name = ty.clone().into_iter().next();
            let build = quote! { #name { #(#fields),* } };
            if m.always() {
                quote! { let #var = #build; }
            } else {
                let optional = kids.iter().filter(|k| !k.always()).map(|k| {
                    let v = &k.var;
                    quote! { || #v.is_some() }
                });
                quote! { let #var = if #var.is_present() #(#optional)* { Some(#build) } else { None }; }
            }
        });
        let top = members
            .iter()
            .filter(|m| !m.p.path.contains('.'))
            .map(|m| &m.var);
        let output = self.output(members);

        quote! {
            #table_fns

            /// Validates the captured body as a request to `model`, reporting every violation.
            #[allow(unused_doc_comments)]
            pub(super) fn validate<'a>(cap: &mut super::Capture<'a>, model: Model, report: &mut rt::Report) -> Option<Request<'a>> {
                let cx = &mut rt::Ctx { report, model: ::capspec::types::Choice::as_str(model) };
                let errors = cx.errors();
                rt::rules::unknown(cx, cap, &[#(#accepts),*]);
                #not_defined
                #(#nulls)*
                #(#checks)*
                #(#required)*
                #(#condition_lets)*
                #(#rules)*
                #table_check
                #custom_check
                if cx.errors() > errors {
                    return None;
                }
                #(#leaves)*
                #output
                #(#objects)*
                Some(Request { #(#top,)* output, input: ::std::marker::PhantomData })
            }
        }
    }

    /// The statement turning a leaf's `Got` into its final value, its default applied.
    fn finalize(
        &self,
        m: &Member<'_>,
        members: &[Member<'_>],
        conditions: &[Ident],
    ) -> TokenStream {
        let var = &m.var;
        let default = m.p.default.as_ref().map(|d| default_value(m, d));
        match (default, m.p.required) {
            (_, true) => quote! { let #var = #var.into_valid()?; },
            (Some(d), false) if !m.plan.limited => {
                quote! { let #var = match #var { rt::Got::Valid(v) => v, _ => #d }; }
            }
            (Some(d), false) => {
                let guards = m.plan.guards.iter().map(|g| match g {
                    Guard::NotForbidden { condition, negated } => {
                        let c = &conditions[*condition];
                        // The forbid rule fires on `c` (`!c` when negated); the default needs it not to.
                        if *negated {
                            quote! { #c }
                        } else {
                            quote! { !#c }
                        }
                    }
                    Guard::EarlierAbsent(path) => {
                        let v = &members
                            .iter()
                            .find(|o| o.p.path == *path)
                            .expect("planned")
                            .var;
                        quote! { #v.is_none() }
                    }
                    Guard::LaterNotGiven(path) => {
                        let v = &members
                            .iter()
                            .find(|o| o.p.path == *path)
                            .expect("planned")
                            .var;
                        quote! { !#v.is_present() }
                    }
                });
                quote! { let #var = match #var { rt::Got::Valid(v) => Some(v), _ if #(#guards)&&* => Some(#d), _ => None }; }
            }
            (None, false) => quote! { let #var = #var.into_valid(); },
        }
    }

    /// `let output = …;`: the first size source the request determines, and the image count.
    fn output(&self, members: &[Member<'_>]) -> TokenStream {
        let spec = self.spec;
        let get = |path: &str| members.iter().find(|m| m.p.path == path).expect("checked");
        let count = match &spec.output.count {
            Some(path) => {
                let m = get(path);
                let v = &m.var;
                let value = if m.always() {
                    let i = integer(m, quote! { #v });
                    quote! { Some(#i) }
                } else {
                    let i = integer(m, quote! { n });
                    quote! { #v.map(|n| #i) }
                };
                quote! { rt::count(#value) }
            }
            None => quote! { 1 },
        };
        let sources: Vec<TokenStream> = spec
            .output
            .size
            .iter()
            .map(|s| match s {
                SizeSource::Property(path) => {
                    let m = get(path);
                    let v = &m.var;
                    // A fixed list with a member that names no size (`auto`) has
                    // `dims() -> Option<Dims>`.
                    let partial =
                        matches!(&m.p.kind, Kind::String(r) if !r.unsized_values.is_empty());
                    match (m.always(), partial) {
                        (true, false) => quote! { Some(#v.dims()) },
                        (true, true) => quote! { #v.dims() },
                        (false, false) => quote! { #v.as_ref().map(|s| s.dims()) },
                        (false, true) => quote! { #v.as_ref().and_then(|s| s.dims()) },
                    }
                }
                SizeSource::Table => {
                    let t = spec.size_table.as_ref().expect("checked");
                    let (r, tier) = (get(&t.ratio), get(&t.tier));
                    let (rv, tv) = (&r.var, &tier.var);
                    let ropt = if r.always() {
                        quote! { Some(#rv) }
                    } else {
                        quote! { #rv }
                    };
                    let topt = if tier.always() {
                        quote! { Some(#tv) }
                    } else {
                        quote! { #tv }
                    };
                    if r.always() && tier.always() {
                        quote! { size_table(#rv, #tv) }
                    } else {
                        quote! { #ropt.zip(#topt).and_then(|(r, t)| size_table(r, t)) }
                    }
                }
                SizeSource::Custom => {
                    let c = spec.custom_size.as_ref().expect("checked");
                    let (w, h) = (get(&c.width), get(&c.height));
                    let (wv, hv) = (&w.var, &h.var);
                    let (wi, hi) = (integer(w, quote! { w }), integer(h, quote! { h }));
                    quote! { #wv.zip(#hv).and_then(|(w, h)| rt::dims(#wi, #hi)) }
                }
            })
            .collect();
        match sources.split_first() {
            None => quote! {
                let output = ::capspec::types::Output { width: None, height: None, count: #count };
            },
            Some((first, rest)) => quote! {
                let dims = #first #(.or_else(|| #rest))*;
                let output = ::capspec::types::Output {
                    width: dims.map(|d| d.width),
                    height: dims.map(|d| d.height),
                    count: #count,
                };
            },
        }
    }
}

/// The `i64` of an integer property's value `v` (a constrained `Integer`, or a plain `i64`).
fn integer(m: &Member<'_>, v: TokenStream) -> TokenStream {
    match &m.p.kind {
        Kind::Integer(r) if plain_integer(r) => quote! { *#v },
        _ => quote! { #v.get() },
    }
}

/// The given value `v` (a `&T`) as an allow rule's message shows it.
fn shown(m: &Member<'_>) -> TokenStream {
    match &m.p.kind {
        Kind::String(r) if !r.enum_values.is_empty() => {
            quote! { &rt::Quoted(::capspec::types::Choice::as_str(*v)) }
        }
        Kind::String(_) => quote! { &rt::Quoted(v) },
        Kind::Integer(r) if plain_integer(r) => quote! { &rt::Int(i128::from(*v)) },
        Kind::Integer(_) => quote! { &rt::Int(i128::from(v.get())) },
        _ => quote! { &format_args!("{v}") },
    }
}

/// The expression checking a property's captured value, giving `rt::Got<T>`.
fn check_expr(m: &Member<'_>) -> TokenStream {
    let slot = &m.slot;
    let path = &m.p.path;
    match &m.p.kind {
        Kind::Object(_) => {
            quote! { rt::object::object(cx, cap.get(super::slot::#slot), #path.into()) }
        }
        Kind::Size(_) => {
            let preset = m.value.marker.as_ref().expect("a size has a preset enum");
            let (width, height) = (format!("{path}.width"), format!("{path}.height"));
            let (ws, hs) = (m.side_slots[0].clone(), m.side_slots[1].clone());
            quote! {
                rt::size::preset::<#preset, _>(
                    cx,
                    cap,
                    (super::slot::#slot, #path.into()),
                    [(super::slot::#ws, #width.into()), (super::slot::#hs, #height.into())],
                )
            }
        }
        Kind::Array(a) => {
            let max = match a.max_items {
                Some(n) => {
                    let n = usize_lit(usize::try_from(n).unwrap_or(usize::MAX));
                    quote! { Some(#n) }
                }
                None => quote! { None },
            };
            let min = usize_lit(usize::try_from(a.min_items.unwrap_or(0)).unwrap_or(usize::MAX));
            let item = item_fn(&a.items, &m.value.elem, m.value.marker.as_ref());
            quote! {
                rt::array::array(
                    cx,
                    cap,
                    super::slot::#slot,
                    #path.into(),
                    rt::array::ItemCount { min: #min, max: #max },
                    #item,
                )
            }
        }
        kind => scalar_check(
            kind,
            &m.value.elem,
            m.value.marker.as_ref(),
            quote! { cap.take(super::slot::#slot) },
            quote! { #path.into() },
        ),
    }
}

/// The check of an array's items, as a function of `(cx, raw, param)`.
fn item_fn(kind: &Kind, ty: &TokenStream, marker: Option<&Ident>) -> TokenStream {
    match kind {
        kind if by_reference(kind) => {
            let check = scalar_check(kind, ty, marker, quote! { raw }, quote! { param });
            quote! { |cx, raw, param| #check }
        }
        Kind::String(StringRule {
            format: Some(StringFormat::Size(_)),
            ..
        }) => quote! { rt::size::size::<#ty> },
        Kind::String(StringRule {
            format: Some(StringFormat::Url(u)),
            ..
        }) => {
            let public = u.public;
            quote! { rt::url::url::<#public> }
        }
        Kind::String(r) if r.max_length.is_some() || r.min_length.is_some() => text_fn(r),
        _ => quote! { rt::text::plain },
    }
}

/// The check of a string with a length bound: `rt::text::text::<MAX>`, or
/// `rt::text::text_range::<MIN, MAX>` with a minimum.
fn text_fn(r: &StringRule) -> TokenStream {
    let max = usize_lit(
        r.max_length
            .map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX)),
    );
    match r.min_length.filter(|m| *m > 0) {
        Some(min) => {
            let min = usize_lit(usize::try_from(min).unwrap_or(usize::MAX));
            quote! { rt::text::text_range::<#min, #max> }
        }
        None => quote! { rt::text::text::<#max> },
    }
}

/// Whether the check of `kind` reads its value by reference.
fn by_reference(kind: &Kind) -> bool {
    match kind {
        Kind::Boolean | Kind::Integer(_) | Kind::Number(_) => true,
        Kind::String(r) => !r.enum_values.is_empty(),
        _ => false,
    }
}

/// The check of one scalar value `raw` (an owned `rt::Raw`).
fn scalar_check(
    kind: &Kind,
    ty: &TokenStream,
    marker: Option<&Ident>,
    raw: TokenStream,
    param: TokenStream,
) -> TokenStream {
    match kind {
        Kind::Boolean => quote! { rt::boolean::boolean(cx, &#raw, #param) },
        Kind::Integer(r) if plain_integer(r) => {
            quote! { rt::integer::int64(cx, &#raw, #param) }
        }
        Kind::Integer(r) => {
            let (min, max) = (int_arg(r.min()), int_arg(r.max()));
            match r.multiple_of {
                Some(step) => {
                    let step = int_arg(step);
                    quote! { rt::integer::multiple::<#min, #max, #step>(cx, &#raw, #param) }
                }
                None => quote! { rt::integer::integer::<#min, #max>(cx, &#raw, #param) },
            }
        }
        Kind::Number(_) => {
            let marker = marker.expect("a number has a rule marker");
            quote! { rt::number::value::<#marker>(cx, &#raw, #param) }
        }
        Kind::String(r) if !r.enum_values.is_empty() => {
            quote! { rt::choice::choice::<#ty>(cx, &#raw, #param) }
        }
        Kind::String(StringRule {
            format: Some(StringFormat::Size(_)),
            ..
        }) => quote! { rt::size::size(cx, #raw, #param) },
        Kind::String(StringRule {
            format: Some(StringFormat::Url(u)),
            ..
        }) => {
            let public = u.public;
            quote! { rt::url::url::<#public>(cx, #raw, #param) }
        }
        Kind::String(r) if r.max_length.is_some() || r.min_length.is_some() => {
            let check = text_fn(r);
            quote! { #check(cx, #raw, #param) }
        }
        Kind::String(_) => quote! { rt::text::plain(cx, #raw, #param) },
        Kind::Model | Kind::Array(_) | Kind::Object(_) | Kind::Size(_) => {
            quote! { compile_error!("arrays hold scalars only") }
        }
    }
}

/// Whether `v` (a `&T` of `m`'s type) is one of `values`.
fn condition_eq(m: &Member<'_>, values: &[Literal]) -> TokenStream {
    let each = values.iter().map(|value| literal_eq(m, value));
    quote! { #(#each)||* }
}

/// `v == <literal>` for a condition on `m` (`v` is `&T`).
fn literal_eq(m: &Member<'_>, value: &Literal) -> TokenStream {
    match (&m.p.kind, value) {
        (Kind::Boolean, Literal::Bool(true)) => quote! { *v },
        (Kind::Boolean, Literal::Bool(false)) => quote! { !*v },
        (Kind::Integer(_), Literal::Int(i)) => {
            let (get, i) = (integer(m, quote! { v }), int(*i));
            quote! { #get == #i }
        }
        (Kind::String(r), Literal::Str(s)) if !r.enum_values.is_empty() => {
            let ty = &m.value.ty;
            let variant = variant_of(&r.enum_values, s);
            quote! { *v == #ty::#variant }
        }
        (Kind::String(_), Literal::Str(s)) => quote! { &**v == #s },
        _ => quote! { false },
    }
}

fn variant_of(values: &[String], value: &str) -> Ident {
    let i = values
        .iter()
        .position(|v| v == value)
        .expect("checked: a member");
    variant_idents(values).swap_remove(i)
}

/// `Option<Choice>`: the effective value of an enum property (given, else its default).
fn effective_choice(m: &Member<'_>) -> TokenStream {
    let var = &m.var;
    let default = match &m.p.default {
        Some(d) => {
            let d = default_value(m, d);
            quote! { Some(#d) }
        }
        None => quote! { None },
    };
    quote! { match &#var { rt::Got::Valid(v) => Some(*v), rt::Got::Absent => #default, rt::Got::Invalid => None } }
}

/// A default as a value of the property's type, checked when the program compiles.
fn default_value(m: &Member<'_>, d: &Literal) -> TokenStream {
    match (&m.p.kind, d) {
        (Kind::Boolean, Literal::Bool(b)) => quote! { #b },
        (Kind::Integer(r), Literal::Int(i)) if plain_integer(r) => int(*i),
        (Kind::Integer(r), Literal::Int(i)) => {
            let (min, max, v) = (int_arg(r.min()), int_arg(r.max()), int_arg(*i));
            let step = r.multiple_of.map(|s| {
                let s = int_arg(s);
                quote! { , #s }
            });
            quote! { ::capspec::types::Integer::<#min, #max #step>::literal::<#v>() }
        }
        (Kind::Number(_), Literal::Number(x)) => {
            let ty = &m.value.ty;
            let x = float(*x);
            quote! { const { #ty::from_static(#x) } }
        }
        (Kind::Size(z), Literal::Str(s)) => {
            let preset = m.value.marker.as_ref().expect("a size has a preset enum");
            let names: Vec<String> = z.presets.iter().map(|(n, _)| n.clone()).collect();
            let variant = variant_of(&names, s);
            quote! { ::capspec::types::PresetSize::preset(#preset::#variant) }
        }
        (Kind::String(r), Literal::Str(s)) if !r.enum_values.is_empty() => {
            let ty = &m.value.ty;
            let variant = variant_of(&r.enum_values, s);
            quote! { #ty::#variant }
        }
        (
            Kind::String(StringRule {
                format: Some(StringFormat::Size(_)),
                ..
            }),
            Literal::Str(s),
        ) => {
            // `ParametersSize<'a>` as `ParametersSize<'static>`.
            let alias = m.value.ty.clone().into_iter().next();
            quote! { const { #alias::<'static>::from_static(#s) } }
        }
        (Kind::String(r), Literal::Str(s)) if r.max_length.is_some() || r.min_length.is_some() => {
            let (max, min) = text_bounds(r);
            quote! { const { ::capspec::types::Text::<'static, #max #min>::from_static(#s) } }
        }
        (Kind::String(_), Literal::Str(s)) => quote! { ::std::borrow::Cow::Borrowed(#s) },
        _ => quote! { compile_error!("a default of the wrong type") },
    }
}

/// `size_table(ratio, tier)`, and `tiers_with(ratio)` where the table lacks cells.
fn size_table_fns(
    t: &SizeTable,
    ratio: &Member<'_>,
    tier: &Member<'_>,
    incomplete: bool,
) -> TokenStream {
    let (rt_ty, tt_ty) = (&ratio.value.ty, &tier.value.ty);
    let values = |m: &Member<'_>| match &m.p.kind {
        Kind::String(s) => s.enum_values.clone(),
        _ => Vec::new(),
    };
    let (r_values, t_values) = (values(ratio), values(tier));
    let mut arms = Vec::new();
    let mut tier_arms = Vec::new();
    for (row, cells) in &t.cells {
        let rv = variant_of(&r_values, row);
        for (tier_value, d) in cells {
            let tv = variant_of(&t_values, tier_value);
            let d = dims(*d);
            arms.push(quote! { (#rt_ty::#rv, #tt_ty::#tv) => Some(#d) });
        }
        let list = cells
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        tier_arms.push(quote! { #rt_ty::#rv => #list });
    }
    let complete = arms.len() == r_values.len() * t_values.len();
    let fallback = (!complete).then(|| quote! { _ => None, });
    let d = doc(&format!(
        "The `{}` × `{}` size table ({}).",
        t.ratio, t.tier, t.source
    ));
    let tiers_with = incomplete.then(|| {
        quote! {
            /// The tiers a ratio's row has, as messages list them.
            fn tiers_with(ratio: #rt_ty) -> &'static str {
                match ratio {
                    #(#tier_arms,)*
                }
            }
        }
    });
    quote! {
        #d
        fn size_table(ratio: #rt_ty, tier: #tt_ty) -> Option<::capspec::spec::Dims> {
            match (ratio, tier) {
                #(#arms,)*
                #fallback
            }
        }

        #tiers_with
    }
}
