/** The `<option>`s of a select whose choices are records with an id and a name (decks, note types). */
export function NamedOptions({ items }: { items: readonly { id: string; name: string }[] }) {
  return (
    <>
      {items.map((it) => (
        <option key={it.id} value={it.id}>
          {it.name}
        </option>
      ))}
    </>
  );
}
