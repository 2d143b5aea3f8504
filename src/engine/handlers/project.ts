import { FieldbenchError } from '../../shared/errors';
import type { Handlers } from '../dispatch';
import type { EngineContext } from './context';

type ProjectHandlers = Pick<Handlers, 'project.state' | 'project.new' | 'project.open' | 'project.save' | 'project.saveAs' | 'project.recent' | 'project.workspace'>;

export function projectHandlers(engine: EngineContext): ProjectHandlers {
  const store = engine.store;
  const dialogs = () => {
    const d = engine.options.dialogs;
    if (!d) throw new FieldbenchError('unsupported', 'file dialogs exist only in the desktop app; in web mode pick a project from the workspace folder');
    return d;
  };
  return {
    'project.state': async () => store.state,

    'project.new': async ({ name }) => {
      const s = await store.newProject(name);
      engine.projectSwitched();
      return s;
    },

    'project.open': async ({ source }) => {
      let file: string | null;
      if (source.kind === 'dialog') file = await dialogs().chooseProjectToOpen();
      else if (source.kind === 'recent') file = await store.recent.pathOf(source.id);
      else file = store.workspacePath(source.name);
      if (source.kind === 'recent' && !file) throw new FieldbenchError('not_found', 'that recent project is no longer in the list');
      if (!file) throw new FieldbenchError('cancelled', 'no file chosen');
      const s = await store.open(file);
      engine.projectSwitched();
      return s;
    },

    'project.save': async () => store.save(),

    'project.saveAs': async ({ target }) => {
      const file = target.kind === 'dialog' ? await dialogs().chooseProjectSaveTarget(store.project.name) : store.workspacePath(target.name);
      if (!file) throw new FieldbenchError('cancelled', 'no file chosen');
      return store.saveAs(file);
    },

    'project.recent': async () => store.recent.list(),

    'project.workspace': async () => ({ dir: store.workspaceDir, files: await store.workspaceFiles() }),
  };
}
