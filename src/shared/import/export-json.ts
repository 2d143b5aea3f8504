import { TAGMAP_FORMAT, TAGMAP_VERSION } from './fieldbench-json';
import { DEFAULT_DEVICE_PATH, type ImportedTag } from './types';

/** A tag as Fieldbench JSON stores it: the imported tag without its path and source (the path is rebuilt on import). */
export type StoredTag = Omit<ImportedTag, 'path' | 'source'>;

export interface TagMapDocument {
  format: typeof TAGMAP_FORMAT;
  version: typeof TAGMAP_VERSION;
  devicePath: string;
  tags: StoredTag[];
}

export function toStoredTag(t: ImportedTag): StoredTag {
  const { path: _path, source: _source, ...rest } = t;
  return rest;
}

/** Fieldbench's own tag-map JSON: lossless (enum labels, bit-field names, SunSpec scale factors, clamps). */
export function exportFieldbenchJson(tags: readonly ImportedTag[], devicePath = DEFAULT_DEVICE_PATH): string {
  const doc: TagMapDocument = { format: TAGMAP_FORMAT, version: TAGMAP_VERSION, devicePath, tags: tags.map(toStoredTag) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
