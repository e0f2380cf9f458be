import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, tailFile, type Runner } from './runners';

const runners: Runner[] = [];
afterEach(() => runners.splice(0).forEach((r) => r.stop()));
const waitFor = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('command source', () => {
  it('streams stdout lines, shows stderr, and restarts a command that exits', async () => {
    const lines: string[] = [];
    const script = `console.log('{"msg":"one"}'); console.error('warming up'); console.log('two'); process.exit(3)`;
    const r = runCommand(
      `"${process.execPath}" -e "${script.replace(/"/g, '\\"')}"`,
      (l) => lines.push(l),
      { maxBackoffMs: 200 },
    );
    runners.push(r);
    await waitFor(() => lines.length >= 4); // ran twice
    expect(lines.slice(0, 2)).toEqual(['{"msg":"one"}', 'two']);
    await waitFor(() => r.state().status === 'error');
    expect(r.state().detail).toMatch(/Exited with code 3.*warming up.*restarting/);
  });

  it('finishes a command that exits with 0: not run again', async () => {
    const lines: string[] = [];
    let finished = 0;
    const r = runCommand(
      `"${process.execPath}" -e "console.log('only'); console.log('once')"`,
      (l) => lines.push(l),
      { maxBackoffMs: 50, onFinished: () => finished++ },
    );
    runners.push(r);
    await waitFor(() => r.state().status === 'finished');
    expect(r.state().detail).toMatch(/Finished/);
    // Had it been restarted (after at most 50 ms), it would have printed again by now.
    const other = runCommand(`"${process.execPath}" -e "setTimeout(() => {}, 300)"`, () => {});
    runners.push(other);
    await waitFor(() => other.state().status === 'finished');
    expect(lines).toEqual(['only', 'once']);
    expect(finished).toBe(1);
  });

  it('restarts a command that exits with 0 when asked, with a back-off lines do not reset', async () => {
    const lines: string[] = [];
    let restarts = 0;
    const r = runCommand(
      `"${process.execPath}" -e "console.log('a'); console.log('b')"`,
      (l) => lines.push(l),
      {
        restartOnExit: true,
        onRestart: () => restarts++,
      },
    );
    runners.push(r);
    await waitFor(() => restarts >= 1 && lines.length >= 4);
    // Printed lines do not reset the back-off: the second pause is 2 s, not 1 s again.
    await waitFor(() => /restarting in 2 s/.test(r.state().detail));
    expect(r.state().status).toBe('waiting');
  });

  it('splits CRLF lines, keeps multi-byte characters whole, and reads a last line without a newline', async () => {
    const lines: string[] = [];
    const script = `process.stdout.write('one\\r\\nzwei ü'); setTimeout(() => process.stdout.write('ber\\nlast'), 50)`;
    const r = runCommand(`"${process.execPath}" -e "${script}"`, (l) => lines.push(l));
    runners.push(r);
    await waitFor(() => r.state().status === 'finished');
    expect(lines).toEqual(['one', 'zwei über', 'last']);
  });

  it('is stopped with everything it started', async () => {
    const lines: string[] = [];
    const r = runCommand(
      `"${process.execPath}" -e "setInterval(() => console.log('tick'), 20)"`,
      (l) => lines.push(l),
    );
    await waitFor(() => lines.length > 2);
    r.stop();
    const seen = lines.length;
    await new Promise((res) => setTimeout(res, 200));
    expect(lines.length).toBeLessThanOrEqual(seen + 1);
    expect(r.state().status).toBe('off');
  });
});

describe('file tail', () => {
  it('follows appends, survives rotation and truncation, and keeps partial lines whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-tail-'));
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, 'old line before the session\n');
    const lines: string[] = [];
    const r = tailFile(file, (l) => lines.push(l), { pollMs: 20 });
    runners.push(r);
    fs.appendFileSync(file, 'first\nsecond half');
    await waitFor(() => lines.includes('first'));
    fs.appendFileSync(file, ' done\n');
    await waitFor(() => lines.includes('second half done'));
    // Rotation: the file is moved away and a new one starts.
    fs.appendFileSync(file, 'last of the old file\n');
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, 'first of the new file\n');
    await waitFor(() => lines.includes('first of the new file'));
    // Truncation: the same file starts over.
    await new Promise((res) => setTimeout(res, 60));
    fs.truncateSync(file, 0);
    await new Promise((res) => setTimeout(res, 60));
    fs.appendFileSync(file, 'after truncation\n');
    await waitFor(() => lines.includes('after truncation'));
    expect(lines).toEqual([
      'first',
      'second half done',
      'last of the old file',
      'first of the new file',
      'after truncation',
    ]);
    r.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
