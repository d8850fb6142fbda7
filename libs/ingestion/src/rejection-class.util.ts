/**
 * Classes of rejected points, the `reason` label of `ioc_ingest_points_rejected_total`: few and fixed,
 * where the reason sentence itself (it names the code, the value) would make a series per sentence.
 */
export const REJECTION_CLASSES = [
  'bad_point',
  'unknown_indicator',
  'unknown_scope',
  'scope_not_allowed',
  'bad_value',
  'bad_ts',
  'ts_out_of_window',
  'past_retention',
  'bad_period',
  'other',
] as const;
export type RejectionClass = (typeof REJECTION_CLASSES)[number];

/** The class of a reason given by `checkPoint` (point-validation.util.ts). */
export function rejectionClass(reason: string): RejectionClass {
  if (reason.startsWith('point must be') || / missing or not a string$/.test(reason)) return 'bad_point';
  if (reason.startsWith('indicator: unknown')) return 'unknown_indicator';
  if (reason.startsWith('scope: unknown')) return 'unknown_scope';
  if (reason.startsWith('scope: ') && reason.endsWith(' is not allowed for this key')) return 'scope_not_allowed';
  if (reason.startsWith('value')) return 'bad_value';
  if (reason.startsWith('ts: ')) {
    if (reason.includes('outside the accepted time window')) return 'ts_out_of_window';
    if (reason.includes('raw retention')) return 'past_retention';
    return 'bad_ts';
  }
  if (reason.startsWith('period: ')) return 'bad_period';
  return 'other';
}
