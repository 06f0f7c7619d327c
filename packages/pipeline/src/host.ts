import os from 'node:os';

/** The host's first non-internal IPv4 address, as iLogtail fills `Source`; loopback when none. */
export function hostIp(): string {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}
