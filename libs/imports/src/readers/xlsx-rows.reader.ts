import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { plainCell } from '../parsing/cell-value.util';
import { FileReadError, type SheetRow } from './sheet-row.type';

/** Most cells read from one XLSX row (a wider row fails the import: it is not a table this reads). */
export const MAX_XLSX_COLUMNS = 16_384;

/**
 * The rows of one sheet of an XLSX workbook, streamed with exceljs's WorkbookReader (shared strings
 * and styles cached: styles tell date cells, which come as Dates). `sheet`: a name or a 1-based
 * position, default the first sheet. Each row carries its row number. A file that is not a readable
 * workbook (truncated, not a ZIP of an XLSX, no such sheet) ends the rows with a FileReadError.
 */
export async function* xlsxRows(path: string, sheet: string | number | undefined): AsyncGenerator<SheetRow> {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  // The unzip stream may never end on a cut-off file: the file stream's end is the signal to look at.
  input.on('error', () => undefined);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let position = 0;
  let found = false;
  const names: string[] = [];
  try {
    for await (const ws of reader) {
      position++;
      const name = (ws as unknown as { name?: string }).name ?? `sheet ${position}`;
      names.push(name);
      const wanted =
        sheet === undefined ? position === 1 : typeof sheet === 'number' ? position === sheet : name === sheet;
      if (!wanted || found) continue;
      found = true;
      for await (const row of ws) {
        const values = row.values as unknown[];
        if (values.length - 1 > MAX_XLSX_COLUMNS) {
          throw new FileReadError(
            `row ${row.number} has over ${MAX_XLSX_COLUMNS} cells: not a table this import reads`,
          );
        }
        yield { line: row.number, cells: Array.from(values.slice(1), plainCell) };
      }
    }
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw new FileReadError(
      `the XLSX workbook cannot be read (${(err as Error).message}): it may be truncated or damaged; save it again from Excel`,
    );
  } finally {
    input.destroy();
  }
  if (!found) {
    throw new FileReadError(
      sheet === undefined
        ? 'the XLSX workbook has no worksheet (or it is damaged)'
        : `mapping.sheet: no sheet ${typeof sheet === 'number' ? `number ${sheet}` : `"${sheet}"`} in the workbook (it has ${names.map((n) => `"${n}"`).join(', ') || 'none readable'})`,
    );
  }
}
