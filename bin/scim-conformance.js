#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so `npx scim-conformance` and `npm start` run the same program.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
