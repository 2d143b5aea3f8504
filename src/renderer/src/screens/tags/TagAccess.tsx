import { useState } from 'react';
import { reportError } from '../../store/notices';
import { useTagMaps, type TagDef } from '../../store/tagMaps';
import { tagWritability } from './tagWrite';

/**
 * The selected tag's access: read-only or read-write, changed here (the map keeps it), and Write… for a writable tag.
 * A Modbus input register or discrete input stays read-only whatever its map says: the protocol has no write for it.
 */
export function TagAccess({ def, onWrite }: { def: TagDef; onWrite: (key: string) => void }) {
  const [busy, setBusy] = useState(false);
  const w = tagWritability(def);
  const rw = def.tag.access === 'read-write';
  const inputOnly = def.tag.source.kind === 'modbus' && (def.tag.source.table === 'input' || def.tag.source.table === 'discrete');
  const setAccess = async (access: 'read' | 'read-write') => {
    setBusy(true);
    try {
      await useTagMaps.getState().updateTag(def.mapId, def.tag.name, { access });
    } catch (err) {
      reportError(`Could not change the access of ${def.tag.name}`, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <p className="tag-access small" data-testid="tag-access" data-access={def.tag.access}>
      <span className="muted">Access</span> <b>{w.writable ? 'read-write' : 'read-only'}</b>
      {w.writable ? (
        <>
          <button type="button" className="primary" data-testid="detail-write" onClick={() => onWrite(def.key)} title="Review what is sent, then confirm (W)">
            Write…
          </button>
          <button type="button" className="quiet" data-testid="tag-make-read" disabled={busy} onClick={() => void setAccess('read')}>
            Make read-only
          </button>
        </>
      ) : inputOnly ? (
        <span className="muted"> · {def.tag.source.kind === 'modbus' && def.tag.source.table === 'input' ? 'an input register' : 'a discrete input'} cannot be written</span>
      ) : (
        <button type="button" data-testid="tag-allow-write" disabled={busy || rw} onClick={() => void setAccess('read-write')} title="Make this tag read-write in its map, so it can be written (every write is still reviewed and confirmed)">
          Allow writes
        </button>
      )}
    </p>
  );
}
