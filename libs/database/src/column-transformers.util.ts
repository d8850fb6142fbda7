import type { ValueTransformer } from 'typeorm';

/** Epoch milliseconds in a `bigint` column: PostgreSQL hands bigints back as strings, SQLite as numbers. */
export const MS: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};

/** JSON in a `text` column (the same on SQLite and PostgreSQL). */
export const JSON_TEXT: ValueTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : JSON.parse(v)),
};
