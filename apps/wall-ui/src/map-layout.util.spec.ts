import { autoGrid, fitProjection, layoutMap, type Position, type ScopeGeometry } from './map-layout.util';

const box = { width: 400, height: 200, padding: 10 };
const square = (lon: number, lat: number, d = 0.1): ScopeGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

describe('layoutMap', () => {
  it('draws outlines when every district has a shape, north up, inside the box', () => {
    const layout = layoutMap(
      [
        { code: 'A', name: 'A', shape: square(106.6, 11.0) },
        {
          code: 'B',
          name: 'B',
          shape: { type: 'MultiPolygon', coordinates: [square(106.7, 11.1).coordinates as Position[][]] },
        },
      ],
      box,
    );
    expect(layout.kind).toBe('shapes');
    expect(layout.items.map((i) => i.path!.startsWith('M'))).toEqual([true, true]);
    const [a, b] = layout.items;
    expect(b.label.x).toBeGreaterThan(a.label.x); // east is right
    expect(b.label.y).toBeLessThan(a.label.y); // north is up
    for (const n of layout.items.flatMap((i) => i.path!.match(/-?[\d.]+/g)!.map(Number))) {
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThanOrEqual(400);
    }
  });
  it('places tiles at their row and column when every district has one', () => {
    const layout = layoutMap(
      [
        { code: 'A', name: 'A', tile: { row: 0, col: 1 } },
        { code: 'B', name: 'B', tile: { row: 1, col: 0 } },
      ],
      box,
    );
    expect(layout.kind).toBe('tiles');
    const [a, b] = layout.items.map((i) => i.rect!);
    expect(a.x).toBeGreaterThan(b.x);
    expect(a.y).toBeLessThan(b.y);
  });
  it('falls back to a grid when some district has neither, with the scope outline behind', () => {
    const layout = layoutMap(
      [
        { code: 'A', name: 'A', tile: { row: 0, col: 0 } },
        { code: 'B', name: 'B' },
        { code: 'C', name: 'C', shape: square(1, 1) },
      ],
      box,
      { code: 'P', name: 'P', shape: square(1, 1, 1) },
    );
    expect(layout.kind).toBe('grid');
    expect(layout.items).toHaveLength(3);
    expect(layout.outline).toMatch(/^M[\d.,L]+Z$/);
  });
  it('ignores a shape that is not a polygon', () => {
    const layout = layoutMap([{ code: 'A', name: 'A', shape: { type: 'Point', coordinates: [1, 2] } as never }], box);
    expect(layout.kind).toBe('grid');
  });
});

describe('autoGrid', () => {
  it('fills the squarest grid row by row', () => {
    expect(autoGrid(5)).toEqual([
      { row: 0, col: 0 },
      { row: 0, col: 1 },
      { row: 0, col: 2 },
      { row: 1, col: 0 },
      { row: 1, col: 1 },
    ]);
    expect(autoGrid(0)).toEqual([]);
  });
});

describe('fitProjection', () => {
  it('keeps the aspect: a square degree near the equator stays square', () => {
    const p = fitProjection([square(0, 0, 1)], { width: 100, height: 100, padding: 0 });
    const [x0, y0] = p([0, 0]);
    const [x1, y1] = p([1, 1]);
    expect(Math.abs(x1 - x0 - (y0 - y1))).toBeLessThan(0.5);
  });
});
