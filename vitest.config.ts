import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/setup/global.ts'],
  },
  resolve: {
    alias: [
      { find: /^tusk$/, replacement: new URL('./src/index.ts', import.meta.url).pathname },
      { find: /^tusk\/(array|frame|ml)$/, replacement: new URL('./src/$1/index.ts', import.meta.url).pathname },
    ],
  },
});
