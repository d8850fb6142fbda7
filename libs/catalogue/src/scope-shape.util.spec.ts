import { SCOPE_SHAPE_MAX_POSITIONS } from '@app/contracts';
import { checkScopeShape, shapePositions } from './scope-shape.util';

const SQUARE = [
  [106.6, 11.0],
  [106.7, 11.0],
  [106.7, 11.1],
  [106.6, 11.1],
  [106.6, 11.0],
];

describe('checkScopeShape', () => {
  it('takes a Polygon and a MultiPolygon as they are', () => {
    expect(checkScopeShape({ type: 'Polygon', coordinates: [SQUARE] })).toEqual({
      shape: { type: 'Polygon', coordinates: [SQUARE] },
    });
    const multi = { type: 'MultiPolygon', coordinates: [[SQUARE], [SQUARE, SQUARE]] };
    expect(checkScopeShape(multi).shape).toEqual(multi);
  });

  it('drops altitudes and members other than type and coordinates', () => {
    const ring3d = SQUARE.map(([x, y]) => [x, y, 12]);
    const r = checkScopeShape({ type: 'Polygon', coordinates: [ring3d], bbox: [0, 0, 1, 1] });
    expect(r.shape).toEqual({ type: 'Polygon', coordinates: [SQUARE] });
  });

  it.each([
    ['a string', 'POLYGON((...))', /expected a GeoJSON geometry/],
    ['an array', [SQUARE], /expected a GeoJSON geometry/],
    ['a Point', { type: 'Point', coordinates: [106, 11] }, /got type "Point"/],
    ['a Feature', { type: 'Feature', geometry: { type: 'Polygon', coordinates: [SQUARE] } }, /got type "Feature"/],
    ['no coordinates', { type: 'Polygon' }, /coordinates must be a non-empty array of rings/],
    ['no rings', { type: 'Polygon', coordinates: [] }, /coordinates must be a non-empty array of rings/],
    ['no polygons', { type: 'MultiPolygon', coordinates: [] }, /coordinates must be a non-empty array of polygons/],
    [
      'a ring of 3',
      { type: 'Polygon', coordinates: [SQUARE.slice(0, 2).concat([SQUARE[0]])] },
      /coordinates\[0\] must be a closed ring of at least 4 positions/,
    ],
    ['an open ring', { type: 'Polygon', coordinates: [SQUARE.slice(0, 4)] }, /coordinates\[0\] is not closed/],
    [
      'a latitude out of range',
      {
        type: 'Polygon',
        coordinates: [
          [
            [106, 11],
            [106, 95],
            [107, 11],
            [106, 11],
          ],
        ],
      },
      /coordinates\[0\]\[1\] must be \[longitude, latitude\].*got \[106,95\]/,
    ],
    [
      'lat/lon swapped past 90',
      {
        type: 'Polygon',
        coordinates: [
          [
            [11, 106],
            [11, 107],
            [12, 107],
            [11, 106],
          ],
        ],
      },
      /coordinates\[0\]\[0\] must be \[longitude, latitude\]/,
    ],
    [
      'a string position',
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [106, 11],
              ['106', 12],
              [107, 11],
              [106, 11],
            ],
          ],
        ],
      },
      /coordinates\[0\]\[0\]\[1\] must be \[longitude, latitude\]/,
    ],
    [
      'a position of 1 number',
      { type: 'Polygon', coordinates: [[[106], [106, 12], [107, 11], [106]]] },
      /coordinates\[0\]\[0\] must be/,
    ],
  ])('refuses %s, saying what was expected', (_name, value, message) => {
    const r = checkScopeShape(value);
    expect(r.shape).toBeUndefined();
    expect(r.error).toMatch(message);
  });

  it(`refuses more than ${SCOPE_SHAPE_MAX_POSITIONS} positions in all, and takes exactly that many`, () => {
    const ring = (n: number) => {
      const pts = Array.from({ length: n - 1 }, (_, i) => [
        106 + Math.cos((2 * Math.PI * i) / (n - 1)) * 0.1,
        11 + Math.sin((2 * Math.PI * i) / (n - 1)) * 0.1,
      ]);
      return [...pts, pts[0]];
    };
    const half = SCOPE_SHAPE_MAX_POSITIONS / 2;
    const exact = checkScopeShape({ type: 'MultiPolygon', coordinates: [[ring(half)], [ring(half)]] });
    expect(exact.error).toBeUndefined();
    expect(shapePositions(exact.shape!)).toBe(SCOPE_SHAPE_MAX_POSITIONS);
    const over = checkScopeShape({ type: 'MultiPolygon', coordinates: [[ring(half)], [ring(half + 1)]] });
    expect(over.error).toMatch(`more than ${SCOPE_SHAPE_MAX_POSITIONS} positions`);
  });
});
