// Lint for the project's own code (the standards users write are checked by `stdz lint`).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-artifacts/**", "test/fixtures/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Type-only imports stay type-only, so the bundle and start-up load nothing they do not need.
      "@typescript-eslint/consistent-type-imports": ["error", { disallowTypeAnnotations: false }],
      // Chinese text uses the ideographic space (U+3000) on purpose: in strings, templates and comments it is content.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipComments: true, skipRegExps: true }],
      // A variable set before a loop that always assigns it reads more plainly than a bare declaration.
      "no-useless-assignment": "off",
    },
  },
  {
    // Core is pure: no file system, no process, no language choice (text belongs to render).
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["node:fs", "node:fs/promises", "node:child_process", "node:os", "fs", "child_process"].map((name) => ({
            name,
            message: "src/core is pure: read through src/io.",
          })),
          patterns: [
            { group: ["**/i18n.js"], message: "src/core chooses no language: return texts in both ({zh, en}); render picks one." },
            { group: ["**/io/**", "**/commands/**", "**/flows/**", "**/render/**"], message: "src/core imports only core." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "src/core is pure: no process." }],
    },
  },
  {
    files: ["src/io/**/*.ts", "src/render/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/commands/**"], message: "io and render never import commands." }] }],
    },
  },
  {
    files: ["bin/**/*.js", "scripts/**/*.mjs", "bench/**/*.mjs", "test/**/*.mjs"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
