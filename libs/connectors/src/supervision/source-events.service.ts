import { Injectable, Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { liveSourceOf, type SourceInfo } from '@app/contracts';
import { LivePublisher } from '@app/live';
import { SourcesService } from '../sources/sources.service';

/** An MQTT source's counters go out at most this often while messages flow. */
const COUNTERS_EVERY_MS = 1000;

/**
 * A source's state as a live event (`source`, to admin sockets that take its health series): published
 * on the live stream after each run, connection change and edit, in the same shape as
 * `GET /api/v1/sources` without the settings. Message counters of an MQTT source are coalesced to one
 * event a second per source.
 */
@Injectable()
export class SourceEvents implements OnModuleDestroy {
  private readonly logger = new Logger('Connectors');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly sources: SourcesService,
    private readonly live: LivePublisher,
  ) {}

  onModuleDestroy(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Publishes the source's state now (a run ended, its connection changed, it was edited). */
  async changed(id: string): Promise<void> {
    this.cancel(id);
    this.lastAt.set(id, Date.now());
    try {
      await this.live.publishSources([liveSourceOf(await this.sources.get(id))]);
    } catch (err) {
      if (err instanceof NotFoundException) return; // deleted meanwhile: `deleted` told them
      this.logger.warn(`source ${id}: state not published live (${(err as Error).message})`);
    }
  }

  /** Publishes the source's state within a second, once for however many calls (message counters). */
  soon(id: string): void {
    if (this.timers.has(id)) return;
    const wait = Math.max(0, (this.lastAt.get(id) ?? 0) + COUNTERS_EVERY_MS - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.changed(id);
    }, wait);
    timer.unref();
    this.timers.set(id, timer);
  }

  /** The last state of a source that was just deleted, marked `deleted`. */
  async deleted(info: SourceInfo): Promise<void> {
    this.cancel(info.id);
    this.lastAt.delete(info.id);
    await this.live
      .publishSources([{ ...liveSourceOf(info), deleted: true }])
      .catch((err: Error) => this.logger.warn(`source ${info.id}: deletion not published live (${err.message})`));
  }

  private cancel(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
}
