import { create } from 'zustand';
import type { ColumnGuess, ColumnMapping, Field, ImportOptions, ImportProblem, ImportResult } from '../../../shared/import';
import { checkName } from '../../../shared/import';
import type { RowVerdict, VerdictSummary } from '../../../shared/import/verdicts';
import type { Tag } from '../../../shared/project/schema';
import { api } from '../api';
import type { EvalProgress, SourceInfo } from '../import/evaluate';
import { createImportRunner, type ImportRunner } from '../import/import-runner';
import { errorText } from './notices';

/** How plain and 5-digit addresses count ('auto' lets the importer decide from the file), and the word order of a Kepware export's 32/64-bit values ('auto': Kepware's default, CDAB). */
export interface AddressChoice {
  plainBase: 'auto' | '0' | '1';
  fiveDigit: 'auto' | 'conventional' | 'offset';
  kepwareOrder: 'auto' | 'ABCD' | 'CDAB' | 'BADC' | 'DCBA';
}

/** An opened file on its way into the project: the guess, the user's fixes, and what the importer made of it. */
export interface ImportDraft {
  /** Identity of this file's draft: the parsed source is kept under it where the import runs. */
  id: number;
  fileName: string;
  size: number;
  bytes: Uint8Array;
  source: SourceInfo | null;
  /** A file that cannot be read at all, or options the importer refused: one clear message. */
  fatal: string | null;
  sheet: string | undefined;
  /** The fields the operator set by hand (a column index, or -1 for "no column"). */
  user: ColumnMapping;
  address: AddressChoice;
  devicePath: string;
  guess: ColumnGuess | null;
  /** What the importer made of the file (its tags are in `tags`, as the project takes them). */
  result: ImportResult | null;
  /** Tags the project takes, and the rows toProjectTag or the name check refused (they join the problem list). */
  tags: Tag[];
  refused: ImportProblem[];
  /** Rows by verdict over the whole file (the result above holds only the preview's tags). */
  verdicts: VerdictSummary | null;
  /** Every row that is not simply imported, whole file, with its verdict and reason. */
  flaggedRows: RowVerdict[];
  mapName: string;
  scanClassMs: number;
  /** The map the draft became (set once added). */
  addedAs: { mapId: string; name: string; tags: number } | null;
  /** Where the target device has its "SunS" marker, once asked: the off-by-one check holds the map against it. */
  deviceSunSpecBase: number | undefined;
  /** True while the importer works on the current choices; what is shown meanwhile is the previous result. */
  busy: boolean;
  progress: EvalProgress | null;
}

/** What SunSpec discovery said about a device's marker: where it is, or why it was not found. */
export type DeviceMarker = { kind: 'found'; base: number } | { kind: 'none'; reason: string };

export function defaultDevicePath(deviceName: string): string {
  return `Site/Area/Line/Cell/${checkName(deviceName).fixed}`;
}

function options(d: ImportDraft): Omit<ImportOptions, 'onProgress'> {
  const o: ImportOptions = { devicePath: d.devicePath };
  if (d.deviceSunSpecBase !== undefined) o.deviceSunSpecBase = d.deviceSunSpecBase;
  if (d.sheet !== undefined) o.sheet = d.sheet;
  if (d.address.plainBase !== 'auto') o.plainBase = Number(d.address.plainBase) as 0 | 1;
  if (d.address.fiveDigit !== 'auto') o.fiveDigit = d.address.fiveDigit;
  if (d.address.kepwareOrder !== 'auto') o.kepwareWordOrder = d.address.kepwareOrder;
  return o;
}

interface ImporterStore {
  /** The device the Register map screen works on: imports, SunSpec discovery and the map list are its. */
  deviceId: string | null;
  setDevice(deviceId: string): void;
  draft: ImportDraft | null;
  reading: boolean;
  open(file: File, deviceName: string): Promise<void>;
  setSheet(sheet: string): void;
  /** Point a field at a column (index), or at no column (null). */
  setField(field: Field, column: number | null): void;
  resetMapping(): void;
  setAddress(choice: Partial<AddressChoice>): void;
  setDevicePath(path: string): void;
  setMapName(name: string): void;
  setScanClass(ms: number): void;
  markAdded(added: ImportDraft['addedAs']): void;
  clear(): void;
  /** SunSpec markers found (or not) per device in this session. */
  markers: Readonly<Record<string, DeviceMarker>>;
  checkingMarker: boolean;
  /** Record what discovery found on a device; the draft is checked again when it is for that device. */
  noteMarker(deviceId: string, marker: DeviceMarker): void;
  /** Ask the current device where its "SunS" marker is (SunSpec discovery: reads only). */
  checkMarker(): Promise<void>;
}

const baseOf = (m: DeviceMarker | undefined) => (m?.kind === 'found' ? m.base : undefined);

const stem = (name: string) => name.replace(/\.[^.]+$/, '');

let runner: ImportRunner | null = null;
const getRunner = () => (runner ??= createImportRunner());
let nextDraftId = 1;

/** Where imports run in this window: 'worker', 'page' (no worker could start), or 'none' before the first file. */
export function importRunsIn(): 'worker' | 'page' | 'none' {
  return runner ? runner.where() : 'none';
}

/** The import in progress on the Register map screen; parsing runs in a worker (or the page) with the shared importer. */
export const useImporter = create<ImporterStore>()((set, get) => {
  /** Evaluations asked for; only the answer to the latest is shown. */
  let asked = 0;

  const evaluate = (d: ImportDraft, reparse: boolean): Promise<void> => {
    const mine = ++asked;
    const job = { draftId: d.id, bytes: d.bytes, reparse, fileName: d.fileName, options: options(d), ...(Object.keys(d.user).length ? { user: d.user } : {}), scanClassMs: d.scanClassMs };
    const current = () => mine === asked && get().draft?.id === d.id;
    const run = getRunner()
      .run(job, (p) => {
        if (current()) set((s) => (s.draft ? { draft: { ...s.draft, progress: p } } : s));
      })
      .then(
        (res) => {
          if (!current()) return;
          set((s) => (s.draft ? { draft: { ...s.draft, source: res.source, guess: res.guess, result: res.result, tags: res.tags, refused: res.refused, verdicts: res.verdicts, flaggedRows: res.flaggedRows, fatal: res.fatal, addedAs: null, busy: false, progress: null } } : s));
        },
        (err: unknown) => {
          if (!current()) return;
          set((s) => (s.draft ? { draft: { ...s.draft, fatal: `the importer failed: ${errorText(err)}`, busy: false, progress: null } } : s));
        },
      );
    return run;
  };

  /** Apply the operator's change at once (the controls follow), then let the importer catch up. */
  const update = (change: (d: ImportDraft) => ImportDraft, reparse = false) => {
    const d = get().draft;
    if (!d) return;
    const next = { ...change(d), busy: true };
    set({ draft: next });
    void evaluate(next, reparse);
  };

  return {
    deviceId: null,
    setDevice: (deviceId) => {
      set({ deviceId });
      const base = baseOf(get().markers[deviceId]);
      if (get().draft && get().draft!.deviceSunSpecBase !== base) update((d) => ({ ...d, deviceSunSpecBase: base }));
    },
    markers: {},
    checkingMarker: false,
    noteMarker(deviceId, marker) {
      set((s) => ({ markers: { ...s.markers, [deviceId]: marker } }));
      if (deviceId === get().deviceId && get().draft) update((d) => ({ ...d, deviceSunSpecBase: baseOf(marker) }));
    },
    async checkMarker() {
      const deviceId = get().deviceId;
      if (!deviceId) return;
      set({ checkingMarker: true });
      try {
        const found = await api().sunspecDiscover({ deviceId });
        get().noteMarker(deviceId, { kind: 'found', base: found.base });
      } catch (err) {
        get().noteMarker(deviceId, { kind: 'none', reason: errorText(err) });
      } finally {
        set({ checkingMarker: false });
      }
    },
    draft: null,
    reading: false,
    async open(file, deviceName) {
      set({ reading: true });
      try {
        const previous = get().draft;
        if (previous) getRunner().forget(previous.id);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const deviceId = get().deviceId;
        const draft: ImportDraft = {
          id: nextDraftId++,
          fileName: file.name,
          size: file.size,
          bytes,
          source: null,
          fatal: null,
          sheet: undefined,
          user: {},
          address: { plainBase: 'auto', fiveDigit: 'auto', kepwareOrder: 'auto' },
          devicePath: defaultDevicePath(deviceName),
          guess: null,
          result: null,
          tags: [],
          refused: [],
          verdicts: null,
          flaggedRows: [],
          mapName: stem(file.name).slice(0, 120) || 'Imported map',
          scanClassMs: 1000,
          addedAs: null,
          deviceSunSpecBase: baseOf(deviceId ? get().markers[deviceId] : undefined),
          busy: true,
          progress: null,
        };
        set({ draft });
        await evaluate(draft, true);
      } finally {
        set({ reading: false });
      }
    },
    setSheet: (sheet) => update((d) => ({ ...d, sheet, user: {} }), true),
    setField: (field, column) => update((d) => ({ ...d, user: { ...d.user, [field]: column ?? -1 } })),
    resetMapping: () => update((d) => ({ ...d, user: {} })),
    setAddress: (choice) => update((d) => ({ ...d, address: { ...d.address, ...choice } })),
    setDevicePath: (devicePath) => update((d) => ({ ...d, devicePath })),
    setMapName: (mapName) => set((s) => (s.draft ? { draft: { ...s.draft, mapName } } : s)),
    setScanClass: (scanClassMs) => update((d) => ({ ...d, scanClassMs })),
    markAdded: (addedAs) => set((s) => (s.draft ? { draft: { ...s.draft, addedAs } } : s)),
    clear: () => {
      const d = get().draft;
      if (d) getRunner().forget(d.id);
      set({ draft: null });
    },
  };
});
