import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { FeedPane } from '../feeds/FeedPane';
import { BreakScreen } from './BreakScreen';
import { CaptureBar } from './CaptureBar';
import { GoalBoard } from './GoalBoard';
import { RolesPanel, RosterControls } from './RolesPanel';
import { RunControls } from './RunControls';
import type { RunAction } from './runShortcuts';
import { ShortcutHelp } from './ShortcutHelp';
import { SkipLinks } from './SkipLinks';
import { Timeline } from './Timeline';
import { focusField, LOG_SEARCH, useRunShortcuts } from './useRunShortcuts';
import { selectCan } from '../../store/identitySlice';
import { PersonBanner } from './PersonBanner';
import { PeopleLinks } from '../links/PeopleLinks';
import { loadAlertPrefs, saveAlertPrefs, useRunAlerts, type AlertPrefs } from './useRunAlerts';

const PANEL_KEY = 'ensemble.run.sidePanel';

/** The document says the cockpit is shown, for its whole-window layout (styles/cockpit.css). */
function useCockpitShown(shown: boolean) {
  useLayoutEffect(() => {
    if (!shown) return;
    const root = document.documentElement;
    root.classList.add('cockpit-shown');
    return () => root.classList.remove('cockpit-shown');
  }, [shown]);
}

/**
 * The Run cockpit: roles and clock on top, notes on one side and the live feed on the other
 * (each scrolls on its own), goals and rotation in a panel one key away.
 */
export function RunView({ sessionId }: { sessionId: string }) {
  const run = useAppStore((s) => (s.run?.sessionId === sessionId ? s.run : null));
  const loadRun = useAppStore((s) => s.loadRun);
  const command = useAppStore((s) => s.command);
  const facilitates = useAppStore(selectCan('facilitate'));
  const host = useAppStore(selectCan('host'));
  const [prefs, setPrefs] = useState<AlertPrefs>(loadAlertPrefs);
  const [presenting, setPresenting] = useState(false);
  const [help, setHelp] = useState(false);
  const [panel, setPanel] = useState(() => localStorage.getItem(PANEL_KEY) !== 'closed');
  const panelHeading = useRef<HTMLHeadingElement>(null);
  useRunAlerts(prefs);
  useCockpitShown(run !== null);

  useEffect(() => {
    void loadRun(sessionId);
  }, [sessionId, loadRun]);

  const togglePanel = useCallback((focus: boolean) => {
    setPanel((open) => {
      localStorage.setItem(PANEL_KEY, open ? 'closed' : 'open');
      if (!open && focus) requestAnimationFrame(() => panelHeading.current?.focus());
      return !open;
    });
  }, []);

  useRunShortcuts((action: RunAction) => {
    if (!run) return;
    // Only the facilitator's keys run the clock and the rotation.
    const live = facilitates && (run.status === 'running' || run.status === 'paused');
    if (action === 'help') setHelp(true);
    else if (action === 'present') setPresenting((p) => !p);
    else if (action === 'goals') togglePanel(true);
    else if (action === 'search') focusField(LOG_SEARCH);
    else if (action === 'rotate' && live) void command('run.rotate', {});
    else if (!facilitates) return;
    else if (action === 'pause' && run.status === 'running')
      void command('run.pause', { reason: 'pause' });
    else if (action === 'pause' && run.status === 'paused') void command('run.resume', {});
    else if (action === 'break' && run.status === 'running')
      void command('run.pause', { reason: 'break' });
  });

  if (!run) return <p className="loading">Loading the session…</p>;
  const update = (patch: Partial<AlertPrefs>) => {
    const next = { ...prefs, ...patch };
    setPrefs(next);
    saveAlertPrefs(next);
    if (
      patch.notifications &&
      typeof Notification !== 'undefined' &&
      Notification.permission === 'default'
    ) {
      void Notification.requestPermission();
    }
  };

  return (
    <div className={`run cockpit ${panel ? 'with-panel' : ''}`}>
      <SkipLinks />
      <BreakScreen />
      <PersonBanner />
      <div className="cockpit-top">
        <RunControls>
          <button
            type="button"
            aria-expanded={panel}
            aria-controls="run-panel"
            aria-keyshortcuts="G"
            onClick={() => togglePanel(false)}
          >
            Goals and rotation <kbd>G</kbd>
          </button>
          <button
            type="button"
            className="ghost"
            aria-keyshortcuts="Shift+?"
            aria-haspopup="dialog"
            onClick={() => setHelp(true)}
          >
            Shortcuts <kbd>?</kbd>
          </button>
        </RunControls>
        <RolesPanel presenting={presenting} setPresenting={setPresenting} />
      </div>
      <div className="cockpit-grid">
        <section className="cockpit-notes" aria-label="Notes">
          <CaptureBar />
          <Timeline />
        </section>
        <section className="cockpit-feed" aria-label="Live feed">
          <FeedPane sessionId={sessionId} />
        </section>
        <aside
          className="cockpit-panel"
          id="run-panel"
          aria-labelledby="run-panel-title"
          hidden={!panel}
        >
          <h2 id="run-panel-title" className="visually-hidden" tabIndex={-1} ref={panelHeading}>
            Goals and rotation
          </h2>
          <GoalBoard />
          <RosterControls />
          {host && <PeopleLinks />}
          <section className="card alerts" aria-label="Rotation alerts">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={prefs.sound}
                onChange={(e) => update({ sound: e.target.checked })}
              />{' '}
              Sound at rotation
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={prefs.notifications}
                onChange={(e) => update({ notifications: e.target.checked })}
              />{' '}
              System notification
            </label>
          </section>
        </aside>
      </div>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
