import { useEffect, useState } from 'react';

/** 75_000 → "1:15", 3_725_000 → "1:02:05"; negative → "-0:42". */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}

/** Re-render every `ms` milliseconds and return this device's time. */
export function useNow(ms = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

// Formatters are made once per locale: a live feed formats thousands of times a second.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'time' | 'day', locale: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${locale ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
        : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
    );
    formatters.set(key, f);
  }
  return f;
}

/** The local time of day to the second: "14:02:05" (as the locale writes it). */
export const formatTimeOfDay = (epochMs: number, locale?: string) =>
  formatter('time', locale).format(epochMs);

/** The local date: "Tue, 4 Mar 2025" (as the locale writes it). */
export const formatDay = (epochMs: number, locale?: string) =>
  formatter('day', locale).format(epochMs);

const localDay = (epochMs: number) => {
  const d = new Date(epochMs);
  return d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate();
};

/**
 * A log or timeline time: to the second, with the date in front where the day differs from the
 * row before it (and on the first row, `previous` null), as a log viewer shows a day boundary.
 */
export function formatLogTime(
  epochMs: number,
  previous: number | null | undefined,
  locale?: string,
): string {
  const time = formatTimeOfDay(epochMs, locale);
  return previous == null || localDay(previous) !== localDay(epochMs)
    ? `${formatDay(epochMs, locale)} ${time}`
    : time;
}
