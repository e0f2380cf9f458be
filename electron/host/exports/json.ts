import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { recordProblems } from './validate';

/**
 * The decision record as published: shared/schema/decision-record.v1.json describes it, and a
 * record that does not match it is not exported (pipelines read these files unattended).
 */
export function renderJson(model: ReportModel): ExportFile {
  const problems = recordProblems(model.record);
  if (problems.length)
    throw new Error(`The decision record does not match its schema: ${problems.join('; ')}`);
  return {
    filename: filename(model.record, 'decision-record.json'),
    mime: 'application/json',
    content: `${JSON.stringify(model.record, null, 2)}\n`,
  };
}
