export {
  mockContext,
  type MockContext,
  type MockContextOptions,
  type CapturedLogLine,
} from './mock-context.js';
export {
  createLog,
  createLogs,
  createLogGroup,
  type LogInput,
  type CreateLogsOptions,
  type LogGroupInput,
  type ContentsInput,
} from './builders.js';
export type { ConformanceOptions } from './conformance-options.js';
