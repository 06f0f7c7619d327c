// End-to-end check of a running S3 server with SigV4-signed requests:
// create a bucket, put, get, list and delete an object, and see a bad signature refused.
import { s3Info } from '../s3.mjs';
import { signedRequest } from './sigv4.mjs';

export async function smokeS3({ log = console.log } = {}) {
  const info = s3Info();
  if (!info) throw new Error('s3 is not running (run: services.mjs up s3)');
  const t0 = Date.now();
  const expect = async (what, status, promise) => {
    const res = await promise;
    if (res.status !== status)
      throw new Error(`s3 ${what}: HTTP ${res.status}, expected ${status}\n${res.body}`);
    return res;
  };
  const bucket = `smoke-${Date.now()}`;
  const key = 'dir/hello world.txt';
  const body = `hello from the smoke check ${Math.random()}`;

  await expect('HEAD pre-created bucket', 200, signedRequest(info, 'HEAD', `/${info.bucket}`));
  await expect('create bucket', 200, signedRequest(info, 'PUT', `/${bucket}`));
  await expect('put object', 200, signedRequest(info, 'PUT', `/${bucket}/${key}`, { body }));
  const got = await expect('get object', 200, signedRequest(info, 'GET', `/${bucket}/${key}`));
  if (got.body !== body) throw new Error(`s3 get object: got ${JSON.stringify(got.body)}`);
  const list = await expect(
    'list objects',
    200,
    signedRequest(info, 'GET', `/${bucket}`, { query: { 'list-type': '2', prefix: 'dir/' } }),
  );
  if (!list.body.includes(`<Key>${key}</Key>`))
    throw new Error(`s3 list objects: ${key} missing in\n${list.body}`);
  await expect('delete object', 204, signedRequest(info, 'DELETE', `/${bucket}/${key}`));
  await expect('delete bucket', 204, signedRequest(info, 'DELETE', `/${bucket}`));
  await expect(
    'bad signature',
    403,
    signedRequest({ ...info, secretAccessKey: 'wrong' }, 'GET', `/${info.bucket}`),
  );
  log(
    `s3: bucket, put, get, list, delete and a refused bad signature (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
  );
}
