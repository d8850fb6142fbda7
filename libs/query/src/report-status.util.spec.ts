import { dueAt, reportStatus } from './report-status.util';

describe('reporting status', () => {
  const end = Date.parse('2026-11-01T00:00:00+07:00');
  const due = dueAt(end, 10);
  it('is due dueDays after the period ends', () => {
    expect(due).toBe(Date.parse('2026-11-11T00:00:00+07:00'));
    expect(dueAt(end, 0)).toBe(end);
  });
  it('not_due, on_time, late, missing', () => {
    expect(reportStatus(due, undefined, due - 1)).toBe('not_due');
    expect(reportStatus(due, undefined, due)).toBe('missing');
    expect(reportStatus(due, due, due + 5)).toBe('on_time');
    expect(reportStatus(due, due + 1, due + 5)).toBe('late');
    expect(reportStatus(due, end - 5, end)).toBe('on_time');
  });
});
