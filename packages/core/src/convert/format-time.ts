/** The strftime conversions format strings support, on Unix seconds. */
export type TimeUnit = 'Y' | 'm' | 'd' | 'H' | 'M' | 'S';

export const timeUnits: ReadonlySet<string> = new Set<TimeUnit>(['Y', 'm', 'd', 'H', 'M', 'S']);

export type TimeZone = 'utc' | 'local';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats times to their strftime fields, remembering the last second (logs come in runs). */
export class TimeFields {
  private second = NaN;
  private fields: Record<TimeUnit, string> | undefined;

  constructor(private readonly zone: TimeZone) {}

  get(seconds: number, unit: TimeUnit): string {
    if (seconds !== this.second || this.fields === undefined) {
      const d = new Date(seconds * 1000);
      const utc = this.zone === 'utc';
      this.fields = {
        Y: pad(utc ? d.getUTCFullYear() : d.getFullYear(), 4),
        m: pad((utc ? d.getUTCMonth() : d.getMonth()) + 1, 2),
        d: pad(utc ? d.getUTCDate() : d.getDate(), 2),
        H: pad(utc ? d.getUTCHours() : d.getHours(), 2),
        M: pad(utc ? d.getUTCMinutes() : d.getMinutes(), 2),
        S: pad(utc ? d.getUTCSeconds() : d.getSeconds(), 2),
      };
      this.second = seconds;
    }
    return this.fields[unit];
  }
}
