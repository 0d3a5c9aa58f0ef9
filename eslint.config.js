// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import noDynamicKeyLookup from "./eslint-rules/no-dynamic-key-lookup.js";

export default tseslint.config(
  { ignores: ["dist/**", "coverage/**", "node_modules/**", "*.tgz", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ["eslint.config.js", "stryker.config.mjs", "scripts/*.mjs", "eslint-rules/*.js"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unnecessary-condition": ["error", { allowConstantLoopConditions: true }],
    },
  },
  {
    // The library's own code (not its tests): patterns that fail on hostile input cannot come back.
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/**/*.test-prop.ts", "src/**/*.test-d.ts", "src/fuzz/**"],
    plugins: { "profile-kit": { rules: { "no-dynamic-key-lookup": noDynamicKeyLookup } } },
    rules: {
      "profile-kit/no-dynamic-key-lookup": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression > SpreadElement, NewExpression > SpreadElement",
          message: "Spreading an array into a call puts every element on the stack (Math.min(...list) throws past ~100k elements). Loop instead.",
        },
      ],
    },
  },
  {
    // One-way architecture: a stage imports another stage's public files only; shared/ and errors/ are the
    // floor and import no stage (STYLE.md, "_ means one thing: internal").
    files: ["src/**/*.ts"],
    ignores: ["src/shared/**", "src/errors/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^\\.\\./(?!shared/|errors/)[^/]+/_", message: "Internal (_) files are private to their folder: import the stage's public file, or move the helper to shared/." }] }],
    },
  },
  {
    // The one exception: the profile engine runs identity's steps one record at a time (features, value
    // statistics, scoring, clustering), so that a pair scores the same in batch and in real time (#13).
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^\\.\\./(?!shared/|errors/|identity/)[^/]+/_", message: "Internal (_) files are private to their folder; engine/ may read identity/'s steps only." }] }],
    },
  },
  {
    files: ["src/shared/**/*.ts", "src/errors/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^\\.\\./(?!shared/|errors/)", message: "shared/ and errors/ are the floor: they import no stage." }] }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
