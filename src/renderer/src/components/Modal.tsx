import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal on the native <dialog> element: the browser traps focus, Esc closes it, and the page behind is inert.
 * Rendered into <body> so it never inherits the look of the toolbar that opened it.
 */
export function Modal(props: { title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, [onClose]);
  return createPortal(
    <dialog ref={ref} className={`modal ${props.wide ? 'modal-wide' : ''}`} aria-label={props.title} data-testid={props.testId}>
      <header className="modal-head">
        <h2>{props.title}</h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="modal-body">{props.children}</div>
    </dialog>,
    document.body,
  );
}
