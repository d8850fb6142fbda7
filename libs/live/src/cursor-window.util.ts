import { compareIds, isStreamId } from './live-stream.util';

/** What XINFO STREAM says about the live stream, reduced to what cursor checks need. */
export interface StreamWindow {
  length: number;
  entriesAdded: number;
  firstId: string | null;
  lastGeneratedId: string;
}

/**
 * Can a client that last saw `cursor` resume with no gap? Yes when nothing after the cursor has
 * been trimmed: the cursor is at or after the first kept entry, or nothing was ever trimmed.
 * Garbage and cursors from the future (another deployment, a wiped Redis) cannot.
 */
export function canResume(cursor: string, w: StreamWindow): boolean {
  if (!isStreamId(cursor)) return false;
  const vsLast = compareIds(cursor, w.lastGeneratedId);
  if (vsLast > 0) return false;
  if (vsLast === 0) return true;
  if (w.entriesAdded === w.length) return true;
  return w.firstId !== null && compareIds(cursor, w.firstId) >= 0;
}
