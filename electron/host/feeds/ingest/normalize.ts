import type { AttributeValue, Level } from '../../../../shared/domain/feeds';

/** OTLP severity numbers 1–24 in bands of four. */
export function levelFromSeverity(number: number | undefined, text: string | undefined): Level {
  if (number && number > 0) {
    if (number <= 4) return 'trace';
    if (number <= 8) return 'debug';
    if (number <= 12) return 'info';
    if (number <= 16) return 'warn';
    if (number <= 20) return 'error';
    return 'fatal';
  }
  return levelFromText(text);
}

export function levelFromText(text: string | undefined | null): Level {
  const t = (text ?? '').toLowerCase();
  if (t.startsWith('trace') || t === 'verbose') return 'trace';
  if (t.startsWith('debug')) return 'debug';
  if (t.startsWith('warn')) return 'warn';
  if (t.startsWith('err') || t === 'critical' || t === 'crit' || t === 'alert')
    return t === 'critical' || t === 'crit' || t === 'alert' ? 'fatal' : 'error';
  if (t.startsWith('fatal') || t === 'emerg' || t === 'panic') return 'fatal';
  return 'info';
}

/** Attribute values are kept as string, number or boolean; anything structured as JSON text. */
export function flatValue(v: unknown): AttributeValue {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return '';
  return JSON.stringify(v).slice(0, 4000);
}

/** Turn numbers, ids and hashes into placeholders so the same error groups together. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '<id>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{16,}\b/gi, '<hex>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\[redacted:[a-z-]+\]/g, '<redacted>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

export function groupKeyOf(
  error: { type: string; value: string } | null,
  fingerprint: string[] | null | undefined,
  message: string,
): string | null {
  if (
    fingerprint &&
    fingerprint.length > 0 &&
    !(fingerprint.length === 1 && fingerprint[0] === '{{ default }}')
  ) {
    return `fp:${fingerprint.join('|')}`.slice(0, 300);
  }
  if (!error) return null;
  return `${error.type}: ${normalizeMessage(error.value || message)}`.slice(0, 300);
}
