import type { IndicatorInfo } from '@app/contracts';
import type { Translate } from './i18n';
import type { Catalogue } from './wall-store';

/*
 * The wall's pages: each domain's tiles, in pages of at most TILES_PER_PAGE, then "top changes" and
 * the reporting table; and which indicator colours the map.
 */

/** Tiles per domain page: what a 1080p wall shows without scrolling; a bigger domain gets several pages. */
export const TILES_PER_PAGE = 20;

export interface WallPage {
  id: string;
  label: string;
  /** The header tab the page belongs to (every page of a domain shares one), and its label. */
  tab: string;
  tabLabel: string;
  domain?: string;
  indicators?: IndicatorInfo[];
}

export function pagesOf(catalogue: Catalogue | null, t: Translate): WallPage[] {
  if (!catalogue) return [];
  const pages: WallPage[] = [];
  for (const d of catalogue.domains) {
    const all = catalogue.byDomain.get(d.code) ?? [];
    const count = Math.ceil(all.length / TILES_PER_PAGE);
    for (let i = 0; i < count; i++) {
      pages.push({
        id: `domain:${d.code}:${i + 1}`,
        tab: `domain:${d.code}`,
        tabLabel: d.name,
        label: count > 1 ? `${d.name} (${i + 1}/${count})` : d.name,
        domain: d.code,
        indicators: all.slice(i * TILES_PER_PAGE, (i + 1) * TILES_PER_PAGE),
      });
    }
  }
  const reporting = t('reportingTab');
  pages.push({ id: 'top', tab: 'top', tabLabel: t('topChanges'), label: t('topChanges') });
  pages.push({ id: 'reporting', tab: 'reporting', tabLabel: reporting, label: reporting });
  return pages;
}

/** One header tab per domain (its first page), "top changes" and reporting. */
export function tabsOf(pages: WallPage[]): { id: string; label: string }[] {
  return pages.filter((p, i) => i === 0 || pages[i - 1].tab !== p.tab).map((p) => ({ id: p.tab, label: p.tabLabel }));
}

/** The URL's `map` indicator, else the first of the page's domain with values for the map's areas. */
export function chooseMapIndicator(
  catalogue: Catalogue,
  domain: string | undefined,
  asked: string | null,
  series: Map<string, { value: number }>,
): IndicatorInfo | null {
  if (asked && catalogue.indicators.has(asked)) return catalogue.indicators.get(asked)!;
  const areas = catalogue.children.length ? catalogue.children : [catalogue.scope];
  const hasValues = (i: IndicatorInfo) => areas.some((a) => series.has(`${i.code}|${a.code}`));
  const candidates = domain ? (catalogue.byDomain.get(domain) ?? []) : [];
  return (
    candidates.find(hasValues) ??
    catalogue.domains.flatMap((d) => catalogue.byDomain.get(d.code) ?? []).find(hasValues) ??
    null
  );
}
