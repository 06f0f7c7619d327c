// vitest globalSetup: the S3 server (provides 's3', sets LOGFLUSH_S3_*).
import { setupServices, teardownServices } from '../lib/vitest.mjs';

export const setup = (project) => setupServices(project, ['s3']);
export const teardown = teardownServices;
