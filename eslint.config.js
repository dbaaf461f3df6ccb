// Lint for the whole monorepo. One extra rule set matters for correctness:
// @eddy/raft's core is a pure state machine — no node:* modules, timers,
// promises of I/O or Math.random — so that the simulator can drive it
// deterministically (STYLE.md, "Consensus core").
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const impureImports = {
  patterns: [
    { group: ['node:*'], message: 'The raft core is pure: no Node.js modules. Put I/O in a driver.' },
    { group: ['fs', 'net', 'os', 'crypto', 'timers', 'child_process', 'worker_threads', 'events'], message: 'The raft core is pure: no Node.js modules. Put I/O in a driver.' },
    { group: ['level', 'classic-level', '@grpc/*'], message: 'The raft core is pure: storage and transport live in drivers.' },
  ],
};

const impureGlobals = [
  { name: 'setTimeout', message: 'The raft core counts logical ticks; timers belong to the driver.' },
  { name: 'setInterval', message: 'The raft core counts logical ticks; timers belong to the driver.' },
  { name: 'setImmediate', message: 'The raft core counts logical ticks; timers belong to the driver.' },
  { name: 'queueMicrotask', message: 'The raft core is synchronous.' },
  { name: 'process', message: 'The raft core must not read process state.' },
  { name: 'Date', message: 'The raft core has no wall clock; use ticks.' },
  { name: 'performance', message: 'The raft core has no wall clock; use ticks.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/protocol/src/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a const object and a derived union type instead of enum.' }],
    },
  },
  {
    // The client's time goes through its injected Clock (retry/clock.ts), so tests can use a fake one.
    files: ['packages/client/src/**/*.ts'],
    ignores: ['packages/client/src/retry/clock.ts'],
    rules: {
      'no-restricted-globals': ['error', ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'].map((name) => ({ name, message: 'Use the injected Clock: after(), every() or clock.sleep() from retry/clock.ts.' }))],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Use the injected Clock: clock.now(), or epochMs(clock) for wall-clock timestamps.' }],
    },
  },
  {
    files: ['packages/raft/src/core/**/*.ts', 'packages/raft/src/driver/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', impureImports],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the injected seeded random source.' }],
    },
  },
);
