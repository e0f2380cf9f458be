import fs from 'node:fs';
import { findingRef, type Finding } from '../../../shared/domain/debrief';
import type { Decision } from '../../../shared/domain/decision';
import {
  RECORD_SCHEMA_ID,
  RECORD_SCHEMA_VERSION,
  type DecisionRecordV1,
  type RecordFinding,
  type ReportModel,
  recordRecommendation,
} from '../../../shared/domain/record';
import { sessionBounds } from '../../../shared/run/clock';
import type { HostContext } from '../context';
import { redactionCounts } from '../feeds/query/query';
import { sessionWindow } from '../feeds/query/sessionFeed';
import { buildAuditTrail } from '../exports/audit';
import { EXT } from '../screenshots/handlers';
import { createScreenshotFiles } from '../screenshots/store';
import { TICKED_BY } from '../preflight/checks';
import { recordPreflight } from '../preflight/handlers';
import { requireSession } from '../sessions/guards';
import {
  currentRecommendation,
  feedFigures,
  goalMinutes,
  sessionMetrics,
  type FeedFigures,
} from './evidence';

const iso = (t: number) => new Date(t).toISOString();

/**
 * The decision record of a session and the screenshots its report embeds. A signed session's
 * record is the one stored when its latest version was signed, never rebuilt from data edited
 * since; an unsigned session gets a draft built now. Participants become "Participant 1", …
 * when asked. The audit trail is read from the session's log now, whether signed or not.
 */
export function buildReportModel(
  host: HostContext,
  sessionId: string,
  options: { pseudonymise?: boolean } = {},
): ReportModel {
  const latest = host.repos.debrief.decisions(sessionId).at(-1);
  const stored = latest ? host.repos.debrief.snapshot(latest.id) : null;
  // A record signed before pre-flights existed has none: it reads as "never ran".
  const built = stored
    ? { ...stored, preflight: stored.preflight ?? null }
    : buildRecord(host, sessionId, latest);
  const record = options.pseudonymise ? pseudonymiseRecord(built) : built;
  const hashes = new Set(record.findings.flatMap((f) => f.evidence.screenshots.map((x) => x.hash)));
  return {
    record,
    screenshots: loadScreenshots(host, sessionId, hashes),
    audit: buildAuditTrail(host, sessionId, record),
  };
}

/** Names of participants replaced by "Participant 1", … everywhere the record names them. */
export function pseudonymiseRecord(record: DecisionRecordV1): DecisionRecordV1 {
  const r = structuredClone(record);
  const alias = new Map<string, string>();
  r.session.participants.forEach((p, i) => {
    alias.set(p.name, `Participant ${i + 1}`);
    p.name = `Participant ${i + 1}`;
  });
  const as = (name: string | null) => (name === null ? null : (alias.get(name) ?? name));
  for (const f of r.findings) {
    if (f.owner) f.owner.name = as(f.owner.name)!;
    for (const n of f.notes) n.author = as(n.author);
  }
  for (const p of r.metrics.notesByPerson) p.name = as(p.name)!;
  if (r.decision) r.decision.approver.name = as(r.decision.approver.name)!;
  if (r.preflight?.override) r.preflight.override.by = as(r.preflight.override.by)!;
  for (const c of r.preflight?.checks ?? [])
    if (c.detail.startsWith(TICKED_BY)) c.detail = TICKED_BY + as(c.detail.slice(TICKED_BY.length));
  r.session.pseudonymised = true;
  return r;
}

/** The record from the store as it is now, with `decision` (about to be or already signed). */
export function buildRecord(
  host: HostContext,
  sessionId: string,
  latest: Decision | undefined,
  figures: FeedFigures = feedFigures(host, sessionId),
): DecisionRecordV1 {
  const session = requireSession(host.repos, sessionId);
  const events = host.repos.events.list(sessionId);
  const { startedAt, endedAt } = sessionBounds(events);
  const people = host.repos.participants.list(sessionId);
  const alias = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: string | null) => (id ? (alias.get(id) ?? null) : null);
  const goals = host.repos.goals.list(sessionId);
  const goalTitle = new Map(goals.map((g) => [g.id, g.title]));
  const notes = new Map(host.repos.notes.list(sessionId).map((n) => [n.id, n]));
  const debrief = host.repos.debrief.debrief(sessionId);
  const outcomes = new Map(host.repos.debrief.outcomes(sessionId).map((o) => [o.goalId, o]));
  const recommendation = latest?.recommendation ?? currentRecommendation(host, sessionId, figures);
  const minutes = goalMinutes(host, sessionId);
  const metrics = sessionMetrics(host, sessionId, figures);

  const eventsById = feedEventsOf(host, host.repos.debrief.findings(sessionId));

  const finding = (f: Finding): RecordFinding => {
    const groups = f.evidence.filter((e) => e.kind === 'group');
    const feedEvents = f.evidence.filter((e) => e.kind === 'event');
    const shots = f.evidence.filter((e) => e.kind === 'screenshot');
    const linked = f.noteIds.map((id) => notes.get(id)).filter((n) => n !== undefined);
    const eventDetails = feedEvents.map((e) => {
      const stored = eventsById.get(e.eventId);
      return {
        id: e.eventId,
        summary: e.summary,
        traceId: stored?.traceId ?? null,
        time: stored ? iso(stored.time) : null,
      };
    });
    return {
      id: f.id,
      ref: findingRef(f),
      title: f.title,
      description: f.description,
      type: f.type,
      severity: f.severity,
      status: f.status,
      goal: f.goalId ? { id: f.goalId, title: goalTitle.get(f.goalId) ?? '' } : null,
      owner: f.ownerId ? { id: f.ownerId, name: nameOf(f.ownerId) ?? '' } : null,
      notes: linked.map((n) => ({
        id: n.id,
        type: n.type,
        text: n.text,
        at: iso(n.at),
        author: nameOf(n.authorId),
      })),
      evidence: {
        errorGroups: groups.map((g) => ({ groupKey: g.groupKey, summary: g.summary })),
        events: eventDetails,
        traceIds: [...new Set(eventDetails.map((e) => e.traceId).filter((t): t is string => !!t))],
        logQueries: [
          ...groups.map((g) => ({
            query: `group:"${g.groupKey}"`,
            from: startedAt === null ? iso(host.clock.now()) : iso(startedAt),
            to: iso(endedAt ?? host.clock.now()),
          })),
          ...eventDetails
            .filter((e) => e.time !== null)
            .map((e) => ({
              query: e.traceId ? `trace_id:${e.traceId}` : `"${e.summary.slice(0, 80)}"`,
              from: iso(Date.parse(e.time!) - 60_000),
              to: iso(Date.parse(e.time!) + 60_000),
            })),
        ],
        screenshots: [
          ...shots.map((s) => ({ hash: s.hash, summary: s.summary })),
          ...linked
            .filter((n) => n.screenshot)
            .map((n) => ({
              hash: n.screenshot!,
              summary: `Screenshot of note: ${n.text.slice(0, 80)}`,
            })),
        ],
      },
    };
  };
  const findings = host.repos.debrief.findings(sessionId).map(finding);
  const w = sessionWindow(host, sessionId);
  const stages = debrief.rollout.stages;
  return {
    $schema: RECORD_SCHEMA_ID,
    schemaVersion: RECORD_SCHEMA_VERSION,
    recordId: latest?.id ?? `draft-${sessionId}`,
    status: latest ? 'signed' : 'draft',
    createdAt: latest?.signedAt ?? iso(host.clock.now()),
    session: {
      id: session.id,
      title: session.title,
      charter: session.charter,
      feature: session.feature,
      start: startedAt === null ? null : iso(startedAt),
      end: endedAt === null ? null : iso(endedAt),
      participants: people.map((p) => ({ id: p.id, name: alias.get(p.id)!, function: p.function })),
      pseudonymised: false,
    },
    scope: {
      tenantKey: host.repos.sessions.feedSettings(sessionId).tenantKey,
      tenantValue: session.tenantId,
      environment: session.environment,
      release: session.release,
    },
    flag: {
      key: session.flagKey,
      provider: debrief.rollout.provider,
      currentStage: latest?.fromStage ?? debrief.rollout.currentStage,
      proposedStage: latest ? latest.toStage : recommendation.toStage,
    },
    stages,
    decision: latest
      ? {
          action: latest.action,
          toStage: latest.toStage,
          rationale: latest.rationale,
          conditions: latest.conditions,
          approver: {
            name: latest.approverId
              ? (nameOf(latest.approverId) ?? latest.approverName)
              : latest.approverName,
            id: latest.approverId,
          },
          signedAt: latest.signedAt,
          version: latest.version,
          amends: latest.amends,
          disagreesWithRecommendation: latest.disagrees,
        }
      : null,
    recommendation: recordRecommendation(recommendation),
    goals: goals.map((g) => ({
      id: g.id,
      title: g.title,
      priority: g.priority,
      outcome: outcomes.get(g.id)?.outcome ?? null,
      reason: outcomes.get(g.id)?.reason ?? '',
      minutes: minutes[g.id] ?? 0,
    })),
    findings,
    debrief: debrief.text,
    metrics,
    redactions: redactionCounts(host.db, session.tenantId, w.from, w.to),
    preflight: recordPreflight(host, sessionId),
  };
}

function feedEventsOf(host: HostContext, findings: Finding[]) {
  const ids = findings.flatMap((f) =>
    f.evidence.flatMap((e) => (e.kind === 'event' ? [e.eventId] : [])),
  );
  const rows = host.repos.feeds.eventTimes(ids);
  return new Map(rows.map((r) => [r.id, { time: r.time, traceId: r.traceId }]));
}

function loadScreenshots(host: HostContext, sessionId: string, hashes: Set<string>) {
  const files = createScreenshotFiles(host.info.dataDir);
  const out: ReportModel['screenshots'] = {};
  for (const hash of hashes) {
    const s = host.repos.screenshots.get(sessionId, hash);
    if (!s) continue;
    try {
      out[hash] = {
        mime: s.mime,
        base64: fs.readFileSync(files.pathOf(hash, EXT[s.mime] ?? 'png')).toString('base64'),
      };
    } catch {
      // a missing file leaves the screenshot out of the report rather than failing it
    }
  }
  return out;
}
