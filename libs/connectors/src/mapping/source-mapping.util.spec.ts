import { compileMapping, MappingError, mappingProblem } from './source-mapping.util';

const NOW = 1_767_000_000_000;
const doc = {
  data: {
    updated: '2026-11-30T08:00:00+07:00',
    items: [
      { district_code: '718', aqi: 52, updated_at: '2026-11-30T08:00:00+07:00' },
      { district_code: '719', aqi: 'n/a', updated_at: 1767000000000 },
      { district_code: '720' },
    ],
  },
};

describe('source mappings', () => {
  it('per field: each item, constants with "=", JSONata strings and $root', async () => {
    const m = compileMapping({
      each: 'data.items',
      indicator: '=env.aqi',
      scope: 'district_code',
      ts: '$root.data.updated',
      value: 'aqi',
    });
    const out = await m.map(doc, NOW);
    expect(out.points).toEqual([
      { index: 0, point: { indicator: 'env.aqi', scope: '718', ts: '2026-11-30T08:00:00+07:00', value: 52 } },
      { index: 1, point: { indicator: 'env.aqi', scope: '719', ts: '2026-11-30T08:00:00+07:00', value: 'n/a' } },
    ]);
    expect(out.failed).toEqual([{ index: 2, reason: 'mapping.value gave nothing for this item' }]);
  });

  it('a JSONata string literal is a constant too; ts defaults to the time of the fetch', async () => {
    const out = await compileMapping({
      each: 'data.items[0]',
      indicator: "'env.aqi'",
      scope: 'district_code',
      value: 'aqi',
    }).map(doc, NOW);
    expect(out.points).toEqual([{ index: 0, point: { indicator: 'env.aqi', scope: '718', ts: NOW, value: 52 } }]);
  });

  it('{points}: one expression that gives the points', async () => {
    const out = await compileMapping({
      points: "data.items[$type(aqi) = 'number'].{'indicator': 'env.aqi', 'scope': district_code, 'value': aqi}",
    }).map(doc, NOW);
    expect(out.points).toEqual([{ index: 0, point: { ts: NOW, indicator: 'env.aqi', scope: '718', value: 52 } }]);
  });

  it('an each that matches nothing gives no points and no error', async () => {
    const out = await compileMapping({ each: 'data.nothing', indicator: '=x', scope: '=y', value: '1' }).map(doc, NOW);
    expect(out).toEqual({ points: [], failed: [] });
  });

  it('mappings that do not parse or lack fields are refused with the field named', () => {
    expect(mappingProblem({ each: 'data.items[', indicator: '=x', scope: 's', value: 'v' })).toMatch(
      /^mapping\.each: does not parse as JSONata: /,
    );
    expect(mappingProblem({ indicator: '=x', scope: 's' })).toBe(
      'mapping.value: required (a JSONata expression, or "=constant")',
    );
    expect(mappingProblem({ indicator: '=x', scope: 's', value: 'v', colour: 'red' })).toMatch(
      /^mapping\.colour: unknown field/,
    );
    expect(mappingProblem({ points: 'x', each: 'y' })).toBe('mapping.each: not allowed beside mapping.points');
    expect(mappingProblem('data')).toMatch(/^mapping: must be an object/);
    expect(mappingProblem({ points: '' })).toMatch(/^mapping\.points: must be a JSONata expression/);
  });

  it('{points} that gives something other than objects fails the run or the item', async () => {
    await expect(compileMapping({ points: 'data.updated' }).map(doc, NOW)).rejects.toBeInstanceOf(MappingError);
    const out = await compileMapping({ points: '[{"indicator": "a"}, 5]' }).map(doc, NOW);
    expect(out.failed).toEqual([{ index: 1, reason: 'mapping.points gave something that is not an object' }]);
  });
});
