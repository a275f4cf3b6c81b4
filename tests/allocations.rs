//! The valid path allocates nothing beyond the normalized request itself: validating a body
//! makes exactly the heap allocations that cloning the resulting request makes (strings are
//! borrowed from the input; arrays of items are the request's own `Vec`s). URLs the quick
//! check takes (an ordinary `https://host/path`, as every corpus URL is) allocate nothing;
//! only a URL that needs the full parser, which builds it as a `String`, would add one.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use capspec::spec::{Kind, Spec, StringFormat, StringRule};
use capspec_corpus::{self as corpus, Expect};
use serde_json::Value;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `f`'s result and the allocations (and reallocations) it made on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}

/// How many URL values the body holds.
fn count_urls(spec: &Spec, body: &Value) -> usize {
    spec.walk()
        .into_iter()
        .filter(|p| {
            let url = |k: &Kind| {
                matches!(
                    k,
                    Kind::String(StringRule {
                        format: Some(StringFormat::Url(_)),
                        ..
                    })
                )
            };
            url(&p.kind) || matches!(&p.kind, Kind::Array(a) if url(&a.items))
        })
        .filter_map(|p| corpus::get(body.as_object()?, &p.path))
        .map(|v| v.as_array().map_or(1, Vec::len))
        .sum()
}

/// Validates as a client would: by the provider (its `model` routes), or, for a spec its
/// endpoint path selects, by the spec.
fn by_route<'a>(
    spec: &Spec,
    provider: capspec::Provider,
    bytes: &'a [u8],
) -> Result<capspec::Request<'a>, capspec::Violations> {
    match spec.routed_path() {
        Some(_) => capspec::validate_spec_slice(&spec.id, bytes).expect("a shipped spec"),
        None => provider.validate_slice(bytes),
    }
}

fn by_route_value<'a>(
    spec: &Spec,
    provider: capspec::Provider,
    body: &'a serde_json::Value,
) -> Result<capspec::Request<'a>, capspec::Violations> {
    match spec.routed_path() {
        Some(_) => capspec::validate_spec_value(&spec.id, body).expect("a shipped spec"),
        None => provider.validate_value(body),
    }
}

#[test]
fn the_valid_path_allocates_only_the_request() {
    let mut checked = 0;
    let mut with_arrays = 0;
    let mut urls = 0;
    // JSON bodies (a form's text fields are read into a JSON object first: tests/multipart.rs).
    for spec in capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
    {
        let provider: capspec::Provider = spec.provider.parse().unwrap();
        let bodies = corpus::cases(spec)
            .into_iter()
            .chain(corpus::random(spec, 5, 100))
            .filter(|c| matches!(c.expect, Expect::Valid { .. }))
            .map(|c| c.body);
        for body in bodies {
            let bytes = serde_json::to_vec(&body).unwrap();
            let (request, made) = counted(|| by_route(spec, provider, &bytes));
            let request = request.unwrap_or_else(|v| panic!("{}: {v}", spec.id));
            let (copy, needed) = counted(|| request.clone());
            urls += count_urls(spec, &body);
            let scratch = usize::from(bytes.contains(&b'\\'));
            assert_eq!(made, needed + scratch, "{} (bytes): {body}", spec.id);
            let (request, made) = counted(|| by_route_value(spec, provider, &body));
            let request = request.unwrap();
            let (_, needed_too) = counted(|| request.clone());
            assert_eq!(made, needed_too, "{} (value): {body}", spec.id);
            drop(copy);
            checked += 1;
            if needed > 0 {
                with_arrays += 1;
            }
        }
    }
    // The check means something: many bodies, some of which hold arrays.
    assert!(
        checked > 1000 && with_arrays > 10 && urls > 100,
        "{checked} bodies, {with_arrays} allocating, {urls} URLs"
    );
}

#[test]
fn a_minimal_body_allocates_nothing() {
    // JSON bodies (a form's text fields are read into a JSON object first: tests/multipart.rs).
    for spec in capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
    {
        let provider: capspec::Provider = spec.provider.parse().unwrap();
        let bytes = serde_json::to_vec(&corpus::minimal(spec)).unwrap();
        let (request, made) = counted(|| by_route(spec, provider, &bytes).map(|r| r.output()));
        request.unwrap();
        assert_eq!(made, 0, "{}", spec.id);
    }
}
