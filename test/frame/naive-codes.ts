/**
 * The reference for group codes: a Map of the keys, codes in order of first appearance, -1 for a
 * missing key (null), and the first row of each code.
 */
export function naiveCodes(keys: readonly (string | null)[]): { codes: number[]; first: number[] } {
  const seen = new Map<string, number>();
  const codes: number[] = [];
  const first: number[] = [];
  keys.forEach((k, i) => {
    if (k === null) return void codes.push(-1);
    let g = seen.get(k);
    if (g === undefined) {
      g = seen.size;
      seen.set(k, g);
      first.push(i);
    }
    codes.push(g);
  });
  return { codes, first };
}
