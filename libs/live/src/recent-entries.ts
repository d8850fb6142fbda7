import type { IndicatorPoint, LiveAlert, LiveSource } from '@app/contracts';
import { compareIds } from './live-stream.util';

/**
 * One entry of the live stream: a stored batch's points (field `p`), alert changes (field `a`) or source
 * states (field `s`). Alert and source entries have no points.
 */
export interface LiveEntry {
  id: string;
  points: IndicatorPoint[];
  alerts?: LiveAlert[];
  sources?: LiveSource[];
  /** Size of the entry in the stream (its encoded points), when it was read from Redis. */
  bytes?: number;
  /** The points by indicator, built when a narrow subscription first looks (see `pointsOfIndicators`). */
  byIndicator?: Map<string, IndicatorPoint[]>;
}

/**
 * The entry's points of these indicators, in the entry's (time) order. Through an index built once per
 * entry, so that many narrow subscriptions reading the same entry (resumes sharing a read) cost little.
 */
export function pointsOfIndicators(entry: LiveEntry, indicators: ReadonlySet<string>): IndicatorPoint[] {
  let index = entry.byIndicator;
  if (!index) {
    index = new Map();
    for (const p of entry.points) {
      const list = index.get(p.indicator);
      if (list) list.push(p);
      else index.set(p.indicator, [p]);
    }
    entry.byIndicator = index;
  }
  const out: IndicatorPoint[] = [];
  for (const code of indicators) {
    const list = index.get(code);
    if (list) for (const p of list) out.push(p);
  }
  return indicators.size > 1 ? out.sort((a, b) => a.ts - b.ts) : out;
}

/**
 * The live entries this gateway fanned out in the last few seconds, in stream order, bounded by age
 * and by points. A subscription that starts from a position the ring still covers (a fresh or a
 * cached snapshot, the tail of a resume) is brought up to date from memory, with no Redis read.
 */
export class RecentEntries {
  /** Slots before `head` are emptied as they leave the ring (their points freed at once, not at the next compaction). */
  private readonly entries: (LiveEntry | undefined)[] = [];
  private readonly at: number[] = [];
  private head = 0;
  private points = 0;
  /** Every entry after this id that the gateway fanned out is in the ring. */
  private coveredAfter: string;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxPoints: number,
    startId = '0-0',
  ) {
    this.coveredAfter = startId;
  }

  /** Where the ring starts when it is empty (the reader's position at start-up or after a gap). */
  reset(id: string): void {
    this.entries.length = 0;
    this.at.length = 0;
    this.head = 0;
    this.points = 0;
    this.coveredAfter = id;
  }

  push(entry: LiveEntry, now: number = Date.now()): void {
    this.entries.push(entry);
    this.at.push(now);
    this.points += entry.points.length;
    this.prune(now, 1);
  }

  /** Does the ring hold every fanned-out entry after `id`? */
  covers(id: string, now: number = Date.now()): boolean {
    this.prune(now, 0);
    return compareIds(id, this.coveredAfter) >= 0;
  }

  /** The entries after `id`, oldest first (call only when `covers(id)`). */
  since(id: string): LiveEntry[] {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.entries[mid]!.id, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo) as LiveEntry[];
  }

  /** Entries the ring still references, in the ring or not yet compacted away (for tests and metrics). */
  retained(): number {
    let n = 0;
    for (const e of this.entries) if (e) n++;
    return n;
  }

  /** Drops entries past the age or points limit, keeping at least `keep` of the newest. */
  private prune(now: number, keep: number): void {
    while (
      this.head < this.entries.length - keep &&
      (this.points > this.maxPoints || now - this.at[this.head] > this.maxAgeMs)
    ) {
      const gone = this.entries[this.head]!;
      this.points -= gone.points.length;
      this.coveredAfter = gone.id;
      this.entries[this.head] = undefined;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.at.splice(0, this.head);
      this.head = 0;
    }
  }
}
