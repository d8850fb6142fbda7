import type { CellValue } from '../parsing/cell-value.util';

/** A row of a file: its line (CSV) or row number (XLSX), 1-based, and its cells in column order. */
export interface SheetRow {
  line: number;
  cells: CellValue[];
}

/** A file that cannot be read on (broken CSV quoting, an over-long line, a truncated workbook): the import fails. */
export class FileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadError';
  }
}
