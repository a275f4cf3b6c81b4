//! Spec values as Rust tokens: literals, and the `::capspec::spec` types that hold bounds.

use capspec_spec::{Bounds, Dims, NumberRule, Ratio, RatioBounds, SizeRule};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Doc comments, one `///` line per line of `text`.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote! { #(#[doc = #lines])* }
}

/// An integer in expression position.
pub fn int(i: i64) -> TokenStream {
    let lit = Literal::u64_unsuffixed(i.unsigned_abs());
    if i < 0 {
        quote! { -#lit }
    } else {
        quote! { #lit }
    }
}

/// An integer as a const generic argument, where a negative one needs braces.
pub fn int_arg(i: i64) -> TokenStream {
    let value = int(i);
    if i < 0 {
        quote! { { #value } }
    } else {
        value
    }
}

pub fn uint(u: u64) -> Literal {
    Literal::u64_unsuffixed(u)
}

pub fn usize_lit(u: usize) -> Literal {
    Literal::usize_unsuffixed(u)
}

fn opt_uint(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = uint(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    }
}

pub fn bounds(b: Bounds) -> TokenStream {
    let (min, max, step) = (
        opt_uint(b.minimum),
        opt_uint(b.maximum),
        opt_uint(b.multiple_of),
    );
    quote! { ::capspec::spec::Bounds { minimum: #min, maximum: #max, multiple_of: #step } }
}

/// An `f64` literal (always with a fraction or exponent, so it types as a float).
pub fn float(f: f64) -> TokenStream {
    let lit = Literal::f64_unsuffixed(f.abs());
    if f < 0.0 {
        quote! { -#lit }
    } else {
        quote! { #lit }
    }
}

fn opt_float(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = float(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    }
}

pub fn number_rule(r: &NumberRule) -> TokenStream {
    let (min, max, xmin, xmax, step) = (
        opt_float(r.minimum),
        opt_float(r.maximum),
        opt_float(r.exclusive_minimum),
        opt_float(r.exclusive_maximum),
        opt_float(r.multiple_of),
    );
    quote! {
        ::capspec::spec::NumberRule {
            minimum: #min,
            maximum: #max,
            exclusive_minimum: #xmin,
            exclusive_maximum: #xmax,
            multiple_of: #step,
        }
    }
}

pub fn ratio_bounds(b: RatioBounds) -> TokenStream {
    let one = |r: Option<Ratio>| match r {
        Some(r) => {
            let (w, h) = (uint(r.width), uint(r.height));
            quote! { Some(::capspec::spec::Ratio { width: #w, height: #h }) }
        }
        None => quote! { None },
    };
    let (min, max) = (one(b.minimum), one(b.maximum));
    quote! { ::capspec::spec::RatioBounds { minimum: #min, maximum: #max } }
}

pub fn dims(d: Dims) -> TokenStream {
    let (w, h) = (uint(d.width), uint(d.height));
    quote! { ::capspec::spec::Dims { width: #w, height: #h } }
}

pub fn size_rule(z: &SizeRule) -> TokenStream {
    let sep = z.separator;
    let (w, h, px, ar) = (
        bounds(z.width),
        bounds(z.height),
        bounds(z.pixels),
        ratio_bounds(z.aspect_ratio),
    );
    quote! {
        ::capspec::spec::SizeRule { separator: #sep, width: #w, height: #h, pixels: #px, aspect_ratio: #ar }
    }
}
