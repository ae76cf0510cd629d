// Tests set STOA_LOG=silent; errors are still printed.
const quiet = process.env.STOA_LOG === 'silent';

/** Structured one-line JSON logging to stdout/stderr (no secrets: callers pass safe fields only). */
export const log = {
  info(msg: string, fields: Record<string, unknown> = {}): void {
    if (quiet) return;
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields }) + '\n');
  },
  warn(msg: string, fields: Record<string, unknown> = {}): void {
    if (quiet) return;
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg, ...fields }) + '\n');
  },
  error(msg: string, fields: Record<string, unknown> = {}): void {
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg, ...fields }) + '\n');
  },
};

/** Hides token-like path segments (reset, invitation and permalink tokens) before logging a path. */
export function redactPath(path: string): string {
  return path.replace(/\/[a-z0-9]{20,}(?=\/|$)/gi, '/:token');
}
