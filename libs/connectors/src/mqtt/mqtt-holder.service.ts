import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import type { RejectedPoint } from '@app/contracts';
import { PointIntake } from '@app/ingestion';
import { DataSource } from 'typeorm';
import { SourceEntity } from '../entities/source.entity';
import { compileMapping } from '../mapping/source-mapping.util';
import { SourceSecretsService } from '../secrets/source-secrets.service';
import { SourceEvents } from '../supervision/source-events.service';
import { SourceHealth } from '../supervision/source-health.service';
import { SourceStateStore } from '../supervision/source-state.store';
import { MqttLeaseStore } from './mqtt-lease.store';
import { type ParsedMqttSettings, mqttClientIdOf } from './mqtt-settings.util';
import { MqttSourceConnection } from './mqtt-source.connection';

/** How often a held source's health point is written again while nothing changes (for `stale` rules). */
const HEALTH_EVERY_MS = 30_000;

interface Held {
  source: SourceEntity;
  token: string;
  connection: MqttSourceConnection;
  /** The lease runs out then unless renewed: the connection is killed at that time. */
  watchdog: NodeJS.Timeout;
  healthy: boolean | null;
  healthAt: number;
}

/**
 * In worker processes: holds MQTT sources. Every tick (a third of IOC_MQTT_LEASE_SECONDS) it renews
 * the leases it holds, drops the sources that were paused, deleted or changed (a changed one connects
 * again with its new settings), and takes the leases of the sources nobody holds. A lease not renewed
 * in time (lost to another worker, or Redis not answering) disconnects its source at once, so at most
 * one worker is connected for a source; when a worker dies, its leases run out and another takes them.
 */
@Injectable()
export class MqttHolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Connectors');
  private readonly held = new Map<string, Held>();
  private readonly leaseMs: number;
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly intake: PointIntake,
    private readonly secrets: SourceSecretsService,
    private readonly states: SourceStateStore,
    private readonly health: SourceHealth,
    private readonly leases: MqttLeaseStore,
    private readonly events: SourceEvents,
  ) {
    this.leaseMs = config.mqttLeaseSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), Math.max(250, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    // Let go at once, so another worker takes over without waiting for the leases to run out.
    await Promise.allSettled([...this.held.keys()].map((id) => this.drop(id, 'this worker stops')));
  }

  private tick(): void {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    this.run()
      .catch((err: Error) => this.logger.warn(`MQTT sources not checked: ${err.message}`))
      .finally(() => (this.ticking = false));
  }

  private async run(): Promise<void> {
    await this.renewAll();
    const sources = await this.db.getRepository(SourceEntity).findBy({ kind: 'mqtt' });
    const byId = new Map(sources.map((s) => [s.id, s]));
    for (const [id, h] of this.held) {
      const now = byId.get(id);
      if (!now) await this.drop(id, 'the source was deleted', true);
      else if (now.paused) await this.drop(id, 'the source was paused');
      else if (now.updatedAt !== h.source.updatedAt) {
        await this.drop(id, 'the source was changed; connecting with the new settings', false, true);
        await this.hold(now, h.token);
      }
    }
    for (const source of sources) {
      if (this.stopping || source.paused || this.held.has(source.id)) continue;
      const token = await this.leases.take(source.id, this.leaseMs);
      if (token) await this.hold(source, token);
    }
    for (const h of this.held.values()) {
      if (h.healthy !== null && Date.now() - h.healthAt >= HEALTH_EVERY_MS) void this.writeHealth(h, h.healthy);
    }
  }

  private async renewAll(): Promise<void> {
    await Promise.all(
      [...this.held.entries()].map(async ([id, h]) => {
        let ok = false;
        try {
          ok = await this.leases.renew(id, h.token, this.leaseMs);
        } catch (err) {
          this.logger.warn(`MQTT source ${id}: lease not renewed (${(err as Error).message})`);
        }
        if (this.held.get(id) !== h) return;
        if (!ok) return this.lose(id, 'its lease is no longer ours');
        this.arm(id, h);
      }),
    );
  }

  /** Kills the connection when the lease would run out without a renewal (renewals happen every third of it). */
  private arm(id: string, h: Held): void {
    clearTimeout(h.watchdog);
    h.watchdog = setTimeout(() => this.lose(id, 'its lease could not be renewed in time'), this.leaseMs - 250);
    h.watchdog.unref();
  }

  private async hold(source: SourceEntity, token: string): Promise<void> {
    const settings = source.settings as ParsedMqttSettings['settings'];
    let password: string | undefined;
    let mapping;
    try {
      password = (await this.secrets.open(source.secrets, source.id)).password;
      mapping = compileMapping(settings.mapping);
    } catch (err) {
      await this.states.recordConnection(source.id, Date.now(), (err as Error).message).catch(() => undefined);
      await this.events.changed(source.id);
      await this.leases.release(source.id, token).catch(() => undefined);
      this.logger.warn(`MQTT source ${source.id} (${source.name}): ${(err as Error).message}`);
      return;
    }
    const h: Held = {
      source,
      token,
      healthy: null,
      healthAt: 0,
      watchdog: setTimeout(() => undefined, 0),
      connection: undefined as unknown as MqttSourceConnection,
    };
    h.connection = new MqttSourceConnection(
      {
        url: settings.url,
        clientId: mqttClientIdOf(source, this.config.redisPrefix),
        username: settings.username,
        password,
        topics: settings.topics,
        mapping,
      },
      {
        take: (points) => this.intake.take(points, { source: 'mqtt', scopes: null }),
        connection: (at, error) => void this.connection(h, at, error),
        messages: (at, accepted, rejected) => void this.messages(h, at, accepted, rejected),
        warn: (m) => this.logger.warn(`MQTT source ${source.id} (${source.name}): ${m}`),
      },
    );
    this.held.set(source.id, h);
    this.arm(source.id, h);
    h.connection.start();
    this.logger.log(
      `MQTT source ${source.id} (${source.name}) held by ${this.leases.holder}: connecting to ${settings.url}`,
    );
  }

  /** Lets go of a source cleanly: what is batched is taken first, then the lease is released. */
  private async drop(id: string, why: string, forget = false, keepLease = false): Promise<void> {
    const h = this.held.get(id);
    if (!h) return;
    this.held.delete(id);
    clearTimeout(h.watchdog);
    this.logger.log(`MQTT source ${id} (${h.source.name}) let go: ${why}`);
    await h.connection.stop(forget).catch(() => undefined);
    if (!keepLease) await this.leases.release(id, h.token).catch(() => undefined);
  }

  /** The lease is lost or may have run out: disconnect at once, ack nothing more. */
  private lose(id: string, why: string): void {
    const h = this.held.get(id);
    if (!h) return;
    this.held.delete(id);
    clearTimeout(h.watchdog);
    h.connection.kill();
    this.logger.warn(`MQTT source ${id} (${h.source.name}) disconnected: ${why}`);
  }

  private async connection(h: Held, at: number, error: string | null): Promise<void> {
    if (this.held.get(h.source.id) !== h) return;
    try {
      const failures = await this.states.recordConnection(h.source.id, at, error);
      if (error) this.logger.warn(`MQTT source ${h.source.id} (${h.source.name}): ${error}`);
      else this.logger.log(`MQTT source ${h.source.id} (${h.source.name}): connected and subscribed`);
      const healthy = failures < this.config.sourceFailingAfter;
      if (healthy !== h.healthy) await this.writeHealth(h, healthy);
      await this.events.changed(h.source.id);
    } catch (err) {
      this.logger.warn(`MQTT source ${h.source.id}: state not recorded (${(err as Error).message})`);
    }
  }

  private async messages(h: Held, at: number, accepted: number, rejected: RejectedPoint[]): Promise<void> {
    await this.states
      .recordMessages(h.source.id, at, accepted, rejected)
      .then(() => this.events.soon(h.source.id))
      .catch((err: Error) => this.logger.warn(`MQTT source ${h.source.id}: state not recorded (${err.message})`));
  }

  private async writeHealth(h: Held, ok: boolean): Promise<void> {
    h.healthy = ok;
    h.healthAt = Date.now();
    try {
      const point = await this.health.point(h.source, ok, h.healthAt);
      const res = await this.intake.take([point], { source: 'mqtt', scopes: null });
      if (res.rejected.length)
        this.logger.warn(`source ${h.source.id} health point rejected: ${res.rejected[0].reason}`);
    } catch (err) {
      this.logger.warn(`source ${h.source.id} health point not written: ${(err as Error).message}`);
    }
  }
}
