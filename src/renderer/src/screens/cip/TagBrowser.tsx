import { DevicePicker } from '../../components/DevicePicker';
import { useProtocolDevices } from '../../lib/deviceBrowser';
import { useCip } from '../../store/cip';
import { WriteLogButton } from '../live/WriteLog';
import { LinkBadge } from './LinkBadge';
import { TagTable } from './TagTable';
import { TagWriteDialog } from '../live/TagWriteDialog';

/** Pick a controller of the project, filter its tag list, tick tags, elements or members and add them as tags. */
export function TagBrowser() {
  const deviceId = useCip((s) => s.deviceId);
  const openDevice = useCip((s) => s.openDevice);
  const { devices, announceAdded } = useProtocolDevices('cip', deviceId, openDevice);
  const loadTags = useCip((s) => s.loadTags);
  const tags = useCip((s) => s.tags);
  const loading = useCip((s) => s.tagsLoading);
  const error = useCip((s) => s.tagsError);
  const filter = useCip((s) => s.filter);
  const setFilter = useCip((s) => s.setFilter);
  const picked = useCip((s) => s.checked);
  const checked = Object.keys(picked).length;
  const addChecked = useCip((s) => s.addCheckedAsTags);
  const add = async () => announceAdded(await addChecked());
  const writing = useCip((s) => s.writing);
  const endWrite = useCip((s) => s.endWrite);

  return (
    <section className="panel cip-browser" data-testid="cip-browser">
      <div className="panel-title-row">
        <h2 className="panel-title">Controller tags</h2>
        <DevicePicker label="Controller" devices={devices} value={deviceId} onPick={openDevice} testId="cip-device" />
        {deviceId ? (
          <>
            <input type="search" className="cip-filter" placeholder="Filter by name or type" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="cip-filter" aria-label="Filter tags" />
            <button type="button" data-testid="cip-reload" disabled={loading} onClick={() => void loadTags()}>
              {loading ? 'Reading…' : 'Read tag list'}
            </button>
            <span className="muted small cip-picked push-right" data-testid="cip-picked" title={Object.keys(picked).join('\n')}>
              {checked ? `Picked: ${Object.keys(picked).join(', ')}` : 'Tick tags, elements or members to add them'}
            </span>
            <button type="button" className="primary" data-testid="cip-add-tags" disabled={!checked} onClick={() => void add()}>
              Add {checked || ''} as tag{checked === 1 ? '' : 's'}
            </button>
          </>
        ) : null}
      </div>
      {deviceId ? (
        <div className="cip-link-row">
          <span className="muted small">Connection</span>
          <LinkBadge deviceId={deviceId} />
          <span className="push-right">
            <WriteLogButton />
          </span>
        </div>
      ) : null}
      {!devices.length ? <p className="empty">No EtherNet/IP controller in this project yet: identify one above and add it.</p> : null}
      {error ? (
        <div className="form-error" role="alert" data-testid="cip-tags-error">
          {error}
        </div>
      ) : null}
      {deviceId && loading && !tags ? <p className="muted" data-testid="cip-tags-loading">Reading the tag list and UDT templates…</p> : null}
      {tags ? <TagTable tags={tags} /> : null}
      {writing ? <TagWriteDialog key={writing.tagKey} tagKey={writing.tagKey} label={writing.label} dataType={writing.dataType} onClose={endWrite} /> : null}
    </section>
  );
}
