import { z } from 'zod';
import { Id } from '../domain/common';
import { Participant, ParticipantFields } from '../domain/participants';
import { method, OrderedIds, Removed } from './common';

export const participantsApi = {
  'participants.add': method(
    ParticipantFields.extend({
      sessionId: Id,
      email: ParticipantFields.shape.email.default(''),
    }).strict(),
    Participant,
  ),
  'participants.update': method(
    z.object({ id: Id, patch: ParticipantFields.partial().strict() }).strict(),
    Participant,
  ),
  'participants.remove': method(z.object({ id: Id }).strict(), Removed),
  'participants.reorder': method(
    z.object({ sessionId: Id, orderedIds: OrderedIds }).strict(),
    z.array(Participant),
  ),
};
