import { forgetToken } from '../api/bootstrap';

/** Web mode without a valid token: say how to get one, never show data. */
export function TokenRequired({ reason }: { reason: 'missing' | 'rejected' }) {
  return (
    <main className="token-required" aria-labelledby="token-title">
      <h1 id="token-title">
        {reason === 'missing' ? 'Open Ensemble with its link' : 'This link is no longer valid'}
      </h1>
      <p>
        Ensemble’s web mode only answers pages that carry its access token. Open the address that{' '}
        <code>npm run web</code> printed, the one ending in <code>?token=…</code>.
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
