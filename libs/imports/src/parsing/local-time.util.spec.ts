import { excelSerialToMs, parseLocalDate, parsePeriodStart } from './local-time.util';

const vn = (iso: string) => Date.parse(`${iso}+07:00`);

describe('parseLocalDate', () => {
  it.each([
    ['31/10/2026', '2026-10-31T00:00:00'],
    ['1/2/2026', '2026-02-01T00:00:00'],
    ['31/10/2026 14:30', '2026-10-31T14:30:00'],
    ['31/10/2026 14:30:15', '2026-10-31T14:30:15'],
    ['31-10-2026', '2026-10-31T00:00:00'],
    ['31.10.2026 7h05', '2026-10-31T07:05:00'],
    ['2026-10-31', '2026-10-31T00:00:00'],
    ['2026-10-31 14:30', '2026-10-31T14:30:00'],
    ['2026-10-31T14:30:00', '2026-10-31T14:30:00'],
    [' 31/10/2026 ', '2026-10-31T00:00:00'],
  ])('reads %s as Vietnam time', (text, local) => {
    expect(parseLocalDate(text)).toBe(vn(local));
  });

  it('reads ISO-8601 with an offset as given', () => {
    expect(parseLocalDate('2026-10-31T07:30:00Z')).toBe(Date.UTC(2026, 9, 31, 7, 30));
    expect(parseLocalDate('2026-10-31T14:30:00+07:00')).toBe(Date.UTC(2026, 9, 31, 7, 30));
  });

  it('reads epoch ms and Excel serials, as numbers or as digits', () => {
    expect(parseLocalDate(1_793_436_600_000)).toBe(1_793_436_600_000);
    expect(parseLocalDate('1793436600000')).toBe(1_793_436_600_000);
    // 46326 = 2026-10-31 in Excel; .5 = noon
    expect(parseLocalDate(46326)).toBe(vn('2026-10-31T00:00:00'));
    expect(parseLocalDate(46326.5)).toBe(vn('2026-10-31T12:00:00'));
    expect(parseLocalDate('46326.604166666664')).toBe(vn('2026-10-31T14:30:00'));
    expect(excelSerialToMs(61)).toBe(vn('1900-03-01T00:00:00'));
  });

  it('reads an XLSX date cell (a Date holding the shown time as UTC) in Vietnam time', () => {
    expect(parseLocalDate(new Date(Date.UTC(2026, 9, 31, 14, 30)))).toBe(vn('2026-10-31T14:30:00'));
  });

  it('refuses what is not a date, with a reason', () => {
    expect(parseLocalDate('31/02/2026')).toMatch(/not a real date.*29 days|not a real date.*28 days/);
    expect(parseLocalDate('32/10/2026')).toMatch(/not a real date/);
    expect(parseLocalDate('31/10/2026 25:00')).toMatch(/hour/);
    expect(parseLocalDate('hôm qua')).toMatch(/is not a date \(expected dd\/mm\/yyyy/);
    expect(parseLocalDate('10/2026')).toMatch(/not a date/);
    expect(parseLocalDate(1_793_436_600)).toMatch(/epoch seconds/);
    expect(parseLocalDate(-5)).toMatch(/not a date/);
    expect(parseLocalDate('')).toBe('empty');
    expect(parseLocalDate(null)).toBe('empty');
  });
});

describe('parsePeriodStart', () => {
  it.each([
    ['2026', '2026-01-01'],
    ['2026-10', '2026-10-01'],
    ['2026-1', '2026-01-01'],
    ['10/2026', '2026-10-01'],
    ['tháng 10/2026', '2026-10-01'],
    ['T10/2026', '2026-10-01'],
    ['Q3/2026', '2026-07-01'],
    ['Q4-2026', '2026-10-01'],
    ['2026-Q3', '2026-07-01'],
    ['Quý III/2026', '2026-07-01'],
    ['quý 2/2026', '2026-04-01'],
    ['31/10/2026', '2026-10-31'],
    ['2026-10-05', '2026-10-05'],
  ])('%s starts at %s (Vietnam time)', (text, day) => {
    expect(parsePeriodStart(text)).toBe(vn(`${day}T00:00:00`));
  });

  it('takes a year as a number and a date cell as its day', () => {
    expect(parsePeriodStart(2026)).toBe(vn('2026-01-01T00:00:00'));
    expect(parsePeriodStart(new Date(Date.UTC(2026, 9, 1)))).toBe(vn('2026-10-01T00:00:00'));
  });

  it('refuses what is not a period', () => {
    expect(parsePeriodStart('2026-13')).toMatch(/month must be 1 to 12/);
    expect(parsePeriodStart('Q5/2026')).toMatch(/not a period/);
    expect(parsePeriodStart('sớm')).toMatch(/not a period/);
    expect(parsePeriodStart(12.5)).toMatch(/not a period/);
  });
});
