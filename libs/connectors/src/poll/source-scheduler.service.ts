import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JOBS, type PollSourceJob, QUEUES } from '@app/contracts';
import { logConnectionErrors } from '@app/redis';
import { Queue } from 'bullmq';
import type { SourceEntity } from '../entities/source.entity';

/** Time zone of cron patterns (the province's calendar). */
export const SOURCE_CRON_TZ = 'Asia/Ho_Chi_Minh';
const TICK_OPTIONS = { removeOnComplete: true, removeOnFail: 100, attempts: 1 } as const;

/** The BullMQ job scheduler id of a source. */
export const schedulerIdOf = (sourceId: string) => `source:${sourceId}`;

/**
 * One BullMQ job scheduler per polled source on the connectors queue: every tick makes one job, which
 * exactly one worker takes. Written by the API on every change, checked by the workers periodically
 * (put back when Redis lost it, removed when its source is gone).
 */
@Injectable()
export class SourceScheduler {
  constructor(@InjectQueue(QUEUES.connectors) private readonly queue: Queue<PollSourceJob>) {
    logConnectionErrors(queue, 'connectors queue');
  }

  /** Schedules the source as its settings say (unschedules it when paused or not polled). */
  async apply(source: SourceEntity): Promise<void> {
    if (source.paused || source.kind !== 'http') {
      await this.remove(source.id);
      return;
    }
    const s = source.settings as { intervalSeconds?: number; cron?: string };
    const repeat = s.cron ? { pattern: s.cron, tz: SOURCE_CRON_TZ } : { every: (s.intervalSeconds ?? 60) * 1000 };
    await this.queue.upsertJobScheduler(schedulerIdOf(source.id), repeat, {
      name: JOBS.pollSource,
      data: { sourceId: source.id },
      opts: TICK_OPTIONS,
    });
  }

  async remove(sourceId: string): Promise<void> {
    await this.queue.removeJobScheduler(schedulerIdOf(sourceId));
  }

  /** When the scheduler makes its next job (epoch ms), or null. */
  async nextTick(sourceId: string): Promise<number | null> {
    return (await this.queue.getJobScheduler(schedulerIdOf(sourceId)))?.next ?? null;
  }

  /**
   * Puts back the schedulers of these sources that Redis lacks, and removes those of sources gone
   * (`stillWanted` is asked again before a removal: the source may have been created meanwhile).
   */
  async reconcile(
    sources: SourceEntity[],
    stillWanted: (sourceId: string) => Promise<boolean>,
  ): Promise<{ restored: number; removed: number }> {
    const wanted = new Map(sources.filter((s) => !s.paused && s.kind === 'http').map((s) => [schedulerIdOf(s.id), s]));
    const existing = await this.queue.getJobSchedulers(0, -1);
    const have = new Set<string>();
    let removed = 0;
    for (const sch of existing) {
      const id = sch.id ?? sch.key;
      if (!id.startsWith('source:')) continue;
      have.add(id);
      if (!wanted.has(id) && !(await stillWanted(id.slice('source:'.length)))) {
        await this.queue.removeJobScheduler(id);
        removed++;
      }
    }
    let restored = 0;
    for (const [id, source] of wanted) {
      if (have.has(id)) continue;
      await this.apply(source);
      restored++;
    }
    return { restored, removed };
  }
}
