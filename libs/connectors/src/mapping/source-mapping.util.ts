import jsonata from 'jsonata';

/** The fields of a point that a per-field mapping gives. */
export const MAPPING_FIELDS = ['indicator', 'scope', 'ts', 'value'] as const;
type MappingField = (typeof MAPPING_FIELDS)[number];

/**
 * How a source's answer (an HTTP poll's JSON body, an MQTT message) becomes points. Two shapes:
 * - `{points}`: one JSONata expression that gives an array of `{indicator, scope, ts, value}`;
 * - per field: `each` (JSONata, the list of items; default the whole document) and, evaluated on each
 *   item, `indicator`, `scope`, `ts` (optional: the time of the fetch) and `value`. A field that starts
 *   with `=` is a constant (`"=env.aqi"`), anything else a JSONata expression (`"'env.aqi'"` is the
 *   same constant in JSONata). In per-field expressions `$root` is the whole document; `$fetchedAt` is the fetch time (epoch ms).
 */
export type SourceMapping = PointsMapping | FieldMapping;

export interface PointsMapping {
  points: string;
}

export interface FieldMapping {
  each?: string;
  indicator: string;
  scope: string;
  ts?: string;
  value: string;
}

/** Longest expression accepted (a mapping is configuration, not a program). */
export const MAX_EXPRESSION_LENGTH = 4000;
/** Items one answer may give at most; the rest are rejected as too many. */
export const MAX_ITEMS_PER_RUN = 100_000;

type Evaluator = (input: unknown, bindings?: Record<string, unknown>) => Promise<unknown>;

/** A mapping ready to run: `map(document, now)` gives the raw points and the items it could not map. */
export interface CompiledMapping {
  /** `bindings`: more variables for the expressions (an MQTT message's `$topic`, `$levels`, `$payload`). */
  map(document: unknown, now: number, bindings?: Record<string, unknown>): Promise<MappedItems>;
}

export interface MappedItems {
  /** Raw points (checked afterwards by the point intake), with the index of the item each came from. */
  points: { index: number; point: Record<string, unknown> }[];
  /** Items the mapping itself failed on, with a reason. */
  failed: { index: number; reason: string }[];
}

/** The mapping could not be compiled, or could not run on a document at all. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `mapping` is not a valid mapping (naming the field), or null. Compiles every expression. */
export function mappingProblem(mapping: unknown): string | null {
  try {
    compileMapping(mapping);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Compiles a mapping (throws a MappingError that names the field and what is wrong). */
export function compileMapping(mapping: unknown): CompiledMapping {
  if (!isObject(mapping)) {
    throw new MappingError(
      'mapping: must be an object, {points: "<JSONata>"} or {each?, indicator, scope, ts?, value}',
    );
  }
  if ('points' in mapping) {
    const extra = Object.keys(mapping).find((k) => k !== 'points');
    if (extra) throw new MappingError(`mapping.${extra}: not allowed beside mapping.points`);
    const points = compileExpression(mapping.points, 'mapping.points');
    return { map: (doc, now, bindings) => mapWhole(points, doc, now, bindings) };
  }
  const allowed = ['each', ...MAPPING_FIELDS];
  const unknown = Object.keys(mapping).find((k) => !allowed.includes(k));
  if (unknown)
    throw new MappingError(`mapping.${unknown}: unknown field (a mapping takes each, ${MAPPING_FIELDS.join(', ')})`);
  const each = mapping.each === undefined ? null : compileExpression(mapping.each, 'mapping.each');
  const fields = new Map<MappingField, Evaluator>();
  for (const field of MAPPING_FIELDS) {
    const spec = mapping[field];
    if (spec === undefined) {
      if (field === 'ts') continue;
      throw new MappingError(`mapping.${field}: required (a JSONata expression, or "=constant")`);
    }
    fields.set(field, compileField(spec, `mapping.${field}`));
  }
  return { map: (doc, now, bindings) => mapFields(each, fields, doc, now, bindings) };
}

function compileField(spec: unknown, where: string): Evaluator {
  if (typeof spec === 'string' && spec.startsWith('=')) {
    const constant = spec.slice(1);
    // A number-looking constant is a number (a fixed value), anything else a string.
    const value = constant !== '' && Number.isFinite(Number(constant)) ? Number(constant) : constant;
    return () => Promise.resolve(value);
  }
  if (typeof spec === 'number') return () => Promise.resolve(spec);
  return compileExpression(spec, where);
}

function compileExpression(expr: unknown, where: string): Evaluator {
  if (typeof expr !== 'string' || expr.trim() === '') {
    throw new MappingError(`${where}: must be a JSONata expression (a non-empty string)`);
  }
  if (expr.length > MAX_EXPRESSION_LENGTH) {
    throw new MappingError(`${where}: at most ${MAX_EXPRESSION_LENGTH} characters`);
  }
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(expr);
  } catch (err) {
    throw new MappingError(`${where}: does not parse as JSONata: ${jsonataMessage(err)}`);
  }
  return (input, bindings) => compiled.evaluate(input, bindings) as Promise<unknown>;
}

async function mapWhole(
  points: Evaluator,
  doc: unknown,
  now: number,
  extra: Record<string, unknown> = {},
): Promise<MappedItems> {
  let result: unknown;
  try {
    result = await points(doc, { ...extra, root: doc, fetchedAt: now });
  } catch (err) {
    throw new MappingError(`mapping.points failed on the answer: ${jsonataMessage(err)}`);
  }
  const items = asList(result);
  if (items === null) {
    throw new MappingError('mapping.points must give an array of {indicator, scope, ts, value}');
  }
  const out: MappedItems = { points: [], failed: [] };
  items.slice(0, MAX_ITEMS_PER_RUN).forEach((item, index) => {
    if (!isObject(item)) out.failed.push({ index, reason: 'mapping.points gave something that is not an object' });
    else out.points.push({ index, point: { ts: now, ...item } });
  });
  tooMany(items.length, out);
  return out;
}

async function mapFields(
  each: Evaluator | null,
  fields: Map<MappingField, Evaluator>,
  doc: unknown,
  now: number,
  extra: Record<string, unknown> = {},
): Promise<MappedItems> {
  const bindings = { ...extra, root: doc, fetchedAt: now };
  let items: unknown[] | null;
  if (each === null) items = [doc];
  else {
    let result: unknown;
    try {
      result = await each(doc, bindings);
    } catch (err) {
      throw new MappingError(`mapping.each failed on the answer: ${jsonataMessage(err)}`);
    }
    // Nothing matched: no items (a feed that is empty today is not an error).
    items = result === undefined ? [] : asList(result);
    if (items === null) throw new MappingError('mapping.each must give a list of items');
  }
  const out: MappedItems = { points: [], failed: [] };
  const limit = Math.min(items.length, MAX_ITEMS_PER_RUN);
  for (let index = 0; index < limit; index++) {
    const item = items[index];
    const point: Record<string, unknown> = { ts: now };
    let reason: string | null = null;
    for (const [field, evaluate] of fields) {
      try {
        const v = await evaluate(item, bindings);
        if (v === undefined) {
          if (field !== 'ts') reason = `mapping.${field} gave nothing for this item`;
        } else point[field] = v;
      } catch (err) {
        reason = `mapping.${field} failed: ${jsonataMessage(err)}`;
      }
      if (reason) break;
    }
    if (reason) out.failed.push({ index, reason });
    else out.points.push({ index, point });
  }
  tooMany(items.length, out);
  return out;
}

function tooMany(count: number, out: MappedItems): void {
  if (count > MAX_ITEMS_PER_RUN) {
    out.failed.push({
      index: MAX_ITEMS_PER_RUN,
      reason: `${count - MAX_ITEMS_PER_RUN} items past the first ${MAX_ITEMS_PER_RUN} of one answer were left out`,
    });
  }
}

/** JSONata gives a single match as a value and several as an array (a "sequence"). */
function asList(result: unknown): unknown[] | null {
  if (Array.isArray(result)) return result;
  if (isObject(result)) return [result];
  return null;
}

function jsonataMessage(err: unknown): string {
  const e = err as { message?: string; position?: number; token?: string };
  const at = typeof e?.position === 'number' ? ` (at character ${e.position})` : '';
  return `${e?.message ?? String(err)}${at}`;
}
