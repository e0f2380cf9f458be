#!/usr/bin/env node
// The `ensemble` command (sessions, decision, export); built by `npm run build`.
require('../dist/electron/cli.cjs');
