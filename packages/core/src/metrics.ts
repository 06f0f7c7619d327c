/** The counters every flusher keeps, named as iLogtail's plugin metrics. */
export const metricNames = [
  'in_events',
  'in_event_groups',
  'in_size_bytes',
  'out_events',
  'failed_events',
  'dropped_events',
  'retries',
  'total_delay_ms',
] as const;

export type MetricName = (typeof metricNames)[number];

/** A record of counters; a flusher may add its own beside the standard ones. */
export interface FlusherMetrics {
  add(name: MetricName | (string & {}), delta: number): void;
  get(name: MetricName | (string & {})): number;
  snapshot(): Record<string, number>;
}

export function createMetrics(): FlusherMetrics {
  const counters = new Map<string, number>(metricNames.map((name) => [name, 0]));
  return {
    add(name, delta) {
      counters.set(name, (counters.get(name) ?? 0) + delta);
    },
    get(name) {
      return counters.get(name) ?? 0;
    },
    snapshot() {
      return Object.fromEntries(counters);
    },
  };
}
