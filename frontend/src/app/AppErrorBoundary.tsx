import { Component, type ErrorInfo, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/**
 * The last line: an error outside any route (a provider failing). Plain markup, since the theme
 * itself may be what failed.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("app crashed", error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return (
        <main role="alert" style={{ padding: "2rem", color: "#e8edf2", fontFamily: "system-ui, sans-serif" }}>
          <h1>Something went wrong</h1>
          <p>The app stopped working. Reload the page to try again.</p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </main>
      );
    }
    return this.props.children;
  }
}
