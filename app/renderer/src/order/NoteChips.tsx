/**
 * The item's note presets ("To go", "Extra hot") as one-tap chips (issue 11 item 8): a tap adds
 * the preset to the note, a second tap takes it out; what the cashier typed stays.
 */
import { useTranslation } from 'react-i18next';

function parts(note: string): string[] {
  return note.split(',').map((p) => p.trim()).filter(Boolean);
}

export function toggleNotePreset(note: string, preset: string): string {
  const current = parts(note);
  const has = current.some((p) => p.toLowerCase() === preset.toLowerCase());
  return (has ? current.filter((p) => p.toLowerCase() !== preset.toLowerCase()) : [...current, preset]).join(', ');
}

export function NoteChips({ presets, note, onChange }: { presets: readonly string[]; note: string; onChange(note: string): void }) {
  const { t } = useTranslation();
  if (presets.length === 0) return null;
  const on = new Set(parts(note).map((p) => p.toLowerCase()));
  return (
    <div className="note-chips" role="group" aria-label={t('order.notePresets')} data-testid="note-chips">
      {presets.map((p) => (
        <button type="button" key={p} className={on.has(p.toLowerCase()) ? 'note-chip on' : 'note-chip'} aria-pressed={on.has(p.toLowerCase())}
          onClick={() => onChange(toggleNotePreset(note, p))} data-testid="note-chip">{p}</button>
      ))}
    </div>
  );
}
