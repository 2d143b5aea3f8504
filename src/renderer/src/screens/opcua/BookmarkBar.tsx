import { useEffect } from 'react';
import { useOpcUa } from '../../store/opcua';
import { useBookmarks } from './bookmarkStore';

/** The open server's bookmarks: one click opens the tree to the node. */
export function BookmarkBar({ deviceId }: { deviceId: string }) {
  const { list, load } = useBookmarks();
  const reveal = useOpcUa((s) => s.reveal);
  useEffect(() => {
    void load(deviceId);
  }, [deviceId, load]);
  return (
    <div className="bookmark-bar" data-testid="opcua-bookmarks">
      <span className="muted small">Bookmarks:</span>
      {list.length ? (
        list.map((b) => (
          <button key={b.nodeId} type="button" className="chip" data-testid="opcua-bookmark" title={b.nodeId} onClick={() => void reveal(b.path.length ? b.path : [b.nodeId])}>
            ★ {b.name}
          </button>
        ))
      ) : (
        <span className="muted small">none yet (☆ on a node&apos;s details keeps it here, for this server)</span>
      )}
    </div>
  );
}
