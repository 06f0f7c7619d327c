import logflushConfig from '@logflush/eslint-config';

// templates/ holds a flusher package with placeholders: the generator's test lints what it writes.
export default logflushConfig(import.meta.dirname, { ignores: ['templates/**'] });
