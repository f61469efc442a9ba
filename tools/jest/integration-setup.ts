// Integration tests wait on real servers and processes: a minute each, never a fixed sleep.
jest.setTimeout(60_000);
