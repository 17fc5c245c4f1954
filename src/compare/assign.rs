//! Aligning items of N plans at once. For every pair of plans, the one-to-one assignment with the
//! greatest total similarity (Hungarian method) proposes links; links are then merged into groups
//! strongest first, never putting two items of one plan in a group and never joining groups whose
//! members are, on average, not alike. The result does not depend on which plan is listed first.

/// An item to align: the plan it belongs to and its index within that plan's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Item {
    pub plan: usize,
    pub index: usize,
}

/// Above this many matrix cells the exact assignment is replaced by best-first picking, so a
/// pathological input cannot make the diff cubic in its size: the exact method costs
/// min(n, m) × n × m steps, here at most 500 × 250,000.
const MAX_EXACT_CELLS: usize = 250_000;

/// Groups items so that each group has at most one item per plan. `counts[p]` is the number of
/// items of plan `p`; `similarity(a, b)` is in [0, 1] and symmetric; links weaker than
/// `threshold` are never made. Groups come out ordered by their first member in plan order.
pub fn align(
    counts: &[usize],
    threshold: f64,
    similarity: &dyn Fn(Item, Item) -> f64,
) -> Vec<Vec<Item>> {
    let mut links: Vec<(f64, Item, Item)> = Vec::new();
    for p in 0..counts.len() {
        for q in (p + 1)..counts.len() {
            let (n, m) = (counts[p], counts[q]);
            if n == 0 || m == 0 {
                continue;
            }
            let at = |i: usize, j: usize| {
                similarity(Item { plan: p, index: i }, Item { plan: q, index: j })
            };
            if n.saturating_mul(m) <= MAX_EXACT_CELLS {
                let mut matrix = vec![0.0f64; n * m];
                for i in 0..n {
                    for j in 0..m {
                        matrix[i * m + j] = at(i, j);
                    }
                }
                for (i, j) in max_weight_assignment(&matrix, n, m, threshold) {
                    links.push((
                        matrix[i * m + j],
                        Item { plan: p, index: i },
                        Item { plan: q, index: j },
                    ));
                }
            } else {
                for (w, i, j) in best_first_assignment(&at, n, m, threshold) {
                    links.push((w, Item { plan: p, index: i }, Item { plan: q, index: j }));
                }
            }
        }
    }
    links.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));

    // Union-find over all items, with each group's members kept for the checks.
    let offsets: Vec<usize> = counts
        .iter()
        .scan(0, |acc, c| {
            let start = *acc;
            *acc += c;
            Some(start)
        })
        .collect();
    let flat = |item: Item| offsets[item.plan] + item.index;
    let total: usize = counts.iter().sum();
    let mut parent: Vec<usize> = (0..total).collect();
    let mut members: Vec<Vec<Item>> = Vec::with_capacity(total);
    for (plan, count) in counts.iter().enumerate() {
        for index in 0..*count {
            members.push(vec![Item { plan, index }]);
        }
    }
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (_, a, b) in links {
        let (ra, rb) = (root(&mut parent, flat(a)), root(&mut parent, flat(b)));
        if ra == rb {
            continue;
        }
        let clash = members[ra]
            .iter()
            .any(|x| members[rb].iter().any(|y| x.plan == y.plan));
        if clash {
            continue;
        }
        // Average similarity over every cross pair, so A~B and B~C do not drag in an unlike C.
        let mut sum = 0.0;
        let mut pairs = 0usize;
        for x in &members[ra] {
            for y in &members[rb] {
                sum += similarity(*x, *y);
                pairs += 1;
            }
        }
        if pairs > 1 && sum / (pairs as f64) < threshold * 0.75 {
            continue;
        }
        let moved = std::mem::take(&mut members[rb]);
        members[ra].extend(moved);
        parent[rb] = ra;
    }
    let mut groups: Vec<Vec<Item>> = members.into_iter().filter(|g| !g.is_empty()).collect();
    for group in &mut groups {
        group.sort();
    }
    reading_order(groups)
}

/// Groups read in the order of the first plan; a group the first plan lacks comes right after
/// the group holding its predecessor in the plan it comes from, so an inserted row shows up
/// where that plan inserted it.
fn reading_order(mut groups: Vec<Vec<Item>>) -> Vec<Vec<Item>> {
    groups.sort_by_key(|g| g.first().copied());
    let mut group_of: std::collections::HashMap<Item, usize> = std::collections::HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for item in group {
            group_of.insert(*item, g);
        }
    }
    // anchor[g] = the group after which g is read; None for groups read from the top. Anchors
    // always have a smaller first member, so following them cannot loop.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    let mut roots: Vec<usize> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let Some(first) = group.first() else { continue };
        let anchor = if first.plan == 0 || first.index == 0 {
            None
        } else {
            group_of
                .get(&Item {
                    plan: first.plan,
                    index: first.index - 1,
                })
                .copied()
        };
        match anchor {
            Some(a) if a < g => children[a].push(g),
            _ => roots.push(g),
        }
    }
    // Rows that open another plan's table (nothing before them there) are read first.
    roots.sort_by_key(|g| {
        let opens = groups[*g]
            .first()
            .is_some_and(|first| first.plan > 0 && first.index == 0);
        (!opens, *g)
    });
    let mut order: Vec<usize> = Vec::with_capacity(groups.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(g) = stack.pop() {
        order.push(g);
        stack.extend(children[g].iter().rev().copied());
    }
    let mut slots: Vec<Option<Vec<Item>>> = groups.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|g| slots.get_mut(g).and_then(Option::take))
        .collect()
}

/// Max-weight one-to-one assignment on an `n × m` matrix (row-major), keeping only pairs at or
/// above `threshold`. Entries below the threshold count as zero, so a weak pair never displaces
/// the choice of a strong one.
pub fn max_weight_assignment(
    matrix: &[f64],
    n: usize,
    m: usize,
    threshold: f64,
) -> Vec<(usize, usize)> {
    // The method below wants no more rows than columns; it then costs O(rows² × columns).
    // Padding the matrix to a square instead cost O(max(n, m)³): 4,000 rows against 54 took
    // 87 s.
    let transposed = n > m;
    let (rows, columns) = if transposed { (m, n) } else { (n, m) };
    let entry = |row: usize, column: usize| -> f64 {
        if transposed {
            matrix[column * m + row]
        } else {
            matrix[row * m + column]
        }
    };
    // Minimize cost = 1 - weight.
    let weight = |row: usize, column: usize| -> f64 {
        let w = entry(row, column);
        if w >= threshold {
            // The margin over the threshold, not the similarity itself: otherwise two middling
            // links outweigh one clear link and the clear one is given up.
            w - threshold + f64::EPSILON
        } else {
            0.0
        }
    };
    // Hungarian method with potentials (1-based; column 0 is the free row's start).
    let inf = f64::INFINITY;
    let mut u = vec![0.0; rows + 1];
    let mut v = vec![0.0; columns + 1];
    let mut p = vec![0usize; columns + 1];
    let mut way = vec![0usize; columns + 1];
    for i in 1..=rows {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![inf; columns + 1];
        let mut used = vec![false; columns + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0usize;
            for j in 1..=columns {
                if !used[j] {
                    let cur = (1.0 - weight(i0 - 1, j - 1)) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=columns {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut pairs = Vec::new();
    for (j, &i) in p.iter().enumerate().skip(1) {
        if i >= 1 && entry(i - 1, j - 1) >= threshold {
            pairs.push(if transposed {
                (j - 1, i - 1)
            } else {
                (i - 1, j - 1)
            });
        }
    }
    pairs.sort();
    pairs
}

/// Best pairs first: the fallback for very large tables. Only pairs at or above the threshold
/// are kept, so memory follows the number of plausible pairs, not the table sizes.
fn best_first_assignment(
    similarity: &dyn Fn(usize, usize) -> f64,
    n: usize,
    m: usize,
    threshold: f64,
) -> Vec<(f64, usize, usize)> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in 0..m {
            let w = similarity(i, j);
            if w >= threshold {
                candidates.push((w, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut row_used = vec![false; n];
    let mut column_used = vec![false; m];
    let mut pairs = Vec::new();
    for (w, i, j) in candidates {
        if !row_used[i] && !column_used[j] {
            row_used[i] = true;
            column_used[j] = true;
            pairs.push((w, i, j));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_is_global_not_greedy() {
        // Greedy would take (0,0)=0.9 and leave row 1 with (1,1)=0.1; the optimum pairs (0,1),(1,0).
        let matrix = [0.9, 0.8, 0.85, 0.1];
        assert_eq!(
            max_weight_assignment(&matrix, 2, 2, 0.5),
            vec![(0, 1), (1, 0)]
        );
    }

    /// The best total margin over the threshold by trying every one-to-one choice.
    fn brute_force_best(matrix: &[f64], n: usize, m: usize, threshold: f64) -> f64 {
        fn go(row: usize, used: &mut Vec<bool>, ctx: (&[f64], usize, usize, f64)) -> f64 {
            let (matrix, n, m, threshold) = ctx;
            if row == n {
                return 0.0;
            }
            let mut best = go(row + 1, used, ctx);
            for column in 0..m {
                let w = matrix[row * m + column];
                if !used[column] && w >= threshold {
                    used[column] = true;
                    best = best.max(w - threshold + go(row + 1, used, ctx));
                    used[column] = false;
                }
            }
            best
        }
        go(0, &mut vec![false; m], (matrix, n, m, threshold))
    }

    fn total(matrix: &[f64], m: usize, threshold: f64, pairs: &[(usize, usize)]) -> f64 {
        pairs
            .iter()
            .map(|(i, j)| matrix[i * m + j] - threshold)
            .sum()
    }

    #[test]
    fn assignment_is_optimal_on_wide_and_tall_matrices() {
        // A fixed xorshift sequence: every shape from 1×1 to 5×5, many matrices each.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in 1..=5 {
            for m in 1..=5 {
                for _ in 0..60 {
                    let matrix: Vec<f64> = (0..n * m).map(|_| next()).collect();
                    let pairs = max_weight_assignment(&matrix, n, m, 0.5);
                    let mut rows: Vec<usize> = pairs.iter().map(|p| p.0).collect();
                    let mut columns: Vec<usize> = pairs.iter().map(|p| p.1).collect();
                    rows.dedup();
                    columns.sort();
                    columns.dedup();
                    assert_eq!((rows.len(), columns.len()), (pairs.len(), pairs.len()));
                    assert!(pairs.iter().all(|(i, j)| matrix[i * m + j] >= 0.5));
                    let found = total(&matrix, m, 0.5, &pairs);
                    let best = brute_force_best(&matrix, n, m, 0.5);
                    assert!(
                        (found - best).abs() < 1e-9,
                        "{n}×{m} {matrix:?}: {pairs:?} gives {found}, best {best}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_tall_matrix_is_assigned_from_its_short_side() {
        // Padded to a square, 20,000 × 3 was 8·10¹² steps (this test would not end); from the
        // short side it is 3 × 3 × 20,000.
        let (n, m) = (20_000, 3);
        let matrix: Vec<f64> = (0..n * m)
            .map(|k| if k / m == (k % m) * 7_000 { 0.9 } else { 0.1 })
            .collect();
        assert_eq!(
            max_weight_assignment(&matrix, n, m, 0.5),
            vec![(0, 0), (7_000, 1), (14_000, 2)]
        );
        let transposed: Vec<f64> = (0..m * n).map(|k| matrix[(k % n) * m + k / n]).collect();
        assert_eq!(
            max_weight_assignment(&transposed, m, n, 0.5),
            vec![(0, 0), (1, 7_000), (2, 14_000)]
        );
    }

    #[test]
    fn one_item_per_plan_per_group() {
        let counts = [2, 1, 1];
        let sim = |a: Item, b: Item| if a.plan != b.plan { 0.9 } else { 0.0 };
        let groups = align(&counts, 0.5, &sim);
        for group in &groups {
            let mut plans: Vec<usize> = group.iter().map(|i| i.plan).collect();
            plans.dedup();
            assert_eq!(plans.len(), group.len());
        }
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 4);
    }
}
