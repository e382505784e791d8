// Ink binds useInput in an effect, which runs after the frame that shows a dialog has been
// drawn: a key typed in that gap goes nowhere. Call this after a dialog's useInput (effects run
// in order, children's first) and draw the line that invites a key only once it returns true,
// so whatever is on screen is already listening.
import { useEffect, useState } from 'react';

export function useInputReady(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}
