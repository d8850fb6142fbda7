import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { type ImportMapping, type IngestPoint, MAX_LISTED_REJECTIONS, type RejectedRow } from '@app/contracts';
import { PointIntake, QueueUnavailableError } from '@app/ingestion';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isBlankRow, mapRow, type ResolvedImportMapping, resolveColumns } from '../mappings/import-mapping.util';
import { MappingProblem } from '../mappings/mapping-problem.error';
import { csvRows } from '../readers/csv-rows.reader';
import type { FileFormat } from '../readers/file-kind.util';
import { FileReadError, type SheetRow } from '../readers/sheet-row.type';
import { xlsxRows } from '../readers/xlsx-rows.reader';
import { type ImportProgress, ImportRunsRepository } from './import-runs.repository';

/** Rows handed to PointIntake at once (one queue job each at most: below the producer's 20,000). */
export const IMPORT_BATCH_ROWS = 5000;
/** Progress is written to the database at most this often (and the heartbeat at least this often). */
const PROGRESS_MS = 1000;
const HEARTBEAT_MS = 5000;
/** A spooled upload with no import row whose file has not grown for this long was cut off (a crash). */
const ORPHAN_UPLOAD_MS = 10 * 60_000;

/** One import to run: its spooled file, how to read it and whose scopes bound it. */
export interface ImportJob {
  id: string;
  path: string;
  format: FileFormat;
  /** The CSV separator (already chosen). */
  delimiter: string;
  mapping: ImportMapping;
  scopes: readonly string[] | null;
  /** The importing key's name (logged as `by` with period values); default `import`. */
  by?: string;
}

class ImportStopped extends Error {}

/**
 * Runs file imports in the process that received them, after the 202: rows streamed from the spooled
 * file (csv-parse / exceljs), mapped, handed to PointIntake in batches (the next batch is read while
 * the previous one is queued, never more: back-pressure), progress written to the database every second.
 * At most `importConcurrency` imports run at once per process; others wait their turn.
 * A shutdown fails the running imports with a reason; a crash leaves them `running` without heartbeat,
 * which readers turn into `failed` (ImportRunsRepository.failStale).
 */
@Injectable()
export class ImportRunner implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private stopping = false;
  private heartbeat?: NodeJS.Timeout;
  readonly spoolDir: string;

  constructor(
    private readonly intake: PointIntake,
    private readonly runs: ImportRunsRepository,
    private readonly config: AppConfig,
  ) {
    this.spoolDir = join(config.dataDir, 'imports');
  }

  async onModuleInit(): Promise<void> {
    mkdirSync(this.spoolDir, { recursive: true });
    await this.sweep();
    this.heartbeat = setInterval(() => {
      if (this.running.size > 0) void this.runs.heartbeat([...this.running.keys()]).catch(() => undefined);
      void this.sweep().catch((err: Error) => this.logger.warn(`import spool sweep: ${err.message}`));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Fails the imports whose process stopped beating (a crash, here or in another gateway), and removes
   * the spooled files of this data directory that no live import needs any more: at start, and on every
   * heartbeat, so a crashed import's file is gone within IMPORT_STALE_MS plus a beat, restart or not.
   */
  private async sweep(): Promise<void> {
    const files = readdirSync(this.spoolDir).filter((f) => !this.running.has(f.replace(/\.upload$/, '')));
    if (files.length === 0) return;
    await this.runs.failStale();
    for (const f of files) {
      const id = f.replace(/\.upload$/, '');
      const path = join(this.spoolDir, f);
      if (this.running.has(id)) continue;
      const run = await this.runs.find(id);
      // No row yet: an upload still arriving (kept), or one cut off by a crash long ago.
      const gone = run === null ? Date.now() - mtimeOf(path) > ORPHAN_UPLOAD_MS : run.state !== 'running';
      if (gone) rmSync(path, { force: true });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Starts an import in the background (its outcome is written to the database, never thrown). */
  start(job: ImportJob): void {
    const done = this.run(job).finally(() => {
      this.running.delete(job.id);
      rmSync(job.path, { force: true });
    });
    this.running.set(job.id, done);
  }

  private async run(job: ImportJob): Promise<void> {
    const progress: ImportProgress = { rows: 0, accepted: 0, rejectedCount: 0, rejected: [] };
    let error: string | null = null;
    try {
      await this.turn();
      await this.read(job, progress);
    } catch (err) {
      error = describeFailure(err, progress);
      if (!(err instanceof MappingProblem || err instanceof FileReadError || err instanceof ImportStopped)) {
        this.logger.error(`import ${job.id} failed: ${(err as Error).stack ?? String(err)}`);
      }
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
    await this.runs.finish(job.id, progress, error).catch((err: Error) => {
      this.logger.error(`import ${job.id}: could not record its end (${err.message}); it will show as failed`);
    });
  }

  /** Waits for a free slot (importConcurrency per process). */
  private async turn(): Promise<void> {
    if (this.active >= this.config.importConcurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    if (this.stopping) throw new ImportStopped();
  }

  private async read(job: ImportJob, progress: ImportProgress): Promise<void> {
    const rows: AsyncGenerator<SheetRow> =
      job.format === 'csv' ? csvRows(job.path, job.delimiter) : xlsxRows(job.path, job.mapping.sheet);
    const headerRow = job.mapping.headerRow ?? 1;
    const defaultDecimal = job.format === 'csv' && job.delimiter === ';' ? ',' : '.';
    let columns: ResolvedImportMapping | null = null;
    let points: IngestPoint[] = [];
    let lines: number[] = [];
    let bad: RejectedRow[] = [];
    let inFlight: Promise<void> = Promise.resolve();
    let savedAt = Date.now();

    const send = async (batch: IngestPoint[], batchLines: number[], batchBad: RejectedRow[]) => {
      const r =
        batch.length > 0 ? await this.intake.take(batch, { source: 'import', scopes: job.scopes, by: job.by }) : null;
      progress.accepted += r?.accepted ?? 0;
      const rejected = batchBad.concat(r?.rejected.map((x) => ({ line: batchLines[x.index], reason: x.reason })) ?? []);
      if (r && r.rejected.length > 0 && batchBad.length > 0) rejected.sort((a, b) => a.line - b.line);
      progress.rejectedCount += rejected.length;
      for (const x of rejected) {
        if (progress.rejected.length >= MAX_LISTED_REJECTIONS) break;
        progress.rejected.push(x);
      }
      if (Date.now() - savedAt >= PROGRESS_MS) {
        savedAt = Date.now();
        await this.runs.progress(job.id, progress);
      }
    };
    const flush = async () => {
      await inFlight; // one batch in the queue's hands at a time: reading waits for it
      inFlight = send(points, lines, bad);
      points = [];
      lines = [];
      bad = [];
    };

    try {
      for await (const row of rows) {
        if (this.stopping) throw new ImportStopped();
        if (columns === null) {
          if (row.line < headerRow) continue;
          columns = resolveColumns(job.mapping, row.cells, defaultDecimal);
          continue;
        }
        if (isBlankRow(row.cells)) continue;
        progress.rows++;
        const point = mapRow(row.cells, columns);
        if (typeof point === 'string') bad.push({ line: row.line, reason: point });
        else {
          points.push(point);
          lines.push(row.line);
        }
        if (points.length + bad.length >= IMPORT_BATCH_ROWS) await flush();
      }
      if (columns === null) {
        throw new MappingProblem(
          `no header row: the file has no non-blank line at or after line ${headerRow} (mapping.headerRow)`,
        );
      }
      await flush();
      await inFlight;
    } finally {
      // A failure while a batch is in flight: wait for it, so that the counts are what was queued.
      await inFlight.catch(() => undefined);
    }
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now(); // gone meanwhile
  }
}

function describeFailure(err: unknown, progress: ImportProgress): string {
  const kept = `${progress.accepted} point(s) accepted before it are kept`;
  if (err instanceof ImportStopped) {
    return `the service was stopped during the import; ${kept}. Upload the file again (rows already stored are written again unchanged)`;
  }
  if (err instanceof MappingProblem) return err.message;
  if (err instanceof FileReadError) return `${err.message}; ${kept}`;
  if (err instanceof QueueUnavailableError) return `${err.message}; ${kept}. Upload the file again`;
  return `internal error while importing (${(err as Error).message ?? String(err)}); ${kept}`;
}
