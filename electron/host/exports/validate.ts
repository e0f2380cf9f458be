import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../../shared/schema/decision-record.v1.json' with { type: 'json' };

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/**
 * What is wrong with a decision record against its published schema, one line per problem
 * ("/findings/0/severity: must be equal to one of the allowed values"); empty when it is valid.
 */
export function recordProblems(record: unknown): string[] {
  if (validate(record)) return [];
  return (validate.errors ?? []).map((e) => {
    const allowed =
      e.params && 'allowedValues' in e.params
        ? ` (${(e.params.allowedValues as unknown[]).join(', ')})`
        : '';
    const extra =
      e.params && 'additionalProperty' in e.params
        ? ` (${String(e.params.additionalProperty)})`
        : '';
    return `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${allowed}${extra}`;
  });
}
