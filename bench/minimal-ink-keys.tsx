// Baseline for the key-latency and idle-CPU figures: the smallest Ink app that does what the
// dashboard's key path does (move a `›` cursor over rows on j/k) with a clock ticking once a
// second, bundled and rendered like warroom. `q` leaves.
import React, { useEffect, useState } from 'react';
import { Box, render, Text, useApp, useInput } from 'ink';

const ROWS = Array.from({ length: 20 }, (_, i) => `Bench step ${i + 1}: look at something and tick it`);

function App() {
  const { exit } = useApp();
  const [row, setRow] = useState(0);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  useInput((input) => {
    if (input === 'j') setRow((r) => Math.min(r + 1, ROWS.length - 1));
    else if (input === 'k') setRow((r) => Math.max(r - 1, 0));
    else if (input === 'q') exit();
  });
  return (
    <Box flexDirection="column">
      <Text>minimal ink app {now.toISOString().slice(11, 19)}</Text>
      {ROWS.map((text, i) => (
        <Text key={text}>{i === row ? '›' : ' '} {text}</Text>
      ))}
      <Text>q leave  ? help</Text>
    </Box>
  );
}

// The dashboard's render options, so only the tree differs.
render(<App />, { interactive: true, alternateScreen: true, incrementalRendering: true, maxFps: 120 });
