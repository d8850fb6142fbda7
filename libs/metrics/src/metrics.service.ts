import { Inject, Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CachedReading, type CachedReadingOptions } from './cached-reading.util';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';

/** Buckets (seconds) of request and write latencies: 1 ms to 10 s. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricSpec<L extends string> {
  /** `ioc_...`, with the unit in the name (`_seconds`, `_bytes`) and `_total` for counters. */
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramSpec<L extends string> extends MetricSpec<L> {
  /** Upper bounds (default LATENCY_BUCKETS). */
  buckets?: number[];
}

/** A gauge's value at scrape time: one number (no labels), or one value per label set. */
export type GaugeValue<L extends string> =
  number | readonly { labels: Partial<Record<L, string | number>>; value: number }[];

export interface GaugeSpec<L extends string> extends MetricSpec<L> {
  /** Read at every scrape. Without it, the caller sets the gauge itself (`set`, `inc`, `dec`). */
  collect?: () => GaugeValue<L> | Promise<GaugeValue<L>>;
  /**
   * For a `collect` that asks Redis or the database: answered from a cache for `ttlMs`, and given up
   * after `timeoutMs` (the scrape then omits this gauge's values, NaN for a gauge without labels, and
   * `ioc_metrics_source_up` says 0).
   */
  cache?: Omit<CachedReadingOptions, 'now'>;
}

/**
 * The process's metrics: one prom-client Registry with an `app` label on every series (server, gateway,
 * worker) and Node's default process metrics. Libraries ask it for their counters, histograms and
 * gauges; asking again for a name gives the metric already made (so two providers may share one).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  /** The latest reading of each gauge read at scrape time, by metric name. */
  private readonly readings = new Map<string, Promise<boolean>>();

  constructor(@Inject(METRICS_OPTIONS) readonly options: MetricsOptions) {
    this.registry.setDefaultLabels({ app: options.app });
    collectDefaultMetrics({ register: this.registry });
    const readings = this.readings;
    new Gauge({
      registers: [this.registry],
      name: 'ioc_metrics_source_up',
      help: 'Whether a gauge read at scrape time (queue jobs, alerts, deliveries) could be read: 1, or 0 when its source (Redis, the database) failed or did not answer in time and its values are left out',
      labelNames: ['metric'],
      // The registry starts every metric's collect at once, in one loop: one turn later, this scrape's
      // readings are all in the map.
      async collect() {
        await Promise.resolve();
        const outcomes = await Promise.all([...readings].map(async ([name, ok]) => [name, await ok] as const));
        this.reset();
        for (const [metric, ok] of outcomes) this.set({ metric }, ok ? 1 : 0);
      },
    });
  }

  counter<L extends string = never>(spec: MetricSpec<L>): Counter<L> {
    return this.existing<Counter<L>>(spec.name, Counter) ?? new Counter<L>({ ...spec, registers: [this.registry] });
  }

  histogram<L extends string = never>(spec: HistogramSpec<L>): Histogram<L> {
    return (
      this.existing<Histogram<L>>(spec.name, Histogram) ??
      new Histogram<L>({ ...spec, buckets: spec.buckets ?? LATENCY_BUCKETS, registers: [this.registry] })
    );
  }

  /**
   * A gauge; with `collect`, read at every scrape, e.g. for the live gateway:
   * `metrics.gauge({ name: 'ioc_live_sockets', help: 'Open /live sockets', collect: () => hub.size })`.
   * A `collect` that throws (or, with `cache`, fails or is late) never fails the scrape: the gauge's
   * values are left out (NaN without labels) and `ioc_metrics_source_up{metric}` is 0.
   */
  gauge<L extends string = never>(spec: GaugeSpec<L>): Gauge<L> {
    const found = this.existing<Gauge<L>>(spec.name, Gauge);
    if (found) return found;
    const { collect, cache, ...config } = spec;
    if (!collect) return new Gauge<L>({ ...config, registers: [this.registry] });
    const reading = new CachedReading<GaugeValue<L>>(collect, cache ?? { ttlMs: 0, timeoutMs: 1000 });
    const { name } = spec;
    const readings = this.readings;
    const logger = this.logger;
    const labelless = (config.labelNames ?? []).length === 0;
    return new Gauge<L>({
      ...config,
      registers: [this.registry],
      async collect() {
        const pending = reading.get();
        readings.set(
          name,
          pending.then((r) => r.ok),
        );
        const r = await pending;
        this.reset();
        if (!r.ok) {
          logger.debug(`${name}: left out of this scrape (${r.error})`);
          // A gauge without labels cannot be left out (prom-client answers 0 after a reset): NaN, "unknown".
          if (labelless) (this as Gauge<string>).set(NaN);
          return;
        }
        if (typeof r.value === 'number') (this as Gauge<string>).set(r.value);
        else for (const { labels, value } of r.value) this.set(labels, value);
      },
    });
  }

  /** The exposition text of every metric (Prometheus text format 0.0.4). */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private existing<M>(name: string, kind: abstract new (...args: never[]) => unknown): M | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) throw new Error(`metric ${name} exists already as another kind of metric`);
    return metric as M;
  }
}
