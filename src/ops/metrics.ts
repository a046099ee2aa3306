/**
 * Prometheus metrics of one naskah process (prom-client), served at /metrics: HTTP latency by route,
 * job latency by type and outcome, and — read from the shared database when scraped, so every process
 * reports the same truth — the documents issued and the jobs by state. Plus the process defaults
 * (CPU, memory, event-loop lag) under the naskah_ prefix. A registry per process (not prom-client's
 * global one), so tests can build several apps in one process.
 * May import: prom-client.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  /** Issued documents in the archive. */
  readonly documentsIssued?: () => Promise<number>;
  /** Jobs by state (queued, running, retry, completed, failed, dead). */
  readonly jobCounts?: () => Promise<Readonly<Record<string, number>>>;
}

export interface Metrics {
  readonly registry: Registry;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  observeJob(type: string, outcome: string, seconds: number): void;
  /** Where the gauges read from when scraped; a later call replaces the sources it names. */
  setSources(sources: MetricSources): void;
}

/** A scrape asks the database at most this often. */
const SOURCE_TTL_MS = 5_000;

function cached<T>(read: () => Promise<T>): () => Promise<T> {
  let value: { at: number; v: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!value || now - value.at > SOURCE_TTL_MS) {
      value = { at: now, v: read() };
      value.v.catch(() => (value = undefined));
    }
    return value.v;
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'naskah_' });
  let sources: { documentsIssued?: () => Promise<number>; jobCounts?: () => Promise<Readonly<Record<string, number>>> } = {};

  const http = new Histogram({
    name: 'naskah_http_request_duration_seconds',
    help: 'HTTP requests: time from arrival to the end of the response',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const jobs = new Histogram({
    name: 'naskah_job_duration_seconds',
    help: 'Jobs run by this process: time from start to end of one attempt',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const jobsRun = new Counter({
    name: 'naskah_jobs_run_total',
    help: 'Job attempts run by this process, by type and outcome (completed, failed, retry, dead, returned)',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'naskah_documents_issued',
    help: 'Documents issued (signed and archived), from the database',
    registers: [registry],
    async collect() {
      if (sources.documentsIssued) this.set(await sources.documentsIssued());
    },
  });
  new Gauge({
    name: 'naskah_jobs',
    help: 'Jobs by state (queued, running, retry, failed, dead), from the queue',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (!sources.jobCounts) return;
      const counts = await sources.jobCounts();
      this.reset();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });

  return {
    registry,
    observeHttp(method, route, status, seconds) {
      http.observe({ method, route, status: String(status) }, seconds);
    },
    observeJob(type, outcome, seconds) {
      jobs.observe({ type, outcome }, seconds);
      jobsRun.inc({ type, outcome });
    },
    setSources(next) {
      sources = {
        ...sources,
        ...(next.documentsIssued ? { documentsIssued: cached(next.documentsIssued) } : {}),
        ...(next.jobCounts ? { jobCounts: cached(next.jobCounts) } : {}),
      };
    },
  };
}
