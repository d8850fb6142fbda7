import { io, type Socket } from 'socket.io-client';
import type { RunningService } from './service';

/** A socket.io-client on /live with the given key (WebSocket only, no automatic reconnection). */
export function connectLive(svc: RunningService, key: string | undefined): Socket {
  return io(`${svc.baseUrl}/live`, {
    auth: key === undefined ? {} : { token: key },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((done, fail) => {
    if (socket.connected) return done();
    socket.once('connect', () => done());
    socket.once('connect_error', (e) => fail(e));
  });
}

export function connectError(socket: Socket): Promise<Error> {
  return new Promise((done, fail) => {
    socket.once('connect_error', (e) => done(e));
    socket.once('connect', () => fail(new Error('connected, but an error was expected')));
  });
}

/** Collects every `values` event's points on a socket. */
export function collectValues(socket: Socket): { points: any[]; cursors: string[] } {
  const seen = { points: [] as any[], cursors: [] as string[] };
  socket.on('values', (ev: { cursor: string; points: any[] }) => {
    seen.points.push(...ev.points);
    seen.cursors.push(ev.cursor);
  });
  return seen;
}
