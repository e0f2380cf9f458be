import type { Sharing } from '../../../shared/domain/links';
import { useAppStore } from '../../store';

/** What sharing means right now, for the person deciding whether to change it. */
function sharingText(sharing: Sharing): string {
  switch (sharing.state) {
    case 'off':
      return 'Not shared: nobody else can open a link. Share personal links to make them; links you gave out work again once you share.';
    case 'loopback':
      return `Shared on this computer only, at ${sharing.origin}. To invite others, let people on this network join.`;
    case 'network':
      return `People on this network open their links at ${sharing.origin}. From other computers only personal links work.`;
  }
}

/**
 * Whether personal links are served. The desktop app starts and stops it here (on this computer,
 * or for the whole network); web mode shares as it was started, and says how to change that.
 */
export function SharingControls({ sharing }: { sharing: Sharing }) {
  const share = useAppStore((s) => s.share);
  const moving = useAppStore((s) => s.sharingTo);

  if (!sharing.changeable) {
    if (sharing.state === 'off')
      return (
        <p className="card-hint">
          Personal links need web mode: start Ensemble with <code>npm run web</code> to give each
          participant their own screen.
        </p>
      );
    if (sharing.state === 'loopback')
      return (
        <p className="card-hint">
          These links work on this machine only. To share them, start web mode with{' '}
          <code>--host 0.0.0.0 --allow-remote</code>.
        </p>
      );
    return <p className="card-hint">Each person opens their own link: it knows who they are.</p>;
  }

  // While a change is under way the switches show where it goes, and wait.
  const busy = moving !== null;
  const shown = moving ?? sharing.state;
  return (
    <div className="sharing" aria-busy={busy}>
      <label className="checkbox">
        <input
          type="checkbox"
          role="switch"
          checked={shown !== 'off'}
          disabled={busy}
          onChange={(e) => void share(e.target.checked ? { network: false } : { off: true })}
        />{' '}
        Share personal links
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={shown === 'network'}
          disabled={busy}
          onChange={(e) => void share({ network: e.target.checked })}
        />{' '}
        Let people on this network join
      </label>
      <p className="card-hint" role="status">
        {busy ? 'Changing…' : sharingText(sharing)}
      </p>
    </div>
  );
}
