//! A gateway's own models, compiled from `specs/` by `build.rs`: `models::acme::pixel_1` and
//! friends, with the same API as capspec's shipped catalog.

/// The generated typed requests, validators and `CATALOG` of this crate's specs.
pub mod models {
    capspec::include_specs!();
}
