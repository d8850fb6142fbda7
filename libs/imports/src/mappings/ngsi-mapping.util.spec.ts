import type { NgsiMapping } from '@app/contracts';
import { MappingProblem } from './mapping-problem.error';
import { ngsiEntitiesToPoints, validateNgsiMapping } from './ngsi-mapping.util';

const catalogue = { indicatorExists: (c: string) => c.startsWith('env.'), scopeExists: (c: string) => c === '718' };
const T = '2026-10-31T07:30:00.000Z';
const ms = Date.parse(T);

describe('validateNgsiMapping', () => {
  it('keeps a good mapping', () => {
    const m = {
      entityType: 'AirQualityObserved',
      scope: { fromId: ':(\\d+):' },
      ts: 'metadata.TimeInstant',
      attributes: { NO2: 'env.no2' },
    };
    expect(validateNgsiMapping(m, catalogue)).toEqual(m);
  });

  it.each([
    [{ scope: '=718', attributes: { NO2: 'env.no2' } }, /entityType: required/],
    [{ entityType: 'A', scope: '718', attributes: { NO2: 'env.no2' } }, /mapping.scope: required/],
    [{ entityType: 'A', scope: '=999', attributes: { NO2: 'env.no2' } }, /names no scope/],
    [{ entityType: 'A', scope: { fromId: '(' }, attributes: { NO2: 'env.no2' } }, /not a valid regular expression/],
    [{ entityType: 'A', scope: { attr: 'r', pattern: 'x' }, attributes: { NO2: 'env.no2' } }, /capture group/],
    [{ entityType: 'A', scope: '=718', attributes: {} }, /attributes: required/],
    [{ entityType: 'A', scope: '=718', attributes: { NO2: 'traffic.x' } }, /names no indicator/],
    [{ entityType: 'A', scope: '=718', ts: 'now', attributes: { NO2: 'env.no2' } }, /mapping.ts/],
  ])('refuses %j', (raw, why) => {
    expect(() => validateNgsiMapping(raw, catalogue)).toThrow(MappingProblem);
    expect(() => validateNgsiMapping(raw, catalogue)).toThrow(why);
  });
});

describe('ngsiEntitiesToPoints', () => {
  const aq: NgsiMapping = {
    entityType: 'AirQualityObserved',
    scope: { attr: 'refDistrict', pattern: ':(\\d+)$' },
    attributes: { NO2: 'env.no2', PM25: 'env.pm25' },
  };
  const by = (t: string) => (t === aq.entityType ? aq : undefined);

  it('makes one point per mapped attribute present, timed by its metadata', () => {
    const r = ngsiEntitiesToPoints(
      [
        {
          id: 'aq1',
          type: 'AirQualityObserved',
          NO2: { type: 'Number', value: 22.5, metadata: { TimeInstant: { type: 'DateTime', value: T } } },
          PM25: { type: 'Number', value: '12', metadata: { dateModified: { type: 'DateTime', value: T } } },
          refDistrict: { type: 'Relationship', value: 'urn:ngsi-ld:District:718' },
        },
      ],
      by,
      0,
    );
    expect(r.points).toEqual([
      { indicator: 'env.no2', scope: '718', ts: ms, value: 22.5 },
      { indicator: 'env.pm25', scope: '718', ts: ms, value: 12 },
    ]);
    expect(r.entityOf).toEqual([0, 0]);
    expect(r.rejected).toEqual([]);
  });

  it('reads keyValues with a ts attribute or the receiving time', () => {
    const kv: NgsiMapping = { ...aq, scope: { attr: 'refDistrict' }, ts: { attr: 'dateObserved' } };
    const r = ngsiEntitiesToPoints(
      [{ id: 'a', type: 'AirQualityObserved', NO2: 3, refDistrict: '718', dateObserved: T }],
      () => kv,
      0,
      false,
    );
    expect(r.points).toEqual([{ indicator: 'env.no2', scope: '718', ts: ms, value: 3 }]);
    const rec: NgsiMapping = { ...aq, scope: '=718', ts: 'received' };
    expect(ngsiEntitiesToPoints([{ id: 'a', type: 'X', NO2: 4 }], () => rec, 42, false).points[0].ts).toBe(42);
  });

  it('lists what it cannot map with the entity index', () => {
    const r = ngsiEntitiesToPoints(
      [
        'nope',
        { id: 'w', type: 'WaterQualityObserved' },
        { id: 'a', type: 'AirQualityObserved', NO2: 1 },
        { id: 'b', type: 'AirQualityObserved', NO2: 1, refDistrict: '718' },
      ],
      by,
      0,
      false,
    );
    expect(r.rejected).toEqual([
      { index: 0, reason: 'entity: must be an object with string id and type' },
      { index: 1, reason: 'entity "w": no saved ngsi mapping for entity type "WaterQualityObserved"' },
      { index: 2, reason: 'entity "a": attribute refDistrict (the scope) is missing' },
      { index: 3, reason: expect.stringMatching(/"718" does not match the scope's pattern/) },
    ]);
  });
});
