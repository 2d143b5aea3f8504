import { FieldbenchError } from '../../shared/errors';
import { Tag, splitTagKey, tagKey, type TagMap } from '../../shared/project/schema';
import { zodIssues } from '../../shared/errors';
import { checkoutReportHtml } from '../../shared/report/checkout-html';
import type { Handlers } from '../dispatch';
import { newId } from '../ids';
import type { EngineContext } from './context';
import { TagHistory } from './tag-history';

type TagHandlers = Pick<
  Handlers,
  'tagMaps.list' | 'tagMaps.get' | 'tagMaps.put' | 'tagMaps.remove' | 'tags.update' | 'tags.snapshot' | 'tags.follow' | 'tags.history' | 'tags.marks' | 'tags.checkout' | 'report.checkout'
>;

const summary = (m: TagMap) => ({ id: m.id, deviceId: m.deviceId, name: m.name, tagCount: m.tags.length });

export function tagHandlers(engine: EngineContext): TagHandlers {
  const store = engine.store;
  const core = engine.core;
  // Every tag's recent readings, for a trend that opens on a page (a page only has what came since it loaded).
  const history = new TagHistory();
  core.onReading((r) => history.accept(r));
  const mapOf = (mapId: string) => {
    const m = store.project.tagMaps.find((x) => x.id === mapId);
    if (!m) throw new FieldbenchError('not_found', `no tag map with id "${mapId}"`);
    return m;
  };
  return {
    'tagMaps.list': async () => store.project.tagMaps.map(summary),
    'tagMaps.get': async ({ mapId }) => mapOf(mapId),

    'tagMaps.put': async ({ deviceId, name, tags, mapId }) => {
      const { device } = core.device(deviceId); // must exist
      const seen = new Set<string>();
      tags.forEach((t, i) => {
        if (seen.has(t.name)) throw new FieldbenchError('invalid_input', `tag ${i + 1} "${t.name}": duplicate name in this map`, [{ path: `tags.${i}.name`, message: 'duplicate name' }]);
        seen.add(t.name);
        if (t.source.kind !== device.protocol) {
          throw new FieldbenchError('invalid_input', `tag ${i + 1} "${t.name}" reads ${t.source.kind}, but "${device.name}" is a ${device.protocol} device`, [{ path: `tags.${i}.source.kind`, message: `must be ${device.protocol}` }]);
        }
      });
      const map: TagMap = { id: mapId ?? newId('map'), deviceId, name, tags };
      if (mapId) mapOf(mapId);
      engine.update((doc) => ({ ...doc, tagMaps: mapId ? doc.tagMaps.map((m) => (m.id === mapId ? map : m)) : [...doc.tagMaps, map] }));
      return summary(map);
    },

    'tagMaps.remove': async ({ mapId }) => {
      mapOf(mapId);
      engine.update((doc) => ({ ...doc, tagMaps: doc.tagMaps.filter((m) => m.id !== mapId) }));
      return {};
    },

    'tags.update': async ({ mapId, name, patch }) => {
      const map = mapOf(mapId);
      const tag = map.tags.find((t) => t.name === name);
      if (!tag) throw new FieldbenchError('not_found', `no tag "${name}" in map "${map.name}"`);
      const { source: sourcePatch, ...rest } = patch as { source?: Record<string, unknown> } & Record<string, unknown>;
      const parsed = Tag.safeParse({ ...tag, ...rest, name: tag.name, source: { ...tag.source, ...(sourcePatch ?? {}), kind: tag.source.kind } });
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        throw new FieldbenchError('invalid_input', `tag "${name}": ${issues[0]?.path}: ${issues[0]?.message}`, issues);
      }
      engine.update((doc) => ({ ...doc, tagMaps: doc.tagMaps.map((m) => (m.id === mapId ? { ...m, tags: m.tags.map((t) => (t.name === name ? parsed.data : t)) } : m)) }));
      return parsed.data;
    },

    'tags.snapshot': async () => core.snapshot(),

    'tags.follow': async ({ keys }) => {
      core.follow(keys);
      return {};
    },

    'tags.history': async ({ keys }) => {
      history.forget(new Set(store.project.tagMaps.flatMap((m) => m.tags.map((t) => tagKey(m.id, t.name)))));
      return keys.map((key) => ({ key, ...history.series(key) }));
    },

    'tags.marks': async () => store.project.checkout,

    'tags.checkout': async ({ key, status, note }) => {
      const reading = core.reading(key);
      const { mapId, name } = splitTagKey(key);
      const map = mapOf(mapId);
      if (!map.tags.some((t) => t.name === name)) throw new FieldbenchError('not_found', `no tag "${key}"`);
      const mark = { status, note, at: Date.now(), value: reading?.value ?? null, quality: reading?.quality ?? { status: 'bad' as const, reason: 'not read yet' } };
      engine.update((doc) => ({ ...doc, checkout: { ...doc.checkout, [key]: mark } }));
      return mark;
    },

    'report.checkout': async () => ({
      fileName: `checkout-${store.project.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${new Date().toISOString().slice(0, 10)}.html`,
      html: checkoutReportHtml(store.project, core.snapshot()),
    }),
  };
}
