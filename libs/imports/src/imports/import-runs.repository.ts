import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImportStatus, RejectedRow } from '@app/contracts';
import { DataSource, LessThan } from 'typeorm';
import { ImportRunEntity } from '../entities';

/** A running import without a heartbeat for this long has lost its process (crash, kill): it is failed. */
export const IMPORT_STALE_MS = 30_000;
export const STALE_REASON =
  'the process running this import stopped (a crash or a restart) before the end of the file; ' +
  'rows before that are stored. Upload the file again: rows already stored are written again unchanged';

export interface ImportProgress {
  rows: number;
  accepted: number;
  rejectedCount: number;
  rejected: RejectedRow[];
}

/** File imports' progress in the database, shared by every gateway (any of them may answer a GET). */
@Injectable()
export class ImportRunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(ImportRunEntity);
  }

  async create(
    run: Omit<
      ImportRunEntity,
      'rows' | 'accepted' | 'rejectedCount' | 'rejected' | 'error' | 'finishedAt' | 'heartbeatAt'
    >,
  ): Promise<void> {
    await this.repo.insert({
      ...run,
      rows: 0,
      accepted: 0,
      rejectedCount: 0,
      rejected: [],
      error: null,
      finishedAt: null,
      heartbeatAt: Date.now(),
    });
  }

  /** Progress and heartbeat of a running import. */
  async progress(id: string, p: ImportProgress): Promise<void> {
    await this.repo.update({ id, state: 'running' }, { ...p, rejected: p.rejected, heartbeatAt: Date.now() });
  }

  async heartbeat(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.repo.update({ id, state: 'running' }, { heartbeatAt: Date.now() });
  }

  async finish(id: string, p: ImportProgress, error: string | null): Promise<void> {
    const now = Date.now();
    await this.repo.update(
      { id },
      {
        ...p,
        rejected: p.rejected,
        state: error === null ? 'done' : 'failed',
        error,
        finishedAt: now,
        heartbeatAt: now,
      },
    );
  }

  /** Marks every running import whose process stopped beating as failed. */
  async failStale(now = Date.now()): Promise<void> {
    await this.repo.update(
      { state: 'running', heartbeatAt: LessThan(now - IMPORT_STALE_MS) },
      { state: 'failed', error: STALE_REASON, finishedAt: now },
    );
  }

  async find(id: string): Promise<ImportRunEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Is this import running in a live process (an upload file of it must stay)? */
  async isLive(id: string): Promise<boolean> {
    const run = await this.repo.findOneBy({ id });
    return run !== null && run.state === 'running' && run.heartbeatAt >= Date.now() - IMPORT_STALE_MS;
  }
}

export function toImportStatus(run: ImportRunEntity): ImportStatus {
  const status: ImportStatus = {
    id: run.id,
    state: run.state,
    fileName: run.fileName,
    format: run.format,
    rows: run.rows,
    accepted: run.accepted,
    rejected: run.rejected ?? [],
    rejectedCount: run.rejectedCount,
    startedAt: run.startedAt,
  };
  if (run.error) status.error = run.error;
  if (run.finishedAt !== null) status.finishedAt = run.finishedAt;
  return status;
}
