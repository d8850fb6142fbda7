import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import type { RejectedPoint } from '@app/contracts';
import { PointIntake } from '@app/ingestion';
import { DataSource } from 'typeorm';
import { SourceEntity } from '../entities/source.entity';
import { compileMapping } from '../mapping/source-mapping.util';
import { SourceSecretsService } from '../secrets/source-secrets.service';
import { HTTP_POLL_LIMITS, type ParsedHttpSettings } from '../sources/source-settings.util';
import { sourceUrlProblem } from '../sources/source-url.util';
import { SourceEvents } from '../supervision/source-events.service';
import { SourceHealth } from '../supervision/source-health.service';
import { retryNotBefore } from '../supervision/source-state.util';
import { type RunOutcome, SourceStateStore } from '../supervision/source-state.store';
import { pollOnce, PollFailure } from './http-poll.fetch';

/** Points handed to the intake per call (the ingest API's batch limit). */
const INTAKE_CHUNK = 10_000;
/** Beyond the request's own timeout: time for mapping and queueing before the run is given up. */
const RUN_MARGIN_MS = 15_000;

export type RunSummary =
  | { skipped: 'gone' | 'paused' | 'running' | 'backoff' }
  | { ok: boolean; accepted: number; rejected: number; notModified?: boolean };

/**
 * One run of an HTTP poll: takes the source's run lock (no two runs of one source at a time, whatever
 * the number of workers), skips the tick while a failing source backs off, polls (conditional, bounded
 * in time and size), maps the answer to points, hands them to the point intake (the same checks and
 * durable queue as push ingest), records the outcome and writes the source's health point.
 */
@Injectable()
export class PollRunner {
  private readonly logger = new Logger('Connectors');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly intake: PointIntake,
    private readonly secrets: SourceSecretsService,
    private readonly states: SourceStateStore,
    private readonly health: SourceHealth,
    private readonly events: SourceEvents,
  ) {}

  async run(sourceId: string): Promise<RunSummary> {
    const source = await this.db.getRepository(SourceEntity).findOneBy({ id: sourceId });
    if (!source) return { skipped: 'gone' };
    if (source.paused) return { skipped: 'paused' };
    const settings = source.settings as ParsedHttpSettings['settings'];
    const release = await this.states.lock(source.id, settings.timeoutMs + RUN_MARGIN_MS + 5000);
    if (!release) return { skipped: 'running' };
    try {
      const state = await this.states.get(source.id);
      const intervalMs = (settings.intervalSeconds ?? 60) * 1000;
      if (state.failures > 0 && state.lastRunAt !== null) {
        if (Date.now() < retryNotBefore(state.lastRunAt, state.failures, intervalMs)) return { skipped: 'backoff' };
      }
      const at = Date.now();
      const outcome = await withDeadline(
        this.poll(source, settings, state.validatorsFor === settings.url ? state : {}, at),
        settings.timeoutMs + RUN_MARGIN_MS,
      ).catch((err: Error): RunOutcome => ({ ok: false, at, error: err.message }));
      const failures = await this.states.record(source.id, outcome);
      await this.writeHealth(source, failures < this.config.sourceFailingAfter, at);
      await this.events.changed(source.id);
      if (!outcome.ok) this.logger.warn(`source ${source.id} (${source.name}): ${outcome.error}`);
      return {
        ok: outcome.ok,
        accepted: outcome.accepted ?? 0,
        rejected: outcome.rejected?.length ?? 0,
      };
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async poll(
    source: SourceEntity,
    settings: ParsedHttpSettings['settings'],
    validators: { etag?: string; lastModified?: string },
    at: number,
  ): Promise<RunOutcome> {
    const secrets = await this.secrets.open(source.secrets, source.id);
    const headers = { ...settings.headers, ...(secrets.headers ?? {}) };
    const self = { port: this.config.port, publicUrl: this.config.publicUrl };
    let answer;
    try {
      answer = await pollOnce(
        { url: settings.url, method: settings.method, headers, body: settings.body, ...validators },
        {
          timeoutMs: settings.timeoutMs,
          maxBytes: settings.maxBytes,
          maxRedirects: HTTP_POLL_LIMITS.maxRedirects,
          urlProblem: (u) => sourceUrlProblem(u, self),
        },
      );
    } catch (err) {
      if (err instanceof PollFailure) return { ok: false, at, error: err.message };
      throw err;
    }
    if (answer.status === 304) return { ok: true, at, accepted: 0, rejected: [] };
    const { body, etag, lastModified } = answer as { body: Buffer; etag?: string; lastModified?: string };
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return { ok: false, at, error: `the answer is not JSON (${(err as Error).message.slice(0, 200)})` };
    }
    let mapped;
    try {
      mapped = await compileMapping(settings.mapping).map(doc, at);
    } catch (err) {
      return { ok: false, at, error: (err as Error).message };
    }
    const rejected: RejectedPoint[] = [...mapped.failed];
    let accepted = 0;
    for (let i = 0; i < mapped.points.length; i += INTAKE_CHUNK) {
      const chunk = mapped.points.slice(i, i + INTAKE_CHUNK);
      const res = await this.intake.take(
        chunk.map((c) => c.point),
        { source: 'poll', scopes: null },
      );
      accepted += res.accepted;
      for (const r of res.rejected) rejected.push({ index: chunk[r.index].index, reason: r.reason });
    }
    rejected.sort((a, b) => a.index - b.index);
    const validatorsOut = { etag, lastModified, validatorsFor: settings.url };
    if (accepted === 0 && rejected.length > 0) {
      return {
        ok: false,
        at,
        error: `all ${rejected.length} points of the answer were rejected; item ${rejected[0].index}: ${rejected[0].reason}`,
        rejected,
      };
    }
    return { ok: true, at, accepted, rejected, ...validatorsOut };
  }

  private async writeHealth(source: SourceEntity, ok: boolean, at: number): Promise<void> {
    try {
      const point = await this.health.point(source, ok, at);
      const res = await this.intake.take([point], { source: 'poll', scopes: null });
      if (res.rejected.length) this.logger.warn(`source ${source.id} health point rejected: ${res.rejected[0].reason}`);
    } catch (err) {
      this.logger.warn(`source ${source.id} health point not written: ${(err as Error).message}`);
    }
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`the run took longer than ${Math.round(ms / 1000)} s: given up`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
