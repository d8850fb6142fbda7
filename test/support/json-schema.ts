import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** A document whose JSON Schemas sit in `components.schemas` (AsyncAPI's layout, and OpenAPI's). */
export interface SchemaDocument {
  components: { schemas: Record<string, unknown> };
}

/** The id the document's schemas are added to ajv under: a local `$ref` resolves against it. */
const DOCUMENT_ID = 'urn:ioc-stream:document';

/**
 * A checker of payloads against the schemas of `document`, with ajv: `check('#/components/schemas/X', value)`
 * lists the ways `value` breaks schema X, one readable line each (empty: it conforms). The `$ref`s between
 * the schemas resolve inside the document. Strict on two counts:
 * - a keyword ajv does not know (a typo, a keyword of another draft) in any of the schemas throws when the
 *   checker is made, rather than being ignored (ajv's strict mode), so a document can never pass a check it
 *   was not really put through;
 * - an object schema that lists its `properties` and does not say `additionalProperties` is taken as closed:
 *   a payload may not carry a field the schema does not describe (the document itself is left open).
 */
export function schemaChecker(document: SchemaDocument): (ref: string, value: unknown) => string[] {
  const ajv = new Ajv({ strict: true, allErrors: true });
  // `components` holds the schemas and constrains nothing: a keyword without rules, so the root compiles.
  ajv.addVocabulary(['components']);
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: mapValues(document.components.schemas, closed) } });
  const validators = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    if (!ref.startsWith('#/')) throw new Error(`schemaChecker: only local $refs are supported, not ${ref}`);
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: DOCUMENT_ID + ref });
      validators.set(ref, validate);
    }
    return validate;
  };
  // Every schema now, so that one no test happens to use cannot hide an unknown keyword.
  for (const name of Object.keys(document.components.schemas)) validator(`#/components/schemas/${name}`);
  return (ref, value) => {
    const validate = validator(ref);
    return validate(value) ? [] : (validate.errors ?? []).map(describe);
  };
}

function describe(error: ErrorObject): string {
  const path = '$' + error.instancePath.replaceAll('/', '.');
  const extra = error.keyword === 'additionalProperties' ? ` ("${String(error.params.additionalProperty)}")` : '';
  return `${path}: ${error.message ?? error.keyword}${extra}`;
}

/** A copy of `schema` in which every object schema with `properties` and no `additionalProperties` is closed. */
function closed(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const copy: Record<string, unknown> = { ...schema };
  if (isObject(copy.properties)) {
    copy.properties = mapValues(copy.properties, closed);
    if (!('additionalProperties' in copy)) copy.additionalProperties = false;
  }
  if (isObject(copy.items)) copy.items = closed(copy.items);
  for (const keyword of ['oneOf', 'anyOf', 'allOf'])
    if (Array.isArray(copy[keyword])) copy[keyword] = (copy[keyword] as unknown[]).map(closed);
  return copy;
}

function mapValues(record: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
