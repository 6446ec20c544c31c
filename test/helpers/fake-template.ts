// A stand-in for the real template compiler in engine tests: `{{ $labels.x }}`, `{{ $value }}`,
// `{{ $externalLabels.x }}` and `{{ $externalURL }}` are substituted; `{{ fail }}` throws as a template
// error does. Anything else is literal text.
import type { CompiledTemplate, TemplateData } from '../../source/core/alerts/rules/rule-types.js';

export function fakeTemplate(source: string): CompiledTemplate {
  return {
    source,
    render(data: TemplateData): string {
      return source.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
        if (expr === 'fail') throw new Error('template: __alert_x:1:2: executing "x" at <fail>: boom');
        if (expr === '$value') return String(data.value);
        if (expr === '$externalURL') return data.externalURL;
        const label = /^\$labels\.(\w+)$/.exec(expr);
        if (label) return data.labels[label[1]!] ?? '';
        const external = /^\$externalLabels\.(\w+)$/.exec(expr);
        if (external) return data.externalLabels[external[1]!] ?? '';
        return `{{${expr}}}`;
      });
    },
  };
}

/** A record of fake templates, as a rule's labels or annotations. */
export function fakeTemplates(sources: Readonly<Record<string, string>>): Record<string, CompiledTemplate> {
  return Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, fakeTemplate(v)]));
}
