import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';

export type SourceState = {
  status: 'connected' | 'waiting' | 'error' | 'finished' | 'off';
  detail: string;
  lastEventAt: number | null;
};
export type LineSink = (line: string) => void;
export type Runner = {
  stop(): void;
  /** Stop reading for a while (the store is behind); lines already read still arrive. */
  pause?(): void;
  resume?(): void;
  state(): SourceState;
  /** Stop after catching up to now (pull sources at the end of a session); else as stop(). */
  finish?(): void;
};

/** A line longer than this is cut here (a stream without newlines cannot grow without bound). */
const MAX_LINE = 1 << 20;

/**
 * The lines of a text stream, split by hand: readline's per-line regular expression and events
 * cost more than the line itself at hundreds of thousands of lines a second.
 */
function eachLine(input: Readable, onLine: (line: string) => void) {
  let partial = '';
  input.setEncoding('utf8'); // multi-byte characters split across chunks stay whole
  input.on('data', (chunk: string) => {
    const text = partial + chunk;
    let from = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
      onLine(text.slice(from, at > from && text.charCodeAt(at - 1) === 13 ? at - 1 : at));
      from = at + 1;
    }
    partial = text.slice(from);
    if (partial.length > MAX_LINE) {
      onLine(partial.slice(0, MAX_LINE));
      partial = '';
    }
  });
  input.on('end', () => {
    if (partial) onLine(partial);
    partial = '';
  });
}

export type CommandOptions = {
  cwd?: string;
  maxBackoffMs?: number;
  /** Run it again after it exits with 0 too (a failed command is always run again). */
  restartOnExit?: boolean;
  /** A run this long resets the back-off: the command was working. */
  stableMs?: number;
  /** Called before each run after the first. */
  onRestart?: () => void;
  /** Called when it exits with 0 and is not to be restarted. */
  onFinished?: () => void;
};

/**
 * A command whose stdout lines are events (kubectl logs -f, stern -o json, cat app.log, …). When
 * it exits with 0 it has finished (unless restartOnExit); when it fails it is run again after a
 * pause that doubles with each failure and resets only after a run of stableMs. Its last stderr
 * line is shown as the source's status.
 */
export function runCommand(
  command: string,
  onLine: LineSink,
  options: CommandOptions = {},
): Runner {
  let child: ChildProcess | null = null;
  let stopped = false;
  let attempt = 0;
  let runs = 0;
  let lines: Readable | null = null;
  let paused = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const state: SourceState = { status: 'waiting', detail: 'Starting…', lastEventAt: null };

  const start = () => {
    if (stopped) return;
    if (runs++ > 0) options.onRestart?.();
    const startedAt = Date.now();
    const proc = spawn(command, {
      shell: true,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    child = proc;
    state.status = 'waiting';
    state.detail = `Running: ${command}`;
    lines = proc.stdout!;
    if (paused) lines.pause();
    eachLine(lines, (line) => {
      if (stopped) return; // lines still in the pipe when the source was stopped are not its events
      state.status = 'connected';
      state.lastEventAt = Date.now();
      onLine(line);
    });
    readline.createInterface({ input: proc.stderr! }).on('line', (line) => {
      if (line.trim()) state.detail = `stderr: ${line.trim().slice(0, 300)}`;
    });
    proc.on('error', (error) => {
      state.status = 'error';
      state.detail = `Cannot start: ${error.message}`;
    });
    // 'close', not 'exit': every line it printed has been read by then.
    proc.on('close', (code, signal) => {
      if (child === proc) child = null;
      if (stopped) return;
      const stderr = state.detail.startsWith('stderr:') ? ` (${state.detail})` : '';
      if (code === 0 && !options.restartOnExit) {
        state.status = 'finished';
        state.detail = `Finished: the command exited with code 0${stderr}`;
        options.onFinished?.();
        return;
      }
      if (Date.now() - startedAt >= (options.stableMs ?? 60_000)) attempt = 0;
      const wait = Math.min(options.maxBackoffMs ?? 30_000, 1000 * 2 ** attempt++);
      state.status = code === 0 ? 'waiting' : 'error';
      state.detail = `${signal ? `Stopped by ${signal}` : `Exited with code ${code}`}${stderr}; restarting in ${Math.round(wait / 1000)} s`;
      timer = setTimeout(start, wait);
      timer.unref?.();
    });
  };
  start();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (child?.pid) {
        try {
          // The shell and what it started: the whole process group.
          if (process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
          else child.kill('SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
      }
      state.status = 'off';
      state.detail = 'Stopped';
    },
    pause() {
      paused = true;
      lines?.pause();
    },
    resume() {
      paused = false;
      lines?.resume();
    },
    state: () => ({ ...state }),
  };
}

/**
 * `tail -F` for one file: new lines as they are written, from the end at start; a file moved
 * away and recreated (rotation) is followed, and a truncated file is read again from the top.
 */
export function tailFile(
  path: string,
  onLine: LineSink,
  options: { pollMs?: number; fromStart?: boolean } = {},
): Runner {
  let fd: number | null = null;
  let ino: number | null = null;
  let position = 0;
  let partial = '';
  let paused = false;
  const state: SourceState = {
    status: 'waiting',
    detail: `Waiting for ${path}`,
    lastEventAt: null,
  };

  const emit = (text: string) => {
    const lines = (partial + text).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (partial.length > MAX_LINE) {
      lines.push(partial.slice(0, MAX_LINE));
      partial = '';
    }
    for (const line of lines) {
      state.lastEventAt = Date.now();
      onLine(line);
    }
  };
  const readNew = () => {
    if (fd === null) return;
    const size = fs.fstatSync(fd).size;
    if (size < position) {
      position = 0; // truncated: start over
      partial = '';
    }
    while (position < size && !paused) {
      const buf = Buffer.alloc(Math.min(1 << 20, size - position));
      const n = fs.readSync(fd, buf, 0, buf.length, position);
      if (n <= 0) break;
      position += n;
      emit(buf.subarray(0, n).toString('utf8'));
    }
  };
  const open = (fromStart: boolean) => {
    fd = fs.openSync(path, 'r');
    const st = fs.fstatSync(fd);
    ino = st.ino;
    position = fromStart ? 0 : st.size;
    partial = '';
    state.status = 'connected';
    state.detail = `Following ${path}`;
  };

  let first = true;
  const poll = () => {
    if (paused) return; // the store is behind: read on (and check for rotation) once it caught up
    try {
      if (fd === null) {
        if (!fs.existsSync(path)) return;
        open(first ? Boolean(options.fromStart) : true);
        first = false;
      }
      readNew();
      const current = fs.existsSync(path) ? fs.statSync(path) : null;
      if (!current || current.ino !== ino) {
        // Rotated: finish the old file, then follow the new one from its start.
        readNew();
        fs.closeSync(fd!);
        fd = null;
        if (current) {
          open(true);
          readNew();
        } else {
          state.status = 'waiting';
          state.detail = `Waiting for ${path} to be recreated`;
        }
      }
    } catch (error) {
      state.status = 'error';
      state.detail = String((error as Error).message);
    }
  };
  first = true;
  poll();
  const timer = setInterval(poll, options.pollMs ?? 250);
  timer.unref?.();

  return {
    stop() {
      clearInterval(timer);
      if (fd !== null) fs.closeSync(fd);
      fd = null;
      state.status = 'off';
      state.detail = 'Stopped';
    },
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    state: () => ({ ...state }),
  };
}
