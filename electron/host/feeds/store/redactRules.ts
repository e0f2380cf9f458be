/**
 * The built-in patterns of redaction, each written so that matching stays linear in the text's
 * length (hostile input reaches them from the unauthenticated ingest port):
 * - a pattern that can start inside a run of the characters it repeats starts only at the run's
 *   beginning (a lookbehind), so no run is scanned again from each of its characters;
 * - every other repetition is bounded, so a failed start costs a bounded number of steps.
 * redact.test.ts runs each previously quadratic shape at 1 MB and checks the result.
 */

export type Rule = {
  kind: string;
  re: RegExp;
  replace?: (match: string, ...groups: string[]) => string | null;
};

export const marker = (kind: string) => `[redacted:${kind}]`;

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

/**
 * A private key, to its END line or, cut off, to the end of the text. Runs before the key=value
 * scan, so that `private_key: -----BEGIN…` loses the whole key, not its first word.
 */
export const PRIVATE_KEY: Rule = {
  kind: 'private-key',
  re: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g,
};

/** Order matters: whole structures (JWTs) before the patterns that could match inside them. */
export const BASE_RULES: Rule[] = [
  {
    kind: 'jwt',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  },
  {
    kind: 'bearer',
    re: /\b(Bearer|Token)\s{1,16}[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: (m, scheme) => `${scheme} ${marker('bearer')}`,
  },
  { kind: 'aws-key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  {
    kind: 'slack-token',
    re: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}|https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g,
  },
  { kind: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g },
  {
    // The local part starts where its run starts: from inside the run it would only match less.
    kind: 'email',
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g,
  },
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
      // Payment cards start with 2–6 (Mastercard 2-series, Amex/Diners/JCB, Visa, Mastercard and
      // Maestro, Discover/UnionPay): a 13-digit millisecond time (1…) is not a card, even when
      // it happens to pass Luhn, as one in ten does.
      return digits.length >= 13 &&
        digits.length <= 19 &&
        digits.charCodeAt(0) >= 50 &&
        digits.charCodeAt(0) <= 54 &&
        luhn(digits)
        ? marker('card')
        : null;
    },
  },
];

export const IP_RULES: Rule[] = [
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
export const HINTS: Record<string, (text: string) => boolean> = {
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
export const builtInHint = (t: string, ips: boolean) =>
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
