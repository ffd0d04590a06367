// ESLint (flat config) with typescript-eslint; Prettier owns formatting.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.cache/',
      'test-results/',
      'server/generated/',
      'media/**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The language service is pure: text and schemas in, results out. No editor, no LSP connection.
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient*'],
              message:
                'server/src/service must not depend on the editor or the LSP connection; use vscode-languageserver-types.',
            },
            {
              group: ['node:*', 'fs', 'path', 'child_process'],
              message: 'server/src/service is pure: pass data in instead of doing I/O.',
            },
          ],
        },
      ],
    },
  },
);
