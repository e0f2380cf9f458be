import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { FeedSetup } from './FeedSetup';
import { GoalsEditor } from './GoalsEditor';
import { ParticipantsEditor } from './ParticipantsEditor';
import { PreflightPanel } from './PreflightPanel';
import { RolesEditor } from './RolesEditor';
import { SessionDetailsForm } from './SessionDetailsForm';

export function PrepareView() {
  const session = useAppStore(selectSession);
  if (!session) return null;
  const locked = session.status !== 'draft' || !!session.archivedAt;
  return (
    <div className="prepare">
      {locked && (
        <p className="notice" role="note">
          {session.archivedAt
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
      <PreflightPanel locked={locked} />
      <FeedSetup
        sessionId={session.id}
        tenant={session.tenantId}
        locked={session.status === 'ended' || !!session.archivedAt}
      />
    </div>
  );
}
