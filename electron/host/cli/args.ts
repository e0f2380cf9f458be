import { parseArgs } from 'node:util';
import { ExportFormat, TrackerFindings } from '../../../shared/api/exports';
import { defaultDataDir } from '../web/args';

export class CliUsageError extends Error {}

const FORMATS = ExportFormat.options;

export const CLI_USAGE = `Usage: ensemble <command> [options]

Commands:
  sessions   list the sessions with their ids
  decision   print a session's signed decision; its exit code gates a pipeline (below)
  schema     print the decision record's JSON Schema
  verify     check a signed decision record: verify FILE.jws (- reads standard input);
             prints who signed which decision; exit 0 only when the signature holds
  export     write a session's report, record, findings or rollout payload
  backups list            the automatic backups of the data folder, newest first
  backups restore NAME    put a backup in place of the store (no Ensemble may be running);
                          the current store is moved into the backups folder, not deleted

Options:
  --data-dir DIR      the data folder (default ${defaultDataDir()})
  --session ID        the session (decision, export)
  --format FORMAT     ${FORMATS.join(' | ')} (export)
  --out FILE          write to FILE instead of standard output (export)
  --pseudonymise      participants as "Participant 1", … (export)
  --context-attribute NAME
                      flagd formats: the context attribute that names the tenant
                      (default: the session's, set in Prepare → Pre-flight) (export)
  --findings current|signed
                      csv and issues: the findings as they are now (default) or as the
                      signed decision recorded them (export)
  --json              decision: print the whole decision record as JSON;
                      verify: print the verified record as JSON
  --jwks FILE|URL     verify: the public keys (a JWK Set file, or e.g.
                      http://HOST:5178/api/keys); default: the data folder's
  --expect-stage KEY  decision: a promote to a stage before KEY fails (exit 6)
  --help              show this help

Exit codes:
  0  success; decision: a signed promote (to at least --expect-stage);
     verify: the signature holds
  1  any other failure (a damaged store, a defect)
  2  usage error
  3  decision: signed hold
  4  decision: signed roll back
  5  decision: not signed yet
  6  decision: a signed promote to a stage before --expect-stage
  7  no Ensemble data in the folder, or no such session
  8  the data folder belongs to another Ensemble version (nothing was changed)
  9  verify: the signature does not match (the record or its header changed)
 10  verify: no public key has the record's key id (signed elsewhere, or the keys are old)
 11  verify: not a signed Ensemble decision, or the keys are not a JWK Set`;

export type CliArgs =
  | { command: 'help' }
  | { command: 'sessions'; dataDir: string }
  | { command: 'schema' }
  | { command: 'verify'; file: string; jwks: string | null; dataDir: string; json: boolean }
  | {
      command: 'decision';
      dataDir: string;
      session: string;
      json: boolean;
      expectStage: string | null;
    }
  | {
      command: 'export';
      dataDir: string;
      session: string;
      format: ExportFormat;
      out: string | null;
      pseudonymise: boolean;
      contextAttribute?: string;
      findings?: TrackerFindings;
    }
  | { command: 'backups'; dataDir: string; action: 'list' }
  | { command: 'backups'; dataDir: string; action: 'restore'; name: string };

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        session: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        pseudonymise: { type: 'boolean', default: false },
        'context-attribute': { type: 'string' },
        findings: { type: 'string' },
        json: { type: 'boolean', default: false },
        'expect-stage': { type: 'string' },
        jwks: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') return { command: 'help' };
  if (!command)
    throw new CliUsageError(
      'Name a command: sessions, decision, export, schema, verify or backups',
    );
  if (values['expect-stage'] !== undefined && command !== 'decision')
    throw new CliUsageError('--expect-stage goes with decision');
  if (values.jwks !== undefined && command !== 'verify')
    throw new CliUsageError('--jwks goes with verify');
  if (command === 'schema' && positionals.length === 1) return { command };
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (command === 'verify') {
    if (extra.length !== 1) throw new CliUsageError('verify needs one FILE (the .jws file, or -)');
    return { command, file: extra[0]!, jwks: values.jwks ?? null, dataDir, json: values.json };
  }
  if (command === 'backups') return backupsArgs(dataDir, extra);
  if (extra.length) throw new CliUsageError(`Unexpected argument: ${extra[0]}`);
  const session = () => {
    if (!values.session) throw new CliUsageError(`${command} needs --session ID`);
    return values.session;
  };
  switch (command) {
    case 'sessions':
      return { command, dataDir };
    case 'decision':
      return {
        command,
        dataDir,
        session: session(),
        json: values.json,
        expectStage: values['expect-stage'] ?? null,
      };
    case 'export': {
      const format = values.format as ExportFormat | undefined;
      if (!format) throw new CliUsageError(`export needs --format (${FORMATS.join(', ')})`);
      if (!FORMATS.includes(format))
        throw new CliUsageError(`Unknown format "${format}"; use ${FORMATS.join(', ')}`);
      const findings = values.findings as TrackerFindings | undefined;
      if (findings !== undefined && !TrackerFindings.options.includes(findings))
        throw new CliUsageError(`--findings is current or signed, not "${findings}"`);
      return {
        command,
        dataDir,
        session: session(),
        format,
        out: values.out ?? null,
        pseudonymise: values.pseudonymise,
        ...(values['context-attribute'] !== undefined && {
          contextAttribute: values['context-attribute'],
        }),
        ...(findings !== undefined && { findings }),
      };
    }
    default:
      throw new CliUsageError(
        `Unknown command "${command}"; use sessions, decision, export, schema, verify or backups`,
      );
  }
}

function backupsArgs(dataDir: string, extra: string[]): CliArgs {
  const [action, name, ...rest] = extra;
  if (action === 'list' && name === undefined) return { command: 'backups', dataDir, action };
  if (action === 'restore' && name !== undefined && rest.length === 0)
    return { command: 'backups', dataDir, action, name };
  if (action === 'restore') throw new CliUsageError('backups restore needs one backup NAME');
  throw new CliUsageError('Use backups list, or backups restore NAME');
}
