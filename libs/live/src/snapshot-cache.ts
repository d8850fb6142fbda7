import type { IndicatorPoint } from '@app/contracts';
import { seriesId } from '@app/contracts';
import type { SeriesSelection } from '@app/selection';

/** A snapshot as of a stream position: the points, and their ts per series (nothing older is sent after it). */
export interface Snapshot {
  headId: string;
  points: IndicatorPoint[];
  floor: ReadonlyMap<string, number>;
}

interface Cached {
  snapshot: Promise<Snapshot>;
  at: number;
  points: number;
}

/** How long a snapshot serves identical subscriptions, and how many points all cached ones may hold. */
const SNAPSHOT_TTL_MS = 1000;
const CACHE_POINTS = 200_000;

/**
 * Snapshots shared by identical subscriptions: the same selection (same indicators and scopes) within
 * a second gets the same snapshot, built once even when asked for many times at once. The caller
 * brings the subscriber up to date from the snapshot's stream position.
 */
export class SnapshotCache {
  private readonly cache = new Map<string, Cached>();
  private points = 0;

  /**
   * The snapshot for `selection`, from the cache when it is fresh and `usable(headId)` (the live ring
   * still covers its position), else built by `build`.
   */
  get(
    selection: SeriesSelection,
    version: number,
    usable: (headId: string) => boolean,
    build: () => Promise<Snapshot>,
  ): Promise<Snapshot> {
    const key = signature(selection, version);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at <= SNAPSHOT_TTL_MS) {
      return hit.snapshot.then((s) => (usable(s.headId) ? s : build()));
    }
    if (hit) this.forget(key, hit);
    const entry: Cached = { snapshot: build(), at: now, points: 0 };
    this.cache.set(key, entry);
    entry.snapshot.then(
      (s) => {
        if (this.cache.get(key) !== entry) return;
        entry.points = s.points.length;
        this.points += entry.points;
        this.evict(Date.now());
      },
      () => this.cache.get(key) === entry && this.forget(key, entry),
    );
    return entry.snapshot;
  }

  private forget(key: string, entry: Cached): void {
    this.cache.delete(key);
    this.points -= entry.points;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.cache) {
      if (this.points <= CACHE_POINTS && now - entry.at <= SNAPSHOT_TTL_MS) break;
      this.forget(key, entry);
    }
  }
}

/** Builds a snapshot's floor: the ts of each series' snapshot point. */
export function snapshotOf(headId: string, points: IndicatorPoint[]): Snapshot {
  const floor = new Map<string, number>();
  for (const p of points) floor.set(seriesId(p), p.ts);
  return { headId, points, floor };
}

function signature(selection: SeriesSelection, version: number): string {
  const list = (set: ReadonlySet<string> | null) => (set ? [...set].sort().join(',') : '*');
  return `${version}|${list(selection.indicatorSet)}|${list(selection.scopeSet)}`;
}
