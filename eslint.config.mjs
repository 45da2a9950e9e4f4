import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const electronIpcBan = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'electron', importNames: ['ipcMain'], message: 'Only src-main/ipc/ipc-main.ts may touch ipcMain.' },
        { name: 'electron', importNames: ['ipcRenderer'], message: 'Only src-main/preload.ts may touch ipcRenderer.' },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-output/**',
      'coverage/**',
      '.cache/**',
      'resources/**',
      'bench/output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // Svelte rules only where Svelte code lives.
  ...svelte.configs.recommended.map((c) => ({
    ...c,
    files: c.files ?? ['src-renderer/**/*.svelte', 'src-renderer/**/*.svelte.ts'],
  })),
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Flags short-lived local Maps/URLSearchParams too; state lives in $state fields instead.
      'svelte/prefer-svelte-reactivity': 'off',
      ...electronIpcBan,
    },
  },
  {
    files: ['src-renderer/**/*.svelte', 'src-renderer/**/*.ts', 'src-renderer/**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, projectService: true, extraFileExtensions: ['.svelte'] },
    },
  },
  { files: ['src-main/ipc/ipc-main.ts', 'src-main/preload.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['**/*.cjs', '**/*.mjs', 'bin/**'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
      sourceType: 'commonjs',
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
