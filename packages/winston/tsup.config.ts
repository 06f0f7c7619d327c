import { libraryBuild } from '@logflush/build';

export default libraryBuild();
