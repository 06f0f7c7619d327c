// vitest globalSetup: the Kafka broker (provides 'kafka', sets LOGFLUSH_KAFKA_*).
import { setupServices, teardownServices } from '../lib/vitest.mjs';

export const setup = (project) => setupServices(project, ['kafka']);
export const teardown = teardownServices;
