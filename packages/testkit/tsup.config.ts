import { libraryBuild } from '@logflush/build';

// ESM from src/index.ts; CommonJS from src/require-entry.ts (see there why).
export default [
  libraryBuild({ format: ['esm'], clean: false }),
  libraryBuild({ entry: { index: 'src/require-entry.ts' }, format: ['cjs'], clean: false }),
];
