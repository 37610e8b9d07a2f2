/**
 * numpy's pairwise summation (`np.sum` / `np.mean` over a contiguous float64 array).
 *
 * Summing in numpy's order rather than left to right makes metric values and feature
 * importances equal to scikit-learn's to the last bit, not just to 1e-15, which keeps
 * fixture comparisons exact and ties (e.g. equal CV scores) resolved the same way.
 */

const BLOCK = 128;

export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p]!; r1 += a[p + 1]!; r2 += a[p + 2]!; r3 += a[p + 3]!;
      r4 += a[p + 4]!; r5 += a[p + 5]!; r6 += a[p + 6]!; r7 += a[p + 7]!;
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** `np.mean(a)`. */
export function pairwiseMean(a: ArrayLike<number>): number {
  return pairwiseSum(a) / a.length;
}
