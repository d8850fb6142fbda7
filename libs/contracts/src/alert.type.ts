/** Alert rules and alerts: the contract's "Alert rule body", "Alert object" and v1.1 "Alerts, beyond v1". */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** States an alert is listed and announced in (a pending breach is not an alert yet). */
export const ALERT_STATES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Languages of the alert `reason` (from `Accept-Language`; `vi` by default). */
export const ALERT_LANGS = ['vi', 'en'] as const;
export type AlertLang = (typeof ALERT_LANGS)[number];

export type ThresholdOp = '>' | '>=' | '<' | '<=';

export type AlertCondition =
  | { op: ThresholdOp; value: number; clear?: number }
  | { op: 'outside'; low: number; high: number; clear?: number }
  | { op: 'stale'; seconds: number }
  | { op: 'below_target_pct'; value: number; clear?: number }
  | { op: 'change_pct'; value: number; direction?: 'up' | 'down' | 'any' }
  /** Period indicators: the report for the last finished period is past due and absent. */
  | { op: 'missing' }
  /**
   * Period indicators: a revision moved a period's value by more than `value` % of the value it
   * replaced (`threshold`: the replaced value). Resolves when the first report of a new period arrives.
   */
  | { op: 'revision_pct'; value: number };

/** Where an alert is told. `lang`: the language of its `reason` (and of an e-mail's text); `vi` by default. */
export type AlertChannel =
  | { type: 'webhook'; url: string; secret?: string; lang?: AlertLang }
  | { type: 'email'; to: string; lang?: AlertLang }
  | { type: 'http'; method: string; url: string; headers?: Record<string, string>; body: string; lang?: AlertLang };

export interface AlertEscalation {
  afterSeconds: number;
  channels: AlertChannel[];
}

/** An alert rule as the API shows it. */
export interface AlertRule {
  id: string;
  indicator: string;
  /** Absent: every scope of the indicator. Else the scope and its descendants. */
  scope?: string;
  condition: AlertCondition;
  severity: Severity;
  forSeconds: number;
  renotifySeconds?: number;
  channels: AlertChannel[];
  escalate?: AlertEscalation;
  enabled: boolean;
  createdAt: number;
}

/** The alert object (REST answers and the socket `alert` event). */
export interface Alert {
  id: string;
  ruleId: string;
  indicator: string;
  scope: string;
  severity: Severity;
  state: AlertState;
  value: number;
  threshold: number;
  firedAt: number;
  resolvedAt?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  note?: string;
  /** One sentence in the request's language. */
  reason: string;
  /** True while a silence matched its last change: nobody was told of it. */
  silenced?: boolean;
}

/** `GET /api/v1/alerts`: newest first (`limit`, default 100, at most 1,000; `before` an alert id for the next page). */
export interface AlertList {
  alerts: Alert[];
}

export const DELIVERY_STATUSES = ['sent', 'failed', 'retrying', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One try of one channel, as `GET /api/v1/alerts/:id` shows it in `deliveries`. */
export interface DeliveryTry {
  /** The channel's type: `webhook`, `email` or `http`. */
  channel: string;
  /** Where it went: the URL or the e-mail address. */
  to: string;
  /** 1 for the first try of a delivery, then 2, 3, ... */
  try: number;
  at: number;
  status: DeliveryStatus;
  error?: string;
  /** When the next try is due (status `retrying`). */
  nextTryAt?: number;
  /** Which state of the alert the delivery announced. */
  state: string;
  /** Why it was sent: `transition`, `renotify` or `escalation`. */
  purpose: string;
  /** One delivery (of one change, to one channel) across its tries. */
  deliveryId: string;
}

/** `GET /api/v1/alerts/:id`: the alert and every try of every channel ("did the district get it?"). */
export interface AlertWithDeliveries extends Alert {
  deliveries: DeliveryTry[];
}

/** `POST /api/v1/alerts/:id/ack` body; the answer is the alert, now `acknowledged`. */
export interface AlertAckRequest {
  note?: string;
}

/** `POST /api/v1/alert-rules` body (the answer is the `AlertRule`). */
export interface NewAlertRule {
  indicator: string;
  scope?: string | null;
  condition: AlertCondition;
  severity: Severity;
  forSeconds?: number;
  renotifySeconds?: number | null;
  channels?: AlertChannel[];
  escalate?: AlertEscalation | null;
  enabled?: boolean;
}

/** `PATCH /api/v1/alert-rules/:id` body: the fields to change. */
export type AlertRulePatch = Partial<Omit<NewAlertRule, 'indicator' | 'scope'>>;

/** `POST /api/v1/silences` body: times as epoch ms or ISO-8601 with an offset; `startsAt` defaults to now. */
export interface NewSilence {
  indicator?: string;
  scope?: string;
  ruleId?: string;
  startsAt?: number | string;
  endsAt: number | string;
  comment: string;
}

/** A silence as `GET /api/v1/silences` lists it (an absent filter matches every alert). */
export interface Silence {
  id: string;
  indicator?: string;
  scope?: string;
  ruleId?: string;
  startsAt: number;
  endsAt: number;
  comment: string;
  /** The name of the key that created it. */
  createdBy: string;
  createdAt: number;
}

/** An alert change on the live bus: the reason in every language, each socket gets its own. */
export interface LiveAlert extends Omit<Alert, 'reason'> {
  reasons: Record<AlertLang, string>;
}

/**
 * The alert language asked for by an `Accept-Language` header (or a plain `vi`/`en`): the first of
 * `vi`, `en` it names, by order of preference; `vi` when it names neither.
 */
export function alertLang(header: string | undefined | null): AlertLang {
  if (!header) return 'vi';
  const asked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { lang: tag.split('-')[0], q: q ? Number(q[1]) : 1, i };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const a of asked) if ((ALERT_LANGS as readonly string[]).includes(a.lang)) return a.lang as AlertLang;
  return 'vi';
}

/** The alert as one language sees it. */
export function alertIn(live: LiveAlert, lang: AlertLang): Alert {
  const { reasons, ...rest } = live;
  return { ...rest, reason: reasons[lang] ?? reasons.vi };
}
