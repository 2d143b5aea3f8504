import { create } from 'zustand';
import { importMap, importTable, openSource, previewTable, refusedImport, UnreadableFileError } from '../../../shared/import';
import type { ColumnGuess, ColumnMapping, Field, ImportOptions, ImportProblem, ImportResult, Source } from '../../../shared/import';
import { checkName } from '../../../shared/import';
import type { Tag } from '../../../shared/project/schema';
import { toProjectTag } from '../../../shared/tags/imported';
import { api } from '../api';
import { errorText } from './notices';

/** How plain and 5-digit addresses count; 'auto' lets the importer decide from the file. */
export interface AddressChoice {
  plainBase: 'auto' | '0' | '1';
  fiveDigit: 'auto' | 'conventional' | 'offset';
}

/** An opened file on its way into the project: the guess, the user's fixes, and what the importer made of it. */
export interface ImportDraft {
  fileName: string;
  size: number;
  bytes: Uint8Array;
  source: Source | null;
  /** A file that cannot be read at all, or options the importer refused: one clear message. */
  fatal: string | null;
  sheet: string | undefined;
  /** The fields the operator set by hand (a column index, or -1 for "no column"). */
  user: ColumnMapping;
  address: AddressChoice;
  devicePath: string;
  guess: ColumnGuess | null;
  result: ImportResult | null;
  /** Tags the project takes, and the rows toProjectTag or the name check refused (they join the problem list). */
  tags: Tag[];
  refused: ImportProblem[];
  mapName: string;
  scanClassMs: number;
  /** The map the draft became (set once added). */
  addedAs: { mapId: string; name: string; tags: number } | null;
  /** Where the target device has its "SunS" marker, once asked: the off-by-one check holds the map against it. */
  deviceSunSpecBase: number | undefined;
}

/** What SunSpec discovery said about a device's marker: where it is, or why it was not found. */
export type DeviceMarker = { kind: 'found'; base: number } | { kind: 'none'; reason: string };

export function defaultDevicePath(deviceName: string): string {
  return `Site/Area/Line/Cell/${checkName(deviceName).fixed}`;
}

function options(d: ImportDraft): ImportOptions {
  const o: ImportOptions = { devicePath: d.devicePath };
  if (d.deviceSunSpecBase !== undefined) o.deviceSunSpecBase = d.deviceSunSpecBase;
  if (d.sheet !== undefined) o.sheet = d.sheet;
  if (d.address.plainBase !== 'auto') o.plainBase = Number(d.address.plainBase) as 0 | 1;
  if (d.address.fiveDigit !== 'auto') o.fiveDigit = d.address.fiveDigit;
  return o;
}

function convert(result: ImportResult, scanClassMs: number): { tags: Tag[]; refused: ImportProblem[] } {
  const tags: Tag[] = [];
  const refused: ImportProblem[] = [];
  const names = new Map<string, number>();
  for (const t of result.tags) {
    const c = toProjectTag(t.scanClassMs === undefined ? { ...t, scanClassMs } : t);
    if (!c.ok) {
      refused.push(c.problem);
      continue;
    }
    const first = names.get(c.tag.name);
    if (first !== undefined) {
      refused.push({ file: t.source.file, row: t.source.row, column: 'name', severity: 'error', code: 'duplicate-name', message: `"${c.tag.name}" is already the name of row ${first}; a map holds each name once` });
      continue;
    }
    names.set(c.tag.name, t.source.row);
    tags.push(c.tag);
  }
  return { tags, refused };
}

/** Read the draft again with its current sheet, mapping and options. */
function evaluate(d: ImportDraft): ImportDraft {
  const next: ImportDraft = { ...d, fatal: null, guess: null, result: null, tags: [], refused: [], addedAs: null };
  try {
    const source = d.source ?? openSource(d.bytes, d.fileName, options(d));
    next.source = source;
    if (source.kind === 'table') {
      const user = Object.keys(d.user).length ? d.user : undefined;
      next.guess = previewTable(source.table, user);
      next.result = importTable(source.table, d.fileName, options(d), user);
    } else {
      next.result = importMap(d.bytes, d.fileName, options(d));
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) {
      next.source = null;
      next.result = refusedImport(d.fileName, err.message);
    }
    next.fatal = errorText(err);
    if (!next.result) return next;
  }
  const c = convert(next.result!, d.scanClassMs);
  next.tags = c.tags;
  next.refused = c.refused;
  return next;
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

/** The import in progress on the Register map screen; parsing runs here, in the page, with the shared importer. */
export const useImporter = create<ImporterStore>()((set, get) => {
  const update = (change: (d: ImportDraft) => ImportDraft) => {
    const d = get().draft;
    if (d) set({ draft: evaluate(change(d)) });
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
        const bytes = new Uint8Array(await file.arrayBuffer());
        const base: ImportDraft = {
          fileName: file.name,
          size: file.size,
          bytes,
          source: null,
          fatal: null,
          sheet: undefined,
          user: {},
          address: { plainBase: 'auto', fiveDigit: 'auto' },
          devicePath: defaultDevicePath(deviceName),
          guess: null,
          result: null,
          tags: [],
          refused: [],
          mapName: stem(file.name).slice(0, 120) || 'Imported map',
          scanClassMs: 1000,
          addedAs: null,
          deviceSunSpecBase: baseOf(get().deviceId ? get().markers[get().deviceId!] : undefined),
        };
        set({ draft: evaluate(base) });
      } finally {
        set({ reading: false });
      }
    },
    setSheet: (sheet) => update((d) => ({ ...d, sheet, user: {}, source: null })),
    setField: (field, column) => update((d) => ({ ...d, user: { ...d.user, [field]: column ?? -1 } })),
    resetMapping: () => update((d) => ({ ...d, user: {} })),
    setAddress: (choice) => update((d) => ({ ...d, address: { ...d.address, ...choice } })),
    setDevicePath: (devicePath) => update((d) => ({ ...d, devicePath })),
    setMapName: (mapName) => set((s) => (s.draft ? { draft: { ...s.draft, mapName } } : s)),
    setScanClass: (scanClassMs) => update((d) => ({ ...d, scanClassMs })),
    markAdded: (addedAs) => set((s) => (s.draft ? { draft: { ...s.draft, addedAs } } : s)),
    clear: () => set({ draft: null }),
  };
});
