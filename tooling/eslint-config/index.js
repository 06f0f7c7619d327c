import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The workspace's flat config: typescript-eslint's type-checked rules for a package's
 * sources and tests. `root` is the package folder (pass `import.meta.dirname`).
 */
export default function logflushConfig(root) {
  return tseslint.config(
    { ignores: ['dist/**', 'src/generated/**', 'coverage/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
    {
      files: ['**/*.ts'],
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: root },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
        ],
        '@typescript-eslint/require-await': 'off',
      },
    },
    {
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' } },
    },
  );
}
