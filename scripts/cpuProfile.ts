/**
 * Reading a V8 sampling CPU profile (the page's, from CDP, or the host's, from Node's inspector):
 * the functions with the most self time, and the thread's busy stretches — runs of samples
 * outside "(idle)" — since a request that arrives meanwhile waits for the stretch to end.
 */
import path from 'node:path';

export type CpuProfile = {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
};

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

const nameOf = (node: CpuProfile['nodes'][number]) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}`;
};

/** The functions with the most self time, as shares of all samples. */
export function topSelf(profile: CpuProfile, count = 10): Array<[string, number]> {
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const self = new Map<string, number>();
  for (const node of profile.nodes)
    self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + (node.hitCount ?? 0));
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, hits]) => [key, hits / Math.max(1, total)]);
}

/**
 * Stretches of back-to-back samples in JavaScript (anything but idle, the VM's own "(program)"
 * and the collector), each with its length in ms and the frames nearest the stack's root that
 * are the app's (so a stretch reads as "handleApi → feeds.groups", not "Database.all").
 */
export function busyStretches(profile: CpuProfile) {
  const { samples = [], timeDeltas = [] } = profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stretches: Array<{ ms: number; top: string }> = [];
  let ms = 0;
  const seen = new Map<string, number>();
  const close = () => {
    if (ms > 0) {
      const top = [...seen].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      stretches.push({ ms, top });
    }
    ms = 0;
    seen.clear();
  };
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!)!;
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    if (IDLE.has(node.callFrame.functionName)) {
      close();
      continue;
    }
    ms += dt;
    // The deepest frame of our own code (not node:internal, not a dependency) names the sample.
    let own = node;
    for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      const url = n.callFrame.url;
      if (url && !url.startsWith('node:') && !url.includes('node_modules')) {
        own = n;
        break;
      }
    }
    const name = nameOf(own);
    seen.set(name, (seen.get(name) ?? 0) + dt);
  }
  close();
  return stretches.sort((a, b) => b.ms - a.ms);
}
