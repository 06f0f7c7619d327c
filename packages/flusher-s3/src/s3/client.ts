import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { FlusherS3Config } from '../config.js';

/** Used when neither Region nor the AWS default chain names a region. */
export const fallbackRegion = 'us-east-1';

/**
 * The SDK client for the config. Its own retries are off (`maxAttempts: 1`): the flusher retries
 * with its MaxRetries/Backoff and counts each retry. Credentials: the explicit keys when set,
 * else the AWS default chain.
 */
export function s3ClientConfig(
  config: FlusherS3Config,
  region: string | undefined,
): S3ClientConfig {
  const clientConfig: S3ClientConfig = {
    maxAttempts: 1,
    forcePathStyle: config.ForcePathStyle,
    requestHandler: {
      connectionTimeout: Math.min(config.Timeout, 10_000),
      requestTimeout: config.Timeout,
    },
  };
  if (region !== undefined) clientConfig.region = region;
  if (config.Endpoint !== '') clientConfig.endpoint = config.Endpoint;
  if (config.AccessKeyId !== '') {
    clientConfig.credentials = {
      accessKeyId: config.AccessKeyId,
      secretAccessKey: config.SecretAccessKey,
      ...(config.SessionToken === '' ? {} : { sessionToken: config.SessionToken }),
    };
  }
  return clientConfig;
}

/** The client; an empty Region is looked up in the AWS default chain, falling back to us-east-1. */
export async function createS3Client(config: FlusherS3Config): Promise<S3Client> {
  if (config.Region !== '') return new S3Client(s3ClientConfig(config, config.Region));
  const client = new S3Client(s3ClientConfig(config, undefined));
  try {
    await client.config.region();
    return client;
  } catch {
    client.destroy();
    return new S3Client(s3ClientConfig(config, fallbackRegion));
  }
}
