import { api } from './support/api';
import { type RunningService, startService } from './support/service';

/** A small square near Thủ Dầu Một, closed. */
const SQUARE = [
  [106.62, 11.03],
  [106.72, 11.03],
  [106.72, 10.95],
  [106.62, 10.95],
  [106.62, 11.03],
];
const POLYGON = { type: 'Polygon', coordinates: [SQUARE] };
const MULTI = {
  type: 'MultiPolygon',
  coordinates: [[SQUARE], [SQUARE.map(([x, y]) => [x + 0.2, y])]],
};

describe.each(['sqlite', 'postgres'] as const)('scope map data on %s', (database) => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    svc = await startService({ database });
    admin = api(svc, svc.adminKey);
    expect((await admin.post('/api/v1/scopes', { code: '74', name: 'Bình Dương' })).status).toBe(201);
  });
  afterAll(() => svc?.cleanup());

  it('POST takes a shape and a tile; lists give the tile, the shape only with include=shape', async () => {
    const created = await admin.post('/api/v1/scopes', {
      code: '718',
      name: 'Thủ Dầu Một',
      parent: '74',
      shape: POLYGON,
      tile: { row: 2, col: 1 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      code: '718',
      name: 'Thủ Dầu Một',
      parent: '74',
      tile: { row: 2, col: 1 },
      shape: POLYGON,
    });
    // A scope without map data answers as before map data existed.
    expect((await admin.post('/api/v1/scopes', { code: '719', name: 'Bàu Bàng', parent: '74' })).body).toEqual({
      code: '719',
      name: 'Bàu Bàng',
      parent: '74',
    });

    const plain = await admin.get('/api/v1/scopes');
    expect(plain.status).toBe(200);
    expect(plain.body.find((s: any) => s.code === '718')).toEqual({
      code: '718',
      name: 'Thủ Dầu Một',
      parent: '74',
      tile: { row: 2, col: 1 },
    });
    expect(plain.body.some((s: any) => 'shape' in s)).toBe(false);

    const withShapes = await admin.get('/api/v1/scopes?include=shape');
    expect(withShapes.status).toBe(200);
    expect(withShapes.body.find((s: any) => s.code === '718').shape).toEqual(POLYGON);
    expect(withShapes.body.find((s: any) => s.code === '719')).toEqual({ code: '719', name: 'Bàu Bàng', parent: '74' });

    expect((await admin.get('/api/v1/scopes/718')).body).not.toHaveProperty('shape');
    expect((await admin.get('/api/v1/scopes/718?include=shape')).body.shape).toEqual(POLYGON);
    const typo = await admin.get('/api/v1/scopes?include=shapes');
    expect(typo.status).toBe(400);
    expect(typo.body.message).toBe('include: expected "shape", got "shapes"');
  });

  it('PUT sets, replaces and removes name, shape and tile, keeping what it leaves out', async () => {
    const set = await admin.put('/api/v1/scopes/719', { shape: MULTI, tile: { row: 0, col: 1 } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ code: '719', name: 'Bàu Bàng', parent: '74', tile: { row: 0, col: 1 }, shape: MULTI });

    const renamed = await admin.put('/api/v1/scopes/719', { name: 'Huyện Bàu Bàng' });
    expect(renamed.body).toMatchObject({ name: 'Huyện Bàu Bàng', tile: { row: 0, col: 1 }, shape: MULTI });

    // What GET answers can be sent back as it is.
    const got = (await admin.get('/api/v1/scopes/719?include=shape')).body;
    expect((await admin.put('/api/v1/scopes/719', got)).body).toEqual(got);

    const cleared = await admin.put('/api/v1/scopes/719', { shape: null, tile: null });
    expect(cleared.body).toEqual({ code: '719', name: 'Huyện Bàu Bàng', parent: '74' });
    expect((await admin.get('/api/v1/scopes?include=shape')).body.find((s: any) => s.code === '719')).toEqual({
      code: '719',
      name: 'Huyện Bàu Bàng',
      parent: '74',
    });
    // The list (served from the catalogue cache) follows every write.
    expect((await admin.get('/api/v1/scopes')).body.find((s: any) => s.code === '718').tile).toEqual({
      row: 2,
      col: 1,
    });
  });

  it('keeps shapes whole across a restart (stored, not only cached)', async () => {
    await svc.restart();
    expect((await admin.get('/api/v1/scopes/718?include=shape')).body).toEqual({
      code: '718',
      name: 'Thủ Dầu Một',
      parent: '74',
      tile: { row: 2, col: 1 },
      shape: POLYGON,
    });
  });

  it.each([
    [
      'a Point',
      { shape: { type: 'Point', coordinates: [106.6, 11] } },
      /^shape: expected a GeoJSON geometry .*got type "Point"/,
    ],
    [
      'a ring of 3',
      {
        shape: {
          type: 'Polygon',
          coordinates: [
            [
              [106, 11],
              [107, 11],
              [106, 11],
            ],
          ],
        },
      },
      /^shape: coordinates\[0\] must be a closed ring of at least 4 positions/,
    ],
    [
      'an open ring',
      { shape: { type: 'Polygon', coordinates: [SQUARE.slice(0, 4)] } },
      /^shape: coordinates\[0\] is not closed/,
    ],
    [
      'lat/lon swapped',
      { shape: { type: 'Polygon', coordinates: [SQUARE.map(([x, y]) => [y, x])] } },
      /^shape: coordinates\[0\]\[0\] must be \[longitude, latitude\]/,
    ],
    ['a string for a shape', { shape: 'POLYGON((106 11, 107 11))' }, /^shape: expected a GeoJSON geometry/],
    ['a negative tile row', { tile: { row: -1, col: 0 } }, /^tile\.row must be an integer from 0 to 999$/],
    ['a fractional tile col', { tile: { row: 0, col: 1.5 } }, /^tile\.col must be an integer from 0 to 999$/],
    ['a tile that is not an object', { tile: [0, 1] }, /^tile must be an object \{row, col\}/],
    ['a tile missing col', { tile: { row: 1 } }, /^tile\.col must be an integer/],
    ['a tile with more', { tile: { row: 1, col: 1, z: 2 } }, /^tile\.z: property z should not exist$/],
  ])('refuses %s with a 400 naming the field', async (_name, body, message) => {
    const put = await admin.put('/api/v1/scopes/718', body);
    expect(put.status).toBe(400);
    expect(put.body.message).toMatch(message);
    const post = await admin.post('/api/v1/scopes', { code: 'x1', name: 'x', ...body });
    expect(post.status).toBe(400);
    expect(post.body.message).toMatch(message);
    // Nothing changed.
    expect((await admin.get('/api/v1/scopes/718?include=shape')).body.shape).toEqual(POLYGON);
    expect((await admin.get('/api/v1/scopes/x1')).status).toBe(404);
  });

  it('refuses a shape over 20,000 positions, saying so', async () => {
    const ring = Array.from({ length: 20_001 }, (_, i) => [
      106 + Math.cos(i / 3200) * 0.1,
      11 + Math.sin(i / 3200) * 0.1,
    ]);
    ring.push(ring[0]);
    const r = await admin.put('/api/v1/scopes/718', { shape: { type: 'Polygon', coordinates: [ring] } });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('shape: more than 20000 positions; simplify the outline first');
  });

  it('PUT: 404 for an unknown scope, 400 for another code or parent, 403 for a viewer key', async () => {
    const unknown = await admin.put('/api/v1/scopes/999', { name: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('unknown scope "999"');
    const code = await admin.put('/api/v1/scopes/718', { code: '719' });
    expect(code.status).toBe(400);
    expect(code.body.message).toBe('code: "719" in the body differs from "718" in the path');
    const parent = await admin.put('/api/v1/scopes/718', { parent: null });
    expect(parent.status).toBe(400);
    expect(parent.body.message).toBe('parent: cannot be changed here (scope 718 has parent "74")');

    const viewerKey = (await admin.post('/api/v1/api-keys', { name: 'wall', role: 'viewer' })).body.key;
    const viewer = api(svc, viewerKey);
    expect((await viewer.put('/api/v1/scopes/718', { name: 'x' })).status).toBe(403);
    expect((await viewer.get('/api/v1/scopes?include=shape')).status).toBe(200);
  });

  it('the OpenAPI document describes PUT, include=shape, tile and shape', async () => {
    const doc: any = await (await fetch(`${svc.baseUrl}/api/docs-json`)).json();
    const put = doc.paths['/api/v1/scopes/{code}'].put;
    expect(put.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/UpdateScopeDto');
    const include = doc.paths['/api/v1/scopes'].get.parameters.find((p: any) => p.name === 'include');
    expect(include.schema.enum).toEqual(['shape']);
    expect(Object.keys(doc.components.schemas.ScopeDto.properties)).toEqual(
      expect.arrayContaining(['code', 'name', 'parent', 'tile', 'shape']),
    );
    expect(Object.keys(doc.components.schemas.UpdateScopeDto.properties).sort()).toEqual([
      'code',
      'name',
      'parent',
      'shape',
      'tile',
    ]);
    expect(doc.components.schemas.ScopeTileDto.required.sort()).toEqual(['col', 'row']);
  });

  it('a district key lists only its own scopes, shapes included when asked', async () => {
    const key = (await admin.post('/api/v1/api-keys', { name: 'tdm', role: 'district', scopes: ['718'] })).body.key;
    const district = api(svc, key);
    const r = await district.get('/api/v1/scopes?include=shape');
    expect(r.status).toBe(200);
    expect(r.body.map((s: any) => s.code)).toEqual(['718']);
    expect(r.body[0].shape).toEqual(POLYGON);
    expect((await district.get('/api/v1/scopes/719?include=shape')).status).toBe(403);
  });
});

describe('demo map data', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { IOC_DEMO: '1' } });
  });
  afterAll(() => svc?.cleanup());

  it('gives every demo district a tile at start, and keeps what an operator set over a restart', async () => {
    const admin = api(svc, svc.adminKey);
    const districts = (await admin.get('/api/v1/scopes')).body.filter((s: any) => s.parent === '74');
    expect(districts).toHaveLength(9);
    for (const d of districts) expect(d.tile).toEqual({ row: expect.any(Number), col: expect.any(Number) });
    expect(districts.find((d: any) => d.code === '720').tile).toEqual({ row: 0, col: 0 }); // Dầu Tiếng, north-west

    // An operator's outline and tile stay; a tile the operator removed comes back from the demo.
    expect((await admin.put('/api/v1/scopes/718', { shape: POLYGON, tile: { row: 5, col: 5 } })).status).toBe(200);
    expect((await admin.put('/api/v1/scopes/724', { tile: null })).status).toBe(200);
    await svc.restart();
    const after = (await admin.get('/api/v1/scopes?include=shape')).body;
    expect(after.find((s: any) => s.code === '718')).toMatchObject({ tile: { row: 5, col: 5 }, shape: POLYGON });
    expect(after.find((s: any) => s.code === '724').tile).toEqual({ row: 3, col: 2 });
  });
});
