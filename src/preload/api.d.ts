import type { FieldbenchApi } from '../shared/api';

declare global {
  interface Window {
    /** The contract client the preload exposes in the desktop app; absent in a plain browser (web mode). */
    fieldbench?: FieldbenchApi;
  }
}

export {};
