#!/usr/bin/env node
// Runs the bundled server: `istio-ls check …` or `istio-ls --stdio`.
require('../dist/server/main.js');
