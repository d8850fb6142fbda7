import type { WallLang } from './wall-params.util';

/** Numbers and times as the wall's language writes them: `vi-VN` 1.234,5 and 24 h; `en` 1,234.5. */
export interface WallFormat {
  lang: WallLang;
  /** A value: up to 2 decimals, none from 100,000 up (a big figure's decimals are noise on a wall). */
  number(value: number | null | undefined): string;
  /** A share: `87,5 %` / `87.5%`. */
  percent(value: number | null | undefined): string;
  /** A change, signed: `+3,2 %` / `−1.5%`. */
  change(value: number | null | undefined): string;
  /** Clock time `14:05:09`. */
  time(ts: number): string;
  /** Day and time `05/10 14:05`. */
  dateTime(ts: number): string;
}

const DASH = '—';
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function wallFormat(lang: WallLang): WallFormat {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-US';
  const small = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const big = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  });
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    lang,
    number: (v) => (ok(v) ? (Math.abs(v) >= 100_000 ? big : small).format(v) : DASH),
    percent: (v) => (ok(v) ? pct.format(v / 100) : DASH),
    change: (v) => (ok(v) ? signed.format(v / 100) : DASH),
    time: (ts) => time.format(ts),
    dateTime: (ts) => dateTime.format(ts),
  };
}
