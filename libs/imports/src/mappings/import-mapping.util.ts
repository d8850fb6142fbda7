import type { ImportMapping, IngestPoint } from '@app/contracts';
import { type CellValue, cellText, isBlank, type NumberStyle, parseNumberCell } from '../parsing/cell-value.util';
import { DATE_FORMS, parseLocalDate, parsePeriodStart } from '../parsing/local-time.util';
import { isPlainObject, type MappingCatalogue, MappingProblem, onlyKnownKeys } from './mapping-problem.error';

const FIELDS = ['indicator', 'scope', 'ts', 'period', 'value', 'delimiter', 'decimal', 'sheet', 'headerRow'] as const;
/** CSV separators a mapping may name. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
const MAX_COLUMN_NAME = 200;

/**
 * Checks an import mapping as sent (already JSON-parsed) and returns it typed, or throws a
 * MappingProblem that says which field is wrong. Constants (`=code`) must exist in the catalogue.
 */
export function validateImportMapping(raw: unknown, catalogue: MappingCatalogue): ImportMapping {
  if (!isPlainObject(raw))
    throw new MappingProblem('mapping: must be a JSON object {value, ts|period, indicator?, scope?, ...}');
  onlyKnownKeys(raw, FIELDS, 'mapping');
  const column = (key: 'indicator' | 'scope' | 'ts' | 'period' | 'value', required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null) {
      if (required) throw new MappingProblem(`mapping.${key}: required (the header of the column that holds it)`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_COLUMN_NAME) {
      throw new MappingProblem(`mapping.${key}: must be a column's header text (1 to ${MAX_COLUMN_NAME} characters)`);
    }
    return v;
  };
  const mapping: ImportMapping = { value: column('value', true)! };
  for (const key of ['indicator', 'scope'] as const) {
    const v = column(key, false);
    if (v === undefined) continue;
    if (v.startsWith('=')) {
      const code = v.slice(1).trim();
      const known = key === 'indicator' ? catalogue.indicatorExists(code) : catalogue.scopeExists(code);
      if (!known)
        throw new MappingProblem(`mapping.${key}: "${v}" names no ${key} of the catalogue ("${code}" is unknown)`);
      mapping[key] = `=${code}`;
    } else mapping[key] = v;
  }
  if (String(raw.value).startsWith('=')) throw new MappingProblem('mapping.value: must be a column, not a constant');
  const ts = column('ts', false);
  const period = column('period', false);
  if (ts === undefined && period === undefined)
    throw new MappingProblem('mapping: give ts (a date column) or period (a period column)');
  if (ts !== undefined && period !== undefined) throw new MappingProblem('mapping: give ts or period, not both');
  if (ts !== undefined) mapping.ts = ts;
  if (period !== undefined) mapping.period = period;
  if (raw.delimiter !== undefined) {
    if (!DELIMITERS.includes(raw.delimiter as (typeof DELIMITERS)[number])) {
      throw new MappingProblem('mapping.delimiter: must be one of "," ";" "\\t" "|"');
    }
    mapping.delimiter = raw.delimiter as string;
  }
  if (raw.decimal !== undefined) {
    if (raw.decimal !== '.' && raw.decimal !== ',') throw new MappingProblem('mapping.decimal: must be "." or ","');
    mapping.decimal = raw.decimal;
  }
  if (raw.sheet !== undefined) {
    const s = raw.sheet;
    const ok =
      (typeof s === 'string' && s.trim() !== '' && s.length <= 31) || (Number.isInteger(s) && (s as number) >= 1);
    if (!ok) throw new MappingProblem('mapping.sheet: must be a sheet name or its 1-based position');
    mapping.sheet = s as string | number;
  }
  if (raw.headerRow !== undefined) {
    const h = raw.headerRow;
    if (!Number.isInteger(h) || (h as number) < 1 || (h as number) > 1000) {
      throw new MappingProblem('mapping.headerRow: must be a whole number from 1 to 1000');
    }
    mapping.headerRow = h as number;
  }
  return mapping;
}

/** A field of a row: a column's position, or the same code on every row. */
type Field = { column: number; header: string } | { constant: string };

/** A mapping with its columns found in a file's header row. */
export interface ResolvedImportMapping {
  indicator: Field;
  scope: Field;
  time: { column: number; header: string; kind: 'ts' | 'period' };
  value: { column: number; header: string };
  numbers: NumberStyle;
}

/** A header cell as matched against a mapping: trimmed, NFC, case-insensitive. */
export function headerKey(v: CellValue | string): string {
  return cellText(v as CellValue)
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('vi');
}

/**
 * Finds the mapping's columns in a header row; a MappingProblem names each missing one and lists the
 * headers the file has. `defaultDecimal` applies when the mapping names none.
 */
export function resolveColumns(
  mapping: ImportMapping,
  header: readonly CellValue[],
  defaultDecimal: '.' | ',',
): ResolvedImportMapping {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (k !== '' && !positions.has(k)) positions.set(k, i);
  });
  const missing: string[] = [];
  const find = (name: string, field: string): { column: number; header: string } => {
    const i = positions.get(headerKey(name));
    if (i === undefined) {
      missing.push(`mapping.${field} "${name}"`);
      return { column: -1, header: name };
    }
    return { column: i, header: cellText(header[i]) };
  };
  const field = (key: 'indicator' | 'scope'): Field => {
    const v = mapping[key] ?? key;
    return v.startsWith('=') ? { constant: v.slice(1) } : find(v, key);
  };
  const indicator = field('indicator');
  const scope = field('scope');
  const time =
    mapping.ts !== undefined
      ? { ...find(mapping.ts, 'ts'), kind: 'ts' as const }
      : { ...find(mapping.period!, 'period'), kind: 'period' as const };
  const value = find(mapping.value, 'value');
  if (missing.length > 0) {
    const present = header.map((h) => cellText(h)).filter((h) => h !== '');
    const list = present.slice(0, 30).map((h) => `"${h.length > 40 ? `${h.slice(0, 37)}...` : h}"`);
    throw new MappingProblem(
      `${missing.join(', ')}: no such column in the header row (it has ${present.length === 0 ? 'no headers' : list.join(', ')}${present.length > 30 ? ', ...' : ''})`,
    );
  }
  return {
    indicator,
    scope,
    time,
    value,
    numbers: { decimal: mapping.decimal ?? defaultDecimal, strict: mapping.decimal !== undefined },
  };
}

/** Is every cell of this row blank (a row to skip, not count)? */
export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every(isBlank);
}

/**
 * One data row as a point for intake (ts in epoch ms), or the reason it cannot be one: a missing
 * cell, a bad number, a bad date. Catalogue checks (unknown codes, scopes not allowed) are intake's.
 */
export function mapRow(cells: readonly CellValue[], m: ResolvedImportMapping): IngestPoint | string {
  const code = (f: Field): string | null => {
    if ('constant' in f) return f.constant;
    const v = cells[f.column];
    return isBlank(v) ? null : cellText(v);
  };
  const empty = (f: Field, what: string) => `${what}: column "${'header' in f ? f.header : ''}" is empty`;
  const indicator = code(m.indicator);
  if (indicator === null) return empty(m.indicator, 'indicator');
  const scope = code(m.scope);
  if (scope === null) return empty(m.scope, 'scope');
  const rawValue = cells[m.value.column];
  if (isBlank(rawValue)) return `value: column "${m.value.header}" is empty`;
  const value = parseNumberCell(rawValue, m.numbers);
  if (typeof value === 'string') return `value: ${value} (column "${m.value.header}")`;
  const rawTime = cells[m.time.column];
  if (isBlank(rawTime)) return `${m.time.kind}: column "${m.time.header}" is empty`;
  const ts = m.time.kind === 'ts' ? parseLocalDate(rawTime) : parsePeriodStart(rawTime);
  if (typeof ts === 'string') return `${m.time.kind}: ${ts} (column "${m.time.header}")`;
  return { indicator, scope, ts, value };
}

export { DATE_FORMS };
