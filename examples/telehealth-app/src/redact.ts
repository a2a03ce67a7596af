/**
 * Replaces a sensitive value with a marker that keeps only its type, so a log line still shows
 * that a value was present without holding the value itself.
 */
export function redact(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '[empty]';
  }
  return `[REDACTED:${Array.isArray(value) ? 'array' : typeof value}]`;
}
