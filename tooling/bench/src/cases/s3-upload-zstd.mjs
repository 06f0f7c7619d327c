// flusher_s3 with zstd (WebAssembly, level 3): MB/s of json input, against jsonLines → Upload uncompressed.
import { s3UploadCase } from './s3-upload.mjs';

export default s3UploadCase({ compression: 'zstd', objectMiB: 32 });
