// RE2 label-matcher regexes as JS RegExps: fully anchored as Prometheus anchors them, with the RE2-only
// spellings JS lacks translated (leading flag groups, named groups).

/** Compiles a matcher's RE2 pattern, anchored at both ends; throws on a pattern JS cannot express. */
export function compileMatcherRegex(pattern: string): RegExp {
  let body = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead !== null) {
    if (lead[1]!.includes('U')) throw new Error('non-greedy flag (?U) is not supported');
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<');
  return new RegExp(`^(?:${body})$`, flags);
}
