// ESLint 10 flat config: typescript-eslint's recommended rules, plus type-aware checks for promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'libs/client/dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Type-only names imported as values break Jest's ESM loader ("does not provide an export named").
      // The rule leaves files with decorator metadata alone: there, import types with `type` by hand.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Library boundaries: another library is used through its index (`@app/x`), never its inner files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@app/[^/]+/',
              message:
                "Import a library through its index ('@app/x'); export what you need from it, or move the shared piece down.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through @app/config (AppConfig).',
        },
      ],
    },
  },
  {
    files: ['libs/config/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Black-box tests read JSON bodies whose shape is what they check.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
