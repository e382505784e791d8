// Baseline for the startup benchmark: the smallest Ink app, one <Text>, bundled like warroom.
import React from 'react';
import { render, Text } from 'ink';

const app = render(<Text>minimal ink app</Text>);
app.unmount();
