import { GetObjectAclCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { S3Flusher, plugin } from '../src/index.js';
import {
  openMultipartUploads,
  readObjects,
  s3Info,
  s3Reader,
  serverDetail,
  uniquePrefix,
} from './helpers.js';

interface SentRequest {
  command: string;
  headers: Record<string, string>;
}

/** Records every request the flusher's client sends, as it goes on the wire (SDK middleware). */
function recordRequests(flusher: S3Flusher): SentRequest[] {
  const sent: SentRequest[] = [];
  flusher.client!.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      sent.push({ command: context.commandName as string, headers: { ...request.headers } });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return sent;
}

describe('object options the server stores', () => {
  it('writes StorageClass, ACL and Metadata, and they read back', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(
      serverDetail(prefix, {
        StorageClass: 'STANDARD_IA',
        ACL: 'public-read',
        Metadata: { team: 'web', 'pipeline-id': '42' },
      }),
    );
    await flusher.init(mockContext());
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })]);
    await flusher.stop();
    const [object] = await readObjects(prefix);
    expect(object!.head.StorageClass).toBe('STANDARD_IA');
    expect(object!.head.Metadata).toEqual({ team: 'web', 'pipeline-id': '42' });
    const acl = await s3Reader().send(
      new GetObjectAclCommand({ Bucket: s3Info().bucket, Key: object!.key }),
    );
    expect(
      acl.Grants?.some(
        (grant) =>
          grant.Grantee?.URI === 'http://acs.amazonaws.com/groups/global/AllUsers' &&
          grant.Permission === 'READ',
      ),
    ).toBe(true);
  });
});

// S3Proxy answers 501 Not Implemented to server-side encryption and to object tags, so these
// tests check the request the flusher sends, and that the server's refusal is reported.
describe('object options S3Proxy does not implement', () => {
  it('sends ServerSideEncryption AES256 and Tagging on PutObject', async () => {
    const prefix = uniquePrefix();
    const flusher = new S3Flusher(
      plugin.parseConfig(
        serverDetail(prefix, {
          ServerSideEncryption: 'AES256',
          Tagging: { team: 'web', 'cost center': 'a&b' },
        }),
      ),
    );
    const context = mockContext();
    await flusher.init(context);
    const sent = recordRequests(flusher);
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })]);
    await expect(flusher.stop()).rejects.toThrow(
      /^flusher_s3: 2 logs not delivered: PutObject .*NotImplemented, HTTP 501\) \(2 logs\)$/,
    );
    const put = sent.find((request) => request.command === 'PutObjectCommand');
    expect(put?.headers).toMatchObject({
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-tagging': 'team=web&cost%20center=a%26b',
    });
  });

  it('sends aws:kms with KMSKeyId on CreateMultipartUpload, and leaves no upload behind when refused', async () => {
    const prefix = uniquePrefix();
    const flusher = new S3Flusher(
      plugin.parseConfig(
        serverDetail(prefix, {
          ServerSideEncryption: 'aws:kms',
          KMSKeyId: 'alias/logs',
          Compression: 'none',
          PartSize: 5 * 1024 * 1024,
        }),
      ),
    );
    await flusher.init(mockContext());
    const sent = recordRequests(flusher);
    const big = createLogs(6000, { contents: (i) => ({ seq: String(i), pad: 'x'.repeat(1000) }) });
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: big })]);
    await expect(flusher.stop()).rejects.toThrow(
      /^flusher_s3: 6000 logs not delivered: CreateMultipartUpload .*NotImplemented, HTTP 501\) \(6000 logs\)$/,
    );
    expect(sent.map((request) => request.command)).toEqual(['CreateMultipartUploadCommand']);
    expect(sent[0]!.headers).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/logs',
    });
    expect(await openMultipartUploads(prefix)).toEqual([]);
  });
});
