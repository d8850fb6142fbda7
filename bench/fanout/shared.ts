/**
 * What the fan-out benchmark's processes share: the catalogue's layout, the subscriptions, the
 * latency histogram and the messages between the parent and its client and bare-server processes.
 * No imports from the service: the child processes stay small.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Ten domains (the demo's first ten), fifty indicators each, a province and ten districts under it. */
export const DOMAINS = [
  'finance',
  'investment',
  'public_services',
  'hotline',
  'traffic',
  'environment',
  'health',
  'education',
  'labour',
  'industry',
] as const;
export const INDICATORS_PER_DOMAIN = 50;
export const PROVINCE = '74';
export const DISTRICTS = Array.from({ length: 10 }, (_, i) => `74${String(i + 1).padStart(2, '0')}`);
/** Every (indicator, district): 10 × 50 × 10 = 5,000 series. Nothing is written on the province itself. */
export const SERIES = DOMAINS.length * INDICATORS_PER_DOMAIN * DISTRICTS.length;

export const indicatorCode = (domain: number, k: number) => `${DOMAINS[domain]}.fanout_${String(k).padStart(2, '0')}`;

/**
 * Series i: district i mod 10, domain ⌊i / 10⌋ mod 10, indicator ⌊i / 100⌋ of that domain. Any 100
 * consecutive series hold 10 of every district and 10 of every domain, so each tick's batch (a run
 * of consecutive series) is spread evenly: a district feed and a domain wall each get a tenth of it.
 */
export function seriesOf(i: number): { indicator: string; scope: string; district: number; domain: number } {
  const s = ((i % SERIES) + SERIES) % SERIES;
  const district = s % 10;
  const domain = Math.floor(s / 10) % 10;
  return { indicator: indicatorCode(domain, Math.floor(s / 100)), scope: DISTRICTS[district], district, domain };
}

/** A socket's subscription: a district feed (one district, every domain) or a province wall on one domain. */
export interface SubSpec {
  kind: 'district' | 'wall';
  /** District index (district feed) or domain index (wall). */
  index: number;
}

export function subscribeRequest(sub: SubSpec): { scopes: string[]; domains?: string[] } {
  return sub.kind === 'district'
    ? { scopes: [DISTRICTS[sub.index]] }
    : { scopes: [PROVINCE], domains: [DOMAINS[sub.index]] };
}

/** Does a subscription take this point? (The bare server's rooms; the service decides by itself.) */
export function subMatches(req: { scopes?: string[]; domains?: string[] }, indicator: string, scope: string): boolean {
  if (req.scopes?.length && !req.scopes.some((s) => s === scope || s === PROVINCE)) return false;
  if (req.domains?.length && !req.domains.includes(indicator.slice(0, indicator.indexOf('.')))) return false;
  return true;
}

/** The subscriptions of n sockets: three quarters district feeds (evenly over the districts), the rest walls (evenly over the domains). */
export function socketMix(n: number, from = 0): SubSpec[] {
  return Array.from({ length: n }, (_, k) => {
    const j = from + k;
    // Interleaved (3 feeds, then a wall), each kind round-robin: any 40 consecutive sockets hold 3 feeds
    // of every district and one wall of every domain.
    return j % 4 === 3
      ? { kind: 'wall' as const, index: Math.floor(j / 4) % DOMAINS.length }
      : { kind: 'district' as const, index: (j - Math.floor(j / 4)) % DISTRICTS.length };
  });
}

/** Latencies in whole milliseconds, 0 to MAX_MS (longer ones in the last bucket; `max` keeps the real one). */
export const MAX_MS = 120_000;

export class Histogram {
  counts = new Float64Array(MAX_MS + 1);
  n = 0;
  max = 0;

  add(ms: number, times = 1): void {
    const b = ms < 0 ? 0 : ms > MAX_MS ? MAX_MS : ms;
    this.counts[b] += times;
    this.n += times;
    if (ms > this.max) this.max = ms;
  }

  merge(h: HistogramData): void {
    for (const [b, c] of h.pairs) this.counts[b] += c;
    this.n += h.n;
    if (h.max > this.max) this.max = h.max;
  }

  /** The smallest latency that at least fraction q of the samples do not exceed; null without samples. */
  quantile(q: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let b = 0; b <= MAX_MS; b++) {
      seen += this.counts[b];
      if (seen >= rank) return b;
    }
    return MAX_MS;
  }

  data(): HistogramData {
    const pairs: [number, number][] = [];
    for (let b = 0; b <= MAX_MS; b++) if (this.counts[b]) pairs.push([b, this.counts[b]]);
    return { pairs, n: this.n, max: this.max };
  }
}

export interface HistogramData {
  pairs: [number, number][];
  n: number;
  max: number;
}

/** One socket for a client process to open. */
export interface SocketOrder {
  token: string;
  sub: SubSpec;
}

/** Per subscription kind, what a client process received in the window. */
export interface KindStats {
  /** Points received while the window was open, and their latencies (receipt − ts). */
  points: number;
  latency: HistogramData;
  /** The same split at the time the entry was added to the live stream (its cursor): ts → stream, stream → receipt. */
  toStream: HistogramData;
  fromStream: HistogramData;
  /** Points whose ts lies in the window (sent while it was open), received by the time of the report. */
  ofWindow: number;
}

export type ParentMessage =
  | { id: number; cmd: 'open'; url: string; sockets: SocketOrder[]; concurrency: number }
  | { id: number; cmd: 'window'; t0: number; t1: number }
  | { id: number; cmd: 'report' }
  | { id: number; cmd: 'close' };

/** A process's event-loop delay over the window (ms): how far behind its own work it ran. */
export interface LoopDelay {
  p99: number;
  max: number;
}

export type ChildMessage =
  | { id: number; type: 'opened'; opened: number; failed: number; errors: string[]; ms: number; ports: number[] }
  | { id: number; type: 'window' }
  | {
      id: number;
      type: 'report';
      kinds: Record<SubSpec['kind'], KindStats>;
      /** Points received outside the window (before it, or after). */
      outside: number;
      events: number;
      /** Sockets connected now. */
      sockets: number;
      /**
       * Connected sockets per kind and index (district or domain) when the window opened: what the
       * expected deliveries are computed from (a socket dropped in the window owes its points).
       */
      connected: Record<SubSpec['kind'], number[]>;
      disconnects: number;
      disconnectReasons: Record<string, number>;
      loop: LoopDelay;
    }
  | { id: number; type: 'closed' }
  | { id: 0; type: 'ready'; port?: number };

/**
 * Measures this process's event-loop delay between t0 and t1 of the last window (the bare server and
 * the clients): a client far behind its sockets would show its own lag as the server's latency.
 */
export function windowLoopDelay(): { set(t0: number, t1: number, atStart?: () => void): void; read(): LoopDelay } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  let result: LoopDelay = { p99: 0, max: 0 };
  let timers: NodeJS.Timeout[] = [];
  return {
    set(t0, t1, atStart) {
      for (const t of timers) clearTimeout(t);
      result = { p99: 0, max: 0 };
      timers = [
        setTimeout(() => {
          h.reset();
          h.enable();
          atStart?.();
        }, t0 - Date.now()),
        setTimeout(() => {
          h.disable();
          result = { p99: Math.round(h.percentile(99) / 1e6), max: Math.round(h.max / 1e6) };
        }, t1 - Date.now()),
      ];
    },
    read: () => result,
  };
}
