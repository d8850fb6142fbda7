import { mapRow, resolveColumns, validateImportMapping } from './import-mapping.util';
import { MappingProblem } from './mapping-problem.error';

const catalogue = { indicatorExists: (c: string) => c === 'env.aqi', scopeExists: (c: string) => c === '718' };
const vn = (iso: string) => Date.parse(`${iso}+07:00`);

describe('validateImportMapping', () => {
  it('keeps a good mapping, constants included', () => {
    expect(
      validateImportMapping(
        { indicator: '=env.aqi', scope: 'Đơn vị', ts: 'Ngày', value: 'Giá trị', delimiter: ';', headerRow: 2 },
        catalogue,
      ),
    ).toEqual({
      indicator: '=env.aqi',
      scope: 'Đơn vị',
      ts: 'Ngày',
      value: 'Giá trị',
      delimiter: ';',
      headerRow: 2,
    });
  });

  it.each([
    [null, /must be a JSON object/],
    [{ ts: 'a' }, /mapping.value: required/],
    [{ value: 'v' }, /give ts .* or period/],
    [{ value: 'v', ts: 't', period: 'p' }, /not both/],
    [{ value: 'v', ts: 't', indicator: '=nope' }, /names no indicator/],
    [{ value: 'v', ts: 't', scope: '=999' }, /names no scope/],
    [{ value: '=1', ts: 't' }, /value: must be a column/],
    [{ value: 'v', ts: 't', delimiter: ':' }, /delimiter/],
    [{ value: 'v', ts: 't', headerRow: 0 }, /headerRow/],
    [{ value: 'v', ts: 't', sheet: 0 }, /sheet/],
    [{ value: 'v', ts: 't', colums: {} }, /unknown field "colums"/],
    [{ value: '', ts: 't' }, /header text/],
  ])('refuses %j', (raw, why) => {
    expect(() => validateImportMapping(raw, catalogue)).toThrow(MappingProblem);
    expect(() => validateImportMapping(raw, catalogue)).toThrow(why);
  });
});

describe('resolveColumns and mapRow', () => {
  const header = ['\u00a0Mã chỉ tiêu ', 'ĐƠN VỊ', 'Ngày', 'Giá trị'];
  const m = resolveColumns({ indicator: 'mã chỉ tiêu', scope: 'Đơn vị', ts: 'Ngày', value: 'Giá trị' }, header, ',');

  it('finds columns by header, trimmed and case-insensitive', () => {
    expect(m.indicator).toEqual({ column: 0, header: 'Mã chỉ tiêu' });
    expect(m.scope).toEqual({ column: 1, header: 'ĐƠN VỊ' });
  });

  it('names every missing column and lists the headers there are', () => {
    expect(() => resolveColumns({ ts: 'Date', value: 'Value' }, header, '.')).toThrow(
      'mapping.indicator "indicator", mapping.scope "scope", mapping.ts "Date", mapping.value "Value": no such column in the header row (it has "Mã chỉ tiêu", "ĐƠN VỊ", "Ngày", "Giá trị")',
    );
  });

  it('maps a row to a point, or says why not', () => {
    expect(mapRow(['env.aqi', '718', '31/10/2026 14:30', '1.234,5'], m)).toEqual({
      indicator: 'env.aqi',
      scope: '718',
      ts: vn('2026-10-31T14:30:00'),
      value: 1234.5,
    });
    expect(mapRow(['env.aqi', '718', '31/10/2026'], m)).toBe('value: column "Giá trị" is empty');
    expect(mapRow(['', '718', '31/10/2026', '1'], m)).toBe('indicator: column "Mã chỉ tiêu" is empty');
    expect(mapRow(['env.aqi', '718', '31/10/2026', 'n/a'], m)).toBe('value: "n/a" is not a number (column "Giá trị")');
    expect(mapRow(['env.aqi', '718', '31/13/2026', '1'], m)).toMatch(
      /^ts: "31\/13\/2026" is not a real date .* \(column "Ngày"\)$/,
    );
  });

  it('takes constants and periods', () => {
    const p = resolveColumns({ indicator: '=env.aqi', scope: '=718', period: 'Kỳ', value: 'v' }, ['Kỳ', 'v'], '.');
    expect(mapRow(['Q3/2026', 5], p)).toEqual({
      indicator: 'env.aqi',
      scope: '718',
      ts: vn('2026-07-01T00:00:00'),
      value: 5,
    });
    expect(mapRow(['Q5/2026', 5], p)).toMatch(/^period: "Q5\/2026" is not a period/);
  });
});
