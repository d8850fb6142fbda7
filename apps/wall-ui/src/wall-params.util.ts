/** The wall's URL: `/wall?scope=CODE&domains=a,b&key=KEY&lang=vi|en&rotate=SECONDS&map=INDICATOR&sound=0`. */
export type WallLang = 'vi' | 'en';

export interface WallParams {
  /** The scope to show; null: the key's root scope (the province, or a district key's district). */
  scope: string | null;
  /** Domains to show, in this order; empty: every domain with indicators. */
  domains: string[];
  lang: WallLang;
  /** Seconds per page when rotating through domain pages; 0: no rotation. */
  rotateSeconds: number;
  /** The indicator that colours the map; null: chosen from the page shown. */
  mapIndicator: string | null;
  /** A chime for a new critical alert (`sound=0`: banner only). */
  sound: boolean;
}

/** localStorage entry that keeps the key once it was taken from the URL (or typed in). */
export const KEY_STORE = 'ioc-wall-key';

/** Default and bounds of `rotate` (seconds): a page must stay long enough to be read. */
export const DEFAULT_ROTATE_SECONDS = 0;
const MIN_ROTATE_SECONDS = 5;
const MAX_ROTATE_SECONDS = 3600;

export function parseWallParams(search: string): WallParams {
  const q = new URLSearchParams(search);
  const list = (name: string) =>
    (q.get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const rotate = Number(q.get('rotate') ?? DEFAULT_ROTATE_SECONDS);
  return {
    scope: q.get('scope')?.trim() || null,
    domains: list('domains'),
    lang: q.get('lang')?.toLowerCase().startsWith('en') ? 'en' : 'vi',
    rotateSeconds:
      Number.isFinite(rotate) && rotate > 0
        ? Math.min(MAX_ROTATE_SECONDS, Math.max(MIN_ROTATE_SECONDS, Math.round(rotate)))
        : 0,
    mapIndicator: q.get('map')?.trim() || null,
    sound: q.get('sound') !== '0',
  };
}

/**
 * The key: taken once from the URL (`key=`), kept in storage, and removed from the address bar so it
 * is not left on screen, in the history or in a bookmark; else the stored one.
 */
export function takeKey(location: Location, history: History, storage: Storage): string | null {
  const q = new URLSearchParams(location.search);
  const fromUrl = q.get('key');
  if (fromUrl) {
    storage.setItem(KEY_STORE, fromUrl);
    q.delete('key');
    const rest = q.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
    return fromUrl;
  }
  return storage.getItem(KEY_STORE);
}
