#!/usr/bin/env node
// The logflush test services (Kafka broker, S3 server) on 127.0.0.1. See ../README.md.
//
//   node tooling/services/bin/services.mjs up|down|restart|status|info|env|smoke [kafka|s3]...   (default: both)
import { SERVICES, serviceNames } from '../lib/registry.mjs';

const USAGE = `usage: services.mjs <command> [kafka|s3]...   (default: both)
  up      start the services unless running and healthy; returns when they answer
  down    stop them (safe when nothing runs)
  restart stop running ones cleanly and start them again on the same data
  status  running or not, pid, who started it, log file
  info    connection info as JSON
  env     connection info as shell exports (eval "$(services.mjs env)")
  smoke   produce/consume on every Kafka listener; create/put/get/list/delete on S3`;

const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

function summary(name, info) {
  if (!info) return '';
  if (name === 'kafka') {
    const b = info.brokers;
    return `PLAINTEXT ${b.plaintext}, SASL_PLAINTEXT ${b.sasl}, SSL ${b.ssl} (CA ${info.ssl.caFile})`;
  }
  return `${info.endpoint}, bucket ${info.bucket}`;
}

const shellQuote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;

const COMMANDS = {
  async up(names) {
    for (const name of names) {
      const t0 = Date.now();
      const { info, started } = await SERVICES[name].start({ owner: 'cli' });
      console.log(
        `${name}: ${started ? `ready in ${seconds(t0)}` : 'already running'} — ${summary(name, info)}`,
      );
    }
  },
  async down(names) {
    for (const name of names) {
      const t0 = Date.now();
      const stopped = await SERVICES[name].stop();
      console.log(`${name}: ${stopped ? `stopped in ${seconds(t0)}` : 'not running'}`);
    }
  },
  async restart(names) {
    for (const name of names) {
      const t0 = Date.now();
      const info = await SERVICES[name].restart();
      console.log(`${name}: restarted on the same data in ${seconds(t0)} — ${summary(name, info)}`);
    }
  },
  async status(names) {
    for (const name of names) {
      const s = SERVICES[name].status();
      console.log(
        s.running
          ? `${name}: running, pid ${s.pid}, started by ${s.owner} at ${s.startedAt}` +
              `${s.leases.length ? `, used by test runs ${s.leases.join(' ')}` : ''} — ${summary(name, s.info)}; log ${s.logFile}`
          : `${name}: not running`,
      );
    }
  },
  async info(names) {
    const out = {};
    for (const name of names) out[name] = SERVICES[name].status().info ?? null;
    console.log(JSON.stringify(out, null, 2));
  },
  async env(names) {
    for (const name of names) {
      const { info } = SERVICES[name].status();
      if (!info) throw new Error(`${name} is not running`);
      for (const [k, v] of Object.entries(SERVICES[name].env(info)))
        console.log(`export ${k}=${shellQuote(v)}`);
    }
  },
  async smoke(names) {
    for (const name of names) {
      const { [`smoke${name === 'kafka' ? 'Kafka' : 'S3'}`]: smoke } = await import(
        `../smoke/${name}.mjs`
      );
      await smoke();
    }
  },
};

/** @param {string[]} argv */
async function main([command, ...rest]) {
  if (!COMMANDS[command]) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  await COMMANDS[command](serviceNames(rest));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`services: ${err.message}`);
  process.exitCode = 1;
});
