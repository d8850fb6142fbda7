import { DEMO_DISTRICTS } from './demo-scopes.data';
import { DEMO_MAP_DATA } from './demo-map.data';

describe('demo map data', () => {
  it('gives every demo district one tile, no two on the same square', () => {
    expect(DEMO_MAP_DATA.map((x) => x.code).sort()).toEqual(DEMO_DISTRICTS.map((d) => d.code).sort());
    const squares = DEMO_MAP_DATA.map((x) => `${x.tile.row},${x.tile.col}`);
    expect(new Set(squares).size).toBe(squares.length);
  });

  it('lays the districts out north to south as they lie', () => {
    const row = (code: string) => DEMO_MAP_DATA.find((x) => x.code === code)!.tile.row;
    // Dầu Tiếng and Phú Giáo on the northern edge, Thuận An and Dĩ An on the southern one.
    expect(row('720')).toBe(0);
    expect(row('722')).toBe(0);
    const south = Math.max(...DEMO_MAP_DATA.map((x) => x.tile.row));
    expect(row('725')).toBe(south);
    expect(row('724')).toBe(south);
    expect(row('718')).toBeLessThan(south);
  });
});
