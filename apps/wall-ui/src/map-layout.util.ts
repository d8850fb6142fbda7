import type { GeoPosition, ScopeShape } from '@app/contracts';

/**
 * Where each district goes on the wall's SVG map: its outline when the catalogue has a shape (GeoJSON
 * lon/lat, fitted into the box with an equirectangular projection), else a tile at its `{row, col}`,
 * else a tile in an automatic grid. Pure, so it is tested without a browser.
 */
/** `[longitude, latitude]` in, `[x, y]` out. */
export type Position = GeoPosition;
/** A catalogue scope's `shape`: a GeoJSON Polygon or MultiPolygon. */
export type ScopeGeometry = ScopeShape;

export interface MapScope {
  code: string;
  name: string;
  shape?: ScopeGeometry | null;
  tile?: { row: number; col: number } | null;
}

export interface MapBox {
  width: number;
  height: number;
  /** Space kept free at each edge. */
  padding: number;
}

export interface MapItem {
  code: string;
  name: string;
  /** An SVG path (`d`) for an outline, or a rectangle for a tile. */
  path?: string;
  rect?: { x: number; y: number; width: number; height: number };
  /** Where its label goes. */
  label: { x: number; y: number };
}

export interface MapLayout {
  kind: 'shapes' | 'tiles' | 'grid';
  items: MapItem[];
  /** The wall's own scope drawn behind its children (a district screen's outline), when it has a shape. */
  outline?: string;
}

/** Lays out `children` in the box; `self` (the scope shown) gives the outline behind tiles. */
export function layoutMap(children: MapScope[], box: MapBox, self?: MapScope | null): MapLayout {
  const shaped = children.filter((c) => isGeometry(c.shape));
  if (children.length > 0 && shaped.length === children.length) {
    const project = fitProjection(
      children.map((c) => c.shape!),
      box,
    );
    return {
      kind: 'shapes',
      items: children.map((c) => {
        const rings = polygons(c.shape!).map((poly) => poly.map((ring) => ring.map(project)));
        return { code: c.code, name: c.name, path: toPath(rings), label: labelPoint(rings) };
      }),
    };
  }
  const outline =
    self && isGeometry(self.shape)
      ? toPath(polygons(self.shape).map((poly) => poly.map((ring) => ring.map(fitProjection([self.shape!], box)))))
      : undefined;
  const tiled = children.length > 0 && children.every((c) => validTile(c.tile));
  const cells = tiled ? children.map((c) => c.tile!) : autoGrid(children.length);
  const rows = Math.max(1, ...cells.map((t) => t.row + 1));
  const cols = Math.max(1, ...cells.map((t) => t.col + 1));
  const gap = 6;
  const size = Math.min((box.width - 2 * box.padding) / cols, (box.height - 2 * box.padding) / rows);
  const left = (box.width - size * cols) / 2;
  const top = (box.height - size * rows) / 2;
  return {
    kind: tiled ? 'tiles' : 'grid',
    outline,
    items: children.map((c, i) => {
      const x = left + cells[i].col * size + gap / 2;
      const y = top + cells[i].row * size + gap / 2;
      const w = size - gap;
      return { code: c.code, name: c.name, rect: { x, y, width: w, height: w }, label: { x: x + w / 2, y: y + w / 2 } };
    }),
  };
}

/** n tiles, row by row, in the squarest grid that holds them. */
export function autoGrid(n: number): { row: number; col: number }[] {
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  return Array.from({ length: n }, (_, i) => ({ row: Math.floor(i / cols), col: i % cols }));
}

/**
 * lon/lat to the box: x grows with longitude, y with falling latitude, longitudes shrunk by the cosine
 * of the middle latitude (so a province keeps its shape), the whole fitted and centred with padding.
 */
export function fitProjection(shapes: ScopeGeometry[], box: MapBox): (p: Position) => Position {
  let minLon = Infinity,
    maxLon = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity;
  for (const shape of shapes)
    for (const poly of polygons(shape))
      for (const ring of poly)
        for (const [lon, lat] of ring) {
          minLon = Math.min(minLon, lon);
          maxLon = Math.max(maxLon, lon);
          minLat = Math.min(minLat, lat);
          maxLat = Math.max(maxLat, lat);
        }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max(1e-9, (maxLon - minLon) * k);
  const spanY = Math.max(1e-9, maxLat - minLat);
  const scale = Math.min((box.width - 2 * box.padding) / spanX, (box.height - 2 * box.padding) / spanY);
  const offX = (box.width - spanX * scale) / 2;
  const offY = (box.height - spanY * scale) / 2;
  return ([lon, lat]) => [round(offX + (lon - minLon) * k * scale), round(offY + (maxLat - lat) * scale)];
}

function polygons(shape: ScopeGeometry): Position[][][] {
  return shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
}

function isGeometry(shape: unknown): shape is ScopeGeometry {
  const s = shape as ScopeGeometry | null | undefined;
  return (
    !!s &&
    (s.type === 'Polygon' || s.type === 'MultiPolygon') &&
    Array.isArray(s.coordinates) &&
    s.coordinates.length > 0
  );
}

function validTile(t: MapScope['tile']): boolean {
  return !!t && Number.isInteger(t.row) && Number.isInteger(t.col) && t.row >= 0 && t.col >= 0;
}

function toPath(polys: Position[][][]): string {
  return polys.flatMap((poly) => poly.map((ring) => 'M' + ring.map(([x, y]) => `${x},${y}`).join('L') + 'Z')).join('');
}

/** The centre of the largest outer ring's bounding box: good enough for a label on a district. */
function labelPoint(polys: Position[][][]): { x: number; y: number } {
  let best = { x: 0, y: 0, area: -1 };
  for (const poly of polys) {
    const ring = poly[0] ?? [];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const area = (x1 - x0) * (y1 - y0);
    if (area > best.area) best = { x: round((x0 + x1) / 2), y: round((y0 + y1) / 2), area };
  }
  return { x: best.x, y: best.y };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
