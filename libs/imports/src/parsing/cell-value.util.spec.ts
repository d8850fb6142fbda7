import { parseNumberCell, plainCell } from './cell-value.util';

const auto = (decimal: '.' | ',') => ({ decimal, strict: false });
const strict = (decimal: '.' | ',') => ({ decimal, strict: true });

describe('parseNumberCell', () => {
  it('takes numbers as they are and plain decimal text', () => {
    expect(parseNumberCell(12.5, auto('.'))).toBe(12.5);
    expect(parseNumberCell('12.5', auto('.'))).toBe(12.5);
    expect(parseNumberCell('-3', auto('.'))).toBe(-3);
    expect(parseNumberCell('+0.25', auto('.'))).toBe(0.25);
    expect(parseNumberCell('.5', auto('.'))).toBe(0.5);
  });

  it('reads Vietnamese and English grouping by the marks themselves', () => {
    expect(parseNumberCell('1.234.567,5', auto('.'))).toBe(1234567.5);
    expect(parseNumberCell('1,234,567.5', auto(','))).toBe(1234567.5);
    expect(parseNumberCell('12,75', auto('.'))).toBe(12.75);
    expect(parseNumberCell('1 234,5', auto('.'))).toBe(1234.5);
    expect(parseNumberCell('1\u00a0234\u00a0567', auto('.'))).toBe(1234567);
    expect(parseNumberCell('1.234.567', auto('.'))).toBe(1234567);
  });

  it('falls back to the file default only when ambiguous', () => {
    expect(parseNumberCell('1,234', auto(','))).toBe(1.234);
    expect(parseNumberCell('1,234', auto('.'))).toBe(1234);
    expect(parseNumberCell('1.234', auto(','))).toBe(1234);
    expect(parseNumberCell('1.234', auto('.'))).toBe(1.234);
  });

  it('is strict when the mapping names the decimal mark', () => {
    expect(parseNumberCell('1.5', strict(','))).toMatch(/decimal mark ","/);
    expect(parseNumberCell('1.500,5', strict(','))).toBe(1500.5);
  });

  it('refuses what is not a number, with the text', () => {
    for (const bad of ['abc', '12 kg', '5%', '#N/A', '1,2,3.4.5', '1..2', '--1', '1e5x', '12,3456,7']) {
      expect(parseNumberCell(bad, auto('.'))).toMatch(/is not a number/);
    }
    expect(parseNumberCell(true, auto('.'))).toMatch(/not a number/);
    expect(parseNumberCell('  ', auto('.'))).toBe('empty');
  });
});

describe('plainCell', () => {
  it('unwraps exceljs cell values', () => {
    expect(plainCell({ formula: 'A1+1', result: 5 })).toBe(5);
    expect(plainCell({ richText: [{ text: 'Thu ' }, { text: 'ngân sách' }] })).toBe('Thu ngân sách');
    expect(plainCell({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(plainCell({ error: '#N/A' })).toBe('#N/A');
    expect(plainCell(undefined)).toBeNull();
  });
});
