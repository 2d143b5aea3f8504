import type { Engine } from '../../src/engine/engine';
import type { FieldbenchErrorData } from '../../src/shared/errors';

/** The engine's contract as the UI calls it: `call` returns the value (throws on an error), `failure` the error. */
export function dispatcher(engine: () => Engine) {
  return {
    async call<T>(name: string, input: unknown): Promise<T> {
      const env = await engine().dispatch(name, input);
      if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message}`);
      return env.value as T;
    },
    async failure(name: string, input: unknown): Promise<FieldbenchErrorData> {
      const env = await engine().dispatch(name, input);
      if (env.ok) throw new Error(`${name} succeeded; expected it to fail`);
      return env.error;
    },
  };
}
