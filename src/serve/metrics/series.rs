//! The handles of the series a server has written to, by their label values.
//!
//! Registering a series with the recorder builds its key (label names and values copied, a
//! vector, a hash of the whole) and looks it up in the registry. A proxied request writes four
//! series, so the server keeps the handles it registered: a read lock and one hash of the label
//! values, borrowed, finds them again (a counter and the histogram written with it are kept
//! together: two lookups a request). Label values are bounded (metrics/mod.rs), and so is this
//! map.

use std::hash::{Hash, Hasher};
use std::sync::{PoisonError, RwLock};

use hashbrown::{Equivalent, HashMap};

/// The handles (`metrics::Counter`, `metrics::Histogram`) of one metric's series, by the
/// values of its `N` labels.
pub(super) struct Series<const N: usize, H> {
    handles: RwLock<HashMap<Values<N>, H>>,
}

/// Label values, owned: a key of the map.
#[derive(PartialEq, Eq)]
struct Values<const N: usize>([Box<str>; N]);

/// Label values, borrowed from a request: looks a key up without copying it.
struct Borrowed<'a, const N: usize>([&'a str; N]);

// The two hash alike: each value as `str` hashes it, in order.
impl<const N: usize> Hash for Values<N> {
    fn hash<S: Hasher>(&self, state: &mut S) {
        self.0.iter().for_each(|value| value.as_ref().hash(state));
    }
}

impl<const N: usize> Hash for Borrowed<'_, N> {
    fn hash<S: Hasher>(&self, state: &mut S) {
        self.0.iter().for_each(|value| value.hash(state));
    }
}

impl<const N: usize> Equivalent<Values<N>> for Borrowed<'_, N> {
    fn equivalent(&self, key: &Values<N>) -> bool {
        self.0.iter().zip(&key.0).all(|(a, b)| *a == b.as_ref())
    }
}

impl<const N: usize, H> Series<N, H> {
    pub(super) fn new() -> Series<N, H> {
        Series {
            handles: RwLock::new(HashMap::new()),
        }
    }

    /// Runs `write` on the handle of the series with these label `values`, registered by
    /// `register` the first time they are seen.
    pub(super) fn write(
        &self,
        values: [&str; N],
        register: impl FnOnce() -> H,
        write: impl FnOnce(&H),
    ) {
        let key = Borrowed(values);
        {
            let handles = self.handles.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(handle) = handles.get(&key) {
                return write(handle);
            }
        }
        let mut handles = self.handles.write().unwrap_or_else(PoisonError::into_inner);
        let owned = Values(key.0.map(Box::from));
        write(handles.entry(owned).or_insert_with(register));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_series_is_registered_once_and_found_by_its_values() {
        let series: Series<2, Cell<u32>> = Series::new();
        let registered = Cell::new(0);
        let register = || {
            registered.set(registered.get() + 1);
            Cell::new(0)
        };
        let add = |h: &Cell<u32>| h.set(h.get() + 1);
        series.write(["a", "bc"], register, add);
        series.write(["a", "bc"], register, add);
        // The same letters split differently are another series.
        series.write(["ab", "c"], register, add);
        assert_eq!(registered.get(), 2);
        let handles = series.handles.read().unwrap();
        let count = |values: [&str; 2]| handles.get(&Borrowed(values)).map(Cell::get);
        assert_eq!(count(["a", "bc"]), Some(2));
        assert_eq!(count(["ab", "c"]), Some(1));
        assert_eq!(count(["a", "b"]), None);
    }
}
