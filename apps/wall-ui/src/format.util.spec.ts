import { wallFormat } from './format.util';

// Intl may use narrow no-break spaces and a real minus sign: compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');

describe('wallFormat', () => {
  it('writes numbers the Vietnamese way', () => {
    const f = wallFormat('vi');
    expect(plain(f.number(1234.5))).toBe('1.234,5');
    expect(plain(f.number(0.125))).toBe('0,13');
    expect(plain(f.number(1_234_567.8))).toBe('1.234.568');
    expect(plain(f.percent(87.5))).toBe('87,5%');
    expect(plain(f.change(-1.25))).toBe('-1,3%');
  });
  it('writes numbers the English way', () => {
    const f = wallFormat('en');
    expect(f.number(1234.5)).toBe('1,234.5');
    expect(f.percent(87.5)).toBe('87.5%');
    expect(plain(f.change(3.21))).toBe('+3.2%');
  });
  it('shows a dash for nothing', () => {
    const f = wallFormat('vi');
    expect(f.number(null)).toBe('—');
    expect(f.percent(undefined)).toBe('—');
    expect(f.number(Number.NaN)).toBe('—');
  });
  it('tells the time in Hà Nội on a 24-hour clock', () => {
    expect(wallFormat('en').time(Date.parse('2026-10-05T07:05:09Z'))).toBe('14:05:09');
    expect(wallFormat('vi').time(Date.parse('2026-10-05T17:00:00Z'))).toBe('00:00:00');
  });
});
