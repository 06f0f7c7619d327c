import type { RestartOptions, S3Info, ServiceStatus, StartOptions } from './types.js';

export type { RestartOptions, S3Info, ServiceStatus } from './types.js';
export function startS3(options?: StartOptions): Promise<S3Info>;
export function startS3Detailed(
  options?: StartOptions,
): Promise<{ info: S3Info; started: boolean }>;
export function stopS3(): Promise<boolean>;
/** Stops the running S3Proxy and starts it again on the same store; resolves once it answers. */
export function restartS3(options?: RestartOptions): Promise<S3Info>;
export function releaseS3(): Promise<boolean>;
export function s3Info(): S3Info | undefined;
export function s3Env(info: S3Info): Record<string, string>;
export function s3Status(): ServiceStatus<S3Info>;
