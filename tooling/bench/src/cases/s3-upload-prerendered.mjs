// flusher_s3 without compression against a raw Upload of json bytes rendered before the timing:
// the gap to s3-upload.mjs is the cost of rendering the logs (@logflush/core jsonLines).
import { s3UploadCase } from './s3-upload.mjs';

export default s3UploadCase({ compression: 'none', prerendered: true, objectMiB: 32 });
