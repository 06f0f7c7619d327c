// Shared body of the vitest global setups: start (or reuse) services under a lease, hand their
// info to the tests, and on teardown release them (stopping only what a test run started).
import { SERVICES, serviceNames } from './registry.mjs';

const held = new Set();

export async function setupServices(project, names) {
  // In turn, not together: two JVMs starting at once on a 2-core machine are slower than in turn.
  try {
    for (const name of serviceNames(names)) {
      held.add(name); // the lease is taken even when the start fails
      const { info } = await SERVICES[name].start({ owner: 'test', lease: true });
      project?.provide?.(name, info);
      Object.assign(process.env, SERVICES[name].env(info));
    }
  } catch (err) {
    await teardownServices(); // vitest skips teardown when setup throws
    throw err;
  }
}

export async function teardownServices() {
  for (const name of [...held].reverse()) {
    held.delete(name);
    await SERVICES[name].release();
  }
}
