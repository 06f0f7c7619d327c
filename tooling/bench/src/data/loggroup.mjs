/**
 * Deterministic LogGroups shaped like access logs: short keys, short mostly-ASCII values.
 * The defaults (1,000 logs of 10 contents) encode to about 250 KB, the size docs/design.md §4 measures.
 */

/** mulberry32: the same numbers on every run, so every run measures the same bytes. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keys = ['time', 'ip', 'method', 'url', 'status', 'bytes', 'rt', 'ua', 'host', 'msg'];

const int = (random, below) => Math.floor(random() * below);

const valuesByKey = {
  time: (random) => `2024-05-01T12:00:${String(int(random, 60)).padStart(2, '0')}.123+08:00`,
  ip: (random) => `10.0.${int(random, 256)}.${int(random, 256)}`,
  method: (random) => (random() < 0.8 ? 'GET' : 'POST'),
  url: (random) => `/api/v1/items/${int(random, 100000)}?page=${int(random, 9)}`,
  status: (random) => (random() < 0.9 ? '200' : '404'),
  bytes: (random) => String(int(random, 50000)),
  rt: (random) => (random() * 2).toFixed(3),
  ua: (random) => (random() < 0.5 ? 'curl/8.5.0' : 'Mozilla/5.0 (X11; Linux x86_64)'),
  host: (random) => `web-${int(random, 20)}.prod.example.com`,
  msg: (random) => (random() < 0.95 ? 'request completed' : 'upstream timed out, retrying'),
};

/** A plain LogGroup ({ Logs, Category, Topic, Source, MachineUUID, LogTags }). */
export function makeLogGroup({ logs = 1000, contents = 10, seed = 1 } = {}) {
  const random = seededRandom(seed);
  const Logs = [];
  for (let i = 0; i < logs; i++) {
    const Contents = [];
    for (let c = 0; c < contents; c++) {
      const key = keys[c % keys.length];
      Contents.push({ Key: key, Value: valuesByKey[key](random) });
    }
    Logs.push({ Time: 1714564800 + i, Contents, Time_ns: int(random, 1e9) });
  }
  return {
    Logs,
    Category: 'access-log',
    Topic: 'nginx',
    Source: '10.0.0.1',
    MachineUUID: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    LogTags: [
      { Key: '__hostname__', Value: 'web-1' },
      { Key: '__path__', Value: '/var/log/nginx/access.log' },
    ],
  };
}
