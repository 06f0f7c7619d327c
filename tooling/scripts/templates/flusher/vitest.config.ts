import { vitestConfig } from '@logflush/build/vitest';

export default vitestConfig();
