import { create } from 'zustand';
import type { CheckoutMark } from '../../../shared/project/schema';
import { api } from '../api';
import { downloadText } from '../lib/download';
import { reportError, reportInfo } from './notices';

export type CheckoutStatus = CheckoutMark['status'];

export const CHECKOUT_LABEL: Record<CheckoutStatus, string> = { verified: 'Verified', failed: 'Failed', note: 'Note', none: 'Not checked' };

interface CheckoutStore {
  /** The project's marks by tag key, as the engine recorded them (with the as-found value). */
  marks: Record<string, CheckoutMark>;
  /** Replace every mark: at link-up (tags.marks request) and on the tags.marks event. */
  setMarks(marks: Record<string, CheckoutMark>): void;
  busyKey: string | null;
  exporting: boolean;
  mark(key: string, status: CheckoutStatus, note?: string): Promise<boolean>;
  exportReport(): Promise<boolean>;
}

/** Commissioning checkout: verified / failed / note per tag (tags.checkout), and the HTML report (report.checkout). */
export const useCheckout = create<CheckoutStore>()((set) => ({
  marks: {},
  setMarks: (marks) => set({ marks }),
  busyKey: null,
  exporting: false,
  async mark(key, status, note = '') {
    set({ busyKey: key });
    try {
      const mark = await api().tagsCheckout({ key, status, note });
      set((s) => ({ marks: { ...s.marks, [key]: mark } }));
      return true;
    } catch (err) {
      reportError('Could not record the checkout mark', err);
      return false;
    } finally {
      set({ busyKey: null });
    }
  },
  async exportReport() {
    set({ exporting: true });
    try {
      const { fileName, html } = await api().reportCheckout({});
      downloadText(fileName, html, 'text/html;charset=utf-8');
      reportInfo(`Checkout report saved as ${fileName}`);
      return true;
    } catch (err) {
      reportError('Could not export the checkout report', err);
      return false;
    } finally {
      set({ exporting: false });
    }
  },
}));
