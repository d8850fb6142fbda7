import {
  type GeoPosition,
  type GeoRing,
  SCOPE_SHAPE_MAX_POSITIONS,
  SCOPE_SHAPE_TYPES,
  type ScopeShape,
} from '@app/contracts';

/** What a shape must be, said once in every message about a wrong one. */
export const SCOPE_SHAPE_EXPECTED =
  'a GeoJSON geometry {type: "Polygon" | "MultiPolygon", coordinates} in WGS84 [longitude, latitude]';

export type ShapeCheck = { shape: ScopeShape; error?: undefined } | { shape?: undefined; error: string };

/**
 * Checks a scope's shape and answers it in its stored form, or says what is wrong (in words that
 * follow "shape: "). A shape is a GeoJSON Polygon or MultiPolygon (RFC 7946): every ring closed with
 * at least 4 positions, every position finite `[longitude, latitude]` within ±180 / ±90, at most
 * SCOPE_SHAPE_MAX_POSITIONS positions in all. A third number (altitude) is dropped, and so are
 * members other than `type` and `coordinates` (`bbox`, `crs`): the wall draws outlines, nothing more.
 */
export function checkScopeShape(value: unknown): ShapeCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `expected ${SCOPE_SHAPE_EXPECTED}` };
  }
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (!SCOPE_SHAPE_TYPES.includes(type as (typeof SCOPE_SHAPE_TYPES)[number])) {
    return { error: `expected ${SCOPE_SHAPE_EXPECTED}; got type ${JSON.stringify(type) ?? 'undefined'}` };
  }
  const budget = { left: SCOPE_SHAPE_MAX_POSITIONS };
  try {
    if (type === 'Polygon') return { shape: { type, coordinates: polygon(coordinates, 'coordinates', budget) } };
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      throw new ShapeError('coordinates must be a non-empty array of polygons');
    }
    return {
      shape: { type: 'MultiPolygon', coordinates: coordinates.map((p, i) => polygon(p, `coordinates[${i}]`, budget)) },
    };
  } catch (err) {
    if (err instanceof ShapeError) return { error: err.message };
    throw err;
  }
}

class ShapeError extends Error {}

function polygon(value: unknown, path: string, budget: { left: number }): GeoRing[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ShapeError(`${path} must be a non-empty array of rings (the outline, then any holes)`);
  }
  return value.map((r, i) => ring(r, `${path}[${i}]`, budget));
}

function ring(value: unknown, path: string, budget: { left: number }): GeoRing {
  if (!Array.isArray(value) || value.length < 4) {
    throw new ShapeError(`${path} must be a closed ring of at least 4 positions`);
  }
  budget.left -= value.length;
  if (budget.left < 0) {
    throw new ShapeError(`more than ${SCOPE_SHAPE_MAX_POSITIONS} positions; simplify the outline first`);
  }
  const out = value.map((p, i) => position(p, `${path}[${i}]`));
  const [first, last] = [out[0], out[out.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new ShapeError(`${path} is not closed: its last position must equal its first`);
  }
  return out;
}

function position(value: unknown, path: string): GeoPosition {
  const ok =
    Array.isArray(value) &&
    (value.length === 2 || value.length === 3) &&
    value.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    Math.abs(value[0] as number) <= 180 &&
    Math.abs(value[1] as number) <= 90;
  if (!ok) {
    throw new ShapeError(
      `${path} must be [longitude, latitude]: finite numbers, longitude -180..180, latitude -90..90; got ${brief(value)}`,
    );
  }
  return [value[0] as number, value[1] as number];
}

/** A value in a message, cut short. */
function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** How many positions a shape has (all rings together). */
export function shapePositions(shape: ScopeShape): number {
  const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  return polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
}
