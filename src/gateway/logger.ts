/** A structured log line: one JSON object per line on stdout, with its time, level and event name first. */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Keys that would carry a secret: never written, whatever a caller passes. */
const SECRET_KEY = /pass|secret|token|private|credential/i;

export function jsonLogger(write: (line: string) => void, now: () => number = Date.now): Logger {
  const line = (level: LogLevel, event: string, fields: LogFields = {}) => {
    const doc: Record<string, unknown> = { time: new Date(now()).toISOString(), level, event };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && !SECRET_KEY.test(k)) doc[k] = v;
    write(JSON.stringify(doc));
  };
  return {
    info: (event, fields) => line('info', event, fields),
    warn: (event, fields) => line('warn', event, fields),
    error: (event, fields) => line('error', event, fields),
  };
}
