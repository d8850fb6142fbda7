import { type ChildProcess, spawn } from 'node:child_process';

/** A throw-away redis-server on `port` with its files in `dir`, persisting nothing (never the shared one). */
export function spawnRedisServer(port: number, dir: string): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
}
