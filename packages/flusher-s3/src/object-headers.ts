import { compressionCodecs } from '@logflush/core';
import type { FlusherS3Config } from './config.js';
import type { ObjectHeaders } from './s3/uploader.js';

/** Content-Type of the objects: JSON lines, or plain text for raw. */
export function contentType(format: FlusherS3Config['Format']): string {
  return format === 'raw' ? 'text/plain; charset=utf-8' : 'application/x-ndjson';
}

/** `{ext}` before the compression's suffix. */
export function formatExtension(format: FlusherS3Config['Format']): string {
  return format === 'raw' ? '.log' : '.jsonl';
}

/** The headers an object is written with: its type and encoding, and the config's object options. */
export function objectHeaders(
  config: FlusherS3Config,
  compression: FlusherS3Config['Compression'],
): ObjectHeaders {
  const headers: ObjectHeaders = { ContentType: contentType(config.Format) };
  const encoding = compressionCodecs[compression].contentEncoding;
  if (encoding !== undefined) headers.ContentEncoding = encoding;
  if (config.StorageClass !== undefined) headers.StorageClass = config.StorageClass;
  if (config.ServerSideEncryption !== undefined)
    headers.ServerSideEncryption = config.ServerSideEncryption;
  if (config.KMSKeyId !== '') headers.SSEKMSKeyId = config.KMSKeyId;
  if (config.ACL !== undefined) headers.ACL = config.ACL;
  // x-amz-tagging is a URL query string.
  const tagging = Object.entries(config.Tagging)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  if (tagging !== '') headers.Tagging = tagging;
  if (Object.keys(config.Metadata).length > 0) headers.Metadata = config.Metadata;
  return headers;
}
