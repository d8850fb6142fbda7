/**
 * Does a parsed JSON value nest deeper than `limit` (arrays and objects; the top level is 1)?
 * Iterative, stops at the first branch past the limit: safe on payloads nested 100,000 deep.
 */
export function payloadDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return false;
}
