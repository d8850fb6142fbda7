/** A mapping that cannot be used, with what is wrong in words a person can act on (an HTTP 400). */
export class MappingProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingProblem';
  }
}

/** What a mapping's validation asks of the catalogue. */
export interface MappingCatalogue {
  indicatorExists(code: string): boolean;
  scopeExists(code: string): boolean;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses keys that are not among `allowed` (a typo would otherwise be ignored). */
export function onlyKnownKeys(o: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new MappingProblem(
      `${what}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${allowed.join(', ')})`,
    );
  }
}
