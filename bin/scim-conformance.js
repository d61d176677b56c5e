#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so `npx scim-conformance` and `npm start` run the same program.
// The large dependencies load first, natively: under tsx's loader hooks vitest's module graph takes three times as long.
import { register } from 'tsx/esm/api';

await Promise.all([import('vitest/node'), import('allure-vitest/reporter'), import('undici'), import('ajv'), import('commander')]);
register();
await import('../src/cli/main.ts');
