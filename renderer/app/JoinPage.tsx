import { useEffect, useState } from 'react';
import { ApiErrorBody } from '../../shared/api/errors';
import { ROUTES } from '../../shared/api/routes';
import { JoinStatus } from '../../shared/domain/links';
import {
  FUNCTION_LABELS,
  FUNCTIONS,
  type ParticipantFunction,
} from '../../shared/domain/participants';
import { keepPersonalToken } from '../api/bootstrap';

const POLL_MS = 2000;
const secretKey = (sessionId: string) => `ensemble.join.${sessionId}`;

type State =
  { step: 'form'; error?: string } | { step: 'waiting' } | { step: 'refused' } | { step: 'gone' };

/**
 * Someone without a personal link asks to join: their name and function go to the facilitator,
 * who admits or refuses them. The page waits (also across a reload: the request's secret stays
 * in this tab) and, once admitted, opens the session with the link the host gives it once.
 */
export function JoinPage({ sessionId }: { sessionId: string }) {
  const [state, setState] = useState<State>(() =>
    sessionStorage.getItem(secretKey(sessionId)) ? { step: 'waiting' } : { step: 'form' },
  );
  const [name, setName] = useState('');
  const [fn, setFn] = useState<ParticipantFunction>('other');
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (state.step !== 'waiting') return;
    const secret = sessionStorage.getItem(secretKey(sessionId));
    if (!secret) return;
    let timer: ReturnType<typeof setTimeout>;
    let live = true;
    const poll = async () => {
      try {
        const res = await fetch(ROUTES.joinStatus.path(secret), { cache: 'no-store' });
        const body = (await res.json()) as { result?: unknown };
        const status = JoinStatus.safeParse(body.result);
        if (!live) return;
        if (status.success && status.data.status === 'admitted') {
          sessionStorage.removeItem(secretKey(sessionId));
          keepPersonalToken(status.data.token);
          window.location.hash = `#/sessions/${status.data.sessionId}/run`;
          window.location.reload();
          return;
        }
        if (status.success && (status.data.status === 'refused' || status.data.status === 'gone')) {
          sessionStorage.removeItem(secretKey(sessionId));
          setState({ step: status.data.status });
          return;
        }
      } catch {
        // The host is away for a moment: keep waiting.
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [state.step, sessionId]);

  const ask = async () => {
    setSending(true);
    try {
      const res = await fetch(ROUTES.join.path, {
        method: ROUTES.join.verb,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sessionId, name, function: fn }),
      });
      const body = (await res.json()) as {
        ok: boolean;
        result?: { secret: string };
        error?: unknown;
      };
      if (body.ok && body.result) {
        sessionStorage.setItem(secretKey(sessionId), body.result.secret);
        setState({ step: 'waiting' });
      } else {
        const error = ApiErrorBody.safeParse(body.error);
        setState({
          step: 'form',
          error: error.success ? error.data.message : 'The request failed',
        });
      }
    } catch {
      setState({ step: 'form', error: 'Cannot reach Ensemble; check the address and try again' });
    } finally {
      setSending(false);
    }
  };

  return (
    <main className="join-page" aria-labelledby="join-title">
      <h1 id="join-title">Join the session</h1>
      {state.step === 'form' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ask();
          }}
        >
          <p>The facilitator sees your name and lets you in.</p>
          <label>
            Your name
            <input
              value={name}
              maxLength={100}
              required
              autoComplete="name"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            Your function
            <select value={fn} onChange={(e) => setFn(e.target.value as ParticipantFunction)}>
              {FUNCTIONS.map((f) => (
                <option key={f} value={f}>
                  {FUNCTION_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
          {state.error && (
            <p className="field-error" role="alert">
              {state.error}
            </p>
          )}
          <button type="submit" className="primary" disabled={sending || name.trim() === ''}>
            Ask to join
          </button>
        </form>
      )}
      {state.step === 'waiting' && (
        <p role="status">Waiting for the facilitator to let you in… Keep this page open.</p>
      )}
      {state.step === 'refused' && (
        <p role="status">
          The facilitator did not let you in. Ask them directly if you think this is a mistake.
        </p>
      )}
      {state.step === 'gone' && (
        <>
          <p role="status">
            Your request is no longer waiting (it timed out, or Ensemble restarted).
          </p>
          <button type="button" onClick={() => setState({ step: 'form' })}>
            Ask again
          </button>
        </>
      )}
    </main>
  );
}
