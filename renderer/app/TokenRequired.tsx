import { forgetToken, holdsPersonalLink } from '../api/bootstrap';

/** Web mode without a valid token: say how to get one, never show data. */
export function TokenRequired({ reason }: { reason: 'missing' | 'rejected' }) {
  if (reason === 'rejected' && holdsPersonalLink())
    return (
      <main className="token-required" aria-labelledby="token-title">
        <h1 id="token-title">This link no longer works</h1>
        <p>
          Your personal link was revoked or replaced, or you were removed from the session. Ask the
          facilitator for a new link.
        </p>
        <button
          type="button"
          onClick={() => {
            forgetToken();
            window.location.reload();
          }}
        >
          Forget the old link
        </button>
      </main>
    );
  return (
    <main className="token-required" aria-labelledby="token-title">
      <h1 id="token-title">
        {reason === 'missing' ? 'Open Ensemble with its link' : 'This link is no longer valid'}
      </h1>
      <p>
        Ensemble’s web mode only answers pages that carry its access token. Open the address that{' '}
        <code>npm run web</code> printed, the one ending in <code>?token=…</code>, or the personal
        link the facilitator sent you.
      </p>
      {reason === 'rejected' && (
        <button
          type="button"
          onClick={() => {
            forgetToken();
            window.location.reload();
          }}
        >
          Forget the old token
        </button>
      )}
    </main>
  );
}
