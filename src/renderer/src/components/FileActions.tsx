import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useConnection } from '../store/connection';
import { reportError } from '../store/notices';
import { fileName, useProject } from '../store/project';
import { Modal } from './Modal';
import { PROJECT_EXTENSION as EXT, fileNameProblem, stripProjectExtension, suggestFileName } from '../../../shared/project/file-name';

const checkFileName = fileNameProblem;
const stripExt = stripProjectExtension;

type Dialog =
  | { kind: 'new' }
  | { kind: 'open' }
  | { kind: 'save-as'; then?: () => void }
  | { kind: 'confirm-discard'; then: () => void; action: string }
  | null;

/** File actions of the top bar: New, Open, Save, Save As, Recent. Web mode picks files in the workspace folder. */
export function FileActions() {
  const mode = useConnection((s) => s.mode);
  const state = useProject((s) => s.state);
  const busy = useProject((s) => s.busy);
  const recent = useProject((s) => s.recent);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [recentOpen, setRecentOpen] = useState(false);
  const close = useCallback(() => setDialog(null), []);
  const electron = mode === 'electron';

  const guardDirty = useCallback(
    (action: string, then: () => void) => {
      if (useProject.getState().state?.dirty) setDialog({ kind: 'confirm-discard', then, action });
      else then();
    },
    [],
  );

  const doOpen = useCallback(() => {
    guardDirty('open another project', () => {
      if (electron) {
        setDialog(null);
        void useProject.getState().open({ kind: 'dialog' });
      } else setDialog({ kind: 'open' });
    });
  }, [electron, guardDirty]);

  const doSaveAs = useCallback(() => {
    if (electron) void useProject.getState().saveAs({ kind: 'dialog' });
    else setDialog({ kind: 'save-as' });
  }, [electron]);

  const doSave = useCallback(async () => {
    const r = await useProject.getState().save();
    if (r === 'needs-name') doSaveAs();
  }, [doSaveAs]);

  // Keyboard: in the desktop app the native File menu owns these accelerators; in a browser the page does.
  useEffect(() => {
    if (electron) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        if (e.shiftKey) doSaveAs();
        else void doSave();
      } else if (k === 'o' && !e.shiftKey) {
        e.preventDefault();
        doOpen();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [electron, doSave, doSaveAs, doOpen]);

  const kbd = (k: string) => (electron ? undefined : k);

  /** "Save first" in the unsaved-changes dialog: save (asking for a name when the project has none), then go on. */
  const saveFirst = async (then: () => void) => {
    const r = await useProject.getState().save();
    if (r === 'saved') then();
    else if (r === 'needs-name') {
      if (electron) {
        if (await useProject.getState().saveAs({ kind: 'dialog' })) then();
        else close();
      } else setDialog({ kind: 'save-as', then });
    }
  };

  return (
    <div className="file-actions" role="toolbar" aria-label="File">
      <button type="button" data-testid="file-new" disabled={busy} onClick={() => guardDirty('start a new project', () => setDialog({ kind: 'new' }))}>
        New
      </button>
      <button type="button" data-testid="file-open" disabled={busy} title={kbd('Ctrl+O')} onClick={doOpen}>
        Open…
      </button>
      <button type="button" data-testid="file-save" disabled={busy || !state} title={kbd('Ctrl+S')} onClick={() => void doSave()}>
        Save
      </button>
      <button type="button" data-testid="file-save-as" disabled={busy || !state} title={kbd('Ctrl+Shift+S')} onClick={doSaveAs}>
        Save As…
      </button>
      <RecentMenu
        open={recentOpen}
        setOpen={(o) => {
          if (o) void useProject.getState().loadRecent();
          setRecentOpen(o);
        }}
        recent={recent}
        onPick={(id) => {
          setRecentOpen(false);
          guardDirty('open a recent project', () => {
            setDialog(null);
            void useProject.getState().open({ kind: 'recent', id });
          });
        }}
      />

      {dialog?.kind === 'new' ? <NewProjectDialog onClose={close} /> : null}
      {dialog?.kind === 'open' ? <OpenWorkspaceDialog onClose={close} /> : null}
      {dialog?.kind === 'save-as' ? <SaveAsWorkspaceDialog onClose={close} onSaved={dialog.then} suggested={suggestFileName(state?.name ?? 'project')} /> : null}
      {dialog?.kind === 'confirm-discard' ? (
        <Modal title="Unsaved changes" onClose={close} testId="confirm-discard">
          <p>
            “{state?.name}” has unsaved changes. Save them first, or discard them to {dialog.action}.
          </p>
          <div className="modal-actions">
            <button type="button" className="primary" data-testid="confirm-discard-save" onClick={() => void saveFirst(dialog.then)}>
              Save first
            </button>
            <button type="button" className="danger" data-testid="confirm-discard-yes" onClick={dialog.then}>
              Discard changes
            </button>
            <button type="button" autoFocus onClick={close}>
              Cancel
            </button>
          </div>
        </Modal>
      ) : null}
    </div>
  );
}

function RecentMenu(props: {
  open: boolean;
  setOpen: (o: boolean) => void;
  recent: ReturnType<typeof useProject.getState>['recent'];
  onPick: (id: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { open, setOpen } = props;
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open, setOpen]);
  return (
    <div className="menu-wrap" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} data-testid="file-recent" onClick={() => setOpen(!open)}>
        Recent ▾
      </button>
      {open ? (
        <ul className="menu" role="menu">
          {props.recent.length === 0 ? <li className="menu-empty">No recent projects yet</li> : null}
          {props.recent.map((r) => (
            <li key={r.id} role="none">
              <button type="button" role="menuitem" disabled={!r.exists} title={r.path} onClick={() => props.onPick(r.id)}>
                <span className="menu-main">{r.name}</span>
                <span className="menu-sub">{r.exists ? fileName(r.path) : `${fileName(r.path)} (missing)`}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('Untitled');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('a name is required');
    if (await useProject.getState().newProject(name.trim())) onClose();
  };
  return (
    <Modal title="New project" onClose={onClose} testId="new-project-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field ${error ? 'has-error' : ''}`}>
          <label htmlFor="new-project-name">Project name</label>
          <input id="new-project-name" data-testid="new-project-name" autoFocus value={name} onChange={(e) => (setName(e.target.value), setError(null))} />
          {error ? <div className="field-error">{error}</div> : null}
        </div>
        <div className="modal-actions">
          <button type="submit" className="primary" data-testid="new-project-create">
            Create
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

function useWorkspace() {
  const [ws, setWs] = useState<{ dir: string; files: string[] } | null>(null);
  useEffect(() => {
    let alive = true;
    api()
      .projectWorkspace({})
      .then((w) => alive && setWs(w))
      .catch((err: unknown) => reportError('Could not list the workspace folder', err));
    return () => {
      alive = false;
    };
  }, []);
  return ws;
}

function OpenWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const ws = useWorkspace();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = async (n: string) => {
    const problem = checkFileName(n);
    if (problem) return setError(problem);
    if (await useProject.getState().open({ kind: 'workspace', name: n.trim() })) onClose();
  };
  return (
    <Modal title="Open project" onClose={onClose} testId="open-dialog">
      <p className="muted small">
        Projects in the workspace folder <code>{ws?.dir ?? '…'}</code>
      </p>
      <ul className="file-list" data-testid="workspace-files">
        {ws && ws.files.length === 0 ? <li className="muted">No projects saved here yet.</li> : null}
        {ws?.files.map((f) => (
          <li key={f}>
            <button type="button" className={`file-item ${name === f ? 'selected' : ''}`} onClick={() => setName(f)} onDoubleClick={() => void open(f)}>
              {stripExt(f)}
              <span className="muted">{EXT}</span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => (e.preventDefault(), void open(name))} noValidate>
        <div className={`field ${error ? 'has-error' : ''}`}>
          <label htmlFor="open-name">File name</label>
          <input id="open-name" data-testid="open-name" autoFocus value={name} onChange={(e) => (setName(e.target.value), setError(null))} />
          {error ? <div className="field-error">{error}</div> : null}
        </div>
        <div className="modal-actions">
          <button type="submit" className="primary" data-testid="open-confirm" disabled={!name.trim()}>
            Open
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

function SaveAsWorkspaceDialog({ onClose, onSaved, suggested }: { onClose: () => void; onSaved?: () => void; suggested: string }) {
  const ws = useWorkspace();
  const [name, setName] = useState(suggested);
  const [error, setError] = useState<string | null>(null);
  const [confirmOverwrite, setConfirmOverwrite] = useState(false);
  const target = name.trim().endsWith(EXT) ? name.trim() : `${name.trim()}${EXT}`;
  const exists = !!ws?.files.includes(target);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const problem = checkFileName(name);
    if (problem) return setError(problem);
    if (exists && !confirmOverwrite) return setConfirmOverwrite(true);
    if (await useProject.getState().saveAs({ kind: 'workspace', name: name.trim() })) {
      onClose();
      onSaved?.();
    }
  };
  // Nothing is saved yet: say where it will go, and only for a name that can be saved.
  const problem = name.trim() ? checkFileName(name) : null;
  return (
    <Modal title="Save project as" onClose={onClose} testId="save-as-dialog">
      <p className="muted small" data-testid="save-as-target">
        {problem || !name.trim() ? (
          <>
            Will be saved in the workspace folder <code>{ws?.dir ?? '…'}</code>
          </>
        ) : (
          <>
            Will be saved in the workspace folder <code>{ws?.dir ?? '…'}</code> as <code>{target}</code>
          </>
        )}
      </p>
      <form onSubmit={(e) => void save(e)} noValidate>
        <div className={`field ${error ? 'has-error' : ''}`}>
          <label htmlFor="save-as-name">File name</label>
          <input
            id="save-as-name"
            data-testid="save-as-name"
            autoFocus
            value={name}
            onChange={(e) => (setName(e.target.value), setError(null), setConfirmOverwrite(false))}
          />
          {error || problem ? <div className="field-error">{error ?? problem}</div> : exists ? <div className="field-warn">A project with this name exists; saving replaces it.</div> : null}
        </div>
        <div className="modal-actions">
          <button type="submit" className={confirmOverwrite ? 'danger' : 'primary'} data-testid="save-as-confirm">
            {confirmOverwrite ? 'Replace it' : 'Save'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
