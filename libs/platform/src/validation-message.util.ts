import type { ValidationError } from 'class-validator';

/** Flattens class-validator errors into "field: what was expected" sentences, nested paths included. */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      // class-validator starts its messages with the property name; replace it by the full path.
      out.push(
        message.startsWith(`${e.property} `)
          ? `${path} ${message.slice(e.property.length + 1)}`
          : `${path}: ${message}`,
      );
    }
    if (e.children?.length) out.push(...validationMessages(e.children, path));
  }
  return out;
}
