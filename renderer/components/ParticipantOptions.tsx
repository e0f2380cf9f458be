/** The options of a participant picker: each participant by name, in roster order. */
export function ParticipantOptions({
  participants,
}: {
  participants: readonly { id: string; name: string }[];
}) {
  return (
    <>
      {participants.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </>
  );
}
