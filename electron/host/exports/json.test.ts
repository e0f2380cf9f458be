import { describe, expect, it } from 'vitest';
import {
  FINDING_STATUSES,
  FINDING_TYPES,
  OUTCOMES,
  SEVERITIES,
} from '../../../shared/domain/debrief';
import { ACTIONS, CHECK_IDS, FLAG_PROVIDERS, Verdict } from '../../../shared/domain/decision';
import { PRIORITIES } from '../../../shared/domain/goals';
import { NOTE_TYPES } from '../../../shared/domain/notes';
import {
  RECORD_SCHEMA_ID,
  RECORD_SCHEMA_VERSION,
  type DecisionRecordV1,
} from '../../../shared/domain/record';
import schema from '../../../shared/schema/decision-record.v1.json' with { type: 'json' };
import { fixtureModel, fixtureRecord } from '../../../test-support/reportFixture';
import { renderExport } from './index';
import { recordProblems } from './validate';

type Node = { [k: string]: unknown };
const defs = schema.$defs as { [k: string]: Node };
const at = (path: string[]): Node =>
  path.reduce<Node>((node, key) => node[key] as Node, schema as unknown as Node);
const enumOf = (node: Node): unknown[] =>
  (node.enum as unknown[]) ??
  ((node.oneOf as Node[]) ?? []).flatMap((n) => (n.enum as unknown[]) ?? []);

describe('decision record JSON', () => {
  it('exports the record as it is, and it validates against the published schema', () => {
    const file = renderExport('json', fixtureModel);
    expect(file.mime).toBe('application/json');
    expect(file.filename).toBe('checkout-v2-on-the-internal-tenant-decision-record.json');
    const parsed = JSON.parse(file.content) as DecisionRecordV1;
    expect(recordProblems(parsed)).toEqual([]);
    expect(parsed.$schema).toBe(RECORD_SCHEMA_ID);
    expect(parsed.findings.map((f) => f.ref)).toEqual(['F-1', 'F-2', 'F-3', 'F-4']);
  });

  it('validates a draft: no decision yet', () => {
    const draft = { ...fixtureRecord, status: 'draft', decision: null, recordId: 'draft-x' };
    expect(recordProblems(draft)).toEqual([]);
  });

  it('rejects a broken record and names where it is broken', () => {
    const broken = structuredClone(fixtureRecord) as unknown as {
      findings: Array<{ severity: string }>;
      metrics: { errors: { rate: { buckets: Array<{ start: string }> } } };
      extra?: boolean;
    };
    broken.findings[0]!.severity = 'critical';
    broken.metrics.errors.rate.buckets[2]!.start = 'yesterday';
    broken.extra = true;
    const problems = recordProblems(broken);
    expect(problems).toContain(
      '/findings/0/severity: must be equal to one of the allowed values (blocker, major, minor, trivial)',
    );
    expect(problems).toContain(
      '/metrics/errors/rate/buckets/2/start: must match format "date-time"',
    );
    expect(problems).toContain('/: must NOT have additional properties (extra)');
    expect(() => renderExport('json', { ...fixtureModel, record: broken as never })).toThrow(
      /does not match its schema: .*\/findings\/0\/severity/,
    );
  });

  it('rejects a signed record without its decision, and a draft with one', () => {
    expect(recordProblems({ ...fixtureRecord, decision: null })).toContain(
      '/decision: must be object',
    );
    expect(recordProblems({ ...fixtureRecord, status: 'draft' })).toContain(
      '/decision: must be null',
    );
  });
});

describe('the published schema', () => {
  it('carries the id and version the type declares', () => {
    expect(schema.$id).toBe(RECORD_SCHEMA_ID);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.$schema.const).toBe(RECORD_SCHEMA_ID);
    expect(schema.properties.schemaVersion.const).toBe(RECORD_SCHEMA_VERSION);
  });

  it('lists the same values as the domain types', () => {
    const finding = defs.finding!.properties as { [k: string]: Node };
    expect(enumOf(finding.type!)).toEqual([...FINDING_TYPES]);
    expect(enumOf(finding.severity!)).toEqual([...SEVERITIES]);
    expect(enumOf(finding.status!)).toEqual([...FINDING_STATUSES]);
    expect(enumOf(at(['properties', 'goals', 'items', 'properties', 'outcome']))).toEqual([
      ...OUTCOMES,
    ]);
    expect(enumOf(at(['properties', 'goals', 'items', 'properties', 'priority']))).toEqual([
      ...PRIORITIES,
    ]);
    const note = at(['$defs', 'finding', 'properties', 'notes', 'items', 'properties', 'type']);
    expect(enumOf(note)).toEqual([...NOTE_TYPES]);
    expect(enumOf(defs.action!)).toEqual([...ACTIONS]);
    expect(enumOf((defs.check!.properties as { [k: string]: Node }).id!)).toEqual([...CHECK_IDS]);
    expect(enumOf(at(['properties', 'flag', 'properties', 'provider']))).toEqual([
      ...FLAG_PROVIDERS,
    ]);
    expect(enumOf(at(['properties', 'recommendation', 'properties', 'verdict']))).toEqual(
      Verdict.options,
    );
  });

  it('requires every field but the ones the type leaves optional, and allows no others', () => {
    // (The signed/draft condition in allOf only narrows fields declared above.)
    // Records signed before the evidence floor carry no minimum running time.
    const optional = new Set(['#/$defs/thresholds minRunningMinutes']);
    const loose: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Node;
      if (n.properties && n.additionalProperties !== undefined) {
        const keys = Object.keys(n.properties as object)
          .filter((k) => !optional.has(`${path} ${k}`))
          .sort();
        if (JSON.stringify([...((n.required as string[]) ?? [])].sort()) !== JSON.stringify(keys))
          loose.push(`${path} required`);
        if (n.additionalProperties !== false) loose.push(`${path} additionalProperties`);
      } else if (n.properties && !path.includes('/allOf/')) loose.push(`${path} open`);
      for (const [k, v] of Object.entries(n)) visit(v, `${path}/${k}`);
    };
    visit(schema, '#');
    expect(loose).toEqual([]);
  });
});
