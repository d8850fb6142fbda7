import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { DrainingEvent } from '@app/contracts';
import type { IncomingMessage } from 'node:http';
import type { LiveSocket } from './live-hub.service';
import type { LiveNamespace } from './live-namespace.type';
import { LivePresence } from './live-presence.service';

/** The wait `draining` suggests: socket.io-client's own reconnection delay (1 s ± 50 %) by default. */
const RETRY_IN_MS = 1000;
/** Shutdown waits at most this long for the sockets to take `draining` and close (Nest closes the rest). */
const DRAIN_MS = 1000;

type AllowRequest = (req: IncomingMessage, answer: (err: string | null, ok: boolean) => void) => void;

/**
 * Graceful drain when the process stops (SIGTERM): before the Socket.IO server closes, every socket of
 * /live is told `draining` and its connection is closed (the transport, not the Socket.IO session:
 * socket.io-client then reconnects on its own, to another process behind the load balancer, and resumes
 * from its cursor; a server-side `disconnect(true)` would stop it from reconnecting). New connections
 * are refused meanwhile, and this process leaves the presence list.
 */
@Injectable()
export class LiveDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveDrain');
  private namespace?: LiveNamespace;
  private draining = false;

  constructor(private readonly presence: LivePresence) {}

  /** Called once the gateway's namespace exists and its own handshake check is in place. */
  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
    const engine = namespace.server.engine as unknown as { opts: { allowRequest?: AllowRequest } };
    const allow = engine.opts.allowRequest;
    engine.opts.allowRequest = (req, answer) => {
      if (this.draining) return answer('this gateway is shutting down', false);
      if (allow) return allow(req, answer);
      answer(null, true);
    };
    // A socket that was still being authenticated when the drain began.
    namespace.on('connection', (socket) => this.draining && close(socket));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    await Promise.all([this.drain(), this.presence.withdraw()]);
  }

  private async drain(): Promise<void> {
    const sockets = [...(this.namespace?.sockets.values() ?? [])];
    if (sockets.length === 0) return;
    let open = sockets.length;
    let timer: NodeJS.Timeout | undefined;
    const closed = new Promise<void>((done) => {
      for (const socket of sockets) socket.once('disconnect', () => --open === 0 && done());
      timer = setTimeout(done, DRAIN_MS);
    });
    // One encoding for all (a broadcast), then each connection closes once that packet is written.
    this.namespace!.emit('draining', drainingEvent());
    for (const socket of sockets) socket.conn.close();
    await closed;
    clearTimeout(timer);
    const left = open > 0 ? ` (${open} had not closed after ${DRAIN_MS} ms: closed by the server's shutdown)` : '';
    this.logger.log(`draining: told ${sockets.length} socket(s) to reconnect elsewhere${left}`);
  }
}

function drainingEvent(): DrainingEvent {
  return { reason: 'shutdown', retryInMs: RETRY_IN_MS };
}

function close(socket: LiveSocket): void {
  socket.emit('draining', drainingEvent());
  socket.conn.close();
}
