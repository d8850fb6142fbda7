import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP load balancer in front of several processes (what a site puts before its gateways). */
export interface TcpBalancer {
  url: string;
  /** New connections try this port first, then the others in their order. */
  prefer(port: number): void;
  close(): Promise<void>;
}

/**
 * Forwards each new connection to the first target port, in preference order, that accepts it (a
 * port nobody listens on is skipped, as a balancer skips a dead backend). A connection whose backend
 * closes is closed too: the client sees what it would see behind a real balancer.
 */
export async function startTcpBalancer(ports: number[]): Promise<TcpBalancer> {
  let order = [...ports];
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const attempt = (i: number) => {
      if (client.destroyed) return;
      if (i >= order.length) return void client.destroy();
      const backend = createConnection({ host: '127.0.0.1', port: order[i] });
      backend.once('error', () => attempt(i + 1));
      backend.once('connect', () => {
        backend.removeAllListeners('error');
        if (client.destroyed) return void backend.destroy();
        open.add(backend);
        backend.on('error', () => backend.destroy());
        backend.once('close', () => {
          open.delete(backend);
          client.destroy();
        });
        client.once('close', () => backend.destroy());
        client.pipe(backend);
        backend.pipe(client);
      });
    };
    attempt(0);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    prefer: (first) => (order = [first, ...ports.filter((p) => p !== first)]),
    close: () =>
      new Promise<void>((done) => {
        for (const s of open) s.destroy();
        server.close(() => done());
      }),
  };
}
