// flusher_s3 with gzip (the default): MB/s of json input, against jsonLines → Upload uncompressed.
import { s3UploadCase } from './s3-upload.mjs';

export default s3UploadCase({ compression: 'gzip', objectMiB: 32 });
