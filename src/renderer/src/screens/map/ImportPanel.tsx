import { useRef, useState, type DragEvent } from 'react';
import type { Device } from '../../../../shared/project/schema';
import { importRunsIn, useImporter } from '../../store/importer';
import { AddToProject } from './AddToProject';
import { ColumnMapping } from './ColumnMapping';
import { ImportOptionsRow } from './ImportOptionsRow';
import { ImportPreview } from './ImportPreview';
import { ImportProgress } from './ImportProgress';
import { ImportProblems, OffByOneBanner } from './ImportProblems';

const ACCEPT = '.csv,.txt,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMAT_LABEL: Record<string, string> = {
  csv: 'CSV',
  xlsx: 'Excel workbook (XLSX)',
  'kepware-csv': 'Kepware tag export (CSV)',
  'fieldbench-json': 'Fieldbench tag map (JSON)',
  'sunspec-json': 'SunSpec model (JSON)',
};

const size = (n: number) => (n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/**
 * Import a register map into the device: choose or drop a file, check the column mapping and the decoded preview,
 * read every problem by row and cell, then add the tags to the project.
 */
export function ImportPanel({ device }: { device: Device }) {
  const draft = useImporter((s) => s.draft);
  const reading = useImporter((s) => s.reading);
  const open = useImporter((s) => s.open);
  const clear = useImporter((s) => s.clear);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const take = (files: FileList | null) => {
    const f = files?.[0];
    if (f) void open(f, device.name);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };

  return (
    <section className="panel import-panel" data-testid="import-panel" data-runs-in={importRunsIn()}>
      <h2 className="panel-title">Import a register map into {device.name}</h2>
      <div
        className={`drop-zone ${over ? 'over' : ''} ${draft ? 'has-file' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop"
      >
        <input ref={input} type="file" accept={ACCEPT} className="visually-hidden" id="import-file" data-testid="import-file" onChange={(e) => take(e.target.files)} />
        <button type="button" className={draft ? '' : 'primary'} onClick={() => input.current?.click()} disabled={reading}>
          {reading ? 'Reading…' : draft ? 'Choose another file…' : 'Choose a file…'}
        </button>
        {draft ? (
          <span className="file-line" data-testid="import-file-line">
            <span className="strong">{draft.fileName}</span> · {size(draft.size)} · {draft.result ? FORMAT_LABEL[draft.result.format] : draft.busy ? 'reading…' : 'not readable'}
            {draft.source?.kind === 'table' && draft.source.decimal === ',' ? ' · decimal comma' : ''}
            <button type="button" className="quiet" onClick={() => clear()} data-testid="import-clear">
              Close
            </button>
          </span>
        ) : (
          <span className="muted">or drop it here. CSV (comma or semicolon), Excel .xlsx, Kepware tag export, Fieldbench JSON, SunSpec model JSON. The file is read in this window; nothing is sent until you add it.</span>
        )}
      </div>
      {draft ? (
        <>
          {draft.fatal ? (
            <p className="form-error import-fatal" role="alert" data-testid="import-fatal">
              {draft.fatal}
            </p>
          ) : null}
          {draft.busy ? <ImportProgress draft={draft} /> : null}
          {!draft.fatal && draft.result ? <OffByOneBanner problems={draft.result.problems} /> : null}
          <ImportOptionsRow draft={draft} />
          {!draft.fatal && draft.guess && draft.source?.kind === 'table' ? <ColumnMapping draft={draft} guess={draft.guess} /> : null}
          {!draft.fatal && draft.result ? (
            <>
              <ImportPreview draft={draft} result={draft.result} />
              <ImportProblems draft={draft} result={draft.result} />
              <AddToProject device={device} draft={draft} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
