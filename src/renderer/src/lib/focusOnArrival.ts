/**
 * Put the keyboard in a screen's main table when the operator arrives by the navigation or a tab (Alt+1..7, a click):
 * the arrow keys the screen promises work at once. Focus is never taken from a field or a dialog the operator is in.
 */
export function focusOnArrival(el: HTMLElement | null | undefined): void {
  if (!el) return;
  const active = document.activeElement;
  const arriving = !active || active === document.body || active.closest('nav, [role="tablist"]') !== null;
  if (arriving) el.focus({ preventScroll: true });
}
