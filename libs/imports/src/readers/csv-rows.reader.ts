import { type Options, parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { FileReadError, type SheetRow } from './sheet-row.type';

/** Longest CSV record (one row, all its cells) read, in characters: a longer one fails the import. */
export const MAX_CSV_RECORD_CHARS = 1_000_000;

/**
 * The rows of a CSV file, streamed (csv-parse): a UTF-8 BOM is dropped, quoted cells may hold the
 * separator and line breaks, blank lines are skipped, rows may have fewer or more cells than the header.
 * Each row carries the line it starts on. Broken quoting or a record over MAX_CSV_RECORD_CHARS ends
 * the rows with a FileReadError that names the line.
 */
export async function* csvRows(path: string, delimiter: string): AsyncGenerator<SheetRow> {
  const parser = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_CSV_RECORD_CHARS,
      on_record: (cells: string[], ctx: { lines: number }) => ({ line: startLine(cells, ctx.lines), cells }),
    } as unknown as Options),
  );
  try {
    for await (const row of parser as AsyncIterable<SheetRow>) yield row;
  } catch (err) {
    throw new FileReadError(csvProblem(err as Error & { code?: string; lines?: number }));
  } finally {
    parser.destroy();
  }
}

/** The line a record starts on: csv-parse counts the line it ends on (quoted cells may hold line breaks). */
function startLine(cells: string[], endLine: number): number {
  let breaks = 0;
  for (const c of cells) {
    if (c.length > 0 && c.includes('\n')) breaks += c.split('\n').length - 1;
  }
  return endLine - breaks;
}

function csvProblem(err: Error & { code?: string; lines?: number }): string {
  const at = err.lines !== undefined ? ` at line ${err.lines}` : '';
  switch (err.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return `a row${at} is longer than ${MAX_CSV_RECORD_CHARS.toLocaleString('en')} characters: not a table this import reads (wrong separator, or not a CSV file?)`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted cell opened${at} is never closed: the file is cut off or its quotes are broken`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `broken quoting${at}: a quote inside a quoted cell must be doubled ("")`;
    default:
      return `the CSV cannot be read${at}: ${err.message}`;
  }
}
