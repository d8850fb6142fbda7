import { Metrics } from './metrics.service';

/** The sample lines of one metric in an exposition text (no HELP/TYPE lines). */
const samples = (text: string, name: string) =>
  text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('Metrics', () => {
  let metrics: Metrics;
  beforeEach(() => (metrics = new Metrics({ app: 'test' })));

  it('labels every series with the app, default process metrics included', async () => {
    metrics.counter({ name: 'ioc_test_total', help: 'test' }).inc(2);
    const text = await metrics.scrape();
    expect(samples(text, 'ioc_test_total')).toEqual(['ioc_test_total{app="test"} 2']);
    expect(samples(text, 'process_cpu_seconds_total')[0]).toMatch(/^process_cpu_seconds_total\{app="test"\} /);
  });

  it('gives the same metric for the same name; another kind under that name is an error', () => {
    const a = metrics.counter({ name: 'ioc_same_total', help: 'x', labelNames: ['k'] });
    expect(metrics.counter({ name: 'ioc_same_total', help: 'x', labelNames: ['k'] })).toBe(a);
    expect(() => metrics.gauge({ name: 'ioc_same_total', help: 'x' })).toThrow(/another kind/);
  });

  it('a gauge with collect is read at each scrape, as one number or per label set', async () => {
    let open = 3;
    metrics.gauge({ name: 'ioc_sockets', help: 'x', collect: () => open });
    metrics.gauge({
      name: 'ioc_by_state',
      help: 'x',
      labelNames: ['state'],
      collect: async () => [
        { labels: { state: 'a' }, value: 1 },
        { labels: { state: 'b' }, value: open },
      ],
    });
    expect(samples(await metrics.scrape(), 'ioc_sockets')).toEqual(['ioc_sockets{app="test"} 3']);
    open = 5;
    const text = await metrics.scrape();
    expect(samples(text, 'ioc_sockets')).toEqual(['ioc_sockets{app="test"} 5']);
    expect(samples(text, 'ioc_by_state')).toEqual([
      'ioc_by_state{state="a",app="test"} 1',
      'ioc_by_state{state="b",app="test"} 5',
    ]);
    expect(samples(text, 'ioc_metrics_source_up')).toContain(
      'ioc_metrics_source_up{metric="ioc_by_state",app="test"} 1',
    );
  });

  it('a collect that fails or hangs never fails the scrape: its values are left out (NaN without labels) and marked', async () => {
    metrics.gauge({
      name: 'ioc_broken',
      help: 'x',
      collect: () => {
        throw new Error('database down');
      },
    });
    metrics.gauge({
      name: 'ioc_hanging',
      help: 'x',
      labelNames: ['queue'],
      cache: { ttlMs: 1000, timeoutMs: 30 },
      collect: () => new Promise<[]>(() => undefined),
    });
    const text = await metrics.scrape();
    // prom-client writes NaN as "Nan"; Prometheus reads it either way (Go's ParseFloat ignores case).
    expect(samples(text, 'ioc_broken')).toEqual([expect.stringMatching(/^ioc_broken\{app="test"\} nan$/i)]);
    expect(samples(text, 'ioc_hanging')).toEqual([]);
    expect(samples(text, 'ioc_metrics_source_up')).toEqual(
      expect.arrayContaining([
        'ioc_metrics_source_up{metric="ioc_broken",app="test"} 0',
        'ioc_metrics_source_up{metric="ioc_hanging",app="test"} 0',
      ]),
    );
  });
});
