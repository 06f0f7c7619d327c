import http from 'node:http';
import type { Pipeline } from '@logflush/pipeline';
import type { FileStats } from './input/read-files.js';
import { UsageError } from './commands/shared.js';

/** `HOST:PORT` (IPv6 as `[::1]:9100`); port 0 picks a free one. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value);
  const port = match === null ? NaN : Number(match[3]);
  if (match === null || !Number.isInteger(port) || port > 65535)
    throw new UsageError(`--metrics: expected HOST:PORT such as 127.0.0.1:9100, given "${value}"`);
  return { host: match[1] ?? (match[2] === '' ? '0.0.0.0' : match[2]!), port };
}

/** Flush latency per flusher, observed by a wrapper around each flusher's flush. */
export interface LatencyObserver {
  observe(flusher: string, seconds: number): void;
}

export interface MetricsServer {
  readonly address: string;
  latency: LatencyObserver;
  /** Once the pipeline runs: its counters are served from then on. */
  attach(pipeline: Pipeline, files: () => FileStats[]): void;
  /** /health answers 503 "draining" from now on. */
  draining(): void;
  close(): Promise<void>;
}

const flusherCounters = [
  ['in_events', 'logs handed to the flusher'],
  ['out_events', 'logs the flusher delivered'],
  ['failed_events', 'logs the flusher failed to deliver'],
  ['dropped_events', 'logs the flusher dropped'],
  ['retries', 'retries of the flusher'],
] as const;

/**
 * Prometheus text at /metrics (prom-client, loaded only when --metrics is given) and /health.
 * The per-flusher counters are the flushers' own (the numbers of the final summary).
 */
export async function startMetricsServer(listen: string): Promise<MetricsServer> {
  const { host, port } = parseListen(listen);
  const client = await import('prom-client');
  const registry = new client.Registry();
  let pipeline: Pipeline | undefined;
  let files: () => FileStats[] = () => [];
  let state: 'starting' | 'running' | 'draining' = 'starting';

  // Counters collected from the sources at scrape time: each adds what grew since the last one.
  const counter = (
    name: string,
    help: string,
    labelNames: string[],
    read: () => Array<[Record<string, string>, number]>,
  ) => {
    const last = new Map<string, number>();
    return new client.Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const [labels, value] of read()) {
          const id = JSON.stringify(labels);
          const delta = value - (last.get(id) ?? 0);
          if (delta > 0) this.inc(labels, delta);
          else if (!last.has(id)) this.inc(labels, 0);
          last.set(id, Math.max(value, last.get(id) ?? 0));
        }
      },
    });
  };
  const perFlusher = (metric: string) => (): Array<[Record<string, string>, number]> =>
    (pipeline?.flushers ?? []).map((handle) => [
      { flusher: handle.name },
      handle.metrics.get(metric),
    ]);
  for (const [metric, help] of flusherCounters)
    counter(`logflush_flusher_${metric}_total`, help, ['flusher'], perFlusher(metric));
  new client.Gauge({
    name: 'logflush_flusher_buffered_bytes',
    help: 'bytes the flusher holds: accepted, not yet delivered',
    labelNames: ['flusher'],
    registers: [registry],
    collect() {
      for (const handle of pipeline?.flushers ?? []) {
        // The kit's BufferGauge (FlusherBase.buffer): `held` counts what is in flight too.
        const buffer = (handle.flusher as { buffer?: { held?: unknown } }).buffer;
        const held = typeof buffer?.held === 'number' ? buffer.held : 0;
        this.set({ flusher: handle.name }, held + (handle.flusher.backlog?.()?.bytes ?? 0));
      }
    },
  });
  new client.Gauge({
    name: 'logflush_flusher_buffer_backlog_logs',
    help: "logs in the flusher's disk buffer, accepted and not yet delivered",
    labelNames: ['flusher'],
    registers: [registry],
    collect() {
      for (const handle of pipeline?.flushers ?? []) {
        const backlog = handle.flusher.backlog?.();
        if (backlog !== undefined) this.set({ flusher: handle.name }, backlog.logs);
      }
    },
  });
  const latency = new client.Histogram({
    name: 'logflush_flusher_flush_duration_seconds',
    help: 'time from a flush call to its settling',
    labelNames: ['flusher'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new client.Gauge({
    name: 'logflush_pipeline_buffered_logs',
    help: 'logs the pipeline holds: written, not yet resolved by every flusher',
    registers: [registry],
    collect() {
      this.set(pipeline?.metrics().buffered ?? 0);
    },
  });
  counter('logflush_pipeline_delivered_logs_total', 'logs every flusher delivered', [], () =>
    pipeline === undefined ? [] : [[{}, pipeline.metrics().delivered]],
  );
  counter('logflush_input_bytes_read_total', 'bytes read from the input file', ['path'], () =>
    files().map((file) => [{ path: file.path }, file.bytesRead]),
  );
  counter('logflush_input_lines_total', 'lines read from the input file', ['path'], () =>
    files().map((file) => [{ path: file.path }, file.lines]),
  );
  new client.Gauge({
    name: 'logflush_input_bytes_behind',
    help: 'bytes between what was read and the end of the file',
    labelNames: ['path'],
    registers: [registry],
    collect() {
      for (const file of files()) this.set({ path: file.path }, file.behind());
    },
  });
  client.collectDefaultMetrics({ register: registry, prefix: 'logflush_process_' });

  const server = http.createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0];
    if (url === '/metrics') {
      registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': registry.contentType });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(String(error));
        },
      );
    } else if (url === '/health') {
      const ok = state === 'running';
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify({ status: state })}\n`);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found: /metrics or /health\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`--metrics ${listen}: cannot listen: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, () => resolve());
  });
  server.unref();
  const bound = server.address();
  const address =
    typeof bound === 'object' && bound !== null
      ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`
      : listen;
  return {
    address,
    latency: { observe: (flusher, seconds) => latency.observe({ flusher }, seconds) },
    attach(running, stats) {
      pipeline = running;
      files = stats;
      state = 'running';
    },
    draining() {
      state = 'draining';
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
