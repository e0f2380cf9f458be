import { memoize } from '../../../memo';
/**
 * Keys under which a log line names its tenant, besides the session's own tenant key; compared
 * case-insensitively. A value that is an object names its tenant under `id`
 * (`{"tenant":{"id":"acme"}}`).
 */
export const TENANT_ALIASES = [
  'tenant.id',
  'tenant',
  'tenantId',
  'tenant_id',
  'org_id',
  'orgId',
  'organization',
] as const;

/** The lower-cased keys to look under for a session's tenant key, made once per key. */
const keysFor = memoize((tenantKey: string) => ({
  keys: new Set([tenantKey, ...TENANT_ALIASES].map((key) => key.toLowerCase())),
  path: tenantKey.toLowerCase().split('.'),
}));

/** Tenants one line names, collected from each object or key=value pair it holds. */
export class NamedTenants {
  private readonly keys: Set<string>;
  private readonly path: string[];
  /** The first tenant named; more than one different: all of them, NUL-separated. */
  private named = '';

  constructor(tenantKey: string) {
    ({ keys: this.keys, path: this.path } = keysFor(tenantKey));
  }

  private add(v: unknown) {
    let value = '';
    if (typeof v === 'number' && Number.isFinite(v)) value = String(v);
    else if (typeof v === 'string') value = v.trim();
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const k in v) if (k.toLowerCase() === 'id') this.add((v as Record<string, unknown>)[k]);
    }
    if (!value || value === this.named) return;
    // Two different tenants settle it (the line is nobody's to keep): later values do not
    // matter, so a line of thousands of tenant=… pairs costs one pass.
    if (!this.named) this.named = value;
    else if (!this.named.includes('\u0000')) this.named += `\u0000${value}`;
  }

  /** The keys of one JSON object (and the tenant key as a nested path, e.g. tenant.id). */
  fromObject(o: Record<string, unknown>) {
    for (const k in o) if (this.keys.has(k.toLowerCase())) this.add(o[k]);
    if (this.path.length > 1) {
      let at: unknown = o;
      for (const part of this.path) {
        if (!at || typeof at !== 'object') return;
        const obj = at as Record<string, unknown>;
        at = undefined;
        for (const k in obj) if (k.toLowerCase() === part) at = obj[k];
      }
      this.add(at);
    }
  }

  fromPairs(pairs: ReadonlyArray<[string, string]>) {
    for (const [k, v] of pairs) if (this.keys.has(k.toLowerCase())) this.add(v);
  }

  /**
   * The tenant the line names: '' for none; when it names several different ones, all of them
   * joined by a NUL, which matches no tenant (such a line is another tenant's, never stored).
   */
  result(): string {
    return this.named;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quickFor = memoize((tenantKey: string) => {
  const { keys, path } = keysFor(tenantKey);
  const names = [...keys].map(escapeRe).join('|');
  return {
    // Every key a tenant can be named under holds one of these (case aside).
    anyKey: new RegExp(['tenant', 'org', escapeRe(path[0]!)].join('|'), 'i'),
    // "key": "value" (a plain JSON string) and key=value. Each scan stops at the next quote
    // or blank, so a line is read a bounded number of times whatever it holds.
    json: new RegExp(`"(?:${names})"\\s*:\\s*"([^"\\\\]*)"`, 'gi'),
    logfmt: new RegExp(`(?:^|\\s)(?:${names})=([^\\s"]+)`, 'gi'),
  };
});
/** Tenant keys whose patterns are kept now (bounded: keys come from sessions' settings). */
export const tenantKeysKept = () => Math.max(keysFor.size(), quickFor.size());

/**
 * For a multi-tenant source, without parsing the line: 'none' when it holds no key a tenant could
 * be named under (a full parse finds none either), 'other' when its text does not hold `wanted`
 * and it names some tenant as a plain JSON string or logfmt value; null when only a full parse
 * can tell. Either verdict means the line is dropped, which is exactly what the full parse would
 * decide: a line naming `wanted` holds its text (a JSON-escaped spelling of it is dropped, the
 * safe side). Only the count a dropped line goes to can differ, for a tenant named inside a
 * nested object ('other' here, 'no tenant' to the full parse). Most lines of a multi-tenant log
 * are another tenant's: this keeps them from costing a JSON parse each.
 */
export function quickVerdict(
  line: string,
  tenantKey: string,
  wanted: string,
): 'none' | 'other' | null {
  const q = quickFor(tenantKey);
  if (!q.anyKey.test(line)) return /\S/.test(line) ? 'none' : null;
  if (line.includes(wanted)) return null;
  for (const re of [q.json, q.logfmt]) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) if (m[1]!.trim() !== '') return 'other';
  }
  return null;
}
