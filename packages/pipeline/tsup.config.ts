import { libraryBuild } from '@logflush/build';

// __LOGFLUSH_FORMAT__ tells the plugin loader which module system it runs in, so that a plugin is
// loaded through the same one (and shares @logflush/core with the pipeline: one instance of its
// classes, so `instanceof ConfigError` holds).
export default libraryBuild({
  esbuildOptions(options, context) {
    options.define = { ...options.define, __LOGFLUSH_FORMAT__: JSON.stringify(context.format) };
  },
});
