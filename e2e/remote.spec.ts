import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './host';
import { prepareSession } from './runSetup';

/**
 * Web mode started with --allow-remote, reached from somewhere else: a second "host" in its own
 * network namespace (a veth pair), where the machine allows it; else from this machine's own
 * network address, which the host sees as remote too.
 */

type Statuses = { personal: number; full: number; none: number; pipeline: number };

/** The calls a remote participant (or attacker) makes, as a script run wherever it is run. */
const probe = (base: string, sessionId: string, tokens: Record<string, string>) => `
const call = (token) => fetch('${base}/api/run.state', {
  method: 'POST',
  headers: token ? { Authorization: 'Bearer ' + token } : {},
  body: JSON.stringify({ sessionId: '${sessionId}' }),
}).then((r) => r.status);
(async () => {
  const out = {
    personal: await call('${tokens.personal}'),
    full: await call('${tokens.full}'),
    none: await call(''),
    pipeline: await fetch('${base}/api/sessions/${sessionId}/gate?expect=promote&stage=10', {
      headers: { Authorization: 'Bearer ${tokens.pipeline}' },
    }).then((r) => r.status),
  };
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

function expectRemoteRules(statuses: Statuses) {
  expect(statuses).toEqual({
    personal: 200, // a personal link works from another machine
    full: 403, // the host's own token only on its machine
    none: 401,
    pipeline: 425, // the read-only pipeline token too (the decision is not signed yet)
  });
}

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) fs.rmSync(host.dataDir, { recursive: true, force: true });
  host = undefined;
});

async function remoteHost(request: Parameters<typeof prepareSession>[0]) {
  host = await startHost({ args: ['--host', '0.0.0.0', '--allow-remote'] });
  // The app says which address to share.
  expect(host.output()).toMatch(/Share with others: http:\/\/\S+:\d+ \(personal links/);
  const { sessionId, people, call } = await prepareSession(request, host, { rotationMinutes: 10 });
  const { url } = await call('links.issue', { sessionId, participantId: people.Ben });
  const personal = new URLSearchParams(new URL(url).hash.replace('#/join?', '')).get('t')!;
  const tokens = { personal, full: host.token, pipeline: host.pipelineToken };
  return { sessionId, tokens, port: Number(new URL(host.url).port) };
}

const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });

/** Why network namespaces cannot be used here, or null when they can. */
function namespacesUnavailable(): string | null {
  if (os.platform() !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'making a network namespace needs root';
  const probe = `ensp${process.pid % 100000}`;
  const made = ip('netns', 'add', probe);
  if (made.status !== 0) return `ip netns add failed: ${made.stderr.trim() || made.error}`;
  ip('netns', 'del', probe);
  return null;
}

test('a second host in its own network namespace: personal link yes, the host’s token and no token no', async ({
  request,
}) => {
  const why = namespacesUnavailable();
  if (why) console.log(`remote.spec: namespace test skipped: ${why}`);
  test.skip(why !== null, why ?? '');
  const n = (process.pid + Math.floor(Math.random() * 1000)) % 250;
  const [ns, outside, inside] = [`ens${n}`, `ensh${n}`, `ensn${n}`];
  const [hostIp, peerIp] = [`10.231.${n}.1`, `10.231.${n}.2`];
  try {
    for (const args of [
      ['netns', 'add', ns],
      ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside],
      ['link', 'set', inside, 'netns', ns],
      ['addr', 'add', `${hostIp}/30`, 'dev', outside],
      ['link', 'set', outside, 'up'],
      ['netns', 'exec', ns, 'ip', 'addr', 'add', `${peerIp}/30`, 'dev', inside],
      ['netns', 'exec', ns, 'ip', 'link', 'set', inside, 'up'],
      ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up'],
    ])
      execFileSync('ip', args, { stdio: 'pipe' });
    const { sessionId, tokens, port } = await remoteHost(request);
    const script = probe(`http://${hostIp}:${port}`, sessionId, tokens);
    const run = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expectRemoteRules(JSON.parse(run.stdout) as Statuses);
  } finally {
    ip('netns', 'del', ns); // takes the veth pair with it
    ip('link', 'del', outside);
  }
});

test('from this machine’s own network address, which the host sees as another machine', async ({
  request,
}) => {
  const address = Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .find((i) => !i.internal && i.family === 'IPv4')?.address;
  if (!address) console.log('remote.spec: no address but loopback here; skipped');
  test.skip(!address, 'no network address but loopback');
  const { sessionId, tokens, port } = await remoteHost(request);
  const run = spawnSync(
    process.execPath,
    ['-e', probe(`http://${address}:${port}`, sessionId, tokens)],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(run.stderr).toBe('');
  expectRemoteRules(JSON.parse(run.stdout) as Statuses);
});
