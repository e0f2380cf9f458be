import fs from 'node:fs';
import path from 'node:path';
import { recommendationLine } from '../../../shared/decision/summary';
import { ApiError, type ErrorCode } from '../../../shared/api/errors';
import type { GateOutcome } from '../../../shared/domain/gate';
import schema from '../../../shared/schema/decision-record.v1.json' with { type: 'json' };
import { ACTION_LABELS } from '../../../shared/domain/decision';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import { DatabaseTooNewError, DatabaseTooOldError, DB_FILENAME } from '../db/database';
import { startHost } from '../start';
import { CLI_USAGE, CliUsageError, parseCliArgs } from './args';
import { listBackupsCommand, restoreBackupCommand } from './backups';
import { VERIFY_EXIT, verifyCommand } from './verify';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  hold: 3,
  rollback: 4,
  draft: 5,
  belowStage: 6,
  notFound: 7,
  otherVersion: 8,
  badSignature: VERIFY_EXIT.badSignature,
  unknownKey: VERIFY_EXIT.unknownKey,
  malformed: VERIFY_EXIT.malformed,
} as const;
/** The exit code of each gate outcome (`promote` cannot happen: the CLI expects a promote). */
const GATE_EXIT: Record<GateOutcome, number> = {
  pass: EXIT.ok,
  hold: EXIT.hold,
  rollback: EXIT.rollback,
  promote: EXIT.failure,
  draft: EXIT.draft,
  'below-stage': EXIT.belowStage,
};
/** Errors of the arguments and of the data, each with its own code; anything else is 1. */
const API_EXIT: Partial<Record<ErrorCode, number>> = {
  invalid_argument: EXIT.usage,
  // Asked for what the session cannot give (e.g. signed findings before anything is signed).
  conflict: EXIT.usage,
  not_found: EXIT.notFound,
};
type Io = {
  out: (text: string) => void;
  err: (text: string) => void;
  readStdin?: () => Promise<string>;
};

/** Runs one CLI command against a data folder; returns the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.err(`ensemble: ${error.message}\n\n${CLI_USAGE}\n`);
    return EXIT.usage;
  }
  if (args.command === 'help') {
    io.out(`${CLI_USAGE}\n`);
    return EXIT.ok;
  }
  if (args.command === 'schema') {
    io.out(`${JSON.stringify(schema, null, 2)}\n`);
    return EXIT.ok;
  }
  if (args.command === 'verify') return verifyCommand(args, io);
  if (args.command === 'backups') {
    try {
      return args.action === 'list'
        ? listBackupsCommand(args.dataDir, io)
        : restoreBackupCommand(args.dataDir, args.name, io);
    } catch (error) {
      io.err(`ensemble: ${(error as Error).message}\n`);
      return EXIT.failure;
    }
  }
  if (!fs.existsSync(path.join(args.dataDir, DB_FILENAME))) {
    io.err(`ensemble: no Ensemble data in ${args.dataDir} (use --data-dir)\n`);
    return EXIT.notFound;
  }
  // A read-only host: it reads and renders, migrates nothing, and starts no timers, sources,
  // receivers or credential sweeps.
  let host;
  try {
    host = await startHost({ dataDir: args.dataDir, mode: 'cli', ingest: null });
  } catch (error) {
    io.err(`ensemble: ${(error as Error).message}\n`);
    const otherVersion =
      error instanceof DatabaseTooOldError || error instanceof DatabaseTooNewError;
    return otherVersion ? EXIT.otherVersion : EXIT.failure;
  }
  const cli = { transport: 'cli' as const };
  try {
    if (args.command === 'sessions') {
      const sessions = await host.call('sessions.list', { includeArchived: true }, cli);
      if (sessions.length === 0) io.out('No sessions.\n');
      for (const s of sessions) io.out(`${s.id}  ${s.status.padEnd(7)}  ${s.title}\n`);
      return EXIT.ok;
    }
    const rendered = await host.call(
      'exports.render',
      {
        sessionId: args.session,
        format: args.command === 'export' ? args.format : 'json',
        pseudonymise: args.command === 'export' ? args.pseudonymise : false,
        ...(args.command === 'export' &&
          args.contextAttribute !== undefined && { contextAttribute: args.contextAttribute }),
        ...(args.command === 'export' &&
          args.findings !== undefined && { findings: args.findings }),
      },
      cli,
    );
    if (args.command === 'export') {
      if (args.out) fs.writeFileSync(args.out, rendered.content);
      else io.out(rendered.content.endsWith('\n') ? rendered.content : `${rendered.content}\n`);
      return EXIT.ok;
    }
    const record = JSON.parse(rendered.content) as DecisionRecordV1;
    const gate = await host.call(
      'decision.gate',
      { sessionId: args.session, expect: 'promote', stage: args.expectStage },
      cli,
    );
    if (args.json) io.out(`${rendered.content}\n`);
    if (!record.decision) {
      io.err(`ensemble: "${record.session.title}" has no signed decision yet\n`);
      return EXIT.draft;
    }
    if (!args.json) io.out(describe(record));
    if (gate.outcome === 'below-stage') io.err(`ensemble: ${gate.message}\n`);
    return GATE_EXIT[gate.outcome];
  } catch (error) {
    if (!(error instanceof ApiError)) {
      io.err(`ensemble: ${String(error)}\n`);
      return EXIT.failure;
    }
    io.err(`ensemble: ${error.message}\n`);
    return API_EXIT[error.code] ?? EXIT.failure;
  } finally {
    await host.close();
  }
}

/** The decision in a few lines, for a terminal or a pipeline log. */
export function describe(record: DecisionRecordV1): string {
  const d = record.decision!;
  const stage = (key: string | null) => record.stages.find((s) => s.key === key)?.label ?? key;
  const r = record.recommendation;
  const lines = [
    `${ACTION_LABELS[d.action]}${d.toStage ? ` to ${stage(d.toStage)}` : ` at ${stage(record.flag.currentStage)}`}: ${record.flag.key || 'no flag key'} (${record.session.title})`,
    `Signed by ${d.approver.name} at ${d.signedAt} (version ${d.version})`,
    `Rationale: ${d.rationale}`,
    ...(d.conditions.length ? ['Conditions:', ...d.conditions.map((c) => `  - ${c}`)] : []),
    `Recommendation: ${recommendationLine(r, (k) => stage(k) ?? k)}${d.disagreesWithRecommendation ? '; the decision disagrees' : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}
