import { useEffect, useRef, useState } from 'react';
import type { RunSnapshot } from '../../../shared/domain/run';
import { useAppStore } from '../../store';
import { selectCan, selectPerson } from '../../store/identitySlice';
import { selectParticipants } from '../../store/openSessionSlice';

const VERBS: Record<string, string> = {
  driver: 'driving',
  navigator: 'navigating',
  'note-taker': 'taking notes',
};
/** How long the "your turn" signal stays lit. */
const SIGNAL_MS = 8000;

/** What the person does now, in words: "driving", "observing", "away". */
export function doingNow(run: RunSnapshot, participantId: string): { text: string; key: string } {
  const role = run.roles.find((r) => r.participantId === participantId);
  if (role) return { text: VERBS[role.roleKey] ?? `the ${role.roleName}`, key: role.roleKey };
  if (run.awayIds.includes(participantId)) return { text: 'away', key: 'away' };
  return { text: 'observing', key: 'observer' };
}

/**
 * On a personal link's Run view: who you are now and who is next ("You are driving — next up:
 * Ben"), what your link may do beyond notes, and a gentle signal when a turn comes to you (the
 * banner lights up, it is announced politely, and a background tab's title says so).
 */
export function PersonBanner() {
  const person = useAppStore(selectPerson);
  const run = useAppStore((s) => s.run);
  const participants = useAppStore(selectParticipants);
  const facilitates = useAppStore(selectCan('facilitate'));
  const signs = useAppStore(selectCan('sign'));
  const [signal, setSignal] = useState(false);
  const previous = useRef<string | null>(null);

  const now = person && run ? doingNow(run, person.participantId) : null;
  const live = run?.status === 'running' || run?.status === 'paused';
  const turnKey = now && live && now.key !== 'observer' && now.key !== 'away' ? now.key : null;

  useEffect(() => {
    const before = previous.current;
    previous.current = turnKey;
    if (!turnKey || turnKey === before) return;
    setSignal(true);
    const title = document.title;
    if (document.hidden) document.title = `● Your turn — ${title}`;
    const restore = () => {
      if (!document.hidden) document.title = title;
    };
    document.addEventListener('visibilitychange', restore);
    const off = setTimeout(() => setSignal(false), SIGNAL_MS);
    return () => {
      clearTimeout(off);
      document.removeEventListener('visibilitychange', restore);
      document.title = title;
    };
  }, [turnKey]);

  if (!person || !run || !now) return null;
  const name = (id: string | null) =>
    id === person.participantId ? 'you' : (participants.find((p) => p.id === id)?.name ?? '—');
  const sentence =
    run.status === 'draft'
      ? `You are ${person.name}. The session has not started yet.`
      : run.status === 'ended'
        ? `You are ${person.name}. The session has ended.`
        : `You are ${now.text} — next up: ${name(run.nextUpId)}`;

  return (
    <section
      className={`person-banner ${signal ? 'your-turn' : ''}`}
      aria-label={`You: ${person.name}`}
    >
      <p className="person-now" data-testid="person-now">
        {sentence}
      </p>
      <p className="person-signal" role="status">
        {signal ? `Your turn: you are ${now.text}` : ''}
      </p>
      <ul className="person-caps" aria-label="What your link may do">
        <li>Notes as {person.name}</li>
        {facilitates && <li>You facilitate</li>}
        {signs && <li>You sign the decision</li>}
      </ul>
    </section>
  );
}
