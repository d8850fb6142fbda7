import type { Logger } from '@nestjs/common';
import type { ApiKeyService } from '@app/auth';
import { roleCan } from '@app/contracts';
import type { KeyPrincipal } from '@app/contracts';
import type { Namespace } from 'socket.io';

/** Open sockets' keys are checked again this often even when no change was announced. */
const RECHECK_MS = 30_000;
/** Changes announced close together are checked once. */
const COALESCE_MS = 100;

/**
 * Keeps open sockets honest about their keys: when keys change (here or in another process, announced
 * on Redis) and every 30 s, each distinct key of the namespace's sockets is authenticated again; a
 * socket whose key was revoked, or whose role or scopes changed, is disconnected (a client that
 * reconnects with a changed key gets its new rights).
 */
export class LiveKeyWatch {
  private readonly timer: NodeJS.Timeout;
  private readonly unlisten: () => void;
  private pending: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;

  constructor(
    private readonly namespace: Namespace,
    private readonly apiKeys: ApiKeyService,
    private readonly logger: Logger,
  ) {
    this.unlisten = apiKeys.onKeysChanged(() => this.soon());
    this.timer = setInterval(() => this.soon(), RECHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.unlisten();
  }

  private soon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.check();
    }, COALESCE_MS);
  }

  private async check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.checkOnce();
      } while (this.again);
    } catch (err) {
      this.logger.warn(`key check of open sockets failed: ${(err as Error).message}; retrying in 30 s`);
    } finally {
      this.running = false;
    }
  }

  private async checkOnce(): Promise<void> {
    const byToken = new Map<string, Array<{ data: { principal?: unknown }; disconnect(close: boolean): unknown }>>();
    for (const socket of this.namespace.sockets.values()) {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') continue;
      const list = byToken.get(token) ?? [];
      list.push(socket);
      byToken.set(token, list);
    }
    let closed = 0;
    for (const [token, sockets] of byToken) {
      const now = await this.apiKeys.authenticate(token);
      for (const socket of sockets) {
        const before = socket.data.principal as KeyPrincipal;
        if (now && roleCan(now.role, 'read') && samePrincipal(before, now)) continue;
        socket.disconnect(true);
        closed++;
      }
    }
    if (closed > 0) this.logger.log(`disconnected ${closed} socket(s) whose key was revoked or changed`);
  }
}

function samePrincipal(a: KeyPrincipal, b: KeyPrincipal): boolean {
  return a.id === b.id && a.role === b.role && JSON.stringify(a.scopes) === JSON.stringify(b.scopes);
}
