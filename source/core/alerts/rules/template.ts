// Alert label and annotation templates: the Go text/template subset Prometheus alert rules use, parsed
// once when the rule file loads (so a broken template is a load error with its position) and expanded
// for each alert. The lexer, parser, executor and functions live in template/.
import type { CompiledTemplate, TemplateData } from './rule-types.js';
import { executeTemplate, PREDEFINED_VARIABLES } from './template/execute-template.js';
import { TemplateParseError } from './template/lex-template.js';
import { parseTemplate } from './template/parse-template.js';
import { TEMPLATE_FUNCTIONS } from './template/template-functions.js';

export { TemplateParseError };

const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(TEMPLATE_FUNCTIONS));

/** Parses a template; throws TemplateParseError (with `.offset` into `source`) when it does not parse. */
export function compileTemplate(source: string): CompiledTemplate {
  // Most labels and annotations are plain text: no parse, no execution.
  if (!source.includes('{{')) return { source, render: () => source };
  const nodes = parseTemplate(source, FUNCTION_NAMES, PREDEFINED_VARIABLES);
  return { source, render: (data: TemplateData) => executeTemplate(nodes, data) };
}
