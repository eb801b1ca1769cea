// One bridge call's state for a screen: loading, the value, or the error's one line.
import { useCallback, useEffect, useState } from 'react';

export type Async<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; message: string };

export function errorLine(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setResult({ state: 'ok', value }),
      (err: unknown) => live && setResult({ state: 'error', message: errorLine(err) }),
    );
    return () => {
      live = false;
    };
    // `load` is a new closure every render; the caller's `deps` say when it really changes.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [result, reload];
}
