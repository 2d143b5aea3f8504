import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * A screen that throws while rendering shows what went wrong and a way back, instead of blanking the whole window.
 * The engine keeps polling and saving meanwhile; nothing is lost by reloading the view.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; label: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[${this.props.label}]`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="panel error-boundary" role="alert" data-testid="error-boundary">
        <h2>{this.props.label} stopped working</h2>
        <p>
          The view hit an error: <code>{this.state.error.message}</code>. The engine is still running; polling, writes
          and autosave are not affected.
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Show {this.props.label} again
        </button>
      </div>
    );
  }
}
