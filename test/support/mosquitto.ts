import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './service';
import { waitFor } from './wait';

/** The machine's Mosquitto (anonymous allowed). */
export const LOCAL_BROKER = 'mqtt://127.0.0.1:1883';

export interface TestBroker {
  url: string;
  port: number;
  /** SIGTERM (Mosquitto writes its sessions and queued messages to disk), then starts again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), done(true)));
    s.once('error', () => done(false));
  });

/**
 * A throw-away Mosquitto of this test's own (never the shared one): on a free port, one user and
 * password (anonymous refused), persistence in a temporary folder so a restart keeps sessions and
 * queued messages.
 */
export async function startTestBroker(user: string, password: string): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-mosquitto-'));
  const port = await freePort();
  const passwords = join(dir, 'passwords');
  writeFileSync(passwords, '');
  execFileSync('mosquitto_passwd', ['-b', passwords, user, password]);
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwords}`,
      'persistence true',
      `persistence_location ${dir}/`,
      'user root',
      'max_queued_messages 100000',
      '',
    ].join('\n'),
  );
  let proc: ChildProcess;
  const launch = async () => {
    proc = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await waitFor(() => listening(port), { timeoutMs: 10_000, message: () => 'mosquitto did not start' });
  };
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((done) => proc.once('exit', done));
    proc.kill('SIGTERM');
    await gone;
  };
  await launch();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    restart: async () => {
      await stop();
      await launch();
    },
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
