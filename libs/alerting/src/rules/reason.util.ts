import type { AlertCondition, AlertLang } from '@app/contracts';
import { changePct } from './condition.util';

/** Catalogue names a reason is written with. */
export interface ReasonNames {
  indicatorName: string;
  unit: string;
  scopeName: string;
}

const LOCALE: Record<AlertLang, string> = { vi: 'vi-VN', en: 'en-US' };
const formats = new Map<AlertLang, Intl.NumberFormat>();

/** A number as the language writes it (vi: 1.234,5; en: 1,234.5), at most 2 decimals. */
export function formatNumber(n: number, lang: AlertLang): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : '?';
  let f = formats.get(lang);
  if (!f) formats.set(lang, (f = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 2 })));
  return f.format(n);
}

/** A duration in whole seconds as words (90 → "1 phút 30 giây" / "1 min 30 s"). */
export function formatDuration(seconds: number, lang: AlertLang): string {
  const s = Math.max(0, Math.round(seconds));
  const units: [number, string, string][] = [
    [86_400, 'ngày', 'd'],
    [3600, 'giờ', 'h'],
    [60, 'phút', 'min'],
    [1, 'giây', 's'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, vi, en] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n} ${lang === 'vi' ? vi : en}`);
    if (n > 0) rest -= n * size;
  }
  return parts.length ? parts.join(' ') : lang === 'vi' ? '0 giây' : '0 s';
}

/**
 * One sentence on a breach, e.g. "Thu ngân sách (Thủ Dầu Một) = 41,2 tỷ đồng, dưới 80 % kế hoạch".
 * `value` is the series' value (for `stale`, the age of its latest point in seconds); `period`, the
 * period a `revision_pct` breach revised.
 */
export function alertReason(
  c: AlertCondition,
  value: number,
  threshold: number,
  previous: number | null,
  names: ReasonNames,
  lang: AlertLang,
  period?: string,
): string {
  const n = (x: number) => formatNumber(x, lang);
  const unit = names.unit ? ` ${names.unit}` : '';
  const head = `${names.indicatorName} (${names.scopeName})`;
  const vi = lang === 'vi';
  if (c.op === 'stale') {
    return vi
      ? `${head}: không có số liệu mới trong ${formatDuration(value, lang)} (ngưỡng ${formatDuration(c.seconds, lang)})`
      : `${head}: no new value for ${formatDuration(value, lang)} (limit ${formatDuration(c.seconds, lang)})`;
  }
  if (c.op === 'missing') {
    return vi
      ? `${head}: chưa có báo cáo kỳ vừa kết thúc, quá hạn ${n(value)} ngày`
      : `${head}: the report for the last finished period is missing, ${n(value)} days past due`;
  }
  if (c.op === 'revision_pct') {
    const pct = changePct(threshold, value);
    const by = Number.isFinite(pct) ? `${pct >= 0 ? '+' : '-'}${n(Math.abs(pct))} %` : vi ? 'từ 0' : 'from 0';
    const of = period ? (vi ? ` kỳ ${period}` : ` for ${period}`) : '';
    return vi
      ? `${head}${of} được sửa từ ${n(threshold)} thành ${n(value)}${unit} (${by})`
      : `${head}${of} revised from ${n(threshold)} to ${n(value)}${unit} (${by})`;
  }
  const is = `${head} = ${n(value)}${unit}`;
  switch (c.op) {
    case '>':
      return vi ? `${is}, vượt ngưỡng ${n(c.value)}${unit}` : `${is}, above ${n(c.value)}${unit}`;
    case '>=':
      return vi ? `${is}, từ ngưỡng ${n(c.value)}${unit} trở lên` : `${is}, at or above ${n(c.value)}${unit}`;
    case '<':
      return vi ? `${is}, dưới ngưỡng ${n(c.value)}${unit}` : `${is}, below ${n(c.value)}${unit}`;
    case '<=':
      return vi ? `${is}, không vượt quá ngưỡng ${n(c.value)}${unit}` : `${is}, at or below ${n(c.value)}${unit}`;
    case 'outside':
      return vi
        ? `${is}, ngoài khoảng ${n(c.low)}–${n(c.high)}${unit}`
        : `${is}, outside ${n(c.low)}–${n(c.high)}${unit}`;
    case 'below_target_pct':
      return vi
        ? `${is}, dưới ${n(c.value)} % kế hoạch (${n(threshold)}${unit})`
        : `${is}, under ${n(c.value)} % of target (${n(threshold)}${unit})`;
    case 'change_pct': {
      const pct = previous === null ? 0 : changePct(previous, value);
      const up = pct >= 0;
      const by = Number.isFinite(pct) ? `${n(Math.abs(pct))} %` : vi ? 'từ 0' : 'from 0';
      const prev = previous === null ? '' : ` (${n(previous)}${unit})`;
      return vi
        ? `${is}, ${up ? 'tăng' : 'giảm'} ${by} so với giá trị trước${prev}`
        : `${is}, ${up ? 'up' : 'down'} ${by} from the previous value${prev}`;
    }
  }
}
