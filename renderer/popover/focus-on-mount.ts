// When a popover state replaces another, the control that had focus (Run benchmark, Cancel) is gone and
// focus falls to the page: move it to the new card's heading so a keyboard user goes on from there.
import { useEffect, useRef } from 'react';

export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) ref.current?.focus();
  }, []);
  return ref;
}
