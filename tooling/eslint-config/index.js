import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tsFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];
const jsFiles = ['**/*.js', '**/*.mjs', '**/*.cjs'];
/** @type {import('eslint').Linter.RuleEntry} */
const unusedVars = [
  'error',
  { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
];

/**
 * The workspace's flat config: typescript-eslint's type-checked rules for a package's TypeScript
 * sources and tests (and .d.mts declarations), ESLint's recommended rules with Node's globals
 * for its JavaScript (.js, .mjs, .cjs; tsc's checkJs type-checks those). `root` is the package
 * folder (pass `import.meta.dirname`); `ignores` adds globs to skip.
 *
 * @param {string} root
 * @param {{ ignores?: string[] }} [options]
 */
export default function logflushConfig(root, { ignores = [] } = {}) {
  return tseslint.config(
    { ignores: ['dist/**', 'src/generated/**', 'coverage/**', ...ignores] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: tsFiles })),
    {
      files: tsFiles,
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: root },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': unusedVars,
        '@typescript-eslint/require-await': 'off',
      },
    },
    {
      files: jsFiles,
      languageOptions: { globals: globals.node },
      rules: { 'no-unused-vars': unusedVars },
    },
  );
}
