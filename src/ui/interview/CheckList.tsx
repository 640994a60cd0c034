/** A fieldset of checkboxes choosing some of `items` (decks for an interview, areas for a mock one). */
export function CheckList({ legend, items, chosen, onChange }: { legend: string; items: readonly { id: string; name: string }[]; chosen: readonly string[]; onChange: (chosen: string[]) => void }) {
  return (
    <fieldset class="iv-decks">
      <legend>{legend}</legend>
      {items.map((it) => (
        <label class="iv-deck">
          <input type="checkbox" checked={chosen.includes(it.id)} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? [...chosen, it.id] : chosen.filter((x) => x !== it.id))} />
          {it.name}
        </label>
      ))}
    </fieldset>
  );
}
