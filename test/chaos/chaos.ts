/**
 * The chaos suite (`npm run test:chaos`): real processes, the real Redis, real Socket.IO clients.
 * Each scenario is bounded in time and prints what was sent, accepted, read back and lost; the last
 * line is one JSON object with the totals. Exit code 1 when an invariant is broken, 2 when the
 * suite itself could not run to the end (global timeout, signal).
 *
 *   tsx test/chaos/chaos.ts [kill-storm] [redis-restart] [abusive-clients]   (default: all three)
 *
 * CHAOS_STORM_SECONDS, CHAOS_PHASE_SECONDS shorten or lengthen the kill storm and the abuse phases.
 */
import { abusiveClients, ABUSIVE_DEFAULTS } from './abusive-clients.scenario';
import { emptyResult, killEverything, log, round, type ScenarioResult } from './chaos-harness';
import { KILL_STORM_DEFAULTS, killStorm } from './kill-storm.scenario';
import { REDIS_RESTART_DEFAULTS, redisRestart } from './redis-restart.scenario';

const GLOBAL_TIMEOUT_MS = 360_000;
const seconds = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) * 1000 : fallback);

const SCENARIOS: Record<string, { budgetMs: number; run: (signal: AbortSignal) => Promise<ScenarioResult> }> = {
  'kill-storm': {
    budgetMs: 150_000,
    run: (signal) =>
      killStorm(
        { ...KILL_STORM_DEFAULTS, stormMs: seconds('CHAOS_STORM_SECONDS', KILL_STORM_DEFAULTS.stormMs) },
        signal,
      ),
  },
  'redis-restart': { budgetMs: 90_000, run: (signal) => redisRestart(REDIS_RESTART_DEFAULTS, signal) },
  'abusive-clients': {
    budgetMs: 100_000,
    run: (signal) =>
      abusiveClients(
        { ...ABUSIVE_DEFAULTS, phaseMs: seconds('CHAOS_PHASE_SECONDS', ABUSIVE_DEFAULTS.phaseMs) },
        signal,
      ),
  },
};

const results: ScenarioResult[] = [];

function summary(aborted?: string): Record<string, unknown> {
  const failures = results.flatMap((r) => r.failures.map((f) => `${r.name}: ${f}`));
  if (aborted) failures.push(aborted);
  const lates = results.map((r) => r.lateSMax).filter((x): x is number => x !== null);
  const restart = results.find((r) => r.name === 'redis-restart');
  return {
    ok: failures.length === 0,
    sent: results.reduce((n, r) => n + r.sent, 0),
    accepted: results.reduce((n, r) => n + r.accepted, 0),
    lost: results.reduce((n, r) => n + r.lost, 0),
    late_s_max: lates.length ? round(Math.max(...lates), 2) : null,
    redis_lost_everysec: restart ? restart.lost : null,
    failures,
    scenarios: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          ok: r.failures.length === 0,
          sent: r.sent,
          accepted: r.accepted,
          read_back: r.readBack,
          lost: r.lost,
          late_s_max: r.lateSMax,
          ...r.figures,
          failures: r.failures,
        },
      ]),
    ),
  };
}

let finished = false;
async function finish(code: number, aborted?: string): Promise<never> {
  if (finished) process.exit(code);
  finished = true;
  await killEverything();
  console.log(JSON.stringify(summary(aborted)));
  process.exit(code);
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS)}`);
  const names = asked.length ? asked : Object.keys(SCENARIOS);
  for (const name of names) {
    const { budgetMs, run } = SCENARIOS[name];
    const budget = new AbortController();
    const timer = setTimeout(() => {
      log(name, `over its ${budgetMs / 1000} s budget: stopping it`);
      budget.abort();
    }, budgetMs);
    const started = Date.now();
    try {
      const result = await run(budget.signal);
      if (budget.signal.aborted) result.failures.push(`did not finish within its ${budgetMs / 1000} s budget`);
      results.push(result);
    } catch (err) {
      const failed = emptyResult(name);
      failed.failures.push(`could not run: ${(err as Error).message.split('\n')[0]}`);
      log(name, `could not run: ${(err as Error).stack ?? err}`);
      results.push(failed);
    } finally {
      clearTimeout(timer);
    }
    const r = results.at(-1)!;
    log(
      name,
      `${r.failures.length ? 'FAILED' : 'passed'} in ${round((Date.now() - started) / 1000)} s` +
        (r.failures.length ? `: ${r.failures.join('; ')}` : ''),
    );
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log('chaos', `${sig}: killing every child process`);
    void finish(2, `interrupted by ${sig}`);
  });
}
setTimeout(() => {
  log('chaos', `global timeout (${GLOBAL_TIMEOUT_MS / 1000} s): killing every child process`);
  void finish(2, `global timeout after ${GLOBAL_TIMEOUT_MS / 1000} s`);
}, GLOBAL_TIMEOUT_MS).unref();

main().then(
  () => finish(results.some((r) => r.failures.length > 0) ? 1 : 0),
  (err: Error) => {
    log('chaos', err.stack ?? String(err));
    return finish(2, err.message);
  },
);
