import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { FeedPane } from '../feeds/FeedPane';
import { BreakScreen } from './BreakScreen';
import { CaptureBar } from './CaptureBar';
import { GoalBoard } from './GoalBoard';
import { RolesPanel, RosterControls } from './RolesPanel';
import { RunControls } from './RunControls';
import { Timeline } from './Timeline';
import { loadAlertPrefs, saveAlertPrefs, useRunAlerts, type AlertPrefs } from './useRunAlerts';

export function RunView({ sessionId }: { sessionId: string }) {
  const run = useAppStore((s) => (s.run?.sessionId === sessionId ? s.run : null));
  const loadRun = useAppStore((s) => s.loadRun);
  const [prefs, setPrefs] = useState<AlertPrefs>(loadAlertPrefs);
  useRunAlerts(prefs);

  useEffect(() => {
    void loadRun(sessionId);
  }, [sessionId, loadRun]);

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
    <div className="run">
      <RunControls />
      <BreakScreen />
      <div className="run-grid">
        <div className="run-main">
          <RolesPanel />
          <CaptureBar />
          <Timeline />
        </div>
        <aside className="run-side">
          <GoalBoard />
          <RosterControls />
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
      <FeedPane sessionId={sessionId} />
    </div>
  );
}
