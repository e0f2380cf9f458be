import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { createActions, NO_SESSION, settled, SWITCHED, toFailure } from './action';

/** Just the two things the wrapper reads: which session is open, and where toasts go. */
function harness(openSessionId: string | null = 'A') {
  const state = {
    openSessionId,
    toasts: [] as string[],
    toast: (_kind: 'error' | 'info', text: string) => state.toasts.push(text),
  };
  return { state, ...createActions(() => state) };
}

const fieldError = () =>
  new ApiError('invalid_argument', 'Invalid input', [
    { path: 'patch.title', message: 'Title is required' },
  ]);
const plainError = () => new ApiError('conflict', 'The session is archived');

/** A call that stays pending until the test answers it. */
function pending<T>() {
  let answer!: (value: T) => void;
  let refuse!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  return { promise, answer, refuse };
}

describe('the action wrapper', () => {
  it('answers the value and applies it', async () => {
    const { act } = harness();
    const applied: number[] = [];
    const done = await act(async () => 42, { apply: (v) => applied.push(v) });
    expect(done).toEqual({ ok: true, value: 42 });
    expect(settled(done)).toEqual({ ok: true });
    expect(applied).toEqual([42]);
  });

  it('turns a failure into field messages, and a toast as the action asks', async () => {
    const { act, state } = harness();
    const asForm = await act(() => Promise.reject(fieldError()), { report: 'form' });
    expect(asForm).toEqual({
      ok: false,
      message: 'Invalid input',
      fields: { title: 'Title is required' },
    });
    expect(state.toasts).toEqual([]); // the form shows it beside the field

    await act(() => Promise.reject(plainError()), { report: 'form' });
    await act(() => Promise.reject(fieldError()), { report: 'quiet' });
    await act(() => Promise.reject(new Error('offline')));
    expect(state.toasts).toEqual(['The session is archived', 'offline']);
  });

  it('lets an action put back what it showed early, or handle an expected failure itself', async () => {
    const { act, state } = harness();
    const undone: string[] = [];
    await act(() => Promise.reject(plainError()), { failed: () => void undone.push('order') });
    expect(undone).toEqual(['order']);
    expect(state.toasts).toEqual(['The session is archived']);

    const handled = await act(() => Promise.reject(plainError()), { failed: () => true });
    expect(handled.ok).toBe(false);
    expect(state.toasts).toHaveLength(1);
  });

  it('refuses a session call when no session is open, without calling', async () => {
    const { actOnSession, state } = harness(null);
    let called = false;
    const done = await actOnSession(async () => {
      called = true;
    });
    expect(done).toBe(NO_SESSION);
    expect(called).toBe(false);
    expect(state.toasts).toEqual([]);
  });

  it('drops answers and failures that arrive after another session was opened', async () => {
    const { actOnSession, state } = harness('A');
    const ids: string[] = [];
    const answer = pending<string>();
    const answered = actOnSession(
      (id) => {
        ids.push(id);
        return answer.promise;
      },
      { apply: (v) => ids.push(`applied ${v}`) },
    );
    const failure = pending<never>();
    const failed = actOnSession(() => failure.promise, { failed: () => void ids.push('undone') });

    state.openSessionId = 'B';
    answer.answer('for A');
    failure.refuse(plainError());
    expect(await answered).toBe(SWITCHED);
    expect(await failed).toBe(SWITCHED);
    expect(ids).toEqual(['A']); // called for A; nothing applied to B, nothing undone there
    expect(state.toasts).toEqual([]);

    expect(await actOnSession(async (id) => id)).toEqual({ ok: true, value: 'B' });
  });

  it('keys field messages by their path without the patch prefix', () => {
    expect(toFailure(fieldError()).fields).toEqual({ title: 'Title is required' });
    expect(toFailure('odd')).toEqual({ ok: false, message: 'odd', fields: {} });
  });
});
