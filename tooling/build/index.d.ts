import type { Options } from 'tsup';

/** The build every published package uses: ESM + CJS + types for Node 20, from src/index.ts. */
export declare function libraryBuild(overrides?: Options): Options | Options[];
