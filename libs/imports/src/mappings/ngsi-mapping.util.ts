import type { IngestPoint, NgsiMapping, NgsiScopeSource, NgsiTimeSource, RejectedPoint } from '@app/contracts';
import { parseTimestamp } from '@app/ingestion';
import { isPlainObject, type MappingCatalogue, MappingProblem, onlyKnownKeys } from './mapping-problem.error';

const FIELDS = ['entityType', 'idPattern', 'scope', 'ts', 'attributes'] as const;
const TIME_WORDS = ['metadata.TimeInstant', 'metadata.dateModified', 'received'] as const;
/** NGSI-v2 names: printable ASCII without `<>"'=;()` (Orion's rule), at most 256 characters. */
const NGSI_NAME = /^[!#-&*-:?-~]{1,256}$/; // printable ASCII (0x21-0x7e) less " ' ( ) ; < = >
const MAX_ATTRIBUTES = 500;

function regex(source: unknown, field: string, needsGroup: boolean): RegExp {
  if (typeof source !== 'string' || source === '' || source.length > 500) {
    throw new MappingProblem(`${field}: must be a regular expression (1 to 500 characters)`);
  }
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    throw new MappingProblem(`${field}: not a valid regular expression (${(err as Error).message})`);
  }
  if (needsGroup && new RegExp(`${source}|`).exec('')!.length < 2) {
    throw new MappingProblem(
      `${field}: needs a capture group around the scope code, e.g. "^urn:ngsi-ld:AirQualityObserved:(\\\\w+):"`,
    );
  }
  return re;
}

/** Checks an NGSI mapping as sent and returns it typed, or throws a MappingProblem naming the field. */
export function validateNgsiMapping(raw: unknown, catalogue: MappingCatalogue): NgsiMapping {
  if (!isPlainObject(raw))
    throw new MappingProblem('mapping: must be a JSON object {entityType, scope, ts?, attributes}');
  onlyKnownKeys(raw, FIELDS, 'mapping');
  if (typeof raw.entityType !== 'string' || !NGSI_NAME.test(raw.entityType)) {
    throw new MappingProblem('mapping.entityType: required, the NGSI entity type (e.g. "AirQualityObserved")');
  }
  const mapping: NgsiMapping = { entityType: raw.entityType, scope: '', attributes: {} };
  if (raw.idPattern !== undefined) {
    regex(raw.idPattern, 'mapping.idPattern', false);
    mapping.idPattern = raw.idPattern as string;
  }
  mapping.scope = validateScope(raw.scope, catalogue);
  if (raw.ts !== undefined) mapping.ts = validateTime(raw.ts);
  if (!isPlainObject(raw.attributes) || Object.keys(raw.attributes).length === 0) {
    throw new MappingProblem('mapping.attributes: required, an object {"attribute name": "indicator code", ...}');
  }
  if (Object.keys(raw.attributes).length > MAX_ATTRIBUTES) {
    throw new MappingProblem(`mapping.attributes: at most ${MAX_ATTRIBUTES} attributes`);
  }
  for (const [attr, indicator] of Object.entries(raw.attributes)) {
    if (!NGSI_NAME.test(attr)) throw new MappingProblem(`mapping.attributes: "${attr}" is not an NGSI attribute name`);
    if (typeof indicator !== 'string' || !catalogue.indicatorExists(indicator)) {
      throw new MappingProblem(
        `mapping.attributes.${attr}: ${JSON.stringify(indicator)} names no indicator of the catalogue`,
      );
    }
    mapping.attributes[attr] = indicator;
  }
  return mapping;
}

function validateScope(raw: unknown, catalogue: MappingCatalogue): NgsiScopeSource {
  const help =
    'mapping.scope: required, "=code", {"attr": "refDistrict", "pattern"?: regex} or {"fromId": regex with a capture group}';
  if (typeof raw === 'string') {
    if (!raw.startsWith('=')) throw new MappingProblem(help);
    const code = raw.slice(1).trim();
    if (!catalogue.scopeExists(code))
      throw new MappingProblem(`mapping.scope: "${raw}" names no scope of the catalogue`);
    return `=${code}`;
  }
  if (!isPlainObject(raw)) throw new MappingProblem(help);
  if ('fromId' in raw) {
    onlyKnownKeys(raw, ['fromId'], 'mapping.scope');
    regex(raw.fromId, 'mapping.scope.fromId', true);
    return { fromId: raw.fromId as string };
  }
  if ('attr' in raw) {
    onlyKnownKeys(raw, ['attr', 'pattern'], 'mapping.scope');
    if (typeof raw.attr !== 'string' || !NGSI_NAME.test(raw.attr))
      throw new MappingProblem('mapping.scope.attr: an attribute name');
    if (raw.pattern === undefined) return { attr: raw.attr };
    regex(raw.pattern, 'mapping.scope.pattern', true);
    return { attr: raw.attr, pattern: raw.pattern as string };
  }
  throw new MappingProblem(help);
}

function validateTime(raw: unknown): NgsiTimeSource {
  if (typeof raw === 'string' && (TIME_WORDS as readonly string[]).includes(raw)) return raw as NgsiTimeSource;
  if (isPlainObject(raw) && typeof raw.attr === 'string' && NGSI_NAME.test(raw.attr)) {
    onlyKnownKeys(raw, ['attr'], 'mapping.ts');
    return { attr: raw.attr };
  }
  throw new MappingProblem(
    `mapping.ts: {"attr": "dateObserved"} or one of ${TIME_WORDS.map((w) => `"${w}"`).join(', ')}`,
  );
}

/** Points of a notification, each with the index of its entity in `data` (for the answer's `rejected`). */
export interface NgsiPoints {
  points: IngestPoint[];
  entityOf: number[];
  attributeOf: string[];
  rejected: RejectedPoint[];
}

/** An NGSI-v2 attribute: its value and metadata, whichever the form (keyValues has no metadata). */
interface Attribute {
  value: unknown;
  metadata: Record<string, unknown>;
}

/**
 * The points of a notification's entities: for each entity, the mapping of its type, one point per
 * mapped attribute it carries (attributes it does not carry are left out: Orion sends only some).
 * `normalized`: the attributes are `{type, value, metadata}` (Orion's `Ngsiv2-AttrsFormat` header);
 * undefined: told per attribute. `mappingFor` returns the saved mapping of an entity type.
 */
export function ngsiEntitiesToPoints(
  data: readonly unknown[],
  mappingFor: (entityType: string) => NgsiMapping | undefined,
  receivedAt: number,
  normalized?: boolean,
): NgsiPoints {
  const out: NgsiPoints = { points: [], entityOf: [], attributeOf: [], rejected: [] };
  data.forEach((entity, index) => {
    const reject = (reason: string) => out.rejected.push({ index, reason });
    if (!isPlainObject(entity) || typeof entity.id !== 'string' || typeof entity.type !== 'string') {
      return reject('entity: must be an object with string id and type');
    }
    const mapping = mappingFor(entity.type);
    if (!mapping)
      return reject(`entity "${clip(entity.id)}": no saved ngsi mapping for entity type "${clip(entity.type)}"`);
    if (mapping.idPattern && !new RegExp(mapping.idPattern).test(entity.id)) {
      return reject(`entity "${clip(entity.id)}": id does not match the mapping's idPattern`);
    }
    const attr = (name: string): Attribute | undefined => {
      if (!(name in entity)) return undefined;
      const raw = entity[name];
      const isNormalized = normalized ?? (isPlainObject(raw) && 'value' in raw);
      if (isNormalized && isPlainObject(raw)) {
        return { value: raw.value, metadata: isPlainObject(raw.metadata) ? raw.metadata : {} };
      }
      return { value: raw, metadata: {} };
    };
    const scope = entityScope(entity.id, mapping.scope, attr);
    if (scope.startsWith('!')) return reject(`entity "${clip(entity.id)}": ${scope.slice(1)}`);
    const entityTs =
      mapping.ts && typeof mapping.ts === 'object'
        ? timeOf(attr(mapping.ts.attr)?.value, `attribute ${mapping.ts.attr}`)
        : null;
    for (const [name, indicator] of Object.entries(mapping.attributes)) {
      const a = attr(name);
      if (!a) continue;
      let ts: number | string;
      if (entityTs !== null) ts = entityTs;
      else if (mapping.ts === 'received') ts = receivedAt;
      else ts = metadataTime(a.metadata, mapping.ts);
      if (typeof ts === 'string') {
        reject(`entity "${clip(entity.id)}" ${name}: ${ts}`);
        continue;
      }
      const value =
        typeof a.value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(a.value.trim())
          ? Number(a.value)
          : a.value;
      out.points.push({ indicator, scope, ts, value: value as number });
      out.entityOf.push(index);
      out.attributeOf.push(name);
    }
  });
  return out;
}

function entityScope(id: string, source: NgsiScopeSource, attr: (name: string) => Attribute | undefined): string {
  if (typeof source === 'string') return source.slice(1);
  if ('fromId' in source) {
    const m = new RegExp(source.fromId).exec(id);
    return m?.[1] ? m[1] : `!the id does not match the scope's fromId pattern`;
  }
  const a = attr(source.attr);
  if (!a || a.value === null || a.value === undefined || a.value === '')
    return `!attribute ${source.attr} (the scope) is missing`;
  const text = String(a.value);
  if (!source.pattern) return text;
  const m = new RegExp(source.pattern).exec(text);
  return m?.[1] ? m[1] : `!attribute ${source.attr} "${clip(text)}" does not match the scope's pattern`;
}

function timeOf(raw: unknown, where: string): number | string {
  if (raw === undefined || raw === null) return `${where} (the time) is missing`;
  const ts = parseTimestamp(raw);
  return typeof ts === 'string' ? `${where}: ${ts.replace(/^ts: /, '')}` : ts;
}

function metadataTime(metadata: Record<string, unknown>, source: NgsiTimeSource | undefined): number | string {
  const names =
    source === 'metadata.dateModified'
      ? ['dateModified']
      : source === 'metadata.TimeInstant'
        ? ['TimeInstant']
        : ['TimeInstant', 'dateModified'];
  for (const n of names) {
    const m = metadata[n];
    if (m !== undefined) return timeOf(isPlainObject(m) ? m.value : m, `metadata ${n}`);
  }
  return `no ${names.join(' or ')} metadata (keyValues notifications carry none: map ts to an attribute, e.g. {"attr": "dateObserved"})`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
