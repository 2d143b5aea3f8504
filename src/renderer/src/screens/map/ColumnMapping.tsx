import { useState } from 'react';
import { columnLetter, FIELDS, type ColumnGuess, type Field } from '../../../../shared/import';
import { useImporter, type ImportDraft } from '../../store/importer';

const LABEL: Record<Field, string> = {
  name: 'Name',
  address: 'Address',
  table: 'Table / function',
  type: 'Data type',
  order: 'Byte / word order',
  scale: 'Scale',
  divisor: 'Divisor',
  decimals: 'Decimals',
  offset: 'Value offset',
  units: 'Units',
  description: 'Description',
  access: 'Access',
  length: 'Length',
  bit: 'Bit',
  scanRate: 'Scan rate',
  min: 'Min',
  max: 'Max',
};
const MAIN: Field[] = ['name', 'address', 'type', 'order', 'scale', 'units', 'table', 'description'];

function confidenceView(c: number | undefined, byUser: boolean): { text: string; cls: string } {
  if (byUser) return { text: 'set by you', cls: 'conf-user' };
  if (c === undefined) return { text: 'no column', cls: 'conf-none' };
  if (c >= 1) return { text: '100% · header matches', cls: 'conf-high' };
  if (c >= 0.8) return { text: `${Math.round(c * 100)}% · likely`, cls: 'conf-mid' };
  return { text: `${Math.round(c * 100)}% · guess, check it`, cls: 'conf-low' };
}

/** The importer's guess of which column holds what, with its confidence; every field can be pointed at another column. */
export function ColumnMapping({ draft, guess }: { draft: ImportDraft; guess: ColumnGuess }) {
  const setField = useImporter((s) => s.setField);
  const resetMapping = useImporter((s) => s.resetMapping);
  const [all, setAll] = useState(false);
  const mapped = FIELDS.filter((f) => (guess.mapping[f] ?? -1) >= 0);
  const fields = all ? FIELDS : FIELDS.filter((f) => MAIN.includes(f) || mapped.includes(f));
  const used = new Map<number, Field[]>();
  for (const f of mapped) used.set(guess.mapping[f]!, [...(used.get(guess.mapping[f]!) ?? []), f]);
  const userSet = Object.keys(draft.user).length > 0;
  const overall = Math.round(guess.overall * 100);
  return (
    <div className="mapping" data-testid="column-mapping">
      <div className="mapping-head">
        <h3>1 · Columns</h3>
        <span className={`conf-chip ${guess.overall >= 1 ? 'conf-high' : guess.overall >= 0.8 ? 'conf-mid' : 'conf-low'}`} data-testid="mapping-confidence">
          Mapping confidence {overall}%
        </span>
        <span className="muted small">
          header on row {guess.headerRow}
          {guess.unmapped.length ? ` · not used: ${guess.unmapped.join(', ')}` : ''}
        </span>
        <span className="grow" />
        {userSet ? (
          <button type="button" className="quiet" onClick={resetMapping} data-testid="mapping-reset">
            Back to the guess
          </button>
        ) : null}
        <button type="button" className="quiet" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Fewer fields' : `All ${FIELDS.length} fields`}
        </button>
      </div>
      <div className="mapping-grid">
        {fields.map((f) => {
          const col = guess.mapping[f];
          const has = col !== undefined && col >= 0;
          const byUser = draft.user[f] !== undefined;
          const conf = confidenceView(has ? guess.confidence[f] : undefined, byUser && has);
          const others = has ? (used.get(col) ?? []).filter((x) => x !== f) : [];
          return (
            <div key={f} className={`map-field ${has ? '' : 'unset'}`} data-testid={`mapping-${f}`} data-column={has ? col : -1}>
              <label htmlFor={`map-${f}`}>
                {LABEL[f]}
                {f === 'address' ? <span className="req"> *</span> : null}
              </label>
              <select id={`map-${f}`} value={has ? col : -1} onChange={(e) => setField(f, Number(e.target.value) < 0 ? null : Number(e.target.value))} data-testid={`mapping-select-${f}`}>
                {f !== 'address' ? (
                  <option value={-1}>— no column —</option>
                ) : has ? null : (
                  <option value={-1} disabled>
                    — choose the address column —
                  </option>
                )}
                {guess.headers.map((h, i) => (
                  <option key={i} value={i}>
                    {columnLetter(i)}: {h || '(no header)'}
                  </option>
                ))}
              </select>
              <span className={`conf ${conf.cls}`}>
                {conf.text}
                {others.length ? ` · also ${others.map((o) => LABEL[o]).join(', ')}` : ''}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
