import type { KeyboardEvent } from 'react';
import { useDevices } from '../store/devices';
import { useLiveTab, type LiveTab } from '../store/liveTab';
import { useTagMaps } from '../store/tagMaps';
import { LiveScreen } from './LiveScreen';
import { TagsScreen } from './tags/TagsScreen';
import '../styles/tags.css';
import '../styles/tag-detail.css';

const TABS: { id: LiveTab; label: string; what: string }[] = [
  { id: 'registers', label: 'Registers', what: 'watched register ranges' },
  { id: 'tags', label: 'Tags', what: 'values of the register maps' },
];

/** The Live screen: raw register watches, or the decoded tags of the imported register maps. */
export function LiveTabs() {
  const tab = useLiveTab((s) => s.tab);
  const setTab = useLiveTab((s) => s.setTab);
  const watchCount = useDevices((s) => s.watches.length);
  const tagCount = useTagMaps((s) => s.defs.length);
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = tab === 'tags' ? 'registers' : 'tags';
    setTab(next);
    document.getElementById(`live-tab-${next}`)?.focus();
  };
  return (
    <div className="live-tabs-wrap">
      <div className="tabs" role="tablist" aria-label="Live view" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`live-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            className={`tab ${tab === t.id ? 'active' : ''}`}
            data-testid={`live-tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            <span className="strong">{t.label}</span>
            <span className="tab-meta">
              {t.what} · {(t.id === 'tags' ? tagCount : watchCount).toLocaleString('en')}
            </span>
          </button>
        ))}
      </div>
      <div className="live-tab-body" role="tabpanel" aria-labelledby={`live-tab-${tab}`}>
        {tab === 'tags' ? <TagsScreen /> : <LiveScreen />}
      </div>
    </div>
  );
}
