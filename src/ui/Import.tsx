export function ImportScreen() {
  return (
    <section>
      <h1>Import</h1>
      <p class="muted">Importing decks is coming in the next step.</p>
    </section>
  );
}
