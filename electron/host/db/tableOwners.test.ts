import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { migrate } from './database';

/**
 * Each table belongs to one domain folder of the host, and only code in that folder runs SQL on
 * it: every other domain goes through that domain's repository. Migrations (db/migrations.ts)
 * and tests are exempt.
 */
const OWNERS: Record<string, string> = {
  schema_migrations: 'db',
  sessions: 'sessions',
  roles: 'roles',
  participants: 'participants',
  goals: 'goals',
  goal_votes: 'goals',
  session_events: 'run',
  notes: 'notes',
  note_revisions: 'notes',
  applied_ops: 'notes',
  screenshots: 'screenshots',
  feed_events: 'feeds',
  feed_fts: 'feeds',
  feed_counts: 'feeds',
  feed_sources: 'feeds',
  feed_gaps: 'feeds',
  feed_batches: 'feeds',
  feed_minutes: 'feeds',
  feed_group_minutes: 'feeds',
  findings: 'debrief',
  goal_outcomes: 'debrief',
  debriefs: 'debrief',
  decisions: 'debrief',
  preflights: 'preflight',
  signing_keys: 'decision',
  decision_signatures: 'decision',
  personal_links: 'links',
};

const HOST = fileURLToPath(new URL('..', import.meta.url));

/** A table's owner; the shadow tables of a full-text index (feed_fts_data, …) are its owner's. */
function ownerOf(table: string): string | undefined {
  if (OWNERS[table]) return OWNERS[table];
  const base = Object.keys(OWNERS).find((t) => table.startsWith(`${t}_`));
  return base && OWNERS[base];
}

/** The text of every string and template literal in a source file (comments are left out). */
function literals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ? '));
    node.forEachChild(visit);
  };
  visit(source);
  return out;
}

// SQL in the host is written with upper-case keywords, which keeps prose ("from sessions") out.
const TABLE_NAMED =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?: IF (?:NOT )?EXISTS)?)\s+(?:(?:main|temp)\.)?["`]?([A-Za-z_]\w*)/g;

/** Where a file (path relative to the host folder) runs SQL on a table another folder owns. */
function sqlOffenders(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const found: string[] = [];
  for (const f of files) {
    const folder = f.path.includes('/') ? f.path.slice(0, f.path.indexOf('/')) : '';
    const tables = new Set<string>();
    for (const s of literals(f.path, f.text))
      for (const m of s.matchAll(TABLE_NAMED)) tables.add(m[1]!);
    for (const table of tables) {
      const owner = ownerOf(table);
      if (owner !== undefined && owner !== folder)
        found.push(`${f.path}: ${table} (owned by ${owner}/)`);
    }
  }
  return found;
}

function hostSources() {
  return (fs.readdirSync(HOST, { recursive: true }) as string[])
    .map((p) => p.split(path.sep).join('/'))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts') && p !== 'db/migrations.ts')
    .map((p) => ({ path: p, text: fs.readFileSync(path.join(HOST, p), 'utf8') }));
}

describe('table ownership', () => {
  it('gives every table of the schema an owning folder', () => {
    const db = new Database(':memory:');
    migrate(db);
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all()
      .filter((t) => !t.startsWith('sqlite_'));
    db.close();
    expect(tables).toContain('feed_events');
    expect(tables.filter((t) => !ownerOf(t))).toEqual([]);
    for (const owner of new Set(Object.values(OWNERS)))
      expect(fs.existsSync(path.join(HOST, owner)), owner).toBe(true);
  });

  it('finds SQL on a table only in the folder that owns it', () => {
    const files = hostSources();
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['sessions/repo.ts', 'feeds/store/repo.ts', 'feeds/store/writes.ts']),
    );
    expect(sqlOffenders(files)).toEqual([]);
  });

  it('reports a statement on another folder’s table, and not prose or its own tables', () => {
    const files = [
      {
        path: 'notes/ops.ts',
        text: [
          "db.prepare('SELECT tenant FROM feed_events WHERE id = ?');",
          'db.prepare(`SELECT * FROM notes n JOIN sessions s ON s.id = n.session_id WHERE ${w}`);',
          '// SELECT * FROM goals: a comment is not a statement',
          "throw new Error('Pinned from sessions of another tenant');",
          "db.prepare('INSERT INTO note_revisions (note_id) VALUES (?)');",
        ].join('\n'),
      },
      { path: 'host.ts', text: "db.prepare('UPDATE feed_fts_data SET block = ?');" },
    ];
    expect(sqlOffenders(files)).toEqual([
      'notes/ops.ts: feed_events (owned by feeds/)',
      'notes/ops.ts: sessions (owned by sessions/)',
      'host.ts: feed_fts_data (owned by feeds/)',
    ]);
  });
});
