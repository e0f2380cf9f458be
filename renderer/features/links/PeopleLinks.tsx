import { useEffect, useRef, useState } from 'react';
import { linkToken, linkUrl, type PersonalLink } from '../../../shared/domain/links';
import { FUNCTION_LABELS } from '../../../shared/domain/participants';
import { formatTimeOfDay } from '../../lib/time';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { QrCode } from './QrCode';
import { SharingControls } from './SharingControls';

/** Copies text, or selects it in its field where the browser allows no clipboard (plain http). */
function CopyField({ label, value }: { label: string; value: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <input
        ref={field}
        readOnly
        aria-label={label}
        value={value}
        onFocus={(e) => e.target.select()}
      />
      <button
        type="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          } catch {
            field.current?.select();
          }
        }}
      >
        {copied ? 'Copied ✓' : 'Copy'}
      </button>
    </div>
  );
}

function linkState(link: PersonalLink | undefined): string {
  if (!link) return 'No link yet';
  if (link.revokedAt !== null) return `Revoked at ${formatTimeOfDay(link.revokedAt)}`;
  return `Link made at ${formatTimeOfDay(link.issuedAt)} · ${link.firstUsedAt === null ? 'not opened yet' : 'opened'}`;
}

/**
 * A link just issued, at the address links point at now (the desktop app may have moved from this
 * computer to the network since); null while nothing serves links.
 */
function currentAddress(url: string | null, origin: string | null): string | null {
  const token = url && linkToken(url);
  return token && origin ? linkUrl(origin, token) : null;
}

/**
 * The facilitator's People and links: a personal link per participant (shown once, as an
 * address to copy and a QR code), revoking and replacing links, and the people waiting on the
 * join page. Only the host's own app sees it.
 */
export function PeopleLinks() {
  const sessionId = useAppStore((s) => s.openSessionId);
  const participants = useAppStore(selectParticipants);
  const overview = useAppStore((s) => s.links);
  const issued = useAppStore((s) => s.issued);
  const load = useAppStore((s) => s.loadLinks);
  const issue = useAppStore((s) => s.issueLink);
  const revoke = useAppStore((s) => s.revokeLink);
  const admit = useAppStore((s) => s.admitRequest);
  const refuse = useAppStore((s) => s.refuseRequest);
  const forget = useAppStore((s) => s.forgetIssued);
  const sharing = useAppStore((s) => s.sharing);
  const loadSharing = useAppStore((s) => s.loadSharing);

  useEffect(() => {
    if (sessionId) void load();
  }, [sessionId, load]);
  useEffect(() => {
    void loadSharing();
  }, [loadSharing]);

  if (!overview || !sessionId) return null;
  const latest = (participantId: string) =>
    overview.links.find((l) => l.participantId === participantId);
  const canShare = overview.shareOrigin !== null;

  return (
    <section className="card people-links" aria-labelledby="people-links-title">
      <div className="card-header">
        <h2 id="people-links-title">People and links</h2>
      </div>
      {sharing && <SharingControls sharing={sharing} />}
      <ul className="link-list" aria-label="Personal links">
        {participants.map((p) => {
          const link = latest(p.id);
          const live = link !== undefined && link.revokedAt === null;
          const shown =
            issued?.participantId === p.id
              ? currentAddress(issued.url, overview.shareOrigin)
              : null;
          return (
            <li key={p.id} aria-label={p.name}>
              <span className="link-person">{p.name}</span>
              <span className="link-state">{linkState(link)}</span>
              <span className="link-actions">
                <button type="button" disabled={!canShare} onClick={() => void issue(p.id)}>
                  {live ? 'New link' : 'Create link'}
                </button>
                {live && (
                  <button type="button" className="ghost" onClick={() => void revoke(link.id)}>
                    Revoke
                  </button>
                )}
              </span>
              {shown && (
                <div className="link-issued">
                  <CopyField label={`Link for ${p.name}`} value={shown} />
                  <QrCode text={shown} label={`QR code of ${p.name}’s link`} />
                  <p className="card-hint">
                    Shown this once: Ensemble keeps only a fingerprint of it. Send it to {p.name}{' '}
                    alone; whoever opens it writes as {p.name}.
                  </p>
                  <button type="button" onClick={forget}>
                    Done
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {canShare && (
        <div className="join-requests">
          <h3>Asking to join</h3>
          <p className="card-hint">People without a link ask here; you let them in:</p>
          <CopyField
            label="Join page address"
            value={`${overview.shareOrigin}/#/join/${sessionId}`}
          />
          {overview.requests.length === 0 ? (
            <p className="card-hint">Nobody is waiting.</p>
          ) : (
            <ul aria-label="Waiting to join">
              {overview.requests.map((r) => (
                <li key={r.id} aria-label={r.name}>
                  <span>
                    {r.name} ({FUNCTION_LABELS[r.function]}), since {formatTimeOfDay(r.at)}
                  </span>
                  <button type="button" className="primary" onClick={() => void admit(r.id)}>
                    Let in
                  </button>
                  <button type="button" className="ghost" onClick={() => void refuse(r.id)}>
                    Refuse
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
