// vitest globalSetup starting the services listed in LOGFLUSH_SERVICES (comma-separated:
// "kafka", "s3"; default: both). Packages that need one service use vitest-setup/kafka.mjs or
// vitest-setup/s3.mjs instead. See README.md for what the tests receive.
import { setupServices, teardownServices } from './lib/vitest.mjs';

export function setup(project) {
  const names = (process.env.LOGFLUSH_SERVICES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return setupServices(project, names);
}

export const teardown = teardownServices;
