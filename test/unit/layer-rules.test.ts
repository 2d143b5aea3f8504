import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/processes';

/** The layer rules of DESIGN.md, enforced by the project's ESLint config: check they really fire. */
const eslint = new ESLint({ cwd: ROOT });

async function violations(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('stop the renderer from importing the engine, main, node or electron', async () => {
    expect(await violations('src/renderer/src/x.ts', "import { Engine } from '../../engine/engine';\nexport { Engine };")).toHaveLength(1);
    expect(await violations('src/renderer/src/x.ts', "import '../../main/index';")).toHaveLength(1);
    expect(await violations('src/renderer/src/x.ts', "import fs from 'node:fs';\nexport { fs };")).toHaveLength(1);
    expect(await violations('src/renderer/src/x.ts', "import fs from 'fs';\nexport { fs };")).toHaveLength(1);
    expect(await violations('src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };")).toHaveLength(1);
    expect(await violations('src/renderer/src/x.ts', "import { contract } from '../../shared/contract';\nexport { contract };")).toHaveLength(0);
  });

  it('stop shared and the engine from importing electron', async () => {
    expect(await violations('src/shared/x.ts', "import { app } from 'electron';\nexport { app };")).toHaveLength(1);
    expect(await violations('src/shared/x.ts', "import net from 'node:net';\nexport { net };")).toHaveLength(1);
    expect(await violations('src/engine/x.ts', "import { app } from 'electron';\nexport { app };")).toHaveLength(1);
    expect(await violations('src/engine/x.ts', "import net from 'node:net';\nexport { net };")).toHaveLength(0);
    expect(await violations('src/cli/x.ts', "import { BrowserWindow } from 'electron';\nexport { BrowserWindow };")).toHaveLength(1);
    expect(await violations('src/main/x.ts', "import { app } from 'electron';\nexport { app };")).toHaveLength(0);
  });
});
