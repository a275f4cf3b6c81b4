// A react-jsonschema-form validator for capspec's schemas: `@rjsf/validator-ajv8` on ajv's
// draft 2020-12 class (the dialect capspec emits; rjsf's default class is draft-07 and
// refuses the schemas' `$schema`), with capspec's keywords, and errors reported where
// capspec reports them.

import Ajv2020 from "ajv/dist/2020.js";
import { customizeValidator } from "@rjsf/validator-ajv8";

import { addCapspecKeywords } from "./keywords.js";
import { capspecErrors } from "./violations.js";

/**
 * A ready rjsf validator (`<Form validator={createCapspecValidator()} …/>`).
 *
 * `options` are `customizeValidator`'s (`ajvOptionsOverrides`, `customFormats`,
 * `extenderFn`, …); `AjvClass` is always ajv's 2020-12 class. rjsf's own ajv options apply
 * (among them `strict: false`, as rjsf sets it for the schemas it derives while rendering),
 * with `allowUnionTypes: true` (nullable properties, sizes given as a preset or an object) under
 * `ajvOptionsOverrides`. Validation errors are capspec's (`capspecErrors`): each carries
 * `params.code`, a rule between parameters is reported at the parameter it names (an exclusive
 * rule's later member, a forbidden parameter, a missing one), ajv's `if` noise is gone and
 * capspec's precedence applies. Pass `{capspecErrors: false}` to keep ajv's errors as they
 * are, and `{nullableModel: true}` for a provider whose `model` is nullable (`capspecViolations`).
 */
export function createCapspecValidator(options = {}, localizer) {
  const { capspecErrors: rewrite = true, nullableModel, extenderFn, ajvOptionsOverrides, ...rest } = options;
  const validator = customizeValidator(
    {
      ...rest,
      ajvOptionsOverrides: { allowUnionTypes: true, ...ajvOptionsOverrides },
      AjvClass: Ajv2020,
      extenderFn: (ajv) => {
        addCapspecKeywords(ajv);
        return extenderFn ? extenderFn(ajv) : ajv;
      },
    },
    localizer,
  );
  if (rewrite) {
    const raw = validator.rawValidation.bind(validator);
    validator.rawValidation = (schema, formData) => {
      const result = raw(schema, formData);
      if (Array.isArray(result.errors) && result.errors.length > 0) {
        const errors = capspecErrors(result.errors, { schema, data: formData, nullableModel });
        result.errors = errors.length > 0 ? errors : undefined;
      }
      return result;
    };
  }
  return validator;
}

export { addCapspecKeywords, capspecErrors };
