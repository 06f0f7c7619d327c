import { describeFlusherConformance } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { withClient } from './support/flusher.js';
import { createTopic, plaintextBrokers, readTopic, uniqueTopic, values } from './support/kafka.js';

describeFlusherConformance(plugin, {
  requiredDetail: { Brokers: ['127.0.0.1:29092'], Topic: 'conformance' },
  // Created beforehand: the first request to an auto-created topic can fail for one partition
  // while another accepts, and its retry may then duplicate (at-least-once, see the README).
  detail: async () => {
    const topic = uniqueTopic('conformance');
    await createTopic(topic);
    return withClient({
      Brokers: plaintextBrokers(),
      Topic: topic,
      Backoff: { Init: '50ms', Max: '500ms' },
    });
  },
  readBack: async (detail) =>
    values(await readTopic(detail.Topic)).map(
      (value) => (JSON.parse(value) as { contents: Record<string, string> }).contents,
    ),
  badOption: { detail: { Compression: 'brotli' }, option: 'Compression' },
  timeout: 30_000,
});
