//! The crate's one sort. Every `sort`/`sort_by`/`sort_unstable` call on a new element type or with a new
//! comparator is a fresh copy of the standard library's sort (quicksort, small-sort and merge networks,
//! 2–4 KB of wasm each); nine call sites made 29 KB of the release module. Sorting indices through a
//! comparator object instead instantiates it once. The lists sorted here are short (map keys, failing
//! labels, a history's digests and marks), so the indirect call per comparison is of no consequence; the
//! shortest are sorted in place without it.

use std::cmp::Ordering;

/// The indices `0..n` ordered by `cmp`, equal ones in index order (a stable sort).
pub fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Up to this many items, [`sort_by`] sorts in place by insertion (a few dozen bytes of code per element
/// type, no allocation): most lists sorted here are that short (a history's digests, failing labels).
const SMALL: usize = 16;

/// Sorts `items` stably by `cmp`, as `items.sort_by(cmp)` does.
pub fn sort_by<T>(items: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= SMALL {
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && cmp(&items[j - 1], &items[j]) == Ordering::Greater {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let order = sorted_indices(items.len(), &mut |a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().map(|i| slots[i].take().expect("each index once")));
}

/// Sorts `items` stably by their natural order, as `items.sort()` does.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_sort() {
        let mut seed = 7u32;
        for n in [0, 1, 2, 3, 5, 12, 16, 17, 20, 64, 257, 1000] {
            let pairs: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) as u8 % 13, i)
                })
                .collect();
            // Stable: by the first element only, the second keeps the input order among equals.
            let mut ours = pairs.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = pairs.clone();
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "n = {n}");
            let mut ours = pairs.iter().map(|p| p.0).collect::<Vec<_>>();
            sort(&mut ours);
            assert!(ours.windows(2).all(|w| w[0] <= w[1]) && ours.len() == n);
            let order = sorted_indices(n, &mut |a, b| pairs[b].0.cmp(&pairs[a].0));
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by(|&a, &b| pairs[b].0.cmp(&pairs[a].0));
            assert_eq!(order, want);
        }
    }
}
