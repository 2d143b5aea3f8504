import { unpackReadings } from '../../../shared/schemas/tag-frame';
import type { ApiHandle } from '../transport';
import { useCheckout } from './checkout';
import { reportError } from './notices';
import { refreshTagMapsSoon, useTagMaps } from './tagMaps';
import { ingestTagValues, mergeReadings, pruneReadings } from './tagValues';

/**
 * Wire the engine's tag streams into the stores: tags.values batches (one per 200 ms from the engine) are merged as they come,
 * tags.changed reloads the maps, tags.marks replaces the checkout marks, and whenever the link (re)opens the maps,
 * the marks and the latest readings are fetched again, so nothing missed while away stays wrong.
 */
export function startTagFeed(handle: ApiHandle): void {
  const { api } = handle;
  api.onTagsValues((frame) => {
    try {
      ingestTagValues(unpackReadings(frame));
    } catch (err) {
      reportError('Dropped a batch of tag values the engine sent malformed', err);
    }
  });
  api.onTagsChanged(() => refreshTagMapsSoon());
  api.onTagsMarks((marks) => useCheckout.getState().setMarks(marks));

  let wasUp = false;
  const onLink = (s: ReturnType<ApiHandle['status']>) => {
    const up = s.kind === 'open' || s.kind === 'ipc';
    if (up && !wasUp) {
      void useTagMaps.getState().refresh();
      api
        .tagsMarks({})
        .then((marks) => useCheckout.getState().setMarks(marks))
        .catch((err: unknown) => reportError('Could not load the checkout marks', err));
      api
        .tagsSnapshot({})
        .then((readings) => mergeReadings(readings))
        .catch((err: unknown) => reportError('Could not load the latest tag values', err));
    }
    wasUp = up;
  };
  handle.onStatus(onLink);
  onLink(handle.status());

  useTagMaps.subscribe((m, prev) => {
    if (m.loaded && m.byKey !== prev.byKey) pruneReadings(new Set(m.byKey.keys()));
  });
}
