import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { FeedSetup } from './FeedSetup';
import { GoalsEditor } from './GoalsEditor';
import { ParticipantsEditor } from './ParticipantsEditor';
import { PreflightPanel } from './PreflightPanel';
import { RolesEditor } from './RolesEditor';
import { SessionDetailsForm } from './SessionDetailsForm';
import { selectCan } from '../../store/identitySlice';
import { PeopleLinks } from '../links/PeopleLinks';

export function PrepareView() {
  const session = useAppStore(selectSession);
  const facilitates = useAppStore(selectCan('facilitate'));
  const host = useAppStore(selectCan('host'));
  if (!session) return null;
  const locked = session.status !== 'draft' || !!session.archivedAt || !facilitates;
  return (
    <div className="prepare">
      {locked && (
        <p className="notice" role="note">
          {!facilitates
            ? 'Only the facilitator edits the plan; you see it as it stands.'
            : session.archivedAt
              ? 'This session is archived. Unarchive it from the session list to edit it.'
              : `This session is ${session.status}; its preparation can no longer change.`}
        </p>
      )}
      <fieldset disabled={locked} className="prepare-grid">
        <SessionDetailsForm session={session} />
        <RolesEditor />
        <ParticipantsEditor />
        <GoalsEditor />
      </fieldset>
      {host && <PeopleLinks />}
      <PreflightPanel locked={locked} />
      <FeedSetup
        sessionId={session.id}
        tenant={session.tenantId}
        locked={session.status === 'ended' || !!session.archivedAt || !facilitates}
      />
    </div>
  );
}
