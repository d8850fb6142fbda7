/** A JSON Schema (draft 7, as AsyncAPI's schema format uses it). */
export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaCheckOptions {
  /** Where `$ref`s (`#/components/schemas/X`) are resolved: the whole document. */
  root?: unknown;
  /** Treat an object schema without `additionalProperties` as closed: every property must be described. */
  strict?: boolean;
}

/** Keywords that describe and never constrain. */
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'format', 'default', 'deprecated', 'readOnly']);

/**
 * The ways `value` breaks `schema`, one readable line each (empty: it conforms). A small checker for
 * the keywords this project's documents use (type, properties, required, additionalProperties, items,
 * const, enum, oneOf, $ref, pattern, minimum, minLength, maxLength, maxItems, maxProperties): any other
 * keyword throws, so a document can never pass a check it was not really put through.
 */
export function schemaProblems(
  schema: JsonSchema,
  value: unknown,
  options: SchemaCheckOptions = {},
  path = '$',
): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`${path}: ${message}`);
  for (const [keyword, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref':
        problems.push(...schemaProblems(resolveRef(rule as string, options.root), value, options, path));
        break;
      case 'type': {
        const types = Array.isArray(rule) ? (rule as string[]) : [rule as string];
        if (!types.some((t) => hasType(value, t))) at(`must be ${types.join(' or ')}, not ${JSON.stringify(value)}`);
        break;
      }
      case 'const':
        if (JSON.stringify(value) !== JSON.stringify(rule)) at(`must be ${JSON.stringify(rule)}`);
        break;
      case 'enum':
        if (!(rule as unknown[]).some((v) => JSON.stringify(v) === JSON.stringify(value)))
          at(`must be one of ${JSON.stringify(rule)}`);
        break;
      case 'oneOf': {
        const fits = (rule as JsonSchema[]).filter((s) => schemaProblems(s, value, options, path).length === 0);
        if (fits.length !== 1)
          at(`must match exactly one of ${(rule as unknown[]).length} schemas (matches ${fits.length})`);
        break;
      }
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule as string).test(value)) at(`must match /${rule as string}/`);
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (rule as number)) at(`must be at least ${rule as number}`);
        break;
      case 'minLength':
        if (typeof value === 'string' && value.length < (rule as number)) at(`must be at least ${rule as number} long`);
        break;
      case 'maxLength':
        if (typeof value === 'string' && value.length > (rule as number)) at(`must be at most ${rule as number} long`);
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > (rule as number)) at(`must have at most ${rule as number} items`);
        break;
      case 'maxProperties':
        if (isObject(value) && Object.keys(value).length > (rule as number))
          at(`must have at most ${rule as number} properties`);
        break;
      case 'items':
        if (Array.isArray(value))
          value.forEach((v, i) => problems.push(...schemaProblems(rule as JsonSchema, v, options, `${path}[${i}]`)));
        break;
      case 'required':
        if (isObject(value))
          for (const name of rule as string[]) if (!(name in value)) at(`lacks required property "${name}"`);
        break;
      case 'properties':
        if (isObject(value))
          for (const [name, sub] of Object.entries(rule as Record<string, JsonSchema>))
            if (name in value) problems.push(...schemaProblems(sub, value[name], options, `${path}.${name}`));
        break;
      case 'additionalProperties':
        break; // below, with `strict`
      default:
        throw new Error(`schemaProblems: keyword "${keyword}" at ${path} is not supported`);
    }
  }
  const closed = schema.additionalProperties === false || (options.strict && schema.additionalProperties !== true);
  if (closed && isObject(value) && 'properties' in schema) {
    const known = schema.properties as Record<string, unknown>;
    for (const name of Object.keys(value))
      if (!(name in known)) at(`has a property "${name}" the schema does not describe`);
  }
  return problems;
}

function resolveRef(ref: string, root: unknown): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`schemaProblems: only local $refs are supported, not ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part] : undefined;
  if (!isObject(node)) throw new Error(`schemaProblems: $ref ${ref} points at nothing`);
  return node;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      throw new Error(`schemaProblems: type "${type}" is not supported`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
