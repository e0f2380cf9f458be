import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { FeedSettings, type RawFeedEvent } from '../shared/domain/feeds';
import { DB_FILENAME } from '../electron/host/db/database';
import type { Watch } from '../electron/host/feeds/store/pipeline';

/** The internal tenant watched with the default feed settings, for pipelines built by hand. */
export const internalWatch: Watch = { tenantId: 'internal', settings: FeedSettings.parse({}) };

/** Read what the host stored, through a second (read-only) connection, as an auditor would. */
export function storedEvents(dataDir: string) {
  const db = new Database(path.join(dataDir, DB_FILENAME), { readonly: true });
  try {
    return db.prepare('SELECT * FROM feed_events ORDER BY id').all() as Array<
      Record<string, unknown>
    >;
  } finally {
    db.close();
  }
}

export function storedCounts(dataDir: string) {
  const db = new Database(path.join(dataDir, DB_FILENAME), { readonly: true });
  try {
    return Object.fromEntries(
      (
        db.prepare('SELECT kind, SUM(count) AS n FROM feed_counts GROUP BY kind').all() as Array<{
          kind: string;
          n: number;
        }>
      ).map((r) => [r.kind, r.n]),
    );
  } finally {
    db.close();
  }
}

/** Every byte of the database file and its WAL, to prove a secret never reached the disk. */
export function databaseBytes(dataDir: string): Buffer {
  return Buffer.concat(
    [DB_FILENAME, `${DB_FILENAME}-wal`]
      .map((f) => path.join(dataDir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f)),
  );
}

/** Secrets and personal data as they turn up in real logs; none may survive. */
export const SECRET_CORPUS: Array<[string, string]> = [
  ['Authorization: Bearer abcDEF123456ghiJKL789.mno-pqr', 'abcDEF123456ghiJKL789'],
  [
    'jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  ],
  ['using AKIAIOSFODNN7EXAMPLE for uploads', 'AKIAIOSFODNN7EXAMPLE'],
  [
    'cloned with ghp_1234567890abcdefghijklmnopqrstuvwxyzAB',
    'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB',
  ],
  ['posting to xoxb-123456789012-abcdefghijkl', 'xoxb-123456789012-abcdefghijkl'],
  ['charge with sk_live_51HabcdefGHIJKLmnop', 'sk_live_51HabcdefGHIJKLmnop'],
  [
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7s9\n-----END RSA PRIVATE KEY-----',
    'MIIEpAIBAAKCAQEA7s9',
  ],
  ['login failed password=hunter2 for user', 'hunter2'],
  ['config {"api_key": "k-9f8e7d6c"} loaded', 'k-9f8e7d6c'],
  ['mysql_pwd: s3cr3tpw', 's3cr3tpw'],
  ['mail sent to ana.silva@example.com', 'ana.silva@example.com'],
  ['paid with 4111 1111 1111 1111 today', '4111 1111 1111 1111'],
  ['card 5500-0000-0000-0004 declined', '5500-0000-0000-0004'],
  ['refund to DE89 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 00'],
  ['refund to GB82WEST12345698765432', 'GB82WEST12345698765432'],
  // A secret after a secret-looking key name goes whole, however it is written.
  [
    'private_key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq7BFUpkGp3\nYx2sdfkQm4u1eiBRd0s\n-----END RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEAq7BFUpkGp3',
  ],
  [
    'loaded {"type": "service_account", "project_id": "shop-prod", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\nBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n", "client_id": "1077"}',
    'BKcwggSjAgEAAoIBAQC7',
  ],
  [
    'loaded {"type": "service_account", "private_key_id": "3f2a9c81d0e4", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}',
    '3f2a9c81d0e4',
  ],
  [
    'key="private_key=-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkgT0xL\n-----END EC PRIVATE KEY-----" rotated',
    'MHcCAQEEIBkgT0xL',
  ],
  [
    'ssh -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAA',
  ],
  ['unlocking with passphrase=correct horse battery staple', 'horse battery staple'],
  ['level=info passphrase="correct horse battery staple" user=ana', 'correct horse'],
  ['{"passphrase": "correct horse battery staple"}', 'battery staple'],
  ['PASSWORD: correct horse battery staple; retry', 'horse battery'],
];

/** A raw event of the internal tenant, as a receiver would hand it to the pipeline. */
export const rawEvent = (
  time: number,
  message: string,
  extra: Partial<RawFeedEvent> = {},
): RawFeedEvent => ({
  tenant: '',
  source: 'otlp',
  time,
  level: 'info',
  service: '',
  message,
  attributes: { 'tenant.id': 'internal' },
  traceId: null,
  spanId: null,
  release: null,
  environment: null,
  error: null,
  ...extra,
});
