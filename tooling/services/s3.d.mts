import type { S3Info, StartOptions } from './types.js';

export type { S3Info } from './types.js';
export function startS3(options?: StartOptions): Promise<S3Info>;
export function startS3Detailed(options?: StartOptions): Promise<{ info: S3Info; started: boolean }>;
export function stopS3(): Promise<boolean>;
export function releaseS3(): Promise<boolean>;
export function s3Info(): S3Info | undefined;
export function s3Env(info: S3Info): Record<string, string>;
