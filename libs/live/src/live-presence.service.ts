import { Injectable, Logger, OnApplicationBootstrap, ServiceUnavailableException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { KeyPrincipal, PresenceConnection } from '@app/contracts';
import { ReadTimeoutError, withReadTimeout } from '@app/redis';
import { LiveHub } from './live-hub.service';
import type { LiveNamespace } from './live-namespace.type';
import { PresenceStore } from './presence.store';
import { gatewayName, mergePresence, presenceConnection } from './presence.util';

/** A socket that connects or closes is written within this time (changes close together: one write). */
const CHANGE_DELAY_MS = 1000;
/** Shutdown waits at most this long for Redis to drop this process's entry (it expires anyway). */
const WITHDRAW_MS = 1000;

/**
 * The presence list (`GET /api/v1/presence`) across gateway processes. Each process keeps its own
 * sockets (Socket.IO's namespace and the hub hold them) and writes them to Redis as one entry every
 * `IOC_PRESENCE_SECONDS`, and within a second of a socket connecting or closing: one write per
 * period whatever the number of sockets, at most one more per second while sockets come and go. The
 * entry expires after three periods, so a process that died leaves the list within that time; one
 * that stops removes it at once.
 */
@Injectable()
export class LivePresence implements OnApplicationBootstrap {
  private readonly logger = new Logger('LivePresence');
  /** This process in the list (host name and process id). */
  readonly gateway = gatewayName();
  private readonly periodMs: number;
  private readonly ttlMs: number;
  private readonly readTimeoutMs: number;
  private namespace?: LiveNamespace;
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;
  private writing: Promise<void> | null = null;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly hub: LiveHub,
    private readonly store: PresenceStore,
    config: AppConfig,
  ) {
    this.periodMs = config.presenceSeconds * 1000;
    this.ttlMs = 3 * this.periodMs;
    this.readTimeoutMs = config.readTimeoutMs;
  }

  /** Follows the namespace's sockets (called once the gateway's namespace exists). */
  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
    namespace.on('connection', (socket) => {
      this.changed();
      socket.once('disconnect', () => this.changed());
    });
  }

  onApplicationBootstrap(): void {
    this.plan(Date.now());
  }

  /** This process's open sockets, as they are now. */
  own(): PresenceConnection[] {
    const out: PresenceConnection[] = [];
    for (const socket of this.namespace?.sockets.values() ?? []) {
      const principal = socket.data.principal as KeyPrincipal | undefined;
      if (!principal) continue;
      const presence = {
        id: socket.id,
        principal,
        connectedAt: socket.handshake.issued,
        address: socket.handshake.address,
        subscription: this.hub.subscriptionOf(socket.id),
        lastCursor: this.hub.cursorOf(socket.id),
      };
      out.push(presenceConnection(presence, this.gateway));
    }
    return out;
  }

  /** Every gateway process's open sockets: this one's as they are now, the others' as last written. */
  async list(): Promise<PresenceConnection[]> {
    try {
      const entries = await withReadTimeout(this.store.entries(), this.readTimeoutMs);
      return mergePresence(this.own(), this.gateway, entries);
    } catch (err) {
      if (err instanceof ReadTimeoutError) throw new ServiceUnavailableException(err.message);
      throw err;
    }
  }

  /** Stops writing and removes this process's entry (shutdown); bounded in time whatever Redis does. */
  async withdraw(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const removed = (this.writing ?? Promise.resolve()).then(() => this.store.remove(this.gateway));
    await withReadTimeout(removed, WITHDRAW_MS).catch((err: Error) =>
      this.logger.warn(`could not remove this process from the presence list (${err.message}); it expires anyway`),
    );
  }

  private changed(): void {
    this.plan(Date.now() + CHANGE_DELAY_MS);
  }

  /** The next write at `at` at the latest (an earlier one already planned stays). */
  private plan(at: number): void {
    if (this.stopped || (this.timer && this.dueAt <= at)) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write();
    }, at - Date.now());
    this.timer.unref();
  }

  private write(): void {
    if (this.stopped) return;
    // One write at a time: a slow Redis gets the newest state when it answers, not a queue of them.
    if (this.writing) return this.changed();
    this.plan(Date.now() + this.periodMs);
    this.writing = this.store
      .write(this.gateway, this.own(), this.ttlMs)
      .then(
        () => {
          if (this.failing) this.logger.log('presence written to Redis again');
          this.failing = false;
        },
        (err: Error) => {
          if (!this.failing) this.logger.warn(`could not write presence to Redis: ${err.message}; retrying`);
          this.failing = true;
        },
      )
      .finally(() => (this.writing = null));
  }
}
