/**
 * npm run bench:e2e — only the end-to-end ingest figure of bench:ingest (shape B, AOF off), beside the
 * ceiling: quicker when working on the ingest path. Flags: --points=N, --split (gateway + worker), --aof,
 * --commandstats (redis-server's time by command).
 * With BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" the service processes write CPU profiles.
 */
import { startBenchRedis } from './bench-redis';
import { writeCeiling } from './ceiling';
import { e2eIngest } from './e2e-ingest';
import { generate, SHAPES } from './shapes';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

async function main() {
  const points = Number(arg('points') ?? 300_000);
  const split = process.argv.includes('--split');
  const r = await startBenchRedis(process.argv.includes('--aof'));
  try {
    const shape = SHAPES.find((s) => s.name === 'B')!;
    const start = Date.now() - 2 * 86_400_000;
    const all = generate(shape, 'double', start);
    const t = performance.now();
    await writeCeiling(r.redis, all, start);
    const ceiling = all.length / ((performance.now() - t) / 1000);
    await r.redis.flushall();
    const e2e = await e2eIngest(
      r.url,
      r.redis,
      all.slice(0, 50_000 + points),
      shape.series,
      split ? ['gateway', 'worker'] : ['server'],
    );
    console.log(
      `end to end: ${Math.round(e2e)} pts/s, ceiling ${Math.round(ceiling)} pts/s (${(e2e / ceiling).toFixed(2)} ×)`,
    );
    if (process.argv.includes('--commandstats')) {
      // Where redis-server's time went during the run, by command (scripts count apart from what they call).
      const stats = (await r.redis.info('commandstats'))
        .split('\n')
        .map((l) => /^cmdstat_([\w|]+):calls=(\d+),usec=(\d+)/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ cmd: m[1], calls: Number(m[2]), usec: Number(m[3]) }))
        .sort((a, b) => b.usec - a.usec);
      for (const c of stats.slice(0, 15))
        console.log(
          `  ${c.cmd.padEnd(20)} ${String(c.calls).padStart(9)} calls ${(c.usec / 1000).toFixed(0).padStart(7)} ms`,
        );
    }
    console.log(
      JSON.stringify({
        ceiling_pts_s: Math.round(ceiling),
        e2e_pts_s: Math.round(e2e),
        e2e_ratio: Math.round((e2e / ceiling) * 100) / 100,
        split,
      }),
    );
  } finally {
    await r.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
