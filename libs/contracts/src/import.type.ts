/** File imports, saved mappings and NGSI-v2 notifications (the contract's "Collecting from other systems"). */

/**
 * How the columns of a CSV or XLSX file become points. A field is a column's header text, or `=code`
 * for the same code on every row. `ts` or `period` (one of them) gives the time.
 */
export interface ImportMapping {
  /** Column of indicator codes, or `=code`; default: a column headed `indicator`. */
  indicator?: string;
  /** Column of scope codes, or `=code`; default: a column headed `scope`. */
  scope?: string;
  /** Column of dates and times (Vietnam time unless they carry an offset). */
  ts?: string;
  /** Column of reporting periods (`2026`, `2026-10`, `Q3/2026`): each row's ts is its period's start. */
  period?: string;
  /** Column of values. */
  value: string;
  /** CSV separator: `,`, `;`, tab or `|`; default: guessed from the header line. */
  delimiter?: string;
  /** Decimal mark of numbers written as text; default: read from each number, `,` for `;` files when ambiguous. */
  decimal?: '.' | ',';
  /** XLSX sheet: its name or its 1-based position; default the first sheet. */
  sheet?: string | number;
  /** Line (CSV) or row (XLSX) of the header, 1-based; default 1. Lines above it are skipped. */
  headerRow?: number;
}

/** Where an NGSI entity's scope comes from: a constant `=code`, an attribute, or the entity id. */
export type NgsiScopeSource = string | { attr: string; pattern?: string } | { fromId: string };

/** Where an NGSI point's time comes from. */
export type NgsiTimeSource = { attr: string } | 'metadata.TimeInstant' | 'metadata.dateModified' | 'received';

/** How the entities of one NGSI entity type become points: one point per mapped attribute. */
export interface NgsiMapping {
  entityType: string;
  /** Only entities whose id matches this regular expression (default: every entity of the type). */
  idPattern?: string;
  scope: NgsiScopeSource;
  /** Default: each attribute's `TimeInstant` metadata, else its `dateModified` metadata. */
  ts?: NgsiTimeSource;
  /** Attribute name → indicator code. */
  attributes: Record<string, string>;
}

export type SavedMappingKind = 'import' | 'ngsi';

/** `POST /api/v1/mappings` body and the saved mapping as listed. */
export interface SavedMapping {
  name: string;
  kind: SavedMappingKind;
  mapping: ImportMapping | NgsiMapping;
  createdAt?: number;
  createdBy?: string;
}

export type ImportState = 'running' | 'done' | 'failed';

/** A rejected row: its line (CSV) or row number (XLSX), 1-based as an editor shows it, and why. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** `GET /api/v1/imports/:id`. */
export interface ImportStatus {
  id: string;
  state: ImportState;
  fileName: string;
  format: 'csv' | 'xlsx';
  /** Data rows read so far (blank rows and rows above the header not counted). */
  rows: number;
  /** Points durably queued so far. */
  accepted: number;
  /** The first MAX_LISTED_REJECTIONS rejected rows, in line order. */
  rejected: RejectedRow[];
  /** Every rejected row, listed or not. */
  rejectedCount: number;
  /** Why a failed import stopped (the rows before it are kept). */
  error?: string;
  startedAt: number;
  finishedAt?: number;
}

/** Rejected rows listed in an import's status (the rest are only counted). */
export const MAX_LISTED_REJECTIONS = 1000;
