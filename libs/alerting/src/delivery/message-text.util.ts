import { alertIn, type Alert, type AlertLang, type Severity } from '@app/contracts';
import type { HeldDelivery, OutgoingMessage } from './delivery-job.type';
import type { HttpTemplateView } from './http-template.util';

export type AlertMessage = Extract<OutgoingMessage, { kind: 'alert' }>;
export type DigestMessage = Extract<OutgoingMessage, { kind: 'digest' }>;

/** Vietnam keeps UTC+7 all year (no daylight saving): times are shown in it. */
const VN_OFFSET_MS = 7 * 3_600_000;
/** Reasons a digest's one-sentence summary (`reason` of an http channel) quotes. */
const SUMMARY_REASONS = 5;

const WORDS = {
  vi: {
    severity: { info: 'Thông tin', warning: 'Cảnh báo', critical: 'Nghiêm trọng' },
    firing: 'Đang cảnh báo',
    acknowledged: 'Đã xác nhận',
    by: 'bởi',
    resolved: 'Đã hết cảnh báo',
    purpose: { transition: '', renotify: 'Nhắc lại: ', escalation: 'Chuyển cấp: ' },
    indicator: 'Chỉ tiêu',
    scope: 'Địa bàn',
    value: 'Giá trị',
    threshold: 'Ngưỡng',
    firedAt: 'Bắt đầu',
    acknowledgedAt: 'Xác nhận',
    resolvedAt: 'Kết thúc',
    note: 'Ghi chú',
    wall: 'Xem trên màn hình điều hành',
    deliveryId: 'Mã thông báo',
    digestSubject: (held: number, hour: string) => `[IOC] ${held} thông báo cảnh báo bị giữ lại (${hour})`,
    digestIntro: (cap: number, held: number, hour: string) =>
      `Kênh này đã nhận ${cap} thông báo trong khung giờ ${hour}, mức tối đa mỗi giờ; ` +
      `${held} thông báo sau đó không được gửi riêng.`,
    digestFirst: 'Các thông báo đầu tiên bị giữ lại:',
    digestMore: (n: number) => `và ${n} thông báo khác.`,
    digestSentence: (held: number, cap: number, hour: string) =>
      `${held} thông báo cảnh báo bị giữ lại (vượt ${cap} thông báo/giờ, ${hour})`,
  },
  en: {
    severity: { info: 'Info', warning: 'Warning', critical: 'Critical' },
    firing: 'Firing',
    acknowledged: 'Acknowledged',
    by: 'by',
    resolved: 'Resolved',
    purpose: { transition: '', renotify: 'Reminder: ', escalation: 'Escalation: ' },
    indicator: 'Indicator',
    scope: 'Scope',
    value: 'Value',
    threshold: 'Threshold',
    firedAt: 'Fired',
    acknowledgedAt: 'Acknowledged',
    resolvedAt: 'Resolved',
    note: 'Note',
    wall: 'Open the wall',
    deliveryId: 'Delivery id',
    digestSubject: (held: number, hour: string) => `[IOC] ${held} alert messages held back (${hour})`,
    digestIntro: (cap: number, held: number, hour: string) =>
      `This channel got ${cap} messages in the hour ${hour}, its hourly limit; ` +
      `the ${held} after those were not sent one by one.`,
    digestFirst: 'The first held back:',
    digestMore: (n: number) => `and ${n} more.`,
    digestSentence: (held: number, cap: number, hour: string) =>
      `${held} alert messages held back (over ${cap} messages an hour, ${hour})`,
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** `dd/MM/yyyy HH:mm:ss (UTC+7)`. */
export function formatTime(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  return (
    `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} (UTC+7)`
  );
}

/** `HH:mm–HH:mm dd/MM/yyyy (UTC+7)` of an hour [from, to). */
export function formatHour(from: number, to: number): string {
  const a = new Date(from + VN_OFFSET_MS);
  const b = new Date(to + VN_OFFSET_MS);
  return (
    `${pad(a.getUTCHours())}:${pad(a.getUTCMinutes())}–${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())} ` +
    `${pad(a.getUTCDate())}/${pad(a.getUTCMonth() + 1)}/${a.getUTCFullYear()} (UTC+7)`
  );
}

/** A number as people of the language write it (`41,2` in Vietnamese, `41.2` in English). */
export function formatNumber(value: number, lang: AlertLang): string {
  if (!Number.isFinite(value)) return String(value);
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 6 }).format(value);
}

const withUnit = (value: number, unit: string, lang: AlertLang) => `${formatNumber(value, lang)} ${unit}`.trim();

/** The wall page showing a scope: `${publicUrl}/wall?scope=<scope>`. */
export function wallLink(publicUrl: string, scope?: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return scope === undefined ? `${base}/wall` : `${base}/wall?scope=${encodeURIComponent(scope)}`;
}

/** "Firing", "Acknowledged by Trực ban A", "Resolved" in the language. */
export function stateText(alert: Pick<Alert, 'state' | 'acknowledgedBy'>, lang: AlertLang): string {
  const w = WORDS[lang];
  if (alert.state === 'acknowledged') {
    return alert.acknowledgedBy ? `${w.acknowledged} ${w.by} ${alert.acknowledgedBy}` : w.acknowledged;
  }
  return alert.state === 'resolved' ? w.resolved : w.firing;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subjects stay on one line, whatever a reason or a name holds. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function htmlPage(title: string, rows: [string, string][], paragraphs: string[], link: [string, string]): string {
  const table = rows
    .map(
      ([k, v]) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    )
    .join('');
  return (
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<h2 style="margin:0 0 8px">${escapeHtml(title)}</h2>` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    (rows.length ? `<table>${table}</table>` : '') +
    `<p><a href="${escapeHtml(link[1])}">${escapeHtml(link[0])}</a></p>` +
    `</body></html>`
  );
}

/** The e-mail telling one alert: severity, state, reason, value, scope, times and the wall link. */
export function alertEmail(message: AlertMessage, lang: AlertLang, publicUrl: string): EmailContent {
  const w = WORDS[lang];
  const alert = alertIn(message.alert, lang);
  const severity = w.severity[alert.severity] ?? alert.severity;
  const state = stateText(alert, lang);
  const prefix = w.purpose[message.purpose] ?? '';
  const subject = oneLine(`[IOC][${severity}] ${prefix}${state} — ${message.scopeName}: ${alert.reason}`);
  const rows: [string, string][] = [
    [w.indicator, `${message.indicatorName} (${alert.indicator})`],
    [w.scope, `${message.scopeName} (${alert.scope})`],
    [w.value, withUnit(alert.value, message.unit, lang)],
    [w.threshold, withUnit(alert.threshold, message.unit, lang)],
    [w.firedAt, formatTime(alert.firedAt)],
  ];
  if (alert.acknowledgedAt !== undefined) {
    rows.push([
      w.acknowledgedAt,
      `${formatTime(alert.acknowledgedAt)}${alert.acknowledgedBy ? `, ${w.by} ${alert.acknowledgedBy}` : ''}`,
    ]);
  }
  if (alert.note) rows.push([w.note, alert.note]);
  if (alert.resolvedAt !== undefined) rows.push([w.resolvedAt, formatTime(alert.resolvedAt)]);
  rows.push([w.deliveryId, message.deliveryId]);
  const link = wallLink(publicUrl, alert.scope);
  const title = `${severity} — ${prefix}${state}`;
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const text = [
    title,
    alert.reason,
    '',
    ...rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`),
    '',
    `${w.wall}: ${link}`,
    '',
  ].join('\n');
  return { subject, text, html: htmlPage(title, rows, [alert.reason], [w.wall, link]) };
}

/** One held-back delivery as a digest lists it. */
function heldLine(h: HeldDelivery, lang: AlertLang): string {
  const w = WORDS[lang];
  const state = h.state === 'acknowledged' ? w.acknowledged : h.state === 'resolved' ? w.resolved : w.firing;
  return oneLine(
    `[${w.severity[h.severity] ?? h.severity}] ${state} — ${h.scopeName}: ${h.reasons[lang] ?? h.reasons.vi}`,
  );
}

/** The e-mail of a digest: how many were held back in the hour, the first of them, the wall link. */
export function digestEmail(message: DigestMessage, lang: AlertLang, publicUrl: string): EmailContent {
  const w = WORDS[lang];
  const hour = formatHour(message.from, message.to);
  const subject = w.digestSubject(message.held, hour);
  const intro = w.digestIntro(message.cap, message.held, hour);
  const lines = message.listed.map((h) => heldLine(h, lang));
  const more = message.held - lines.length;
  const link = wallLink(publicUrl);
  const text = [
    intro,
    '',
    w.digestFirst,
    ...lines.map((l) => `- ${l}`),
    ...(more > 0 ? [w.digestMore(more)] : []),
    '',
    `${w.wall}: ${link}`,
    `${w.deliveryId}: ${message.deliveryId}`,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    [],
    [intro, w.digestFirst, ...lines, ...(more > 0 ? [w.digestMore(more)] : [])],
    [w.wall, link],
  );
  return { subject, text, html };
}

/** A digest in one sentence (an http channel's `{{reason}}`): the count and the first reasons. */
export function digestSentence(message: DigestMessage, lang: AlertLang): string {
  const w = WORDS[lang];
  const head = w.digestSentence(message.held, message.cap, formatHour(message.from, message.to));
  const reasons = message.listed.slice(0, SUMMARY_REASONS).map((h) => h.reasons[lang] ?? h.reasons.vi);
  return reasons.length ? `${head}: ${reasons.join('; ')}` : head;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** The fields an http channel's templates see (HTTP_TEMPLATE_FIELDS). */
export function httpTemplateView(message: OutgoingMessage, lang: AlertLang, publicUrl: string): HttpTemplateView {
  if (message.kind === 'alert') {
    const alert = alertIn(message.alert, lang);
    return {
      indicator: alert.indicator,
      indicatorName: message.indicatorName,
      scope: alert.scope,
      scopeName: message.scopeName,
      value: String(alert.value),
      unit: message.unit,
      threshold: String(alert.threshold),
      severity: alert.severity,
      state: alert.state,
      reason: alert.reason,
      firedAt: new Date(alert.firedAt).toISOString(),
      acknowledgedBy: alert.acknowledgedBy ?? '',
      deliveryId: message.deliveryId,
      wallUrl: wallLink(publicUrl, alert.scope),
      held: '',
    };
  }
  const top = message.listed.reduce<Severity>(
    (s, h) => (SEVERITY_RANK[h.severity] > SEVERITY_RANK[s] ? h.severity : s),
    message.listed[0]?.severity ?? 'warning',
  );
  return {
    indicator: '',
    indicatorName: '',
    scope: '',
    scopeName: '',
    value: '',
    unit: '',
    threshold: '',
    severity: top,
    state: 'digest',
    reason: digestSentence(message, lang),
    firedAt: new Date(message.from).toISOString(),
    acknowledgedBy: '',
    deliveryId: message.deliveryId,
    wallUrl: wallLink(publicUrl),
    held: String(message.held),
  };
}

/**
 * A webhook's JSON body: the alert object (the contract's, `reason` in the channel's language), or for
 * a digest `{type: "digest", from, to, cap, held, alerts: [{id, indicator, scope, severity, state,
 * reason, at}]}` (the first 20 held back).
 */
export function webhookBody(message: OutgoingMessage, lang: AlertLang): string {
  if (message.kind === 'alert') return JSON.stringify(alertIn(message.alert, lang));
  return JSON.stringify({
    type: 'digest',
    from: message.from,
    to: message.to,
    cap: message.cap,
    held: message.held,
    alerts: message.listed.map((h) => ({
      id: h.alertId,
      indicator: h.indicator,
      scope: h.scope,
      severity: h.severity,
      state: h.state,
      reason: h.reasons[lang] ?? h.reasons.vi,
      at: h.at,
    })),
  });
}
