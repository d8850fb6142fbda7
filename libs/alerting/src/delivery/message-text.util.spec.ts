import type { LiveAlert } from '@app/contracts';
import type { HeldDelivery } from './delivery-job.type';
import {
  alertEmail,
  digestEmail,
  digestSentence,
  formatHour,
  formatNumber,
  formatTime,
  httpTemplateView,
  wallLink,
  webhookBody,
  type AlertMessage,
  type DigestMessage,
} from './message-text.util';

const FIRED = Date.UTC(2026, 11, 1, 7, 3, 5); // 14:03:05 in Hà Nội
const alert: LiveAlert = {
  id: '01JDELIVERYTESTALERT0000001',
  ruleId: 'r1',
  indicator: 'fin.revenue',
  scope: '718',
  severity: 'critical',
  state: 'firing',
  value: 41.2,
  threshold: 50,
  firedAt: FIRED,
  reasons: {
    vi: 'Thu ngân sách (718) = 41,2 tỷ đồng, dưới 80 % kế hoạch',
    en: 'Budget revenue (718) = 41.2, under 80 % of plan',
  },
};
const message = (over: Partial<LiveAlert> = {}, purpose: AlertMessage['purpose'] = 'transition'): AlertMessage => ({
  kind: 'alert',
  deliveryId: `${alert.id}.firing.transition.0`,
  alert: { ...alert, ...over },
  indicatorName: 'Thu ngân sách',
  unit: 'tỷ đồng',
  scopeName: 'Quận Hoàn Kiếm',
  purpose,
});

describe('alert e-mails', () => {
  it('says severity, state, reason, value with unit, scope name, times and the wall link in Vietnamese', () => {
    const m = alertEmail(message(), 'vi', 'https://ioc.hanoi.gov.vn/');
    expect(m.subject).toBe(
      '[IOC][Nghiêm trọng] Đang cảnh báo — Quận Hoàn Kiếm: Thu ngân sách (718) = 41,2 tỷ đồng, dưới 80 % kế hoạch',
    );
    expect(m.text).toContain('Giá trị:');
    expect(m.text).toContain('41,2 tỷ đồng');
    expect(m.text).toContain('50 tỷ đồng');
    expect(m.text).toContain('Quận Hoàn Kiếm (718)');
    expect(m.text).toContain('01/12/2026 14:03:05 (UTC+7)');
    expect(m.text).toContain('https://ioc.hanoi.gov.vn/wall?scope=718');
    expect(m.html).toContain('href="https://ioc.hanoi.gov.vn/wall?scope=718"');
    expect(m.html).toContain('Thu ngân sách (718) = 41,2 tỷ đồng');
  });

  it('in English, with who acknowledged and when it resolved', () => {
    const acked = alertEmail(
      message({ state: 'acknowledged', acknowledgedAt: FIRED + 60_000, acknowledgedBy: 'Duty <b>A</b>' }, 'renotify'),
      'en',
      'http://localhost:3000',
    );
    expect(acked.subject).toBe(
      '[IOC][Critical] Reminder: Acknowledged by Duty <b>A</b> — Quận Hoàn Kiếm: Budget revenue (718) = 41.2, under 80 % of plan',
    );
    expect(acked.text).toContain('41.2 tỷ đồng');
    expect(acked.text).toContain('01/12/2026 14:04:05 (UTC+7), by Duty <b>A</b>');
    expect(acked.html).toContain('Duty &lt;b&gt;A&lt;/b&gt;');
    expect(acked.html).not.toContain('<b>A</b>');
    const resolved = alertEmail(
      message({ state: 'resolved', resolvedAt: FIRED + 120_000 }),
      'en',
      'http://localhost:3000',
    );
    expect(resolved.subject).toMatch(/^\[IOC\]\[Critical\] Resolved — /);
    expect(resolved.text).toMatch(/Resolved: +01\/12\/2026 14:05:05 \(UTC\+7\)/);
  });

  it('keeps the subject on one line', () => {
    const m = alertEmail(message({ reasons: { vi: 'a\r\nBcc: x@y.vn', en: 'a' } }), 'vi', 'http://x');
    expect(m.subject).not.toMatch(/[\r\n]/);
  });
});

const held = (i: number): HeldDelivery => ({
  deliveryId: `a${i}.firing.transition.0`,
  alertId: `a${i}`,
  state: 'firing',
  purpose: 'transition',
  severity: i === 3 ? 'critical' : 'warning',
  indicator: 'fin.revenue',
  indicatorName: 'Thu ngân sách',
  scope: '718',
  scopeName: 'Quận Hoàn Kiếm',
  reasons: { vi: `lý do ${i}`, en: `reason ${i}` },
  at: FIRED + i,
});
const HOUR = Date.UTC(2026, 11, 1, 7);
const digest: DigestMessage = {
  kind: 'digest',
  deliveryId: 'digest.abc.123',
  from: HOUR,
  to: HOUR + 3_600_000,
  cap: 120,
  held: 37,
  listed: Array.from({ length: 20 }, (_, i) => held(i + 1)),
};

describe('digests', () => {
  it('count what was held back and list the first 20', () => {
    const vi = digestEmail(digest, 'vi', 'http://localhost:3000');
    expect(vi.subject).toBe('[IOC] 37 thông báo cảnh báo bị giữ lại (14:00–15:00 01/12/2026 (UTC+7))');
    expect(vi.text).toContain('- [Cảnh báo] Đang cảnh báo — Quận Hoàn Kiếm: lý do 1');
    expect(vi.text).toContain('lý do 20');
    expect(vi.text).toContain('và 17 thông báo khác.');
    const en = digestEmail(digest, 'en', 'http://localhost:3000');
    expect(en.text).toContain('and 17 more.');
    expect(en.text).toContain('http://localhost:3000/wall');
  });

  it('as one sentence and as template fields', () => {
    expect(digestSentence(digest, 'en')).toBe(
      '37 alert messages held back (over 120 messages an hour, 14:00–15:00 01/12/2026 (UTC+7)): reason 1; reason 2; reason 3; reason 4; reason 5',
    );
    const v = httpTemplateView(digest, 'vi', 'http://x');
    expect(v).toMatchObject({
      state: 'digest',
      held: '37',
      severity: 'critical',
      deliveryId: 'digest.abc.123',
      wallUrl: 'http://x/wall',
    });
    expect(JSON.parse(webhookBody(digest, 'en'))).toMatchObject({ type: 'digest', held: 37, cap: 120 });
  });
});

describe('template fields and webhook bodies of an alert', () => {
  it('carry the alert in the channel language', () => {
    const v = httpTemplateView(message({ acknowledgedBy: 'A' }), 'en', 'https://ioc.test/');
    expect(v).toMatchObject({
      indicator: 'fin.revenue',
      indicatorName: 'Thu ngân sách',
      scopeName: 'Quận Hoàn Kiếm',
      value: '41.2',
      threshold: '50',
      unit: 'tỷ đồng',
      reason: alert.reasons.en,
      firedAt: '2026-12-01T07:03:05.000Z',
      acknowledgedBy: 'A',
      wallUrl: 'https://ioc.test/wall?scope=718',
      held: '',
    });
    const body = JSON.parse(webhookBody(message(), 'vi'));
    expect(body).toEqual({ ...alert, reasons: undefined, reason: alert.reasons.vi });
    expect(body.reasons).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes numbers, times and links', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatTime(Date.UTC(2026, 0, 1, 17, 0, 0))).toBe('02/01/2026 00:00:00 (UTC+7)');
    expect(formatHour(HOUR, HOUR + 3_600_000)).toBe('14:00–15:00 01/12/2026 (UTC+7)');
    expect(wallLink('http://x/', 'a b')).toBe('http://x/wall?scope=a%20b');
  });
});
