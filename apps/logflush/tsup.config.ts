import { libraryBuild } from '@logflush/build';

export default libraryBuild({ entry: ['src/index.ts', 'src/cli.ts', 'src/bin.ts'], shims: true });
