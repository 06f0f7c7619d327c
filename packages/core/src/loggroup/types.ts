/**
 * Plain-object views of iLogtail's `sls_logs.proto` messages. Field names are the proto's own,
 * so objects built by hand and objects decoded from the wire have the same shape.
 */
export interface LogContent {
  Key: string;
  Value: string;
}

export interface Log {
  /** Unix seconds (uint32 on the wire). */
  Time: number;
  Contents: LogContent[];
  Values?: string[];
  /** Nanosecond part of the time (fixed32 on the wire); absent when not set. */
  Time_ns?: number;
}

export interface LogTag {
  Key: string;
  Value: string;
}

export interface LogGroup {
  Logs: Log[];
  Category?: string;
  Topic?: string;
  Source?: string;
  MachineUUID?: string;
  LogTags: LogTag[];
}

export interface LogGroupList {
  logGroupList: LogGroup[];
}
