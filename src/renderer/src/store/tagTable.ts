import { create } from 'zustand';

export type SortColumn = 'map' | 'name' | 'register' | 'value' | 'quality' | 'age' | 'check';
export type ShowFilter = 'all' | 'not-good' | 'unchecked' | 'failed';

export interface TagSort {
  column: SortColumn;
  descending: boolean;
}

interface TagTableStore {
  filter: string;
  show: ShowFilter;
  sort: TagSort;
  /** The row the keyboard is on: the tag the detail panel, the solver and the checkout buttons act on. */
  cursor: string | null;
  setFilter(filter: string): void;
  setShow(show: ShowFilter): void;
  /** Sort by a column; the same column again flips the direction, a third time goes back to map order. */
  sortBy(column: SortColumn): void;
  setCursor(key: string | null): void;
}

/** How the live tags table is filtered and sorted, and where its cursor is; kept while the operator switches screens. */
export const useTagTable = create<TagTableStore>()((set) => ({
  filter: '',
  show: 'all',
  sort: { column: 'map', descending: false },
  cursor: null,
  setFilter: (filter) => set({ filter }),
  setShow: (show) => set({ show }),
  sortBy: (column) =>
    set((s) => {
      if (s.sort.column !== column) return { sort: { column, descending: false } };
      if (!s.sort.descending) return { sort: { column, descending: true } };
      return { sort: { column: 'map', descending: false } };
    }),
  setCursor: (cursor) => set({ cursor }),
}));
