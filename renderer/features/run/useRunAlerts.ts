import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { useLiveClock } from './liveClock';

const PREFS_KEY = 'ensemble.alerts';
export type AlertPrefs = { sound: boolean; notifications: boolean };

export function loadAlertPrefs(): AlertPrefs {
  try {
    return {
      sound: true,
      notifications: true,
      ...JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}'),
    };
  } catch {
    return { sound: true, notifications: true };
  }
}
export const saveAlertPrefs = (prefs: AlertPrefs) =>
  localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));

/** A short two-tone chime made on the spot: no audio file to ship or load. */
function chime() {
  try {
    const ctx = new AudioContext();
    [660, 880].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.18 + 0.35);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + i * 0.18);
      osc.stop(ctx.currentTime + i * 0.18 + 0.4);
    });
    setTimeout(() => void ctx.close(), 1200);
  } catch {
    // no audio device: the visual cue remains
  }
}

function notify(title: string, body: string) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag: 'ensemble-rotation' });
  } catch {
    // some platforms refuse notifications from pages; the visual cue remains
  }
}

/** Sound and a system notification at each rotation; warnings at 10 and 2 minutes left. */
export function useRunAlerts(prefs: AlertPrefs) {
  const run = useAppStore((s) => s.run);
  const participants = useAppStore(selectParticipants);
  const toast = useAppStore((s) => s.toast);
  const clock = useLiveClock();
  const lastRotation = useRef<number | null>(null);
  const warned = useRef(new Set<string>());

  useEffect(() => {
    if (!run) return;
    const key = `${run.sessionId}`;
    if (
      lastRotation.current !== null &&
      run.rotationCount > lastRotation.current &&
      lastRotation.current >= 0
    ) {
      const name = (id: string | null) => participants.find((p) => p.id === id)?.name ?? '—';
      const [driver, navigator] = run.roles;
      const body = `${name(driver?.participantId ?? null)} drives, ${name(navigator?.participantId ?? null)} navigates`;
      if (prefs.sound) chime();
      if (prefs.notifications) notify('Rotate!', body);
    }
    lastRotation.current = run.rotationCount;
    void key;
  }, [run, participants, prefs]);

  useEffect(() => {
    if (!run || !clock || run.status !== 'running') return;
    for (const minutes of [10, 2]) {
      const id = `${run.sessionId}:${minutes}`;
      if (
        clock.remainingMs <= minutes * 60_000 &&
        clock.remainingMs > (minutes - 1) * 60_000 &&
        !warned.current.has(id)
      ) {
        warned.current.add(id);
        toast('info', `${minutes} minutes left in the time-box`);
        if (prefs.sound) chime();
      }
    }
  }, [run, clock, toast, prefs.sound]);
}
