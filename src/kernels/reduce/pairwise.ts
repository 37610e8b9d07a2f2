/**
 * Pairwise summation as numpy does it: eight interleaved accumulators over runs of up to 128
 * elements, halving above that. The rounding error grows like O(log n) rather than O(n), at
 * the speed of a plain loop.
 */

const PW_BLOCK = 128;

/** Leaf sums of a power-of-two block, then halved level by level in place. */
const leaves = new Float64Array(64);

/**
 * `pairwiseSum` for n = 128·2^k (k ≤ 6) — every full block of a reduction (2048): the same
 * tree, evaluated without recursion. The recursion halves such an n exactly down to leaves of
 * 128, so the sum is the leaves' sums added pairwise level by level, which is the order here.
 * Recursing, each of a block's 31 calls returned its double boxed on the heap (a sum of
 * normals spent ~0.6 ns an element here and in the garbage collector; now ~0.15).
 */
function pairwisePow2(x: Float64Array, start: number, n: number): number {
  const nLeaves = n >> 7;
  for (let l = 0; l < nLeaves; l++) {
    const s = start + (l << 7);
    let r0 = x[s]!, r1 = x[s + 1]!, r2 = x[s + 2]!, r3 = x[s + 3]!;
    let r4 = x[s + 4]!, r5 = x[s + 5]!, r6 = x[s + 6]!, r7 = x[s + 7]!;
    for (let i = s + 8; i < s + 128; i += 8) {
      r0 += x[i]!; r1 += x[i + 1]!; r2 += x[i + 2]!; r3 += x[i + 3]!;
      r4 += x[i + 4]!; r5 += x[i + 5]!; r6 += x[i + 6]!; r7 += x[i + 7]!;
    }
    leaves[l] = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
  }
  return addLeaves(leaves, nLeaves);
}

/** The sum of leaf sums l[0 … nLeaves) (a power of two), added pairwise level by level, in place. */
export function addLeaves(l: Float64Array, nLeaves: number): number {
  for (let w = nLeaves; w > 1; w >>= 1) {
    for (let j = 0; j < w >> 1; j++) l[j] = l[2 * j]! + l[2 * j + 1]!;
  }
  return l[0]!;
}

/** Whether `pairwiseSum` of n elements is the pairwise sum of n / 128 leaves of 128. */
export function sumsByLeaves(n: number): boolean {
  return n >= 256 && n <= 8192 && (n & (n - 1)) === 0;
}

/** Sum of x[start … start + n) (−0 for n = 0, so that a sum of −0s stays −0 as in numpy). */
export function pairwiseSum(x: Float64Array, start: number, n: number): number {
  if (sumsByLeaves(n)) return pairwisePow2(x, start, n);
  if (n < 8) {
    let r = -0;
    for (let i = start; i < start + n; i++) r += x[i]!;
    return r;
  }
  if (n <= PW_BLOCK) {
    let r0 = x[start]!, r1 = x[start + 1]!, r2 = x[start + 2]!, r3 = x[start + 3]!;
    let r4 = x[start + 4]!, r5 = x[start + 5]!, r6 = x[start + 6]!, r7 = x[start + 7]!;
    const end8 = start + n - (n % 8);
    let i = start + 8;
    for (; i < end8; i += 8) {
      r0 += x[i]!; r1 += x[i + 1]!; r2 += x[i + 2]!; r3 += x[i + 3]!;
      r4 += x[i + 4]!; r5 += x[i + 5]!; r6 += x[i + 6]!; r7 += x[i + 7]!;
    }
    let r = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < start + n; i++) r += x[i]!;
    return r;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(x, start, n2) + pairwiseSum(x, start + n2, n - n2);
}
