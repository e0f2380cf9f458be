import Dexie, { type Table } from 'dexie';
import type { OpInput } from '../../shared/domain/notes';
import type { DraftStart } from './drafts';

export type OutboxEntry = {
  opId: string;
  sessionId: string;
  /** Order of writing: ops replay in this order. */
  seq: number;
  op: OpInput;
  state: 'pending' | 'rejected';
  error?: string;
  createdAt: number;
};

export type Draft = {
  sessionId: string;
  text: string;
  type: string;
  updatedAt: number;
  /** Not indexed: added without a version step. */
  start?: DraftStart;
};

/**
 * The renderer's own store: what was typed but not yet acknowledged by the host, and the note
 * being typed. Version steps are never edited once shipped; add a new one.
 */
export class OutboxDb extends Dexie {
  ops!: Table<OutboxEntry, string>;
  drafts!: Table<Draft, string>;

  constructor(name = 'ensemble-outbox', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ ops: 'opId, sessionId, seq, [sessionId+seq]', drafts: 'sessionId' });
  }
}
