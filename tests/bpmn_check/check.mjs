// Validates BPMN files the way BPMN tools read them: parses each file named on the
// command line with bpmn-moddle (the model behind bpmn.io, Camunda Modeler) and lints it
// with bpmnlint's recommended rules. Prints one JSON object a line per file:
// {file, warnings: [moddle warnings], errors: [{rule, id, message}], warningsLint: [...]}.
// Used by tests/models/test_bpmn_export.py; run `npm ci` here first.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

// A new linter for each file: rules keep state between the files one linter lints
// (no-duplicate-sequence-flows remembers every flow it saw).
function newLinter() {
  return new Linter({
    config: { extends: 'bpmnlint:recommended' },
    // Rules are found beside this script, wherever it is run from.
    resolver: new NodeResolver({ require })
  });
}

// A report is a warning when its category says so; anything else (error, a rule that
// failed to run) counts as an error.
const WARNINGS = new Set([ 'warn', 'info' ]);

function findings(reports, warnings) {
  const found = [];
  for (const [rule, entries] of Object.entries(reports)) {
    for (const entry of entries) {
      if (WARNINGS.has(entry.category) === warnings) {
        found.push({ rule, id: entry.id ?? null, message: entry.message });
      }
    }
  }
  return found;
}

for (const file of process.argv.slice(2)) {
  const result = { file, warnings: [], errors: [], warningsLint: [] };
  try {
    const xml = await readFile(file, 'utf8');
    const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
    result.warnings = warnings.map((warning) => warning.message);
    const reports = await newLinter().lint(rootElement);
    result.errors = findings(reports, false);
    result.warningsLint = findings(reports, true);
  } catch (error) {
    result.warnings.push(`could not be read: ${error.message}`);
  }
  console.log(JSON.stringify(result));
}
