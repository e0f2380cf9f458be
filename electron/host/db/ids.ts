import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** A new ULID: sortable by creation time, unique across clients. */
export const newId = (): string => next();
export const nowIso = (): string => new Date().toISOString();
