/**
 * Live cursors are Redis stream ids, `<ms>-<seq>`. The protocol calls them opaque; the client only
 * compares them, to drop what the server sends again after a resume. Anything else is left alone.
 */
const STREAM_ID = /^(\d+)-(\d+)$/;

/**
 * Orders two cursors: negative when `a` is before `b`, 0 when equal, positive when after; `null` when
 * either is not a stream id (then nothing can be said, and nothing should be dropped).
 */
export function compareCursors(a: string, b: string): number | null {
  const x = STREAM_ID.exec(a);
  const y = STREAM_ID.exec(b);
  if (!x || !y) return null;
  return compareDigits(x[1], y[1]) || compareDigits(x[2], y[2]);
}

/** True when `cursor` is at or before `last` (so what it carries was seen already). */
export function isAtOrBefore(cursor: string, last: string | null): boolean {
  if (last === null) return false;
  const order = compareCursors(cursor, last);
  return order !== null && order <= 0;
}

/** Compares two strings of decimal digits as numbers, exactly (no float rounding, any length). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
