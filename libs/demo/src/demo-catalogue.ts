import type { DomainInfo } from '@app/contracts';
import { DEMO_DOMAINS } from './demo-domains.data';
import { MORE_DEMO_DOMAINS } from './demo-domains-more.data';
import { DEMO_FAMILIES, familyTemplates } from './demo-families.data';
import type { DemoIndicator, Template } from './demo-indicator.type';
import { demoPeriodSpec } from './demo-statistics.data';

export { DEMO_SCOPES, DEMO_DISTRICTS, DEMO_PROVINCE } from './demo-scopes.data';

const ALL_DOMAINS = [...DEMO_DOMAINS, ...MORE_DEMO_DOMAINS];

export const DEMO_DOMAIN_LIST: DomainInfo[] = ALL_DOMAINS.map(({ code, name }) => ({ code, name }));

/** Spread of the noise per kind: counts and levels move more than rates. */
const SPREAD = { count: 0.12, amount: 0.05, rate: 0.02, level: 0.1 } as const;

function toIndicator(domain: string, [key, name, unit, kind, base, direction, cadence]: Template): DemoIndicator {
  const code = `${domain}.${key}`;
  const stats = demoPeriodSpec(code);
  const ind: DemoIndicator = {
    code,
    domain,
    name,
    unit,
    direction: direction ?? null,
    target:
      kind === 'rate' && direction
        ? direction === 'up'
          ? Math.min(100, Math.round(base * 1.05))
          : Math.round(base * 0.8 * 100) / 100
        : null,
    retentionDays: null,
    kind,
    base,
    spread: SPREAD[kind],
    cadence: cadence ?? 'minute',
  };
  if (!stats) return ind;
  const { period, timeAgg, scopeAgg, dueDays } = stats;
  return { ...ind, period, timeAgg, scopeAgg, dueDays, stats };
}

/** The demo's period indicators: reported per month, quarter or year (history backfilled at first start). */
export const isDemoPeriodIndicator = (i: DemoIndicator): boolean => i.stats !== undefined;

/** The 1,039 demo indicators: hand-written templates, then the families. */
export const DEMO_INDICATORS: DemoIndicator[] = [
  ...ALL_DOMAINS.flatMap((d) => d.templates.map((t) => toIndicator(d.code, t))),
  ...DEMO_FAMILIES.flatMap((f) => familyTemplates(f).map((t) => toIndicator(f.domain, t))),
];
