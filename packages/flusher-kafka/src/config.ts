import {
  compileFormatString,
  compressionOption,
  ConverterOptionsError,
  createConverter,
  duration,
  FormatStringError,
  maxBufferedBytesOption,
  bufferOptions,
  deadLetterOption,
  parseFieldRef,
  retryOptions,
  secret,
  z,
} from '@logflush/core';
import { platformaticProblem } from './clients/availability.js';
import { hashFunctions } from './hash-partition.js';
import { topicNameProblem } from './topic-name.js';

/**
 * Kafka's wire names for the codecs: the kit's none, gzip and zstd, plus Kafka's own snappy and
 * lz4. iLogtail spells them the same way.
 */
export const compressionNames = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof compressionNames)[number];

export const partitionerTypes = ['random', 'roundrobin', 'hash'] as const;
/** The Kafka clients the flusher can send with. */
export const clientNames = ['kafkajs', 'platformatic'] as const;
export type ClientName = (typeof clientNames)[number];
export const saslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export const tlsVersions = ['1.0', '1.1', '1.2', '1.3'] as const;
/** The iLogtail converter protocols that make one Kafka message per log (jsonline: per group). */
export const kafkaProtocols = ['custom_single', 'custom_single_flatten', 'jsonline'] as const;

/** A string matching `pattern`, whose error says what is expected in words. */
function patternString(pattern: RegExp, expected: string) {
  return z.string().refine((value) => pattern.test(value), {
    error: (issue) => `expected ${expected}, given ${JSON.stringify(issue.input)}`,
  });
}

const brokerAddress = patternString(
  /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):\d{1,5}$/,
  '"host:port"',
).describe('host:port');

const headerSchema = z.object({
  Key: z.string().min(1).describe('Header name.'),
  Value: z.string().default('').describe('Header value (a string).'),
});

const plainTextSchema = z.object({
  Username: z.string().default('').describe('SASL PLAIN user name.'),
  Password: secret().default('').describe('SASL PLAIN password.'),
});

const saslSchema = z.object({
  SaslMechanism: z
    .enum(saslMechanisms)
    .default('PLAIN')
    .describe('PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.'),
  Username: z.string().min(1).describe('SASL user name.'),
  Password: secret().min(1).describe('SASL password.'),
});

const tlsSchema = z.object({
  Enabled: z.boolean().default(false).describe('Connect to the brokers with TLS.'),
  CAFile: z
    .string()
    .default('')
    .describe('PEM file of the CA that signed the broker certificates (default: the system CAs).'),
  CertFile: z
    .string()
    .default('')
    .describe('PEM client certificate for mutual TLS (with KeyFile).'),
  KeyFile: z.string().default('').describe('PEM private key of CertFile.'),
  KeyPassword: secret().default('').describe('Passphrase of an encrypted KeyFile.'),
  InsecureSkipVerify: z
    .boolean()
    .default(false)
    .describe('Do not verify the broker certificate (testing only).'),
  MinVersion: z.enum(tlsVersions).default('1.2').describe('Lowest TLS version accepted.'),
  MaxVersion: z
    .enum(tlsVersions)
    .optional()
    .describe('Highest TLS version accepted (default: the highest Node supports).'),
});

const authenticationSchema = z.object({
  PlainText: plainTextSchema
    .optional()
    .describe('SASL PLAIN with a user name and password (iLogtail\'s "PlainText").'),
  SASL: saslSchema.optional().describe('SASL PLAIN or SCRAM authentication.'),
  TLS: tlsSchema.optional().describe('TLS to the brokers, optionally with a client certificate.'),
});

const convertSchema = z.object({
  Protocol: z
    .enum(kafkaProtocols)
    .default('custom_single')
    .describe(
      'Message body: custom_single, custom_single_flatten, or jsonline (one message per group).',
    ),
  Encoding: z.literal('json').default('json').describe('Only json.'),
  TagFieldsRename: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      'Renames tags by their converted name, e.g. {"host.name": "hostname"}; "" drops one.',
    ),
  ProtocolFieldsRename: z
    .record(z.string(), z.string())
    .default({})
    .describe('Renames the contents, tags and time keys, e.g. {"time": "@timestamp"}.'),
});

/** flusher_kafka's options: iLogtail flusher_kafka_v2's names and defaults, plus Idempotent and MaxBufferedBytes. */
export const configSchema = z
  .object({
    Brokers: z.array(brokerAddress).min(1).describe('Bootstrap brokers, each "host:port".'),
    Topic: z
      .string()
      .min(1)
      .describe(
        'Topic, may use %{content.<key>}, %{tag.<key>} (converted tag names: tag.host.name), ${ENV} and %Y %m %d %H %M %S.',
      ),
    Client: z
      .enum(clientNames)
      .default('kafkajs')
      .describe(
        'Kafka client: kafkajs, or platformatic (@platformatic/kafka, an optional peer dependency; Node ≥ 22.22). Same options, messages and partitions.',
      ),
    Version: patternString(/^\d+(?:\.\d+){1,3}$/, 'a version such as "2.0.0"')
      .optional()
      .describe(
        'Accepted for iLogtail configs and not used: the client negotiates the protocol version.',
      ),
    ClientID: z.string().min(1).default('LogtailPlugin').describe('Client id sent to the brokers.'),
    PartitionerType: z
      .enum(partitionerTypes)
      .default('random')
      .describe('random, roundrobin, or hash (by HashKeys, with HashFunction).'),
    HashKeys: z
      .array(z.string())
      .default([])
      .describe(
        'With hash: content.<key> / tag.<key> fields whose values, joined by "###", are the message key.',
      ),
    HashFunction: z
      .enum(hashFunctions)
      .default('murmur2')
      .describe(
        "With hash: murmur2 (the Java client's and kafkajs's) or fnv1a (iLogtail's: sarama's FNV-1a 32).",
      ),
    HashOnce: z
      .boolean()
      .default(false)
      .describe('With hash: compute the key for the first message only and reuse it for all.'),
    Compression: compressionOption('none', 'record batches', compressionNames),
    RequiredACKs: z
      .literal([-1, 0, 1])
      .optional()
      .describe(
        'Acknowledgements per request: 0 none, 1 leader, -1 all in-sync replicas (default 1; -1 with Idempotent).',
      ),
    Idempotent: z
      .boolean()
      .default(false)
      .describe(
        'Idempotent producer: retries never duplicate a message (needs RequiredACKs -1; one request in flight).',
      ),
    MaxMessageBytes: z
      .number()
      .int()
      .positive()
      .default(1000000)
      .describe(
        'Largest message (value, key, headers and record overhead) and largest request batch, in bytes.',
      ),
    BulkMaxSize: z
      .number()
      .int()
      .positive()
      .default(2048)
      .describe('Most messages in one produce request.'),
    BulkFlushFrequency: duration()
      .prefault(0)
      .describe(
        'Linger: how long a batch that is not full waits for more messages (0: send at once).',
      ),
    MaxOpenRequests: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Produce requests in flight at once (1 when Idempotent).'),
    MaxBufferedBytes: maxBufferedBytesOption(64 * 1024 * 1024, 'accepted, unacknowledged messages'),
    // With the memory buffer a flush resolves on the broker's acknowledgement (no buffer object).
    ...bufferOptions({
      MaxBytes: 1024 * 1024 * 1024,
      memoryBound:
        'with the memory buffer, MaxBufferedBytes bounds what waits for the broker and isReady is false at it',
    }),
    ...deadLetterOption(),
    ...retryOptions({ MaxRetries: 3, Backoff: { Init: '1s', Max: '60s' } }),
    Timeout: duration()
      .prefault('30s')
      .describe(
        'Connect, authentication and request timeout; init fails when no broker answers within it.',
      ),
    BrokerTimeout: duration()
      .prefault('10s')
      .describe('How long the broker may wait for RequiredACKs before answering.'),
    Headers: z
      .array(headerSchema)
      .default([])
      .describe(
        'Record headers added to every message: [{"Key": "k", "Value": "v"}]; a key may repeat.',
      ),
    Authentication: authenticationSchema.prefault({}).describe('SASL and TLS settings.'),
    Convert: convertSchema.prefault({}).describe('How a log becomes the message body.'),
  })
  .superRefine((config, context) => {
    const issue = (path: (string | number)[], message: string) =>
      context.addIssue({ code: 'custom', path, message });

    try {
      const topic = compileFormatString(config.Topic, { mode: 'text' });
      const problem = topic.isStatic ? topicNameProblem(topic.render()) : undefined;
      if (problem !== undefined)
        issue(
          ['Topic'],
          `expected a Kafka topic name, but ${JSON.stringify(topic.render())} ${problem}`,
        );
    } catch (error) {
      if (!(error instanceof FormatStringError)) throw error;
      issue(['Topic'], error.message);
    }
    config.HashKeys.forEach((key, index) => {
      try {
        parseFieldRef(key);
      } catch (error) {
        issue(['HashKeys', index], `${(error as Error).message}, given ${JSON.stringify(key)}`);
      }
    });
    if (config.HashKeys.length > 0 && config.PartitionerType !== 'hash') {
      issue(
        ['HashKeys'],
        `HashKeys only apply with PartitionerType "hash"; given PartitionerType ${JSON.stringify(config.PartitionerType)}`,
      );
    }
    if (config.Idempotent && config.RequiredACKs !== undefined && config.RequiredACKs !== -1) {
      issue(
        ['RequiredACKs'],
        `expected -1 (all in-sync replicas) because Idempotent is true, given ${config.RequiredACKs}`,
      );
    }
    if (config.Client === 'platformatic') {
      const problem = platformaticProblem();
      if (problem !== undefined) issue(['Client'], `cannot use "platformatic": ${problem}`);
    }
    const { PlainText, SASL, TLS } = config.Authentication;
    if (PlainText !== undefined && SASL !== undefined) {
      issue(['Authentication'], 'set either PlainText or SASL, not both');
    }
    if (PlainText !== undefined && (PlainText.Username === '') !== (PlainText.Password === '')) {
      issue(['Authentication', 'PlainText'], 'expected both Username and Password, or neither');
    }
    if (TLS !== undefined) {
      if (!TLS.Enabled && (TLS.CAFile || TLS.CertFile || TLS.KeyFile || TLS.InsecureSkipVerify)) {
        issue(
          ['Authentication', 'TLS', 'Enabled'],
          'expected true, since other TLS options are set',
        );
      }
      if ((TLS.CertFile === '') !== (TLS.KeyFile === '')) {
        issue(['Authentication', 'TLS'], 'expected both CertFile and KeyFile, or neither');
      }
      if (TLS.MaxVersion !== undefined && TLS.MaxVersion < TLS.MinVersion) {
        issue(
          ['Authentication', 'TLS', 'MaxVersion'],
          `expected a version ≥ MinVersion ${TLS.MinVersion}`,
        );
      }
    }
    try {
      createConverter({
        protocol: config.Convert.Protocol,
        encoding: config.Convert.Encoding,
        tagFieldsRename: config.Convert.TagFieldsRename,
        protocolFieldsRename: config.Convert.ProtocolFieldsRename,
      });
    } catch (error) {
      if (!(error instanceof ConverterOptionsError)) throw error;
      issue(['Convert'], error.message);
    }
  });

export type FlusherKafkaConfig = z.output<typeof configSchema>;
export type FlusherKafkaOptions = z.input<typeof configSchema>;
