import type { IndicatorInfo, KeyPrincipal, SeriesRef } from '@app/contracts';

/** What a client asks for: each list optional; lists combine with AND, items of one list with OR. */
export interface SelectionFilter {
  indicators?: readonly string[];
  domains?: readonly string[];
  scopes?: readonly string[];
}

/** The part of the catalogue a selection needs (CatalogueCache satisfies it). */
export interface SelectionCatalogue {
  indicator(code: string): IndicatorInfo | undefined;
  indicators(): readonly IndicatorInfo[];
  indicatorsOfDomain(domain: string): readonly IndicatorInfo[];
  scopes(): readonly { code: string }[];
  subtree(scope: string): readonly string[];
  isWithin(scope: string, roots: readonly string[]): boolean;
}

/** Thrown when a filter names a scope the principal may not see. */
export class ScopeForbiddenError extends Error {
  constructor(readonly scope: string) {
    super(`scope ${scope} is outside this key's scopes`);
    this.name = 'ScopeForbiddenError';
  }
}

/**
 * A resolved selection: which indicators and scopes a filter matches for a principal.
 * `null` sets mean "all". Unknown codes simply match nothing.
 */
export class SeriesSelection {
  private constructor(
    readonly indicatorSet: ReadonlySet<string> | null,
    readonly scopeSet: ReadonlySet<string> | null,
    private readonly catalogue: SelectionCatalogue,
  ) {}

  /**
   * Resolves a filter for a principal. A scope in the filter means it and its descendants.
   * A district key sees only its scopes: with no scope filter it gets them; an explicit scope
   * outside them throws ScopeForbiddenError.
   */
  static resolve(filter: SelectionFilter, principal: KeyPrincipal, catalogue: SelectionCatalogue): SeriesSelection {
    let indicatorSet: Set<string> | null = null;
    if (filter.indicators?.length) indicatorSet = new Set(filter.indicators);
    if (filter.domains?.length) {
      const ofDomains = new Set<string>();
      for (const d of filter.domains) for (const i of catalogue.indicatorsOfDomain(d)) ofDomains.add(i.code);
      indicatorSet = indicatorSet ? new Set([...indicatorSet].filter((c) => ofDomains.has(c))) : ofDomains;
    }

    const limits = principal.scopes;
    let scopeSet: Set<string> | null = null;
    if (filter.scopes?.length) {
      scopeSet = new Set();
      for (const s of filter.scopes) {
        if (limits && !catalogue.isWithin(s, limits)) throw new ScopeForbiddenError(s);
        for (const c of catalogue.subtree(s)) scopeSet.add(c);
      }
    } else if (limits) {
      scopeSet = new Set();
      for (const root of limits) for (const c of catalogue.subtree(root)) scopeSet.add(c);
    }
    return new SeriesSelection(indicatorSet, scopeSet, catalogue);
  }

  matches(indicator: string, scope: string): boolean {
    return (
      (this.indicatorSet === null || this.indicatorSet.has(indicator)) &&
      (this.scopeSet === null || this.scopeSet.has(scope)) &&
      this.catalogue.indicator(indicator) !== undefined
    );
  }

  /** Every catalogued series the selection matches (indicator-major order). */
  series(): SeriesRef[] {
    const indicators = this.indicatorSet
      ? [...this.indicatorSet].filter((c) => this.catalogue.indicator(c) !== undefined)
      : this.catalogue.indicators().map((i) => i.code);
    const scopes = this.scopeSet ? [...this.scopeSet] : this.catalogue.scopes().map((s) => s.code);
    const out: SeriesRef[] = [];
    for (const indicator of indicators) for (const scope of scopes) out.push({ indicator, scope });
    return out;
  }
}
