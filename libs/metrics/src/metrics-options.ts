/** How a process's metrics are set up: MetricsModule.forRoot(options). */
export interface MetricsOptions {
  /** The `app` label of every series: `server`, `gateway` or `worker`. */
  app: string;
  /**
   * A process without an HTTP API (the worker) serves GET /metrics itself on this port (IOC_METRICS_PORT);
   * undefined: it serves none. The server and the gateway answer /metrics on their HTTP port.
   */
  standalonePort?: number;
}

export const METRICS_OPTIONS = 'ioc:metrics-options';
