import { useEffect, useState } from 'react';
import { api } from '../../api';
import { reportError } from '../../store/notices';

export interface ReadWriteTag {
  key: string;
  name: string;
  map: string;
}

/** The project's read-write tags (each one must be authorised, or made read-only, before a gateway may carry it). */
export function useReadWriteTags(): ReadWriteTag[] | null {
  const [tags, setTags] = useState<ReadWriteTag[] | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const maps = await Promise.all((await api().tagMapsList({})).map((m) => api().tagMapsGet({ mapId: m.id })));
        if (live) setTags(maps.flatMap((m) => m.tags.filter((t) => t.access === 'read-write').map((t) => ({ key: `${m.id}/${t.name}`, name: t.name, map: m.name }))));
      } catch (err) {
        reportError('Could not read the tag maps', err);
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return tags;
}
