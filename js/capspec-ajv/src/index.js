// capspec's JSON Schema keywords for ajv 8, and ajv's errors as capspec's violations.

import Ajv2020 from "ajv/dist/2020.js";

import { addCapspecKeywords } from "./keywords.js";

export {
  addCapspecKeywords,
  keywordDefinitions,
  sizeRule,
  KEYWORD_VALUES,
  ANNOTATIONS,
  VALIDATION_KEYWORDS,
} from "./keywords.js";
export { capspecViolations, capspecErrors, explainViolations, schemaAt, presencePaths, conditionOf, NO_NUL_PATTERN } from "./violations.js";
export { sizeFaults, parseDims, parseRatio, STEP_CODE, U64_MAX } from "./size.js";
export { urlFault, hostNotPublic, localDomain, ipv4NotPublic, ipv6NotPublic, IPV4_NOT_PUBLIC, IPV6_NOT_PUBLIC, LOCAL_DOMAINS } from "./url.js";
export { paramOf } from "./text.js";
export { estimate } from "./price.js";

/**
 * A draft 2020-12 ajv instance with capspec's keywords: `allErrors` (capspec reports every
 * violation), `allowUnionTypes` (a nullable property's `type: [t, "null"]`, a size given as a
 * preset or an object, `type: ["string", "object"]`) and ajv's default strict mode. `options`
 * are passed to ajv.
 */
export function createCapspecAjv(options = {}) {
  return addCapspecKeywords(new Ajv2020({ allErrors: true, allowUnionTypes: true, ...options }));
}
