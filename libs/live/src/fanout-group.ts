import type { AlertLang, IndicatorPoint } from '@app/contracts';
import type { SeriesSelection } from '@app/selection';

/**
 * The sockets whose subscriptions have the same shape (same resolved indicators and scopes, same
 * alert language): one Socket.IO room. Each batch of the live stream is matched once per group and
 * encoded once per group, then written to every socket of the room as the same packet.
 */
export class FanoutGroup {
  /** Live sockets in the room (not those catching up, conflating or waiting for a snapshot floor). */
  size = 0;
  /** When the room was last sent anything (values, alert or heartbeat). */
  lastSentAt = Date.now();

  constructor(
    readonly key: string,
    readonly room: string,
    readonly selection: SeriesSelection,
    readonly lang: AlertLang,
  ) {}

  /** The points of the batch this group's subscriptions match, in the batch's order. */
  match(points: readonly IndicatorPoint[]): IndicatorPoint[] {
    const out: IndicatorPoint[] = [];
    for (const p of points) if (this.selection.matches(p.indicator, p.scope)) out.push(p);
    return out;
  }
}

/** The shape of a subscription: equal keys match the same series and get the same alert text. */
export function groupKey(selection: SeriesSelection, lang: AlertLang): string {
  const list = (set: ReadonlySet<string> | null) => (set ? [...set].sort().join(',') : '*');
  return `${lang}|${list(selection.indicatorSet)}|${list(selection.scopeSet)}`;
}
