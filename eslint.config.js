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
          allowDefaultProject: ["eslint.config.js", "scripts/*.mjs", "eslint-rules/*.js"],
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
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
