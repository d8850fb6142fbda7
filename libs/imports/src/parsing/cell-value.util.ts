/** A cell as the readers hand it over: text (CSV, XLSX text), a number, a Date (XLSX date cell), a boolean, or nothing. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** The decimal separator of numbers written as text. */
export type DecimalMark = '.' | ',';

/**
 * An XLSX cell's value as exceljs gives it, made plain: a formula's result, rich text's text, a
 * hyperlink's text, an error as its code (`#N/A`), so that the mapping sees one of CellValue.
 */
export function plainCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return plainCell(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return String(o.error);
    if ('formula' in o || 'sharedFormula' in o) return null;
  }
  return String(v);
}

/** Is this cell empty (nothing, or only white space)? */
export function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** A cell as text, for messages and codes. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v).trim();
}

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * How a number written as text is read: `decimal` is its decimal mark; when `strict` is false (no
 * `decimal` in the mapping) a text whose one mark cannot be a thousands separator (`1.5`, `12,75`) or
 * that has both marks (`1.234,5`) is read by its own marks, and only an ambiguous `1,234` or `1.234`
 * falls back to `decimal`.
 */
export interface NumberStyle {
  decimal: DecimalMark;
  strict: boolean;
}

/**
 * A number from a cell, or the reason it is not one. Text may group thousands with spaces, or with the
 * mark that is not the decimal one (`1.234.567,5` with `,`; `1,234,567.5` with `.`), in groups of three,
 * and start with `+` or `-`. Anything else (units, `%`, `#N/A`, words) is refused.
 */
export function parseNumberCell(v: CellValue, style: NumberStyle): number | string {
  if (typeof v === 'number') return Number.isFinite(v) ? v : `${v} is not a finite number`;
  if (typeof v === 'boolean' || v instanceof Date) return `${cellText(v)} is not a number`;
  if (v === null || v === undefined) return 'empty';
  const text = v.replace(SPACES, '');
  if (text === '') return 'empty';
  const m = /^([+-]?)(\d*(?:[.,]\d+)*)$/.exec(text);
  if (!m || !/\d/.test(m[2])) return `"${clip(v.trim())}" is not a number`;
  const decimal = style.strict ? style.decimal : guessDecimal(m[2], style.decimal);
  const group = decimal === ',' ? '.' : ',';
  const body = m[2];
  const lastMark = body.lastIndexOf(decimal);
  let intPart = lastMark >= 0 ? body.slice(0, lastMark) : body;
  const fraction = lastMark >= 0 ? body.slice(lastMark + 1) : '';
  const why = `"${clip(v.trim())}" is not a number (decimal mark "${decimal}", thousands grouped by "${group}" or spaces)`;
  if (fraction.includes(group) || intPart.includes(decimal)) return why;
  if (intPart.includes(group)) {
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(intPart)) return why;
    intPart = intPart.split(group).join('');
  }
  const n = Number(`${m[1]}${fraction ? `${intPart || '0'}.${fraction}` : intPart}`);
  return Number.isFinite(n) ? n : `"${clip(v.trim())}" is not a finite number`;
}

/** The decimal mark of a digits-and-marks text, by its own marks when they tell, else `fallback`. */
function guessDecimal(body: string, fallback: DecimalMark): DecimalMark {
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (dots > 0 && commas > 0) return body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
  if (dots + commas === 0) return fallback;
  const mark: DecimalMark = dots > 0 ? '.' : ',';
  if (dots + commas > 1) return mark === '.' ? ',' : '.'; // repeated: it groups thousands
  // One mark: a decimal mark unless exactly three digits follow and some precede (1,234 / 1.234: ambiguous).
  const after = body.length - body.indexOf(mark) - 1;
  return after === 3 && body.indexOf(mark) > 0 ? fallback : mark;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
