import { describe, expect, it } from 'vitest';
import type { Assert, SameKeys } from './common';
import { api, METHOD_NAMES, type MethodName } from './contract';
import { appApi } from './app';
import { debriefApi } from './debrief';
import { decisionApi } from './decision';
import { devApi } from './dev';
import { exportsApi } from './exports';
import { feedsApi } from './feeds';
import { goalsApi } from './goals';
import { linksApi } from './links';
import { notesApi } from './notes';
import { participantsApi } from './participants';
import { preflightApi } from './preflight';
import { rolesApi } from './roles';
import { runApi } from './run';
import { screenshotsApi } from './screenshots';
import { sessionsApi } from './sessions';
import { sourcesApi } from './sources';

const DOMAINS = {
  app: appApi,
  sessions: sessionsApi,
  roles: rolesApi,
  participants: participantsApi,
  goals: goalsApi,
  preflight: preflightApi,
  run: runApi,
  notes: notesApi,
  screenshots: screenshotsApi,
  feeds: feedsApi,
  sources: sourcesApi,
  debrief: debriefApi,
  decision: decisionApi,
  exports: exportsApi,
  links: linksApi,
  dev: devApi,
};

type Names = Record<MethodName, unknown>;

describe('the API map', () => {
  it('has exactly the methods of METHOD_NAMES, each once', () => {
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });

  it('takes each method from the one domain file its prefix names, with no two files defining it', () => {
    const defined = Object.entries(DOMAINS).flatMap(([domain, map]) =>
      Object.keys(map).map((name) => `${domain}: ${name}`),
    );
    // A name in two files would be lost in the spread; a name in the wrong file would hide.
    expect(defined.filter((d) => d.split(': ')[1]!.split('.')[0] !== d.split(': ')[0])).toEqual([]);
    expect(defined).toHaveLength(METHOD_NAMES.length);
  });

  // The assertions below are checked by `npm run typecheck`: if SameKeys stopped telling the
  // maps apart, the @ts-expect-error lines would be unused errors and the typecheck would fail.
  it('breaks the typecheck when a method is on one side only, spreads included', () => {
    const { 'notes.history': _dropped, ...missing } = api;
    const extra = { ...api, ...{ 'notes.extra': notesApi['notes.history'] } };
    type _Same = Assert<SameKeys<typeof api, Names>>;
    // @ts-expect-error METHOD_NAMES lists a method the map lacks
    type _Missing = Assert<SameKeys<typeof missing, Names>>;
    // @ts-expect-error the map has a method METHOD_NAMES does not list
    type _Extra = Assert<SameKeys<typeof extra, Names>>;
    expect(Object.keys(missing)).toHaveLength(METHOD_NAMES.length - 1);
    expect(Object.keys(extra)).toHaveLength(METHOD_NAMES.length + 1);
  });
});
