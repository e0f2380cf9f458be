import type {
  AttributeValue,
  RedactionKind,
  RedactionSettings,
} from '../../../../shared/domain/feeds';

/** Sentry's default list of key names whose values are secrets (matched case-insensitively, as substrings). */
export const SECRET_KEYS = [
  'password',
  'secret',
  'passwd',
  'api_key',
  'apikey',
  'auth',
  'credentials',
  'mysql_pwd',
  'privatekey',
  'private_key',
  'token',
  'bearer',
];

export type RedactionCounts = Partial<Record<RedactionKind | string, number>>;

const marker = (kind: string) => `[redacted:${kind}]`;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

type Rule = {
  kind: string;
  re: RegExp;
  replace?: (match: string, ...groups: string[]) => string | null;
};

/** Order matters: whole structures (keys, JWTs) before the patterns that could match inside them. */
const BASE_RULES: Rule[] = [
  {
    kind: 'private-key',
    re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
  {
    kind: 'bearer',
    re: /\b(Bearer|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: (m, scheme) => `${scheme} ${marker('bearer')}`,
  },
  { kind: 'aws-key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  {
    kind: 'slack-token',
    re: /\b(?:xox[abposr]-[A-Za-z0-9-]{10,}|https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+)/g,
  },
  { kind: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g },
  { kind: 'email', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  {
    kind: 'iban',
    re: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g,
    replace: (m) => (ibanValid(m) ? marker('iban') : null),
  },
  {
    kind: 'card',
    re: /\b\d(?:[ -]?\d){12,18}\b/g,
    replace: (m) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? marker('card') : null;
    },
  },
];

const IP_RULES: Rule[] = [
  { kind: 'ip', re: /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g },
  {
    kind: 'ip',
    re: /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?\b/gi,
  },
];

/**
 * Cheap tests that must pass before a rule's pattern runs at all: most log lines hold no secret,
 * and most rules can tell so from a substring. Each is implied by its rule's pattern.
 */
const CARD_HINT =
  /\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d/;
const IBAN_HINT = /[A-Z]{2}\d{2}/;
const AWS_HINT = /A(?:KIA|SIA|GPA|IDA|ROA)/;
const GITHUB_HINT = /gh[pousr]_|github_pat_/;
const IP_HINT = /\d\.\d|:/;
const HINTS: Record<string, (text: string) => boolean> = {
  'private-key': (t) => t.includes('PRIVATE KEY'),
  jwt: (t) => t.includes('eyJ'),
  bearer: (t) => /bearer|token/i.test(t),
  'aws-key': (t) => AWS_HINT.test(t),
  'github-token': (t) => GITHUB_HINT.test(t),
  'slack-token': (t) => t.includes('xox') || t.includes('hooks.slack.com'),
  'stripe-key': (t) => t.includes('_live_') || t.includes('_test_'),
  email: (t) => t.includes('@'),
  iban: (t) => IBAN_HINT.test(t),
  card: (t) => CARD_HINT.test(t),
  ip: (t) => IP_HINT.test(t),
};

/**
 * Whether any built-in rule but key=value could match: the hints above in one function, cheapest
 * and most telling first ("bearer"/"token" are secret key names, so the key test covers them).
 */
const builtInHint = (t: string, ips: boolean) =>
  t.includes('@') ||
  CARD_HINT.test(t) ||
  IBAN_HINT.test(t) ||
  AWS_HINT.test(t) ||
  t.includes('eyJ') ||
  (t.includes('_') && (GITHUB_HINT.test(t) || t.includes('_live_') || t.includes('_test_'))) ||
  t.includes('xox') ||
  t.includes('hooks.slack.com') ||
  t.includes('PRIVATE KEY') ||
  (ips && IP_HINT.test(t));

export type Redactor = {
  text(value: string): string;
  value(key: string, value: AttributeValue): AttributeValue;
  attributes(attrs: Record<string, AttributeValue>): Record<string, AttributeValue>;
  counts: RedactionCounts;
  /** Take the counts so far and start again. */
  drain(): RedactionCounts;
};

/**
 * Builds the redactor for a set of session rules. Values under a secret key name are replaced
 * whole; free text is scanned for tokens, keys and personal data. Nothing it replaces is kept.
 */
export function createRedactor(settings: Partial<RedactionSettings> = {}): Redactor {
  const keys = [...SECRET_KEYS, ...(settings.extraKeys ?? []).map((k) => k.toLowerCase())];
  const keyAlternation = keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  // key=value, key: value, "key": "value" in free text; an auth scheme word takes its credential along.
  // It starts where a run of name characters starts (or at a character outside them): a match
  // from inside a run would also match from the run's start, so no match is lost, and long runs
  // (dotted names, padding, base64) are not tried again from every character of theirs.
  const keyValue = new RegExp(
    `(?:(?<![A-Za-z0-9_.-])|(?![A-Za-z0-9_.-]))((?:[A-Za-z0-9_.-]*(?:${keyAlternation})[A-Za-z0-9_.-]*)["']?\\s*[:=]\\s*["']?)((?:(?:Bearer|Basic|Token|Digest)\\s+)?[^\\s"',;&}]+)`,
    'gi',
  );
  const custom: Rule[] = (settings.patterns ?? []).flatMap((p) => {
    try {
      return [{ kind: p.name, re: new RegExp(p.pattern, 'g') }];
    } catch {
      return [];
    }
  });
  const rules = [...BASE_RULES, ...(settings.redactIps ? IP_RULES : []), ...custom];
  let counts: RedactionCounts = {};
  let bumps = 0;
  const bump = (kind: string) => {
    bumps++;
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  // Attribute keys repeat on every event: remember the answer for the ones seen.
  const secretKeys = new Map<string, boolean>();
  const secretKey = (key: string) => {
    let secret = secretKeys.get(key);
    if (secret === undefined) {
      const k = key.toLowerCase();
      secret = keys.some((s) => k.includes(s));
      if (secretKeys.size >= 10_000) secretKeys.clear();
      secretKeys.set(key, secret);
    }
    return secret;
  };

  // A line that names no secret key and passes no rule's hint is returned as it is. Custom
  // patterns can match anything, so with any of them every line takes the full path.
  const keyHint = new RegExp(keyAlternation, 'i');
  const ips = !!settings.redactIps;
  const text = (input: string): string => {
    const mentionsKey = keyHint.test(input);
    if (!mentionsKey && custom.length === 0 && !builtInHint(input, ips)) return input;
    let out = mentionsKey
      ? input.replace(keyValue, (_m, prefix: string, value: string) => {
          if (value.startsWith('[redacted:')) return prefix + value;
          bump('secret');
          return prefix + marker('secret');
        })
      : input;
    for (const rule of rules) {
      const hint = HINTS[rule.kind];
      if (hint && !hint(out)) continue;
      rule.re.lastIndex = 0;
      out = out.replace(rule.re, (m, ...groups) => {
        const replaced = rule.replace
          ? rule.replace(m, ...(groups.filter((g) => typeof g === 'string') as string[]))
          : marker(rule.kind);
        if (replaced === null) return m;
        bump(rule.kind);
        return replaced;
      });
    }
    return out;
  };

  // Attribute values repeat (services, routes, tenant ids): short ones found clean are remembered.
  const clean = new Set<string>();
  const value = (key: string, v: AttributeValue): AttributeValue => {
    if (secretKey(key)) {
      bump('secret');
      return marker('secret');
    }
    if (typeof v !== 'string' || clean.has(v)) return v;
    const before = bumps;
    const out = text(v);
    if (bumps === before && v.length <= 200) {
      if (clean.size >= 10_000) clean.clear();
      clean.add(v);
    }
    return out;
  };

  return {
    text,
    value,
    attributes(attrs) {
      const out: Record<string, AttributeValue> = {};
      for (const k in attrs) {
        if (!Object.hasOwn(attrs, k)) continue;
        const v = value(k, attrs[k]!);
        // "__proto__" is a key like any other here, as it was in the attributes.
        if (k === '__proto__')
          Object.defineProperty(out, k, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[k] = v;
      }
      return out;
    },
    get counts() {
      return counts;
    },
    drain() {
      const taken = counts;
      counts = {};
      return taken;
    },
  };
}
