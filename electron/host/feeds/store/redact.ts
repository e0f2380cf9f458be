import type {
  AttributeValue,
  RedactionKind,
  RedactionSettings,
} from '../../../../shared/domain/feeds';
import { redactKeyValues } from './keyValue';
import {
  BASE_RULES,
  builtInHint,
  HINTS,
  IP_RULES,
  marker,
  PRIVATE_KEY,
  type Rule,
} from './redactRules';
import {
  compileLinear,
  replaceLinear,
  type LinearPattern,
} from '../../../../shared/domain/linearPattern';

type CustomRule =
  | { kind: string; linear: LinearPattern; legacy?: undefined }
  | { kind: string; legacy: Rule; linear?: undefined };

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
  // Beyond Sentry's list: a passphrase is a password with spaces; cookies carry sessions.
  'passphrase',
  'cookie',
];

export type RedactionCounts = Partial<Record<RedactionKind | string, number>>;

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
  // Custom patterns run in linear time (RE2). One saved before that rule, which RE2 cannot
  // compile, still runs as a JavaScript pattern: dropping it would store what it hides. Its input
  // is capped, and it runs on the writer thread, never on the one that answers the API.
  const custom = (settings.patterns ?? []).flatMap((p): Array<CustomRule> => {
    const linear = compileLinear(p.pattern);
    if (linear.ok) return [{ kind: p.name, linear: linear.re }];
    try {
      return [{ kind: p.name, legacy: { kind: p.name, re: new RegExp(p.pattern, 'g') } }];
    } catch {
      return [];
    }
  });
  const rules = [...BASE_RULES, ...(settings.redactIps ? IP_RULES : [])];
  let counts: RedactionCounts = {};
  let bumps = 0;
  const bump = (kind: string) => {
    bumps++;
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  // Key names repeat on every event: remember the answer for the short ones seen.
  const secretKeys = new Map<string, boolean>();
  const secretKey = (key: string) => {
    let secret = secretKeys.get(key);
    if (secret === undefined) {
      const k = key.toLowerCase();
      secret = keys.some((s) => k.includes(s));
      if (key.length > 100) return secret;
      if (secretKeys.size >= 10_000) secretKeys.clear();
      secretKeys.set(key, secret);
    }
    return secret;
  };
  const secretMarker = () => {
    bump('secret');
    return marker('secret');
  };

  const apply = (rule: Rule, input: string) => {
    rule.re.lastIndex = 0;
    return input.replace(rule.re, (m, ...groups) => {
      const replaced = rule.replace
        ? rule.replace(m, ...(groups.filter((g) => typeof g === 'string') as string[]))
        : marker(rule.kind);
      if (replaced === null) return m;
      bump(rule.kind);
      return replaced;
    });
  };

  // A line that names no secret key and passes no rule's hint is returned as it is. Custom
  // patterns can match anything, so with any of them every line takes the full path.
  const keyHint = new RegExp(keyAlternation, 'i');
  const ips = !!settings.redactIps;
  const text = (input: string): string => {
    const mentionsKey = keyHint.test(input);
    if (!mentionsKey && custom.length === 0 && !builtInHint(input, ips)) return input;
    // Private keys first: a key name before one must not leave all but its first line.
    let out = HINTS['private-key']!(input) ? apply(PRIVATE_KEY, input) : input;
    if (mentionsKey) out = redactKeyValues(out, secretKey, secretMarker);
    for (const rule of rules) {
      const hint = HINTS[rule.kind];
      if (hint && !hint(out)) continue;
      out = apply(rule, out);
    }
    for (const rule of custom) {
      if (rule.legacy) {
        out = apply(rule.legacy, out);
        continue;
      }
      const done = replaceLinear(rule.linear, out, () => marker(rule.kind));
      if (done.count > 0) {
        bumps += done.count;
        counts[rule.kind] = (counts[rule.kind] ?? 0) + done.count;
      }
      out = done.text;
    }
    return out;
  };

  // Attribute values repeat (services, routes, tenant ids): short ones found clean are remembered.
  const clean = new Set<string>();
  const cached = (v: string): string => {
    if (clean.has(v)) return v;
    const before = bumps;
    const out = text(v);
    if (bumps === before && v.length <= 200) {
      if (clean.size >= 10_000) clean.clear();
      clean.add(v);
    }
    return out;
  };
  const value = (key: string, v: AttributeValue): AttributeValue => {
    if (secretKey(key)) return secretMarker();
    return typeof v === 'string' ? cached(v) : v;
  };

  return {
    text,
    value,
    attributes(attrs) {
      const out: Record<string, AttributeValue> = {};
      for (const k in attrs) {
        if (!Object.hasOwn(attrs, k)) continue;
        const v = value(k, attrs[k]!);
        // Key names are text too (an e-mail address as a key, a token as a tag name).
        const redacted = cached(k);
        let name = redacted;
        // Two names redacted alike stay two attributes.
        for (let n = 2; name !== k && Object.hasOwn(out, name); n++) name = `${redacted}#${n}`;
        // "__proto__" is a key like any other here, as it was in the attributes.
        if (name === '__proto__')
          Object.defineProperty(out, name, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[name] = v;
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
