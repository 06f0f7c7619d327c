import {
  defineFlusher,
  FlushFailedError,
  z,
  type FlusherPlugin,
  type LogGroup,
  type Logger,
} from '@logflush/core';

/** A logger that keeps what it is told, so that tests stay quiet and can look. */
export function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (message) => lines.push(`debug ${message}`),
    info: (message) => lines.push(`info ${message}`),
    warn: (alarm, message) => lines.push(`warn ${alarm} ${message}`),
    error: (alarm, message) => lines.push(`error ${alarm} ${message}`),
  };
}

export interface GateState {
  /** isReady's answer. */
  open: boolean;
  groups: LogGroup[];
  urgent: boolean;
  stopped: boolean;
}

/** flusher_gate: keeps every group it is given; isReady is `state.open`. */
export function gateFlusher(state: GateState): FlusherPlugin {
  return defineFlusher({
    type: 'flusher_gate',
    description: 'Ready only when the test opens it (test flusher).',
    configSchema: z.object({}),
    createFlusher: () => ({
      init: async () => {},
      description: () => 'gate',
      isReady: () => state.open,
      flush: async (_p, _l, _c, groups) => {
        state.groups.push(...groups);
      },
      setUrgent: (flag) => {
        state.urgent = flag;
      },
      stop: async () => {
        state.stopped = true;
      },
    }),
  });
}

export const gate = (open = true): GateState => ({
  open,
  groups: [],
  urgent: false,
  stopped: false,
});

/** flusher_rejecting: every flush rejects, as a dead broker would after its retries. */
export const rejectingFlusher = defineFlusher({
  type: 'flusher_rejecting',
  description: 'Rejects every flush (test flusher).',
  configSchema: z.object({}),
  createFlusher: () => ({
    init: async () => {},
    description: () => 'rejects',
    isReady: () => true,
    flush: async (_p, _l, _c, groups) => {
      const logs = groups.reduce((sum, group) => sum + group.Logs.length, 0);
      throw new FlushFailedError(`broker unreachable: ${logs} logs failed after 3 retries`, logs);
    },
    setUrgent: () => {},
    stop: async () => {},
  }),
});

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const contents = (group: LogGroup) =>
  group.Logs.map((log) => Object.fromEntries(log.Contents.map((c) => [c.Key, c.Value])));

export interface HeldFlush {
  readonly groups: LogGroup[];
  resolve(): void;
  reject(error: Error): void;
}

/** flusher_held: every flush stays in progress until the test settles it. */
export function heldFlusher() {
  const state = { received: [] as LogGroup[], held: [] as HeldFlush[], maxInFlight: 0 };
  let inFlight = 0;
  const plugin = defineFlusher({
    type: 'flusher_held',
    description: 'Keeps every flush in progress until the test settles it (test flusher).',
    configSchema: z.object({}),
    createFlusher: () => ({
      init: async () => {},
      description: () => 'held',
      isReady: () => true,
      flush: (_p, _l, _c, groups) => {
        state.received.push(...groups);
        inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, inFlight);
        return new Promise<void>((resolve, reject) => {
          state.held.push({
            groups,
            resolve: () => {
              inFlight--;
              resolve();
            },
            reject: (error) => {
              inFlight--;
              reject(error);
            },
          });
        });
      },
      setUrgent: () => {},
      stop: async () => {},
    }),
  });
  return { state, plugin };
}
